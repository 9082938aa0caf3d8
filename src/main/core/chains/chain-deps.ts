import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import type { ChainHttp } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'
import type { ReadContext } from '../holdings/holding.ts'

/** What every chain client is built from: the shared rate-limited HTTP and its endpoints, best first. */
export type ChainDeps = { http: ChainHttp; pool: EndpointPool }

/** A value and the host that gave it, so every figure can say where it came from. */
export type Sourced<T> = { value: T; host: string }

/**
 * Runs an endpoint's chain check (genesis hash, chain id, network name) once per URL for the
 * life of a client; a check that failed is asked again next time.
 */
export function oncePerEndpoint(check: (url: string, signal: AbortSignal | undefined) => Promise<void>): (url: string, signal: AbortSignal | undefined) => Promise<void> {
  const checks = new Map<string, Promise<void>>()
  return (url, signal) => {
    let pending = checks.get(url)
    if (pending === undefined) {
      pending = check(url, signal)
      checks.set(url, pending)
      pending.catch(() => checks.delete(url))
    }
    return pending
  }
}

/** One client per endpoint pool, so each endpoint's chain is checked once, not on every read. */
export function clientPerPool<C>(key: EndpointKey, create: (deps: ChainDeps) => C): (ctx: ReadContext) => C {
  const clients = new WeakMap<EndpointPool, C>()
  return (ctx) => {
    const pool = ctx.pool(key)
    let client = clients.get(pool)
    if (client === undefined) {
      client = create({ http: ctx.http, pool })
      clients.set(pool, client)
    }
    return client
  }
}
