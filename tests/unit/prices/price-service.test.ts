import { describe, expect, it } from 'vitest'
import type { Currency } from '../../../src/shared/contract/wallets.ts'
import { FetchFault } from '../../../src/main/core/net/chain-http.ts'
import type { FeedId, FeedPrice, PriceFeed, PricedToken } from '../../../src/main/core/prices/price-feed.ts'
import { PriceService, type PriceCacheEntry } from '../../../src/main/core/prices/price-service.ts'

/*
 * The service's rules on feeds that answer from tables: which feed is asked for what, when the
 * fallback cross-checks the primary, how a quote's freshness follows the clock, and that feed
 * faults end up as problems, never as throws.
 */

type FakeFeed = {
  feed: PriceFeed
  /** `${currency}:${symbol}` → price */
  prices: Map<string, string>
  fault: Error | null
  problems: string[]
  calls: { symbols: string[]; currency: Currency }[]
}

function fakeFeed(id: FeedId, at = 1_700_000_000_000): FakeFeed {
  const fake: FakeFeed = {
    prices: new Map(),
    fault: null,
    problems: [],
    calls: [],
    feed: {
      id,
      fetch: async (tokens, currency) => {
        fake.calls.push({ symbols: tokens.map((token) => token.symbol), currency })
        if (fake.fault) throw fake.fault
        const prices = new Map<string, FeedPrice>()
        for (const { symbol } of tokens) {
          const price = fake.prices.get(`${currency}:${symbol}`)
          if (price !== undefined) prices.set(symbol, { price, at, change24hPct: null })
        }
        return { prices, host: `api.${id}.example`, problems: fake.problems }
      },
    },
  }
  return fake
}

const akt: PricedToken = { symbol: 'AKT', priceIds: { coingecko: 'akash-network', coinpaprika: 'akt-akash-network' } }
const tao: PricedToken = { symbol: 'TAO', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensor' } }
const grass: PricedToken = { symbol: 'GRASS', priceIds: { coingecko: 'grass' } }

const minute = 60_000

function setup(options: { outlierThreshold?: number } = {}) {
  const clock = { now: 1_800_000_000_000 }
  const primary = fakeFeed('coingecko', 1_799_999_990_000)
  const fallback = fakeFeed('coinpaprika', 1_799_999_980_000)
  const service = new PriceService({ primary: primary.feed, fallback: fallback.feed, now: () => clock.now, ...options })
  return { clock, primary, fallback, service }
}

describe('which feed answers', () => {
  it('the primary prices what it can; only the rest goes to the fallback once the first cross-check is done', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '0.543761').set('usd:TAO', '412.5')
    fallback.prices.set('usd:AKT', '0.55').set('usd:TAO', '410').set('usd:GRASS', '2.1')

    expect(await service.refresh([akt, tao, grass], 'usd')).toEqual({ problems: [] })
    expect(primary.calls).toEqual([{ symbols: ['AKT', 'TAO', 'GRASS'], currency: 'usd' }])
    // GRASS because CoinGecko lacked it; AKT and TAO for their first cross-check.
    expect(fallback.calls).toEqual([{ symbols: ['GRASS', 'AKT', 'TAO'], currency: 'usd' }])
    expect(service.quote('AKT', 'usd', {})).toEqual({ token: 'AKT', currency: 'usd', price: '0.543761', source: 'coingecko', at: 1_799_999_990_000, freshness: 'live', warning: null, change24hPct: null })
    expect(service.quote('GRASS', 'usd', {})).toMatchObject({ price: '2.1', source: 'coinpaprika', at: 1_799_999_980_000, freshness: 'live' })

    clock.now += 5 * minute
    await service.refresh([akt, tao, grass], 'usd')
    expect(fallback.calls.at(-1)).toEqual({ symbols: ['GRASS'], currency: 'usd' })
  })

  it('the fallback is not asked at all when the primary priced everything and no cross-check is due', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt], 'usd')
    clock.now += 29 * minute
    await service.refresh([akt], 'usd')
    expect(primary.calls).toHaveLength(2)
    expect(fallback.calls).toHaveLength(1)
  })

  it('the primary down: every token from the fallback, and the fault in problems', async () => {
    const { primary, fallback, service } = setup()
    primary.fault = new FetchFault('rate-limited', 'api.coingecko.com', 'api.coingecko.com asked us to slow down (HTTP 429) (it asked for 120 s)', { status: 429 })
    fallback.prices.set('usd:AKT', '0.55').set('usd:TAO', '410')

    const { problems } = await service.refresh([akt, tao], 'usd')
    expect(problems).toEqual(['CoinGecko: api.coingecko.com asked us to slow down (HTTP 429) (it asked for 120 s)'])
    expect(fallback.calls).toEqual([{ symbols: ['AKT', 'TAO'], currency: 'usd' }])
    expect(service.quote('TAO', 'usd', {})).toMatchObject({ price: '410', source: 'coinpaprika', freshness: 'live', warning: null })
  })

  it('both down: problems name both feeds and the tokens left without a new price; nothing throws', async () => {
    const { primary, fallback, service } = setup()
    primary.fault = new FetchFault('unreachable', 'api.coingecko.com', 'api.coingecko.com did not resolve: no internet, or a misspelt host')
    fallback.fault = new FetchFault('http', 'api.coinpaprika.com', 'api.coinpaprika.com had an internal error (HTTP 502)', { status: 502 })

    const { problems } = await service.refresh([akt, tao], 'eur')
    expect(problems).toEqual([
      'CoinGecko: api.coingecko.com did not resolve: no internet, or a misspelt host',
      'CoinPaprika: api.coinpaprika.com had an internal error (HTTP 502)',
      'no EUR price for AKT, TAO from CoinGecko or CoinPaprika; a last known price stays shown as cached',
    ])
    expect(service.quote('AKT', 'eur', {})).toBeNull()
  })

  it('a feed that fails in an unexpected way is a problem too', async () => {
    const { primary, fallback, service } = setup()
    primary.fault = new TypeError('Cannot read properties of undefined')
    fallback.prices.set('usd:AKT', '0.55')
    expect((await service.refresh([akt], 'usd')).problems).toEqual(['CoinGecko failed unexpectedly: Cannot read properties of undefined'])
    expect(service.quote('AKT', 'usd', {})?.source).toBe('coinpaprika')
  })

  it("a feed's own per-token problems come back under its name", async () => {
    const { primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    fallback.prices.set('usd:AKT', '0.54')
    fallback.problems = ['api.coinpaprika.com has no coin "akt-akash-network" for AKT (HTTP 404)']
    expect((await service.refresh([akt], 'usd')).problems).toEqual(['CoinPaprika: api.coinpaprika.com has no coin "akt-akash-network" for AKT (HTTP 404)'])
  })

  it('a cancelled refresh does not go on to the fallback', async () => {
    const { primary, fallback, service } = setup()
    const stop = new AbortController()
    stop.abort()
    primary.fault = new DOMException('This operation was aborted', 'AbortError')
    const { problems } = await service.refresh([akt], 'usd', stop.signal)
    expect(problems[0]).toBe('CoinGecko: the price refresh was cancelled')
    expect(fallback.calls).toEqual([])
  })

  it('a token no feed has an id for is left unpriced without a problem', async () => {
    const { primary, fallback, service } = setup()
    const act: PricedToken = { symbol: 'ACT', priceIds: {} }
    expect(await service.refresh([act], 'usd')).toEqual({ problems: [] })
    expect(primary.calls).toEqual([])
    expect(fallback.calls).toEqual([])
    expect(service.quote('ACT', 'usd', { ACT: '1' })).toMatchObject({ price: '1', source: 'manual' })
  })

  it('asks each feed once per symbol, even when a token is listed twice', async () => {
    const { primary, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt, akt], 'usd')
    expect(primary.calls[0]?.symbols).toEqual(['AKT'])
  })
})

describe('the cross-check', () => {
  it('a fallback more than 10 % off: the quote keeps the primary price and carries a warning', async () => {
    const { primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '1.23')
    fallback.prices.set('usd:AKT', '1.05')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '1.23', source: 'coingecko', warning: 'CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)' })
  })

  it('within the threshold: no warning', async () => {
    const { primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '1.23')
    fallback.prices.set('usd:AKT', '1.12')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.warning).toBeNull()
  })

  it('the warning stays until the next cross-check, which clears it when the feeds agree again', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '1.23')
    fallback.prices.set('usd:AKT', '1.05')
    await service.refresh([akt], 'usd')
    fallback.prices.set('usd:AKT', '1.22')
    clock.now += 10 * minute
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.warning).toBe('CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)')
    clock.now += 20 * minute
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.warning).toBeNull()
  })

  it('each token and currency has its own schedule', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '1').set('usd:TAO', '400').set('eur:AKT', '0.9')
    await service.refresh([akt], 'usd')
    clock.now += 20 * minute
    await service.refresh([akt, tao], 'usd')
    await service.refresh([akt], 'eur')
    expect(fallback.calls.map((call) => `${call.currency}:${call.symbols.join(',')}`)).toEqual(['usd:AKT', 'usd:TAO', 'eur:AKT'])
  })

  it('a fallback that is down is not asked again for the cross-check before it is due', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '1')
    fallback.fault = new FetchFault('timeout', 'api.coinpaprika.com', 'api.coinpaprika.com did not answer within 10000 ms')
    expect((await service.refresh([akt], 'usd')).problems).toEqual(['CoinPaprika: api.coinpaprika.com did not answer within 10000 ms'])
    clock.now += minute
    expect((await service.refresh([akt], 'usd')).problems).toEqual([])
    expect(fallback.calls).toHaveLength(1)
  })

  it('a threshold of 1 %: small gaps are shown to a tenth of a percent', async () => {
    const { primary, fallback, service } = setup({ outlierThreshold: 0.01 })
    primary.prices.set('usd:AKT', '1.055')
    fallback.prices.set('usd:AKT', '1')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.warning).toBe('CoinGecko says 1.055, CoinPaprika 1 (5.5 % apart)')
  })

  it('a feed saying zero is called out rather than divided by', async () => {
    const { primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    fallback.prices.set('usd:AKT', '0')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.warning).toBe('CoinGecko says 0.54, CoinPaprika 0 (one of them says zero)')
  })
})

describe('quotes', () => {
  it("the operator's override wins over every feed", async () => {
    const { primary, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', { AKT: '0.6', TAO: '1' })).toEqual({ token: 'AKT', currency: 'usd', price: '0.6', source: 'manual', at: 1_800_000_000_000, freshness: 'manual', warning: null, change24hPct: null })
    expect(service.quote('GRASS', 'usd', { GRASS: '2' })).toMatchObject({ price: '2', source: 'manual' })
  })

  it('an override that is not a price is ignored, and object keys are not overrides', async () => {
    const { primary, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', { AKT: '1e3' })).toMatchObject({ price: '0.54', source: 'coingecko' })
    expect(service.quote('constructor', 'usd', {})).toBeNull()
    expect(service.quote('toString', 'usd', {})).toBeNull()
  })

  it('live within liveForMs of the fetch, then cached (still shown) while the feeds are down', async () => {
    const { clock, primary, fallback, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt], 'usd')
    primary.fault = new FetchFault('unreachable', 'api.coingecko.com', 'api.coingecko.com refused the connection')
    fallback.fault = new FetchFault('unreachable', 'api.coinpaprika.com', 'api.coinpaprika.com refused the connection')

    clock.now += 15 * minute
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})?.freshness).toBe('live')
    clock.now += 1
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.54', source: 'coingecko', freshness: 'cached', at: 1_799_999_990_000 })
  })

  it('a EUR quote is never answered from a USD price', async () => {
    const { primary, service } = setup()
    primary.prices.set('usd:AKT', '0.54').set('eur:AKT', '0.47')
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'eur', {})).toBeNull()
    await service.refresh([akt], 'eur')
    expect(service.quote('AKT', 'eur', {})).toMatchObject({ currency: 'eur', price: '0.47' })
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ currency: 'usd', price: '0.54' })
  })

  it('null for a token never priced', () => {
    expect(setup().service.quote('AKT', 'usd', {})).toBeNull()
  })
})

describe('snapshot and restore', () => {
  it('the cache survives a restart as plain JSON, and is cached until refreshed', async () => {
    const before = setup()
    before.primary.prices.set('usd:AKT', '1.23').set('usd:TAO', '400')
    before.fallback.prices.set('usd:AKT', '1.05')
    await before.service.refresh([akt, tao], 'usd')
    const saved = JSON.parse(JSON.stringify(before.service.snapshot())) as PriceCacheEntry[]
    expect(saved).toEqual([
      { symbol: 'AKT', currency: 'usd', price: '1.23', source: 'coingecko', at: 1_799_999_990_000, fetchedAt: 1_800_000_000_000, warning: 'CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)', change24hPct: null },
      { symbol: 'TAO', currency: 'usd', price: '400', source: 'coingecko', at: 1_799_999_990_000, fetchedAt: 1_800_000_000_000, warning: null, change24hPct: null },
    ])

    const after = setup()
    expect(after.service.restore(saved)).toBe(2)
    expect(after.service.quote('AKT', 'usd', {})).toEqual({ token: 'AKT', currency: 'usd', price: '1.23', source: 'coingecko', at: 1_799_999_990_000, freshness: 'cached', warning: 'CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)', change24hPct: null })
    after.primary.prices.set('usd:AKT', '1.2')
    await after.service.refresh([akt], 'usd')
    expect(after.service.quote('AKT', 'usd', {})).toMatchObject({ price: '1.2', freshness: 'live' })
  })

  it('entries without a warning field (an older store) restore with none', () => {
    const { service } = setup()
    expect(service.restore([{ symbol: 'AKT', currency: 'usd', price: '0.5', source: 'coinpaprika', at: 1, fetchedAt: 2 }])).toBe(1)
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ source: 'coinpaprika', warning: null, freshness: 'cached' })
  })

  it('skips entries that are not valid, and never replaces a newer price', async () => {
    const { primary, service } = setup()
    primary.prices.set('usd:AKT', '0.54')
    await service.refresh([akt], 'usd')
    const good = { symbol: 'TAO', currency: 'usd', price: '400', source: 'coingecko', at: 1, fetchedAt: 2 } as const
    const entries = [
      good,
      { ...good, symbol: 'AKT', price: '9' },
      { ...good, symbol: 'X1', price: '-1' },
      { ...good, symbol: 'X2', price: '1e5' },
      { ...good, symbol: 'X3', source: 'binance' },
      { ...good, symbol: 'X4', currency: 'btc' as Currency },
      { ...good, symbol: 'X5', at: Number.NaN },
      { ...good, symbol: '' },
    ]
    expect(service.restore(entries)).toBe(1)
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.54', freshness: 'live' })
    expect(service.snapshot().map((entry) => entry.symbol)).toEqual(['AKT', 'TAO'])
  })
})
