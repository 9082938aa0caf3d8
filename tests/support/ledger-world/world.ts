import type fc from 'fast-check'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { EndpointKey, RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { createCoinGeckoFeed } from '../../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../../src/main/core/prices/coinpaprika.ts'
import { PriceService } from '../../../src/main/core/prices/price-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { WalletService } from '../../../src/main/core/wallets/wallet-service.ts'
import { simplePriceText } from '../../fixtures/prices/coingecko.ts'
import { loopbackApi, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../loopback-api.ts'

/*
 * A chain world for the ledger's property test: a network's chain state kept by the test, served
 * on loopback in the chain's own wire format, and changed one event at a time. Each event says
 * what income it truly brought, so the test keeps its own ledger to compare the product's with.
 */

/** Income an event truly brought, in the unit it arrived in. */
export type Inflow = { token: string; amount: bigint }

/** What an event is, for the test's rules: income, the operator's own move, a price, or nothing. */
export type EventKind = 'income' | 'operator' | 'price' | 'quiet'

export type WorldEvent = { kind: EventKind; describe: string }

export type World<A extends WorldEvent> = {
  network: string
  address: string
  endpoints: Partial<Record<EndpointKey, string>>
  /** Parts to fail on the next read. */
  failing: Set<string>
  /** Changes the chain (or a price) by one event; answers the income it brought. */
  apply(event: A): Inflow[]
  /** The fiat price per whole unit the product should value `token` at now, or null when unpriced. */
  priceOf(token: string): string | null
  close(): Promise<void>
}

export type WorldSpec<A extends WorldEvent> = {
  network: string
  events: fc.Arbitrary<A>
  /** Parts that can fail on their own for one read ('all' fails every request of the world). */
  failures: readonly string[]
  start(gecko: GeckoPrices): Promise<World<A>>
}

/** The CoinGecko prices the loopback feed answers, by coin id; tests change them between reads. */
export type GeckoPrices = Map<string, string>

/** A loopback server that fails a request while `isFailing(request)` says so, as a node that is down. */
export async function failable(isFailing: (request: ApiRequest) => boolean, route: (request: ApiRequest) => ApiAnswer): Promise<LoopbackApi> {
  return loopbackApi((request) => (isFailing(request) ? { status: 503, json: { message: 'service unavailable' } } : route(request)))
}

export type WalletHarness = {
  service: WalletService
  ledger: LedgerStore
  now: { value: number }
  rewards(): RewardEntry[]
  close(): Promise<void>
}

/** The wallet service on real parts: the network's own module, CoinGecko on loopback, the ledger in SQLite. */
export async function walletHarness(world: World<WorldEvent>, gecko: GeckoPrices): Promise<WalletHarness> {
  const now = { value: 1_800_000_000_000 }
  const coingecko = await loopbackApi((request) => {
    const ids = (request.url.searchParams.get('ids') ?? '').split(',')
    const currency = request.url.searchParams.get('vs_currencies') ?? 'usd'
    const entries = Object.fromEntries(ids.flatMap((id) => (gecko.has(id) ? [[id, { price: gecko.get(id) ?? '0', updated: Math.floor(now.value / 1000) }]] : [])))
    return { raw: simplePriceText(currency, entries), headers: { 'content-type': 'application/json' } }
  })
  const paprika = await loopbackApi(() => ({ status: 503, json: {} }))
  const http = new ChainHttp({ timeoutMs: 2_000, attempts: 1 })
  // Loopback chains have no published limit; the polite default for unknown hosts would only slow the test.
  for (const url of [...Object.values(world.endpoints), coingecko.url, paprika.url]) http.limiter.declare(new URL(url).host, { requests: 10_000, perMs: 1_000, concurrency: 16 })
  const ledger = LedgerStore.open(':memory:')
  const prices = new PriceService({
    primary: createCoinGeckoFeed({ http, baseUrl: coingecko.url }),
    fallback: createCoinPaprikaFeed({ http, baseUrl: paprika.url }),
    now: () => now.value,
  })
  const settings: Settings = { ...defaultSettings, wallets: [{ id: 'wallet-0000abcd', network: world.network, address: world.address, label: 'Rig', addedAt: 1 }] }
  const service = new WalletService({
    networks,
    ledger,
    prices,
    http,
    settings: () => settings,
    customEndpoint: (key) => Promise.resolve(world.endpoints[key]),
    emit: () => undefined,
    log: silentLogger,
    now: () => now.value,
    publicEndpoints: false,
  })
  return {
    service,
    ledger,
    now,
    rewards: () => ledger.rewards({ limit: 5000 }),
    async close() {
      await service.stop()
      ledger.close()
      await Promise.all([coingecko.close(), paprika.close(), world.close()])
    },
  }
}

/** Base units as a plain decimal of whole units: 1500000 with 6 decimals is "1.5". */
export function wholeUnits(amount: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals)
  const fraction = (amount % scale).toString().padStart(decimals, '0').replace(/0+$/, '')
  return fraction === '' ? `${amount / scale}` : `${amount / scale}.${fraction}`
}

/** Events with the words a failing run prints for them. */
export function described<E extends { kind: EventKind }>(events: fc.Arbitrary<E>): fc.Arbitrary<E & WorldEvent> {
  return events.map((event) => ({ ...event, describe: JSON.stringify(event, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) }))
}

/** `percent` of `amount`, rounded down: how much of a balance an operator's move takes. */
export const share = (amount: bigint, percent: number): bigint => (amount * BigInt(percent)) / 100n
