import type { RewardEntry } from '../../../shared/contract/wallets.ts'
import { csvText, earningKind, unitsToDecimal, utcParts, type EarningKind } from './csv-cells.ts'

/*
 * The earnings ledger in Koinly's "Universal" custom-CSV layout.
 *
 * What Koinly's support pages say (the copies read for this change):
 * - https://support.koinly.io/en/articles/9489976-how-to-create-a-custom-csv-file-with-your-data
 *   offers a Simple, a Trades and a Universal template; the Universal one is for deposits,
 *   withdrawals and trades alike: Date, Sent Amount, Sent Currency, Received Amount, Received
 *   Currency, Fee Amount, Fee Currency, Net Worth Amount, Net Worth Currency, Tag, Description,
 *   TxHash. Dates are UTC, in "Koinly format (YYYY-MM-DD 00:00 UTC)". The
 *   templates "don't contain all the available optional columns - you can add any column you
 *   might need". The page's newer copies list the optional fields as "Net Worth Amount, Net Worth
 *   Currency, Tag, Description, TxHash"; older ones said "Label" there.
 * - https://support.koinly.io/en/articles/9490023-what-are-tags: "Tags used to be labels". A
 *   deposit without a tag is an acquisition ("bought at market price"). Income tags for deposits:
 *   static Salary, Income, Lending interest; adjustable Airdrop, Fork, Mining, Reward (whether
 *   those count as income is a Koinly setting). "Staking" is no longer in that list: Reward is.
 * Not confirmed there: the Universal template's own header cells (a Google Sheet that could not
 * be read here; the order above is the one this file has always written, and tools that write
 * Koinly files use it), and that the import reads seconds in the date. The docs show minutes;
 * this file writes "YYYY-MM-DD HH:mm:ss UTC", as it did before, so two rewards in the same minute
 * stay two rows. Extra columns after the template's rest on the "add any column" note above.
 *
 * Tags, by the kind of income (see EarningKind): mining -> "mining"; payment for a job or
 * lease -> "income"; any other node reward -> "reward". Net Worth is the value when received, in
 * the operator's currency; without a price then it stays empty and Koinly prices the row itself.
 *
 * DePIN Desk's own columns (network, price, source, wallet, address) follow the template's, and
 * the Description repeats the network and source in words for a tool that drops unknown columns.
 * Transfers the operator marked as their own are left out: they are not income, and an untagged
 * row would be booked as an acquisition at market price. Koinly sees the real transfer in the
 * wallets it syncs.
 */

export const koinlyHeader = [
  'Date',
  'Sent Amount',
  'Sent Currency',
  'Received Amount',
  'Received Currency',
  'Fee Amount',
  'Fee Currency',
  'Net Worth Amount',
  'Net Worth Currency',
  'Tag',
  'Description',
  'TxHash',
  'Network',
  'Price',
  'Source',
  'Wallet',
  'Address',
] as const

const koinlyTags: Record<EarningKind, string> = { mining: 'mining', payment: 'income', reward: 'reward' }

const sourceWords: Record<RewardEntry['source'], string> = {
  native: 'as the network reports it',
  'balance-delta': 'seen as a balance increase',
  manual: 'recorded by hand',
  backfill: "read from the chain's past",
}

/** How the row's value was priced: at the moment it was seen, or at its day's price (backfill). */
export const pricingWords = (entry: Pick<RewardEntry, 'pricing'>): string => (entry.pricing === 'daily' ? 'daily price' : 'price at receipt')

/** Koinly's tag for a reward on `network`. */
export function koinlyTag(network: string): string {
  return koinlyTags[earningKind(network)]
}

/** Every reward in `entries` (sorted and filtered by the caller) as Koinly CSV; `walletLabels` maps a wallet id to its label. */
export function koinlyCsv(rewards: readonly RewardEntry[], walletLabels: ReadonlyMap<string, string>): string {
  return csvText([koinlyHeader, ...rewards.map((entry) => koinlyRow(entry, walletLabels.get(entry.walletId) ?? ''))])
}

function koinlyRow(entry: RewardEntry, wallet: string): string[] {
  const { day, time } = utcParts(entry.at)
  return [
    `${day} ${time} UTC`,
    '',
    '',
    unitsToDecimal(entry.amount, entry.decimals),
    entry.token,
    '',
    '',
    entry.fiat ?? '',
    entry.fiat === null ? '' : entry.currency.toUpperCase(),
    koinlyTag(entry.network),
    `${entry.network} reward, ${sourceWords[entry.source]}, ${pricingWords(entry)}`,
    '',
    entry.network,
    entry.price ?? '',
    entry.source,
    wallet,
    entry.address,
  ]
}
