import { isRecord } from '../is-record.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { FetchFault, hostOf, type ChainHttp } from '../net/chain-http.ts'
import { decimalFromJsonNumber, percentFromJson, type FeedAnswer, type FeedPrice, type PriceFeed, type PricedToken } from './price-feed.ts'

/*
 * CoinGecko `GET /simple/price` (https://docs.coingecko.com/v3.0.1/reference/simple-price): one
 * request carries every id, which matters on a keyless quota of a few calls a minute. The body is
 * `{ "<id>": { "<currency>": price, "<currency>_24h_change": percent, "last_updated_at": seconds } }`
 * (the change with `include_24hr_change=true`; the page notes it is null for a stale price); an id
 * CoinGecko does not know is simply absent. A Demo key goes in `x-cg-demo-api-key`; a Pro key in `x-cg-pro-api-key`, on
 * the Pro host (https://docs.coingecko.com/docs/common-errors-rate-limit: error 10010/10011 is a
 * key sent to the other plan's host).
 */

export type CoinGeckoKey = { kind: 'demo' | 'pro'; key: string }

export type CoinGeckoOptions = {
  http: ChainHttp
  baseUrl?: string
  apiKey?: CoinGeckoKey
  /** Stands in for `last_updated_at` when an entry lacks it. */
  now?: () => number
}

const publicBaseUrl = 'https://api.coingecko.com/api/v3'
const proBaseUrl = 'https://pro-api.coingecko.com/api/v3'

export function createCoinGeckoFeed(options: CoinGeckoOptions): PriceFeed {
  const { http, apiKey } = options
  const baseUrl = (options.baseUrl ?? (apiKey?.kind === 'pro' ? proBaseUrl : publicBaseUrl)).replace(/\/+$/, '')
  const now = options.now ?? Date.now
  const headers: Record<string, string> = apiKey === undefined ? {} : { [apiKey.kind === 'pro' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key']: apiKey.key }

  return {
    id: 'coingecko',
    async fetch(tokens: readonly PricedToken[], currency: Currency, signal?: AbortSignal): Promise<FeedAnswer> {
      const host = hostOf(baseUrl)
      const ids = [...new Set(tokens.flatMap((token) => (token.priceIds.coingecko === undefined ? [] : [token.priceIds.coingecko])))]
      if (ids.length === 0) return { prices: new Map(), host, problems: [] }
      const query = `ids=${ids.map(encodeURIComponent).join(',')}&vs_currencies=${currency}&include_last_updated_at=true&include_24hr_change=true`
      const body = await http.getJson(`${baseUrl}/simple/price?${query}`, { headers, ...(signal === undefined ? {} : { signal }) })
      if (!isRecord(body)) throw new FetchFault('malformed', host, `${host} answered the price request with ${describe(body)}, not a table of prices by coin id`)

      const prices = new Map<string, FeedPrice>()
      const problems: string[] = []
      const fetchedAt = now()
      for (const { symbol, priceIds } of tokens) {
        const id = priceIds.coingecko
        if (id === undefined || !Object.hasOwn(body, id)) continue
        const entry = body[id]
        if (!isRecord(entry) || !Object.hasOwn(entry, currency)) continue
        const parsed = decimalFromJsonNumber(entry[currency])
        if (!parsed.ok) {
          problems.push(`${host} gave ${symbol} (${id}) a ${currency.toUpperCase()} price of ${parsed.why}`)
          continue
        }
        const updated = entry.last_updated_at
        const at = typeof updated === 'number' && Number.isInteger(updated) && updated > 0 ? updated * 1000 : fetchedAt
        prices.set(symbol, { price: parsed.price, at, change24hPct: percentFromJson(entry[`${currency}_24h_change`]) })
      }
      return { prices, host, problems }
    },
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  return `a ${typeof value}`
}
