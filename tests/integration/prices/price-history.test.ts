import { afterEach, describe, expect, it } from 'vitest'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import type { CoinGeckoKey } from '../../../src/main/core/prices/coingecko.ts'
import type { PricedToken } from '../../../src/main/core/prices/price-feed.ts'
import { createMemoryDailyPriceCache, DailyPrices, dayStartOf, type DailyPriceEntry } from '../../../src/main/core/prices/price-history.ts'
import { loopbackApi, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'
import { rateLimitedBody } from '../../fixtures/prices/coingecko.ts'
import {
  coinNotFoundBody,
  historicalTicksDocumented,
  historicalTicksText,
  marketChartRangeDailyDocumented,
  marketChartRangeDocumented,
  marketChartRangeText,
  planRefusedBody,
  rangeTooOldBody,
} from '../../fixtures/prices/price-history.ts'

/*
 * Prices of the day over real HTTP, against loopback CoinGecko and CoinPaprika answering the
 * documented bodies: which requests go out (and which do not), which point is a day's price, what
 * is cached, and what happens when CoinGecko refuses, is rate-limited or is down.
 */

const dayMs = 86_400_000
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`)
const NOW = Date.parse('2026-03-15T10:00:00Z')

const akt: PricedToken = { symbol: 'AKT', priceIds: { coingecko: 'akash-network' } }
const tao: PricedToken = { symbol: 'TAO', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensor' } }
const alpha: PricedToken = { symbol: 'SN19α', priceIds: {} }

/** A made-up, exactly written price for each day: '<1-10>.<dd>5'. */
function dayPrice(start: number): string {
  const n = Math.round(start / dayMs) % 1000
  return `${1 + Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}5`
}

const json = (raw: string): ApiAnswer => ({ raw, headers: { 'content-type': 'application/json' } })

/** CoinGecko's market_chart/range as documented: above 90 days, one point at each 00:00 UTC from `from` to `to`. */
function geckoRange(request: ApiRequest): ApiAnswer {
  const from = Number(request.url.searchParams.get('from')) * 1000
  const to = Number(request.url.searchParams.get('to')) * 1000
  if (to - from <= 90 * dayMs) return { status: 400, json: { error: 'this stand-in answers only daily ranges (above 90 days)' } }
  const points: [number, string][] = []
  for (let at = dayStartOf(from - 1) + dayMs; at <= to; at += dayMs) points.push([at, dayPrice(at)])
  return json(marketChartRangeText(points))
}

/** CoinPaprika's historical ticks as documented: one tick at each 00:00 UTC from `start` (a date) to `end` (default now). */
function paprikaTicks(now: () => number) {
  return (request: ApiRequest): ApiAnswer => {
    const start = day(request.url.searchParams.get('start') ?? '')
    const endParam = request.url.searchParams.get('end')
    const end = endParam === null ? now() : day(endParam)
    const ticks: [number, string][] = []
    // `end` read as exclusive, the stricter reading: the client must ask past its last day.
    for (let at = start; at < end; at += dayMs) ticks.push([at, dayPrice(at)])
    return json(historicalTicksText(ticks))
  }
}

const apis: LoopbackApi[] = []
afterEach(async () => {
  await Promise.all(apis.splice(0).map((api) => api.close()))
})

type Route = (request: ApiRequest) => ApiAnswer
async function world(options: { gecko?: Route; paprika?: Route; now?: number; cache?: DailyPriceEntry[]; apiKey?: CoinGeckoKey } = {}) {
  const clock = { now: options.now ?? NOW }
  const gecko = await loopbackApi(options.gecko ?? geckoRange)
  const paprika = await loopbackApi(options.paprika ?? paprikaTicks(() => clock.now))
  apis.push(gecko, paprika)
  const cache = createMemoryDailyPriceCache(options.cache)
  const prices = new DailyPrices({
    http: new ChainHttp({ timeoutMs: 500, attempts: 2, backoffBaseMs: 5 }),
    cache,
    priceFeeds: { coingecko: `${gecko.url}/api/v3`, coinpaprika: `${paprika.url}/v1` },
    now: () => clock.now,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
  })
  return { clock, gecko, paprika, cache, prices }
}

const query = (request: ApiRequest | undefined) => Object.fromEntries(request?.url.searchParams ?? [])

describe('daily prices from CoinGecko market_chart/range', () => {
  it('prefetches 120 days in one request of daily points; every ended day is cached and never asked again', async () => {
    const { gecko, cache, prices } = await world()
    const report = await prices.prefetch(akt, 'usd', day('2025-11-15'), day('2026-03-15'))

    expect(gecko.requests).toHaveLength(1)
    expect(gecko.requests[0]?.url.pathname).toBe('/api/v3/coins/akash-network/market_chart/range')
    expect(query(gecko.requests[0])).toEqual({ vs_currency: 'usd', from: String(day('2025-11-15') / 1000), to: String(day('2026-03-15') / 1000), precision: 'full' })
    expect(gecko.requests[0]?.headers['x-cg-demo-api-key']).toBeUndefined()
    expect(report).toMatchObject({ days: 120, priced: 120, unpriced: [], failed: [], fault: null, requests: 1, problems: [] })
    expect(cache.get('AKT', 'usd', '2025-11-15')).toEqual({ price: dayPrice(day('2025-11-15')), source: 'coingecko' })
    expect(cache.get('AKT', 'usd', '2026-03-14')).toEqual({ price: dayPrice(day('2026-03-14')), source: 'coingecko' })

    for (let at = day('2025-11-15'); at < day('2026-03-15'); at += dayMs) {
      expect(await prices.priceOn(akt, 'usd', at + 13 * 3_600_000)).toEqual({ price: dayPrice(at), source: 'coingecko' })
    }
    expect(await prices.prefetch(akt, 'usd', day('2025-12-01'), day('2026-01-01'))).toMatchObject({ days: 31, priced: 31, requests: 0 })
    expect(gecko.requests).toHaveLength(1)
    expect(prices.requests).toBe(1)
  })

  it('one day asked: the request is widened back to 92 days (daily points), and the days before it come from the cache', async () => {
    const { gecko, prices } = await world()
    expect(await prices.priceOn(akt, 'usd', day('2026-03-01') + 5 * 3_600_000)).toEqual({ price: dayPrice(day('2026-03-01')), source: 'coingecko' })
    const { from, to } = query(gecko.requests[0])
    expect(Number(to) * 1000).toBe(day('2026-03-02'))
    expect(Number(from) * 1000).toBe(day('2026-03-02') - 92 * dayMs)

    for (let at = day('2026-03-01'); at >= day('2025-12-01'); at -= dayMs) expect((await prices.priceOn(akt, 'usd', at))?.price).toBe(dayPrice(at))
    expect(gecko.requests).toHaveLength(1)
  })

  it('reads the documented hourly body: the first point after 00:00 UTC is the day’s price, digit for digit', async () => {
    const { prices } = await world({ gecko: () => ({ json: marketChartRangeDocumented }), now: day('2024-06-01') })
    const btc: PricedToken = { symbol: 'BTC', priceIds: { coingecko: 'bitcoin' } }
    // 1704067241331 is 2024-01-01T00:00:41.331Z.
    expect(await prices.priceOn(btc, 'usd', day('2024-01-01'))).toEqual({ price: '42261.0406175669', source: 'coingecko' })
  })

  it('reads the documented daily body: one point at each 00:00 UTC', async () => {
    const { prices } = await world({ gecko: () => ({ json: marketChartRangeDailyDocumented }), now: day('2025-06-01') })
    const usdc: PricedToken = { symbol: 'USDC', priceIds: { coingecko: 'usd-coin' } }
    const report = await prices.prefetch(usdc, 'usd', day('2025-01-01'), day('2025-01-03'))
    expect(report).toMatchObject({ days: 2, priced: 2, requests: 1 })
    expect(await prices.priceOn(usdc, 'usd', day('2025-01-01'))).toEqual({ price: '1.000540738607754', source: 'coingecko' })
    expect(await prices.priceOn(usdc, 'usd', day('2025-01-02') + dayMs - 1)).toEqual({ price: '0.9995995563541714', source: 'coingecko' })
  })

  it('day edges: a point at 23:59:59.999 is the day before’s; at exactly 00:00 it is the day’s, before a later one', async () => {
    const d = day('2026-02-10')
    const body = marketChartRangeText([
      [d + 41_331, '2.22'],
      [d + dayMs - 1, '4.44'],
      [d - 1, '1.11'],
      [d + dayMs, '5.55'],
      [d, '3.33'],
    ])
    const { gecko, prices } = await world({ gecko: () => json(body) })
    expect(await prices.priceOn(akt, 'usd', d)).toEqual({ price: '3.33', source: 'coingecko' })
    expect(await prices.priceOn(akt, 'usd', d + dayMs - 1)).toEqual({ price: '3.33', source: 'coingecko' })
    expect(await prices.priceOn(akt, 'usd', d + dayMs)).toEqual({ price: '5.55', source: 'coingecko' })
    expect(await prices.priceOn(akt, 'usd', d - 1)).toEqual({ price: '1.11', source: 'coingecko' })
    expect(gecko.requests).toHaveLength(1)
  })

  it('prices arrive as exact decimals; unreadable points are skipped and said, their days unpriced', async () => {
    const d = day('2026-02-10')
    const body = marketChartRangeText([
      [d, '6.1e-05'],
      [d + dayMs, 'null'],
      [d + 2 * dayMs, '-1'],
    ])
    const { gecko, prices } = await world({ gecko: () => json(body) })
    const report = await prices.prefetch(akt, 'usd', d, d + 3 * dayMs)
    expect(report).toMatchObject({ days: 3, priced: 1, unpriced: ['2026-02-11', '2026-02-12'], failed: [] })
    expect(report.problems).toEqual([`${gecko.host}: akash-network came with a price of null, not a number at 2026-02-11T00:00:00.000Z (and 1 more), skipped`])
    expect(await prices.priceOn(akt, 'usd', d)).toEqual({ price: '0.000061', source: 'coingecko' })
    expect(await prices.priceOn(akt, 'usd', d + dayMs)).toBeNull()
    expect(prices.unpricedWhy(akt, 'usd', d + dayMs)).toBe('no USD price for AKT on 2026-02-11: CoinGecko has no price that day; CoinPaprika lists no id for it')
    expect(gecko.requests).toHaveLength(1)
  })

  it('today is priced but not cached as final: reused for 15 minutes, then asked again; a day not begun is null without a request', async () => {
    const { clock, gecko, cache, prices } = await world()
    expect(await prices.priceOn(akt, 'usd', NOW)).toEqual({ price: dayPrice(day('2026-03-15')), source: 'coingecko' })
    expect(cache.get('AKT', 'usd', '2026-03-15')).toBeUndefined()
    expect(cache.get('AKT', 'usd', '2026-03-14')).toBeDefined()
    clock.now += 10 * 60_000
    await prices.priceOn(akt, 'usd', NOW)
    expect(gecko.requests).toHaveLength(1)
    clock.now += 6 * 60_000
    await prices.priceOn(akt, 'usd', NOW)
    expect(gecko.requests).toHaveLength(2)

    expect(await prices.priceOn(akt, 'usd', day('2026-03-16'))).toBeNull()
    expect(prices.unpricedWhy(akt, 'usd', day('2026-03-16'))).toBe('2026-03-16 has not begun')
    expect(await prices.prefetch(akt, 'usd', day('2026-03-16'), day('2026-03-20'))).toMatchObject({ days: 0, requests: 0 })
    expect(gecko.requests).toHaveLength(2)
  })

  it('a unit no feed prices (a subnet’s alpha) is null, without a request, and says why', async () => {
    const { gecko, paprika, prices } = await world()
    expect(await prices.priceOn(alpha, 'usd', day('2026-03-01'))).toBeNull()
    expect(prices.unpricedWhy(alpha, 'usd', day('2026-03-01'))).toBe('SN19α has no market price: no price feed lists it')
    expect(await prices.prefetch(alpha, 'usd', day('2026-03-01'), day('2026-03-03'))).toMatchObject({ days: 2, priced: 0, unpriced: ['2026-03-01', '2026-03-02'], requests: 0 })
    expect(gecko.requests.length + paprika.requests.length).toBe(0)
  })

  it('a day in the cache is never fetched; a range around it does not overwrite it', async () => {
    const kept: DailyPriceEntry = { symbol: 'AKT', currency: 'usd', day: '2026-03-01', price: '0.5', source: 'coinpaprika' }
    const { gecko, cache, prices } = await world({ cache: [kept] })
    expect(await prices.priceOn(akt, 'usd', day('2026-03-01') + 1000)).toEqual({ price: '0.5', source: 'coinpaprika' })
    expect(gecko.requests).toHaveLength(0)
    expect(await prices.prefetch(akt, 'usd', day('2026-02-27'), day('2026-03-03'))).toMatchObject({ days: 4, priced: 4, requests: 1 })
    expect(cache.get('AKT', 'usd', '2026-03-01')).toEqual({ price: '0.5', source: 'coinpaprika' })
    expect(cache.get('AKT', 'usd', '2026-03-02')).toEqual({ price: dayPrice(day('2026-03-02')), source: 'coingecko' })
  })

  it('two callers asking for the same day at once make one request', async () => {
    const { gecko, prices } = await world()
    const [a, b] = await Promise.all([prices.priceOn(akt, 'usd', day('2026-03-01')), prices.priceOn(akt, 'usd', day('2026-03-01') + 3_600_000)])
    expect(a).toEqual(b)
    expect(gecko.requests).toHaveLength(1)
  })

  it('keyless, days past 365 are not asked of either API and say why; the rest is one request', async () => {
    const { gecko, paprika, prices } = await world()
    const report = await prices.prefetch(tao, 'usd', day('2025-02-01'), day('2026-03-15'))
    // NOW - 365 days is 2025-03-15T10:00Z: the first whole day inside it is the 16th.
    expect(Number(query(gecko.requests[0]).from) * 1000).toBe(day('2025-03-16'))
    expect(report.unpriced).toHaveLength(43)
    expect(report.unpriced[0]).toBe('2025-02-01')
    expect(report.unpriced.at(-1)).toBe('2025-03-15')
    expect(report).toMatchObject({ priced: 364, failed: [], requests: 1 })
    expect(prices.unpricedWhy(tao, 'usd', day('2025-03-01'))).toBe(
      "no USD price for TAO on 2025-03-01: CoinGecko's public API serves only the past 365 days; CoinPaprika's free plan serves only the last year",
    )
    expect(paprika.requests).toHaveLength(0)
  })

  it('a Pro key reaches further back, sent in x-cg-pro-api-key', async () => {
    const { gecko, prices } = await world({ apiKey: { kind: 'pro', key: 'CG-pro456' } })
    const report = await prices.prefetch(akt, 'usd', day('2025-02-01'), day('2026-03-15'))
    expect(report).toMatchObject({ priced: 407, unpriced: [], requests: 1 })
    expect(Number(query(gecko.requests[0]).from) * 1000).toBe(day('2025-02-01'))
    expect(gecko.requests[0]?.headers['x-cg-pro-api-key']).toBe('CG-pro456')
  })
})

describe('CoinPaprika historical ticks, the fallback', () => {
  it('CoinGecko 429 with a long Retry-After: CoinPaprika prices the day, and CoinGecko is left alone until the wait is over', async () => {
    const { clock, gecko, paprika, prices } = await world({ gecko: () => ({ status: 429, headers: { 'retry-after': '120' }, json: rateLimitedBody }) })
    expect(await prices.priceOn(tao, 'usd', day('2026-03-01'))).toEqual({ price: dayPrice(day('2026-03-01')), source: 'coinpaprika' })
    expect(paprika.requests[0]?.url.pathname).toBe('/v1/tickers/tao-bittensor/historical')
    expect(query(paprika.requests[0])).toEqual({ start: '2026-03-01', end: '2026-03-02', interval: '1d', quote: 'usd' })
    expect(gecko.requests).toHaveLength(1)

    expect((await prices.priceOn(tao, 'usd', day('2026-02-01')))?.source).toBe('coinpaprika')
    expect(gecko.requests).toHaveLength(1)
    clock.now += 121_000
    await prices.priceOn(tao, 'usd', day('2026-01-01'))
    expect(gecko.requests).toHaveLength(2)
    expect(paprika.requests).toHaveLength(3)
  })

  it('CoinGecko 401 (error 10012, past 365 days): CoinPaprika prices the day; a coin it lacks is null and says both', async () => {
    const { gecko, paprika, prices } = await world({ gecko: () => ({ status: 401, json: rangeTooOldBody }) })
    expect(await prices.priceOn(tao, 'usd', day('2026-03-01'))).toEqual({ price: dayPrice(day('2026-03-01')), source: 'coinpaprika' })

    expect(await prices.priceOn(akt, 'usd', day('2026-03-01'))).toBeNull()
    expect(prices.unpricedWhy(akt, 'usd', day('2026-03-01'))).toBe(
      `no USD price for AKT on 2026-03-01: CoinGecko: ${gecko.host} refused the range (HTTP 401): without a key it serves only the past 365 days; CoinPaprika lists no id for it`,
    )
    // Settled: not asked again.
    expect(await prices.priceOn(akt, 'usd', day('2026-03-01'))).toBeNull()
    expect(gecko.requests).toHaveLength(2)
    expect(paprika.requests).toHaveLength(1)
  })

  it('reads the documented body', async () => {
    const { prices } = await world({ gecko: () => ({ status: 404, json: coinNotFoundBody }), paprika: () => ({ json: historicalTicksDocumented }), now: day('2018-06-01') })
    const btc: PricedToken = { symbol: 'BTC', priceIds: { coingecko: 'bitcoin', coinpaprika: 'btc-bitcoin' } }
    expect(await prices.priceOn(btc, 'usd', day('2018-03-01') + 7 * 3_600_000)).toEqual({ price: '855.53', source: 'coinpaprika' })
  })

  it('CoinPaprika refusing the range (HTTP 402) with CoinGecko refusing too: null, saying both', async () => {
    const { paprika, prices } = await world({ gecko: () => ({ status: 401, json: rangeTooOldBody }), paprika: () => ({ status: 402, json: planRefusedBody }) })
    expect(await prices.priceOn(tao, 'usd', day('2026-03-01'))).toBeNull()
    expect(prices.unpricedWhy(tao, 'usd', day('2026-03-01'))).toContain(`CoinPaprika: ${paprika.host} answered HTTP 402: Getting daily historical data before`)
  })

  it('CoinGecko down and no fallback in EUR: priceOn throws a retryable fault, nothing is settled, and a later ask prices it', async () => {
    const state = { up: false }
    const { gecko, paprika, prices } = await world({ gecko: (request) => (state.up ? geckoRange(request) : { status: 503, raw: '<html>down</html>' }) })
    const failed = prices.priceOn(tao, 'eur', day('2026-03-01'))
    await expect(failed).rejects.toBeInstanceOf(FetchFault)
    await expect(failed).rejects.toMatchObject({
      kind: 'http',
      status: 503,
      retryable: true,
      message: `no EUR price for TAO on 2026-03-01 yet: CoinGecko: ${gecko.host} had an internal error (HTTP 503); CoinPaprika's historical ticks come in USD or BTC, not EUR`,
    })
    expect(paprika.requests).toHaveLength(0)
    expect(prices.unpricedWhy(tao, 'eur', day('2026-03-01'))).toBeNull()

    state.up = true
    expect(await prices.priceOn(tao, 'eur', day('2026-03-01'))).toEqual({ price: dayPrice(day('2026-03-01')), source: 'coingecko' })
  })

  it('both down: the days are failed, not unpriced, and come back once a feed does', async () => {
    const state = { up: false }
    const { prices } = await world({
      gecko: () => ({ status: 503, raw: 'down' }),
      paprika: (request) => (state.up ? paprikaTicks(() => NOW)(request) : { status: 500, json: { error: 'internal error' } }),
    })
    const report = await prices.prefetch(tao, 'usd', day('2026-03-01'), day('2026-03-04'))
    expect(report).toMatchObject({ days: 3, priced: 0, unpriced: [], failed: ['2026-03-01', '2026-03-02', '2026-03-03'], requests: 2 })
    expect(report.fault?.retryable).toBe(true)
    expect(report.fault?.message).toMatch(/^no USD price for TAO for 3 days yet: CoinGecko: .* \(HTTP 503\); CoinPaprika: .* \(HTTP 500\): internal error$/)

    state.up = true
    expect(await prices.prefetch(tao, 'usd', day('2026-03-01'), day('2026-03-04'))).toMatchObject({ priced: 3, failed: [], fault: null })
    expect(await prices.priceOn(tao, 'usd', day('2026-03-02'))).toEqual({ price: dayPrice(day('2026-03-02')), source: 'coinpaprika' })
  })
})
