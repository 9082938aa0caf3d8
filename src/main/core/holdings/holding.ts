import type { EndpointKey, HoldingKind, TokenInfo } from '../../../shared/contract/wallets.ts'
import type { ChainHttp } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'

/*
 * What a read of a wallet gives, below both the chain clients (which build holdings from what a
 * chain answers) and the networks (which say which holdings a wallet has). Neither chain clients
 * nor these types know any network.
 */

/**
 * One amount a wallet has, in base units of `token`, the unit it is held in: a token symbol, or a
 * unit of its own such as a Bittensor subnet's alpha ('SN19α'). Its identity is (token, kind, key):
 * the key tells apart two holdings of one unit and kind (a hotkey on a subnet, a chain, a miner)
 * and never holds an amount or a price, so the same holding is the same holding on every read.
 */
export type Holding = {
  token: string
  kind: HoldingKind
  /** '' when the wallet has only one of this unit and kind. */
  key: string
  amount: bigint
  decimals: number
  /** Words for display ("hotkey 5F3s…x2Ab, subnet 19"), built from the key: never an amount. */
  detail?: string
  /** The part of the read it comes from (a chain, an oracle); see HoldingsRead.failed. Absent: 'main'. */
  part?: string
  /**
   * Set by the read step, never by a read: held at 0 because the last read, its part answering,
   * no longer returned it (a miner's UID deregistered, a stake fully withdrawn).
   */
  kept?: true
}

export const mainPart = 'main'

export const partOf = (holding: Holding): string => holding.part ?? mainPart

/** The identity of a holding within its wallet. */
export const holdingId = (holding: Pick<Holding, 'token' | 'kind' | 'key'>): string => `${holding.token}\u0000${holding.kind}\u0000${holding.key}`

/**
 * A unit with no market price feed of its own, priced by the chain in another unit: a subnet's
 * alpha in TAO from its pool. `price` is in base units of `quote` per whole unit of `unit`;
 * `decimals` are the quote's (TAO's 9: rao).
 */
export type UnitPrice = { unit: string; quote: string; price: bigint; decimals: number }

/**
 * Something a read found that is not an amount the operator owns: a provider's leases and their
 * escrow, a storage miner's power and faults, its fee debt. Facts stand beside the holdings and
 * never feed the ledger. Like a holding its identity is (kind, key); the figures are fields.
 */
export type Fact = {
  /** '<network>.<what>': 'akash.leases', 'filecoin.power'. */
  kind: string
  /** Tells apart two facts of one kind in a wallet (a lease id); '' when the wallet has one. */
  key: string
  /** A short word for its state ('idle', 'faulty'): when it changes, the fact's `since` starts again. */
  status: string
  /** The fact in words for the wallet card: "3 active leases, 1 overdrawn". */
  words: string
  /** The wallet card shows summaries; other facts are details the alert rules read. */
  summary?: boolean
  /** Counts and physical quantities by name ({ active: 3 }); money goes in `amount`. */
  figures: Record<string, number>
  /** A sum of money the fact is about (fee debt, unsettled escrow), in base units of `token`. */
  amount?: { token: string; amount: bigint; decimals: number }
  /** The part of the read it comes from; absent: 'main'. */
  part?: string
}

/** A fact as the wallet keeps it between reads: when it was read and since when it has been so. */
export type FactRecord = Fact & {
  /** The read that gave it (ms). */
  at: number
  /** The first read that saw it in its present status (ms). */
  since: number
  /** True: it already was so at the first read of it, so it began at or before `since`. */
  sinceFirstRead: boolean
  /** Its figures at the read before, for rules that compare two reads; null at its first read. */
  previous: { at: number; figures: Record<string, number> } | null
}

export const factId = (fact: Pick<Fact, 'kind' | 'key'>): string => `${fact.kind}\u0000${fact.key}`

export const factPart = (fact: Pick<Fact, 'part'>): string => fact.part ?? mainPart

/**
 * A read's holdings and the hosts that answered. `failed` names the parts that failed when the
 * rest still answered (one of two chains, an optional rewards source): their holdings keep their
 * last good figures and book nothing, or a part coming back would look like income.
 */
export type HoldingsRead = {
  holdings: Holding[]
  hosts: string[]
  failed?: { part: string; problem: string }[]
  unitPrices?: UnitPrice[]
  /** What the read found beside the amounts (leases, power, fee debt); a failed part's facts keep their last figures. */
  facts?: Fact[]
}

/** The verdict on an address; `address` is the normalised form that is saved. */
export type AddressCheck = { ok: true; address: string; note?: string } | { ok: false; message: string }

/** What a read gets: the shared HTTP, and for each endpoint key its pool (operator's URL first). */
export type ReadContext = {
  http: ChainHttp
  pool(key: EndpointKey): EndpointPool
  signal: AbortSignal
}

export type TokenSpec = TokenInfo & {
  /** Price-feed ids; a token with none has no market price (Akash's ACT credit) and is shown unpriced. */
  priceIds: { coingecko?: string; coinpaprika?: string }
}
