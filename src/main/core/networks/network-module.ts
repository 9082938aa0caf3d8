import type { EndpointKey, HoldingKind, NetworkInfo, TokenInfo } from '../../../shared/contract/wallets.ts'
import type { ChainHttp } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'
import type { HostLimit } from '../net/host-limiter.ts'

/** One amount a wallet has, in base units; `detail` tells apart two of the same token and kind. */
export type Holding = { token: string; kind: HoldingKind; amount: bigint; decimals: number; detail?: string }

export type TokenSpec = TokenInfo & {
  /** Price-feed ids; a token with none has no market price (Akash's ACT credit) and is shown unpriced. */
  priceIds: { coingecko?: string; coinpaprika?: string }
}

/** The network's own verdict on an address; `address` is the normalised form that is saved. */
export type AddressCheck = { ok: true; address: string; note?: string } | { ok: false; message: string }

/** A public endpoint and the limit its operator documents (or a polite guess, said so in `limitNote`). */
export type EndpointSpec = { url: string; limit: HostLimit; limitNote: string }

export type EndpointDefaults = { key: EndpointKey; label: string; endpoints: EndpointSpec[] }

/** What a network's read gets: the shared HTTP, and for each endpoint key its pool (operator's URL first). */
export type ReadContext = {
  http: ChainHttp
  pool(key: EndpointKey): EndpointPool
  signal: AbortSignal
}

/**
 * A read's holdings and the hosts that answered. `problems` names the parts that failed when the
 * rest still answered (one of two chains, an optional rewards source): such a read keeps the
 * missing parts' last good figures and books no reward, or a part coming back would look like income.
 */
export type NetworkRead = { holdings: Holding[]; hosts: string[]; problems?: string[] }

/**
 * A DePIN network: data (tokens, cadence, endpoints) plus the little code that is its own
 * (address rules, how to read balances and rewards). Adding a network is one such file
 * registered in networks/index.ts, plus its fixture.
 */
export type NetworkModule = {
  info: Omit<NetworkInfo, 'tokens'> & { tokens: TokenSpec[] }
  /** The endpoint keys `read` uses. */
  endpoints: EndpointKey[]
  /** Offline: is this a valid address for this network? Secrets are refused before this is asked. */
  checkAddress(input: string): AddressCheck
  read(ctx: ReadContext, address: string): Promise<NetworkRead>
}
