import { isRecord } from '../is-record.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { FetchFault, hostOf, type ChainHttp } from '../net/chain-http.ts'
import { decimalFromJsonNumber, percentFromJson, type FeedAnswer, type FeedPrice, type PriceFeed, type PricedToken } from './price-feed.ts'

/*
 * CoinPaprika `GET /tickers/{coin_id}?quotes=EUR` (https://docs.coinpaprika.com, "Get ticker by
 * ID"): independent of CoinGecko, keyless, one coin per request, so requests go out together and
 * the per-host limiter paces them. The body carries `last_updated` (ISO 8601),
 * `quotes.{CUR}.price` and `quotes.{CUR}.percent_change_24h` (signed percent). One coin's failure (a wrong id answers 404) is that coin's problem; only
 * when every request fails for want of the host has the feed failed.
 */

export type CoinPaprikaOptions = {
  http: ChainHttp
  baseUrl?: string
  /** Stands in for `last_updated` when a ticker lacks it. */
  now?: () => number
}

const publicBaseUrl = 'https://api.coinpaprika.com/v1'

type TickerOutcome = { ok: true; body: unknown } | { ok: false; fault: FetchFault }

export function createCoinPaprikaFeed(options: CoinPaprikaOptions): PriceFeed {
  const { http } = options
  const baseUrl = (options.baseUrl ?? publicBaseUrl).replace(/\/+$/, '')
  const host = hostOf(baseUrl)
  const now = options.now ?? Date.now

  const ticker = async (coinId: string, quote: string, signal?: AbortSignal): Promise<TickerOutcome> => {
    try {
      const url = `${baseUrl}/tickers/${encodeURIComponent(coinId)}?quotes=${quote}`
      return { ok: true, body: await http.getJson(url, signal === undefined ? {} : { signal }) }
    } catch (error) {
      if (error instanceof FetchFault) return { ok: false, fault: error }
      // A cancel during a retry's backoff arrives as the signal's own reason, not as a fault.
      const why = signal?.aborted ? 'the read was cancelled' : String(error)
      return { ok: false, fault: new FetchFault('unreachable', host, `stopped asking ${host}: ${why}`) }
    }
  }

  return {
    id: 'coinpaprika',
    async fetch(tokens: readonly PricedToken[], currency: Currency, signal?: AbortSignal): Promise<FeedAnswer> {
      const quote = currency.toUpperCase()
      const coinIds = [...new Set(tokens.flatMap((token) => (token.priceIds.coinpaprika === undefined ? [] : [token.priceIds.coinpaprika])))]
      if (coinIds.length === 0) return { prices: new Map(), host, problems: [] }
      const outcomes = new Map(await Promise.all(coinIds.map(async (id) => [id, await ticker(id, quote, signal)] as const)))
      // A 404 is an answer about one coin id from a host that is up; any other fault on every coin means the feed is down.
      const down = [...outcomes.values()].flatMap((outcome) => (outcome.ok || outcome.fault.status === 404 ? [] : [outcome.fault]))
      const [firstFault] = down
      if (firstFault !== undefined && down.length === coinIds.length) throw firstFault

      const prices = new Map<string, FeedPrice>()
      const problems: string[] = []
      const fetchedAt = now()
      for (const token of tokens) {
        const coinId = token.priceIds.coinpaprika
        const outcome = coinId === undefined ? undefined : outcomes.get(coinId)
        if (coinId === undefined || outcome === undefined) continue
        if (!outcome.ok) {
          problems.push(outcome.fault.status === 404 ? `${host} has no coin "${coinId}" for ${token.symbol} (HTTP 404)` : `${token.symbol}: ${outcome.fault.message}`)
          continue
        }
        const read = readTicker(outcome.body, quote)
        if (typeof read === 'string') {
          problems.push(`${host} answered ${coinId} for ${token.symbol} ${read}`)
          continue
        }
        prices.set(token.symbol, { price: read.price, at: read.at ?? fetchedAt, change24hPct: read.change24hPct })
      }
      return { prices, host, problems }
    },
  }
}

/** The price in `quote`, its time and 24-hour change, or what is wrong with the ticker, in words. */
function readTicker(body: unknown, quote: string): { price: string; at: number | null; change24hPct: number | null } | string {
  if (!isRecord(body)) return 'with something that is not a ticker'
  const quotes = body.quotes
  const entry = isRecord(quotes) && Object.hasOwn(quotes, quote) ? quotes[quote] : undefined
  if (!isRecord(entry)) return `without a ${quote} quote`
  const parsed = decimalFromJsonNumber(entry.price)
  if (!parsed.ok) return `with a ${quote} price of ${parsed.why}`
  const updated = typeof body.last_updated === 'string' ? Date.parse(body.last_updated) : Number.NaN
  return { price: parsed.price, at: Number.isFinite(updated) ? updated : null, change24hPct: percentFromJson(entry.percent_change_24h) }
}
