import type { EndpointKey, NetworkInfo } from '../../../shared/contract/wallets.ts'
import type { AlertRule } from '../alerts/rule.ts'
import type { HistorySource } from '../holdings/history-source.ts'
import type { AddressCheck, HoldingsRead, ReadContext, TokenSpec } from '../holdings/holding.ts'
import type { HostLimit } from '../net/host-limiter.ts'

/** A public endpoint and the limit its operator documents (or a polite guess, said so in `limitNote`). */
export type EndpointSpec = { url: string; limit: HostLimit; limitNote: string }

export type EndpointDefaults = { key: EndpointKey; label: string; endpoints: EndpointSpec[] }

/**
 * The operator's own move from one unit into another (unstaking alpha for TAO, burning ACT for
 * AKT): when `from` falls and `to` rises between two reads, the rise is a transfer, not income,
 * up to what the fall is worth in `to`. `from`/`to` match a unit exactly, or by prefix when they
 * end in '*' ('SN*' is every subnet's alpha).
 */
export type Conversion = { from: string; to: string; note: string }

/**
 * A DePIN network: data (tokens, cadence, endpoints) plus the little code that is its own
 * (address rules, how to read balances and rewards). Adding a network is one such file
 * registered in networks/index.ts, plus its fixture.
 */
export type NetworkModule = {
  info: Omit<NetworkInfo, 'tokens'> & { tokens: TokenSpec[] }
  /** The endpoint keys `read` uses. */
  endpoints: EndpointKey[]
  /** The parts a read is made of (see HoldingsRead.failed); absent: one part, 'main'. */
  parts?: string[]
  /** The operator's own moves between units that arrive looking like growth. */
  conversions?: Conversion[]
  /** Offline: is this a valid address for this network? Secrets are refused before this is asked. */
  checkAddress(input: string): AddressCheck
  read(ctx: ReadContext, address: string): Promise<HoldingsRead>
  /** The network's own alert rules, judged over what its reads give; ids are '<network>.<rule>'. */
  alertRules?: AlertRule[]
  /** Where its past rewards are read from, for the backfill; absent: the network has no public history to read. */
  history?: HistorySource
}
