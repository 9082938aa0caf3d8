import type { RewardEntry } from '../../../shared/contract/wallets.ts'
import { csvText, earningKind, unitsToRoundedDecimal, utcParts, type EarningKind } from './csv-cells.ts'

/*
 * The earnings ledger as a CoinTracker CSV.
 *
 * What CoinTracker's support pages say (the copies read for this change):
 * - https://support.cointracker.io/hc/en-us/articles/4413071299729-Convert-your-transaction-history-to-CoinTracker-CSV:
 *   the header row is Date, Received Quantity, Received Currency, Sent Quantity, Sent Currency,
 *   Fee Amount, Fee Currency, Tag. "The headers must match the template exactly. All columns must
 *   be included. Do not delete or add columns." The Date is "MM/DD/YYYY HH:MM:SS"; tags
 *   "categorize send/receive transactions by type".
 * - https://support.cointracker.io/hc/en-us/articles/4413049710225-Transaction-category-definitions:
 *   each category with its "CoinTracker CSV tag"; a staking reward is `staking`.
 * - CoinTracker's earlier rules, quoted from community.cointracker.io in
 *   https://github.com/bryanlabs/cosmos-tax-cli/issues/232: dates in UTC (e.g. 09/30/2019
 *   07:19:01), no negative numbers, "Numbers can be up to eight decimals places", a receive leaves
 *   Sent Quantity/Currency empty, and receive tags are fork, airdrop, mined, payment, staked.
 *
 * Not confirmed on the current pages: the eight-place limit, the UTC wording, and the tags for a
 * mining reward and a payment (the current category page's rows for them could not be read; its
 * staking tag changed from `staked` to `staking`). So, conservatively:
 * - exactly the eight columns, nothing else, and no fiat value (CoinTracker prices the row itself);
 * - dates in UTC;
 * - quantities rounded half up to eight places, exactly (bigint arithmetic); a reward too small to
 *   show in eight places is left out rather than written as a zero receive;
 * - tags from the older list, by the kind of income (see EarningKind): mining -> `mined`; a
 *   payment for a job or lease and any other node reward -> `payment` ("received as a payment for
 *   a good or service"). A tag CoinTracker no longer knows fails the import by name; a missing tag
 *   would silently book the reward as a plain receive, not income.
 * Transfers the operator marked as their own are left out (the caller filters): they are not
 * income, and CoinTracker sees the real transfer in the wallets it syncs. A unit CoinTracker does
 * not list (a subnet's alpha, say) is written as the ledger names it; CoinTracker asks for its
 * own symbols.
 */

export const cointrackerHeader = [
  'Date',
  'Received Quantity',
  'Received Currency',
  'Sent Quantity',
  'Sent Currency',
  'Fee Amount',
  'Fee Currency',
  'Tag',
] as const

/** The places CoinTracker's rules allow in a quantity. */
const quantityPlaces = 8

const cointrackerTags: Record<EarningKind, string> = { mining: 'mined', payment: 'payment', reward: 'payment' }

/** CoinTracker's tag for a reward on `network`. */
export function cointrackerTag(network: string): string {
  return cointrackerTags[earningKind(network)]
}

/** Every reward in `rewards` (sorted and filtered by the caller) as CoinTracker CSV. */
export function cointrackerCsv(rewards: readonly RewardEntry[]): string {
  const rows = rewards.flatMap((entry) => {
    const quantity = unitsToRoundedDecimal(entry.amount, entry.decimals, quantityPlaces)
    return quantity === '0' ? [] : [cointrackerRow(entry, quantity)]
  })
  return csvText([cointrackerHeader, ...rows])
}

function cointrackerRow(entry: RewardEntry, quantity: string): string[] {
  const { day, time } = utcParts(entry.at)
  // "2025-01-31" -> "01/31/2025"
  return [`${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)} ${time}`, quantity, entry.token, '', '', '', '', cointrackerTag(entry.network)]
}
