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
 * A read's holdings and the hosts that answered. `failed` names the parts that failed when the
 * rest still answered (one of two chains, an optional rewards source): their holdings keep their
 * last good figures and book nothing, or a part coming back would look like income.
 */
export type HoldingsRead = {
  holdings: Holding[]
  hosts: string[]
  failed?: { part: string; problem: string }[]
  unitPrices?: UnitPrice[]
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
