import type { ChainHttp } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'

/** What every chain client is built from: the shared rate-limited HTTP and its endpoints, best first. */
export type ChainDeps = { http: ChainHttp; pool: EndpointPool }

/** A value and the host that gave it, so every figure can say where it came from. */
export type Sourced<T> = { value: T; host: string }
