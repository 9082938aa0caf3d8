import type { RewardEntry, WalletView } from '../../../../shared/contract/wallets.ts'
import { Fiat } from '../../prices/token-value.ts'
import type { AlertState, Thresholds } from '../rule.ts'

/*
 * What several rules share: the wallets and samples they judge, and the words every message is
 * built from. Figures are for reading, so numbers are rounded here and nowhere else.
 */

export const minuteMs = 60_000
export const hourMs = 3_600_000
export const dayMs = 86_400_000

/** A threshold's value; a rule asks only for keys it declares, so a missing one is a bug, not an input. */
export function threshold(thresholds: Thresholds, key: string): number {
  const value = thresholds[key]
  if (value === undefined) throw new RangeError(`no threshold "${key}"`)
  return value
}

/** A number for a sentence: at most `places` decimals, no trailing zeros. */
export function num(value: number, places = 1): string {
  return String(Number(value.toFixed(places)))
}

/** A fiat amount for a sentence: two decimals and the currency, "12.30 USD". */
export function money(value: string | InstanceType<typeof Fiat>, currency: string): string {
  return `${new Fiat(value).toFixed(2)} ${currency.toUpperCase()}`
}

/** A base-unit amount in whole tokens, rounded to 4 decimals for a sentence. */
export function tokens(amount: bigint | string, decimals: number): string {
  return new Fiat(amount.toString()).div(new Fiat(10).pow(decimals)).toDecimalPlaces(4).toFixed()
}

/** A span in words: "45 min", "3.5 h", "2.1 days". */
export function span(ms: number): string {
  if (ms < hourMs) return `${num(ms / minuteMs, 0)} min`
  if (ms < 2 * dayMs) return `${num(ms / hourMs)} h`
  return `${num(ms / dayMs)} days`
}

/** An instant for a sentence, in UTC so a message reads the same wherever it is pushed to. */
export function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

export function networkName(state: AlertState, network: string): string {
  return state.networks.get(network)?.name ?? network
}

/** "Grass wallet “Rig 1”": where a wallet's alert happened. */
export function walletWhere(state: AlertState, view: WalletView): string {
  return `${networkName(state, view.wallet.network)} wallet “${view.wallet.label}”`
}

/** Income the ledger booked: a transfer the operator made between units is kept, but is not a reward. */
export const isReward = (entry: RewardEntry): boolean => entry.classification === 'reward'

/** The wallets whose last read is good: a stale wallet is the stale-data rule's, not a verdict on earnings. */
export function liveWallets(state: AlertState): WalletView[] {
  return state.wallets?.wallets.filter((view) => view.freshness === 'live') ?? []
}

/** Hardware rules judge a sample only while sampling runs. */
export function sampleOf(state: AlertState): NonNullable<AlertState['hardware']> | null {
  return state.paused ? null : state.hardware
}
