import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { createCoinGeckoFeed } from '../../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../../src/main/core/prices/coinpaprika.ts'
import type { PricedToken } from '../../../src/main/core/prices/price-feed.ts'
import { PriceService } from '../../../src/main/core/prices/price-service.ts'
import { loopbackApi, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'
import { rateLimitedBody, simplePriceDocumented, simplePriceText, unauthorizedBody, updatedAt } from '../../fixtures/prices/coingecko.ts'
import { notFoundBody, ticker, tickerBtcDocumented } from '../../fixtures/prices/coinpaprika.ts'

/*
 * Both feeds over real HTTP against loopback stand-ins answering the documented bodies, and the
 * price service on top of them: what goes on the wire, what comes back, and what the operator
 * sees when a feed is rate-limited, down, or disagrees.
 */

const apis: LoopbackApi[] = []
afterEach(async () => {
  await Promise.all(apis.splice(0).map((api) => api.close()))
})

async function serve(route: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>): Promise<LoopbackApi> {
  const api = await loopbackApi(route)
  apis.push(api)
  return api
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  return `127.0.0.1:${address !== null && typeof address === 'object' ? address.port : 0}`
}

const http = (timeoutMs = 300) => new ChainHttp({ timeoutMs, attempts: 2, backoffBaseMs: 5 })
const json = (text: string): ApiAnswer => ({ raw: text, headers: { 'content-type': 'application/json' } })

const akt: PricedToken = { symbol: 'AKT', priceIds: { coingecko: 'akash-network', coinpaprika: 'akt-akash-network' } }
const tao: PricedToken = { symbol: 'TAO', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensor' } }
const iot: PricedToken = { symbol: 'IOT', priceIds: { coingecko: 'helium-iot', coinpaprika: 'iot-helium-iot' } }
const grass: PricedToken = { symbol: 'GRASS', priceIds: { coingecko: 'grass' } }

describe('CoinGecko GET /simple/price', () => {
  it('one request carries every id, the currency in lower case, asking for last_updated_at and the 24 h change', async () => {
    const api = await serve(() =>
      json(
        simplePriceText('eur', {
          'akash-network': { price: '0.468', updated: updatedAt, change: '-3.2518' },
          bittensor: { price: '355.21', updated: updatedAt, change: '12.5' },
          'helium-iot': { price: '6.1e-05', updated: updatedAt },
        }),
      ),
    )
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3` }).fetch([akt, tao, iot], 'eur')

    expect(api.requests).toHaveLength(1)
    const [request] = api.requests
    expect(request?.url.pathname).toBe('/api/v3/simple/price')
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      ids: 'akash-network,bittensor,helium-iot',
      vs_currencies: 'eur',
      include_last_updated_at: 'true',
      include_24hr_change: 'true',
    })
    expect(request?.headers['x-cg-demo-api-key']).toBeUndefined()
    expect(answer).toEqual({
      host: api.host,
      problems: [],
      prices: new Map([
        ['AKT', { price: '0.468', at: updatedAt * 1000, change24hPct: -3.2518 }],
        ['TAO', { price: '355.21', at: updatedAt * 1000, change24hPct: 12.5 }],
        // No eur_24h_change in its entry: the change is not known, and the price still stands.
        ['IOT', { price: '0.000061', at: updatedAt * 1000, change24hPct: null }],
      ]),
    })
  })

  it('a token without a CoinGecko id is not asked for; none at all means no request', async () => {
    const api = await serve(() => json('{"akash-network":{"usd":0.5}}'))
    const feed = createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3` })
    const paprikaOnly: PricedToken = { symbol: 'XYZ', priceIds: { coinpaprika: 'xyz-xyz' } }
    expect((await feed.fetch([akt, paprikaOnly], 'usd')).prices.has('AKT')).toBe(true)
    expect(api.requests[0]?.url.searchParams.get('ids')).toBe('akash-network')
    expect(await feed.fetch([paprikaOnly], 'usd')).toEqual({ host: api.host, problems: [], prices: new Map() })
    expect(api.requests).toHaveLength(1)
  })

  it('reads the documented body exactly, last_updated_at in seconds → ms, usd_24h_change as the change', async () => {
    const api = await serve(() => ({ json: simplePriceDocumented }))
    const btc: PricedToken = { symbol: 'BTC', priceIds: { coingecko: 'bitcoin' } }
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3` }).fetch([btc], 'usd')
    expect(answer.prices.get('BTC')).toEqual({ price: '67187.3358936566', at: 1_711_356_300_000, change24hPct: 3.63727894677354 })
  })

  it('an id CoinGecko does not know is simply absent; a missing time is the fetch time', async () => {
    const api = await serve(() => json('{"akash-network":{"usd":0.543761},"grass":{}}'))
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3`, now: () => 1_800_000_000_000 }).fetch([akt, grass, tao], 'usd')
    expect(answer).toEqual({ host: api.host, problems: [], prices: new Map([['AKT', { price: '0.543761', at: 1_800_000_000_000, change24hPct: null }]]) })
  })

  it('a Demo key goes in x-cg-demo-api-key, a Pro key in x-cg-pro-api-key', async () => {
    const api = await serve(() => ({ json: {} }))
    await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3`, apiKey: { kind: 'demo', key: 'CG-demo123' } }).fetch([akt], 'usd')
    await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3`, apiKey: { kind: 'pro', key: 'CG-pro456' } }).fetch([akt], 'usd')
    expect(api.requests.map((request) => [request.headers['x-cg-demo-api-key'], request.headers['x-cg-pro-api-key']])).toEqual([
      ['CG-demo123', undefined],
      [undefined, 'CG-pro456'],
    ])
  })

  it('turns floats as CoinGecko writes them into exact decimals; unusable ones are problems, the rest still priced', async () => {
    const api = await serve(() =>
      json('{"a":{"usd":0.1},"b":{"usd":6.1e-05},"c":{"usd":67187.3358936566},"d":{"usd":1e-7},"e":{"usd":1e21},"f":{"usd":1e30},"g":{"usd":-1},"h":{"usd":"0.5"},"i":{"usd":null}}'),
    )
    const tokens = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((symbol) => ({ symbol, priceIds: { coingecko: symbol.toLowerCase() } }))
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3`, now: () => 5 }).fetch(tokens, 'usd')
    expect(Object.fromEntries([...answer.prices].map(([symbol, { price }]) => [symbol, price]))).toEqual({
      A: '0.1',
      B: '0.000061',
      C: '67187.3358936566',
      D: '0.0000001',
      E: '1000000000000000000000',
    })
    expect(answer.problems).toEqual([
      `${api.host} gave F (f) a USD price of 1e+30, more digits than a price may have (30 either side of the point)`,
      `${api.host} gave G (g) a USD price of -1, a negative price`,
      `${api.host} gave H (h) a USD price of the text "0.5", not a number`,
      `${api.host} gave I (i) a USD price of null, not a number`,
    ])
  })

  it('a change that is null (a stale price, the page says), text or absent is not known; the price still stands, and no problem is raised', async () => {
    const api = await serve(() =>
      json('{"a":{"usd":1,"usd_24h_change":null},"b":{"usd":2,"usd_24h_change":"4.1"},"c":{"usd":3},"d":{"usd":4,"usd_24h_change":-0.004},"e":{"usd":5,"eur_24h_change":9}}'),
    )
    const tokens = ['A', 'B', 'C', 'D', 'E'].map((symbol) => ({ symbol, priceIds: { coingecko: symbol.toLowerCase() } }))
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3` }).fetch(tokens, 'usd')
    expect(Object.fromEntries([...answer.prices].map(([symbol, { price, change24hPct }]) => [symbol, [price, change24hPct]]))).toEqual({
      A: ['1', null],
      B: ['2', null],
      C: ['3', null],
      D: ['4', -0.004],
      // Another currency's change is not this one's.
      E: ['5', null],
    })
    expect(answer.problems).toEqual([])
  })

  it('a wrong key: HTTP 401 as a FetchFault that says so', async () => {
    const api = await serve(() => ({ status: 401, json: unauthorizedBody }))
    const feed = createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3`, apiKey: { kind: 'demo', key: 'wrong' } })
    await expect(feed.fetch([akt], 'usd')).rejects.toMatchObject({
      name: 'FetchFault',
      kind: 'http',
      status: 401,
      message: `${api.host} refused the request (HTTP 401): it needs an API key, or a different one`,
    })
    expect(api.requests).toHaveLength(1)
  })

  it('429 with Retry-After: 1, then the prices: waits it out and asks once more', async () => {
    let calls = 0
    const api = await serve(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: rateLimitedBody } : json('{"akash-network":{"usd":0.5}}')))
    const started = Date.now()
    const answer = await createCoinGeckoFeed({ http: http(), baseUrl: `${api.url}/api/v3` }).fetch([akt], 'usd')
    expect(answer.prices.get('AKT')?.price).toBe('0.5')
    expect(api.requests).toHaveLength(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('malformed JSON, and JSON that is not a price table, are "malformed"', async () => {
    const broken = await serve(() => json('{"akash-network":{"usd":0.5'))
    await expect(createCoinGeckoFeed({ http: http(), baseUrl: `${broken.url}/api/v3` }).fetch([akt], 'usd')).rejects.toMatchObject({
      kind: 'malformed',
      message: `${broken.host} answered something that is not JSON (application/json, 27 bytes)`,
    })
    const list = await serve(() => ({ json: [{ id: 'akash-network', usd: 0.5 }] }))
    await expect(createCoinGeckoFeed({ http: http(), baseUrl: `${list.url}/api/v3` }).fetch([akt], 'usd')).rejects.toMatchObject({
      kind: 'malformed',
      message: `${list.host} answered the price request with a list, not a table of prices by coin id`,
    })
  })

  it('a server that never answers: "timeout"', async () => {
    const api = await serve(() => 'hang')
    await expect(createCoinGeckoFeed({ http: http(200), baseUrl: `${api.url}/api/v3` }).fetch([akt], 'usd')).rejects.toMatchObject({
      kind: 'timeout',
      message: `${api.host} did not answer within 200 ms`,
    })
  })
})

describe('CoinPaprika GET /tickers/{coin_id}', () => {
  const tickers = (quote: string, prices: Record<string, number>) => (request: ApiRequest): ApiAnswer => {
    const id = request.url.pathname.replace('/v1/tickers/', '')
    const price = prices[id]
    return price === undefined ? { status: 404, json: notFoundBody } : { json: ticker(id, quote, price, '2025-12-01T06:20:00Z') }
  }

  it('one request per coin, the currency in upper case; a token without a CoinPaprika id is not asked', async () => {
    const api = await serve(tickers('EUR', { 'akt-akash-network': 0.468, 'tao-bittensor': 355.21, 'iot-helium-iot': 6.1e-5 }))
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([akt, tao, grass, iot], 'eur')

    expect(api.requests.map((request) => `${request.url.pathname}${request.url.search}`).sort()).toEqual([
      '/v1/tickers/akt-akash-network?quotes=EUR',
      '/v1/tickers/iot-helium-iot?quotes=EUR',
      '/v1/tickers/tao-bittensor?quotes=EUR',
    ])
    const at = Date.parse('2025-12-01T06:20:00Z')
    expect(answer).toEqual({
      host: api.host,
      problems: [],
      prices: new Map([
        ['AKT', { price: '0.468', at, change24hPct: -1.2 }],
        ['TAO', { price: '355.21', at, change24hPct: -1.2 }],
        ['IOT', { price: '0.000061', at, change24hPct: -1.2 }],
      ]),
    })
  })

  it('reads the documented body: quotes.USD.price and last_updated (the page cuts the quote before percent_change_24h: no change)', async () => {
    const api = await serve(() => ({ json: tickerBtcDocumented }))
    const btc: PricedToken = { symbol: 'BTC', priceIds: { coingecko: 'bitcoin', coinpaprika: 'btc-bitcoin' } }
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([btc], 'usd')
    expect(answer.prices.get('BTC')).toEqual({ price: '107077.69661924685', at: Date.parse('2025-06-25T10:47:48Z'), change24hPct: null })
  })

  it('reads quotes.{CUR}.percent_change_24h as the change; one that is not a number is not known', async () => {
    const api = await serve((request) => {
      const id = request.url.pathname.replace('/v1/tickers/', '')
      if (id === 'akt-akash-network') return { json: ticker(id, 'USD', 0.55, '2025-12-01T06:20:00Z', 7.83) }
      return { json: { ...(ticker(id, 'USD', 355.21) as object), quotes: { USD: { price: 355.21, percent_change_24h: 'n/a' } } } }
    })
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([akt, tao], 'usd')
    expect(answer.prices.get('AKT')?.change24hPct).toBe(7.83)
    expect(answer.prices.get('TAO')).toMatchObject({ price: '355.21', change24hPct: null })
    expect(answer.problems).toEqual([])
  })

  it('a 404 for one coin does not fail the others', async () => {
    const api = await serve(tickers('USD', { 'akt-akash-network': 0.55 }))
    const wrong: PricedToken = { symbol: 'TAO', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensr' } }
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([akt, wrong], 'usd')
    expect(answer.prices).toEqual(new Map([['AKT', { price: '0.55', at: Date.parse('2025-12-01T06:20:00Z'), change24hPct: -1.2 }]]))
    expect(answer.problems).toEqual([`${api.host} has no coin "tao-bittensr" for TAO (HTTP 404)`])
    // Alone, the wrong id is still that coin's problem, not the feed being down.
    expect(await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([wrong], 'usd')).toEqual({
      host: api.host,
      prices: new Map(),
      problems: [`${api.host} has no coin "tao-bittensr" for TAO (HTTP 404)`],
    })
  })

  it('a ticker without the asked quote, or with a price that is not one, is a problem for that coin', async () => {
    const api = await serve((request) => (request.url.pathname.endsWith('akt-akash-network') ? { json: ticker('akt-akash-network', 'USD', 0.55) } : { json: ticker('tao-bittensor', 'EUR', -3) }))
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([akt, tao], 'eur')
    expect(answer.prices.size).toBe(0)
    expect(answer.problems).toEqual([`${api.host} answered akt-akash-network for AKT without a EUR quote`, `${api.host} answered tao-bittensor for TAO with a EUR price of -3, a negative price`])
  })

  it('every coin failing is the feed failing', async () => {
    const api = await serve(() => ({ status: 500, json: { error: 'internal error' } }))
    await expect(createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([akt, tao], 'usd')).rejects.toMatchObject({
      kind: 'http',
      status: 500,
      message: `${api.host} had an internal error (HTTP 500): internal error`,
    })
    // Two coins, each tried twice.
    expect(api.requests).toHaveLength(4)
  })

  it('no token with a CoinPaprika id: nothing is asked', async () => {
    const api = await serve(() => ({ json: {} }))
    const answer = await createCoinPaprikaFeed({ http: http(), baseUrl: `${api.url}/v1` }).fetch([grass], 'usd')
    expect(answer).toEqual({ host: api.host, problems: [], prices: new Map() })
    expect(api.requests).toHaveLength(0)
  })
})

describe('the price service over both feeds', () => {
  type Mode = 'up' | 'down'
  async function feeds(gecko: (request: ApiRequest) => ApiAnswer, paprikaPrice = 0.55) {
    const state = { gecko: 'up' as Mode, paprika: 'up' as Mode, now: 1_800_000_000_000 }
    const geckoApi = await serve((request) => (state.gecko === 'up' ? gecko(request) : { status: 503, raw: '<html>down</html>' }))
    const paprikaApi = await serve((request) =>
      state.paprika === 'up' ? { json: ticker(request.url.pathname.replace('/v1/tickers/', ''), 'USD', paprikaPrice) } : { status: 502, raw: 'Bad Gateway' },
    )
    const chain = http()
    const service = new PriceService({
      primary: createCoinGeckoFeed({ http: chain, baseUrl: `${geckoApi.url}/api/v3`, now: () => state.now }),
      fallback: createCoinPaprikaFeed({ http: chain, baseUrl: `${paprikaApi.url}/v1`, now: () => state.now }),
      now: () => state.now,
    })
    return { state, geckoApi, paprikaApi, service }
  }

  it('CoinGecko rate-limited with a long Retry-After: the problem says so, is not waited out, and CoinPaprika answers', async () => {
    const { geckoApi, service } = await feeds(() => ({ status: 429, headers: { 'retry-after': '120' }, json: rateLimitedBody }))
    const { problems } = await service.refresh([akt], 'usd')
    expect(problems).toEqual([`CoinGecko: ${geckoApi.host} asked us to slow down (HTTP 429) (it asked for 120 s)`])
    expect(geckoApi.requests).toHaveLength(1)
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.55', source: 'coinpaprika', freshness: 'live', at: Date.parse('2025-12-01T06:20:00Z') })
  })

  it('CoinGecko unreachable: the fallback answers and the quote says coinpaprika', async () => {
    const port = await closedPort()
    const paprika = await serve((request) => ({ json: ticker(request.url.pathname.replace('/v1/tickers/', ''), 'USD', 355.21) }))
    const service = new PriceService({
      primary: createCoinGeckoFeed({ http: http(), baseUrl: `http://${port}/api/v3` }),
      fallback: createCoinPaprikaFeed({ http: http(), baseUrl: `${paprika.url}/v1` }),
    })
    const { problems } = await service.refresh([tao], 'usd')
    expect(problems).toEqual([`CoinGecko: ${port} refused the connection`])
    expect(service.quote('TAO', 'usd', {})).toMatchObject({ price: '355.21', source: 'coinpaprika', freshness: 'live' })
  })

  it('both down: the last good price stays, live until liveForMs after it was fetched, then cached', async () => {
    const { state, geckoApi, paprikaApi, service } = await feeds(() => json(simplePriceText('usd', { 'akash-network': { price: '0.543761', updated: updatedAt } })))
    expect((await service.refresh([akt], 'usd')).problems).toEqual([])
    state.gecko = 'down'
    state.paprika = 'down'
    state.now += 15 * 60_000
    const { problems } = await service.refresh([akt], 'usd')
    expect(problems).toEqual([
      `CoinGecko: ${geckoApi.host} had an internal error (HTTP 503)`,
      `CoinPaprika: ${paprikaApi.host} had an internal error (HTTP 502)`,
      'no USD price for AKT from CoinGecko or CoinPaprika; a last known price stays shown as cached',
    ])
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.543761', source: 'coingecko', freshness: 'live' })
    state.now += 1
    expect(service.quote('AKT', 'usd', {})).toEqual({
      token: 'AKT',
      currency: 'usd',
      price: '0.543761',
      source: 'coingecko',
      at: updatedAt * 1000,
      freshness: 'cached',
      warning: null,
      change24hPct: null,
    })
  })

  it('CoinPaprika more than 10 % off: the CoinGecko price is kept, with the warning', async () => {
    const { service } = await feeds(() => json('{"akash-network":{"usd":1.23,"last_updated_at":1764570000}}'), 1.05)
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '1.23', source: 'coingecko', warning: 'CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)' })
  })

  it("the operator's override wins over both feeds, and has no 24 h change", async () => {
    const { service } = await feeds(() => json('{"akash-network":{"usd":1.23,"usd_24h_change":-4.5}}'), 1.05)
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '1.23', change24hPct: -4.5 })
    expect(service.quote('AKT', 'usd', { AKT: '0.75' })).toMatchObject({ price: '0.75', source: 'manual', freshness: 'manual', warning: null, change24hPct: null })
  })

  it('the change comes with the price from whichever feed priced it, and stays with it while cached and across a restart', async () => {
    const { state, service } = await feeds(() => ({ status: 429, headers: { 'retry-after': '120' }, json: rateLimitedBody }))
    await service.refresh([akt], 'usd')
    // CoinGecko refused: CoinPaprika's price, and its change.
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.55', source: 'coinpaprika', freshness: 'live', change24hPct: -1.2 })
    state.paprika = 'down'
    state.now += 16 * 60_000
    await service.refresh([akt], 'usd')
    expect(service.quote('AKT', 'usd', {})).toMatchObject({ price: '0.55', freshness: 'cached', change24hPct: -1.2 })
    const restarted = new PriceService({ primary: { id: 'coingecko', fetch: () => Promise.reject(new Error('not asked')) }, fallback: { id: 'coinpaprika', fetch: () => Promise.reject(new Error('not asked')) } })
    expect(restarted.restore(service.snapshot())).toBe(1)
    expect(restarted.quote('AKT', 'usd', {})).toMatchObject({ price: '0.55', freshness: 'cached', change24hPct: -1.2 })
    // A cache written before the change was kept restores without one.
    const older = service.snapshot().map((entry) => ({ ...entry, change24hPct: undefined }))
    const fromOlder = new PriceService({ primary: { id: 'coingecko', fetch: () => Promise.reject(new Error('not asked')) }, fallback: { id: 'coinpaprika', fetch: () => Promise.reject(new Error('not asked')) } })
    fromOlder.restore(older)
    expect(fromOlder.quote('AKT', 'usd', {})).toMatchObject({ price: '0.55', change24hPct: null })
  })
})
