import { isRecord } from '../is-record.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { FetchFault, hostOf, type ChainHttp } from '../net/chain-http.ts'
import { decimalFromJsonNumber } from './price-feed.ts'

/*
 * The two historical price series the daily prices read, each turned into one price per UTC day.
 *
 * CoinGecko `GET /coins/{id}/market_chart/range?vs_currency=&from=&to=&precision=full`
 * (https://docs.coingecko.com/v3.0.1/reference/coins-id-market-chart-range): `{ prices: [[ms,
 * price], …], market_caps, total_volumes }`. Granularity is automatic: 5-minutely for one day
 * from now, hourly for up to 90 days, daily "(00:00 UTC)" above 90 days. Keyless and Demo access
 * reaches back 365 days only; further back answers HTTP 401 with CoinGecko error 10012 ("Your
 * request exceeds the allowed time range…").
 *
 * CoinPaprika `GET /tickers/{coin_id}/historical?start=YYYY-MM-DD&interval=1d&quote=usd`
 * (https://docs.coinpaprika.com/api-reference/tickers/get-historical-ticks-for-a-specific-coin):
 * `[{ timestamp: ISO 8601, price, volume_24h, market_cap }]`, `quote` only `usd` or `btc`, at most
 * 5,000 rows (1,000 by default), daily ticks on the free plan for the last year only; an older
 * `start` answers HTTP 402 "Getting daily historical data before … is not allowed in this plan".
 */

export const dayMs = 86_400_000

/** Prices by UTC day ('YYYY-MM-DD'), and what could not be read, in words. */
export type DaySeries = { days: Map<string, string>; problems: string[] }

/** 'YYYY-MM-DD' of the UTC day `ms` falls in. */
export function utcDay(ms: number): string {
  return new Date(ms - (((ms % dayMs) + dayMs) % dayMs)).toISOString().slice(0, 10)
}

/** 00:00 UTC of the day `ms` falls in. */
export function dayStartOf(ms: number): number {
  return ms - (((ms % dayMs) + dayMs) % dayMs)
}

/**
 * One price per UTC day: the first point at or after the day's 00:00. That is the point CoinGecko
 * stamps 00:00 UTC in its daily series, and the first hourly (or 5-minute) point of the day, a few
 * seconds after 00:00, in the finer ones: a day gets the price of its first moments however long
 * the asked range was, and the ticks of CoinPaprika's daily series (00:00 UTC) agree. A point just
 * before midnight belongs to the day before, which it describes.
 */
export function firstOfEachDay(points: readonly { at: number; price: string }[]): Map<string, string> {
  const days = new Map<string, { at: number; price: string }>()
  for (const point of points) {
    const day = utcDay(point.at)
    const kept = days.get(day)
    if (kept === undefined || point.at < kept.at) days.set(day, point)
  }
  return new Map([...days].map(([day, { price }]) => [day, price]))
}

export type CoinGeckoRangeAsk = { coinId: string; currency: Currency; fromMs: number; toMs: number }

export async function coinGeckoRange(http: ChainHttp, baseUrl: string, headers: Record<string, string>, ask: CoinGeckoRangeAsk, signal?: AbortSignal): Promise<DaySeries> {
  const host = hostOf(baseUrl)
  const query = `vs_currency=${ask.currency}&from=${Math.floor(ask.fromMs / 1000)}&to=${Math.floor(ask.toMs / 1000)}&precision=full`
  const url = `${baseUrl}/coins/${encodeURIComponent(ask.coinId)}/market_chart/range?${query}`
  const body = await http.getJson(url, { headers, ...(signal === undefined ? {} : { signal }) })
  if (!isRecord(body) || !Array.isArray(body.prices)) throw new FetchFault('malformed', host, `${host} answered the price history request without a list of prices`)
  const points: { at: number; price: string }[] = []
  const bad: string[] = []
  for (const entry of body.prices as unknown[]) {
    const at = Array.isArray(entry) ? (entry[0] as unknown) : undefined
    const parsed = Array.isArray(entry) ? decimalFromJsonNumber(entry[1]) : ({ ok: false, why: 'not a [time, price] pair' } as const)
    if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) bad.push('a point without a time in ms')
    else if (!parsed.ok) bad.push(`a price of ${parsed.why} at ${new Date(at).toISOString()}`)
    else points.push({ at, price: parsed.price })
  }
  return { days: firstOfEachDay(points), problems: summarise(host, ask.coinId, bad) }
}

export type CoinPaprikaTicksAsk = { coinId: string; quote: 'usd'; startDay: string; endDay: string | null }

export async function coinPaprikaTicks(http: ChainHttp, baseUrl: string, ask: CoinPaprikaTicksAsk, signal?: AbortSignal): Promise<DaySeries> {
  const host = hostOf(baseUrl)
  // `end` defaults to now; it is left out where the day after the last one asked has not begun.
  const end = ask.endDay === null ? '' : `&end=${ask.endDay}`
  const url = `${baseUrl}/tickers/${encodeURIComponent(ask.coinId)}/historical?start=${ask.startDay}${end}&interval=1d&quote=${ask.quote}`
  const body = await http.getJson(url, signal === undefined ? {} : { signal })
  if (!Array.isArray(body)) throw new FetchFault('malformed', host, `${host} answered the historical ticks request without a list of ticks`)
  const points: { at: number; price: string }[] = []
  const bad: string[] = []
  for (const tick of body as unknown[]) {
    const at = isRecord(tick) && typeof tick.timestamp === 'string' ? Date.parse(tick.timestamp) : Number.NaN
    const parsed = isRecord(tick) ? decimalFromJsonNumber(tick.price) : ({ ok: false, why: 'not a tick' } as const)
    if (!Number.isFinite(at)) bad.push('a tick without a readable timestamp')
    else if (!parsed.ok) bad.push(`a price of ${parsed.why} at ${new Date(at).toISOString()}`)
    else points.push({ at, price: parsed.price })
  }
  return { days: firstOfEachDay(points), problems: summarise(host, ask.coinId, bad) }
}

/** Unreadable points in one line: the count and the first, not one line per point of a year. */
function summarise(host: string, coinId: string, bad: readonly string[]): string[] {
  const [first] = bad
  if (first === undefined) return []
  const more = bad.length === 1 ? '' : ` (and ${bad.length - 1} more)`
  return [`${host}: ${coinId} came with ${first}${more}, skipped`]
}
