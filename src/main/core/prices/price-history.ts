import type { Currency } from '../../../shared/contract/wallets.ts'
import { FetchFault, hostOf, type ChainHttp } from '../net/chain-http.ts'
import type { CoinGeckoKey } from './coingecko.ts'
import type { FeedId, PricedToken } from './price-feed.ts'
import { coinGeckoRange, coinPaprikaTicks, dayMs, dayStartOf, utcDay, type DaySeries } from './price-history-feeds.ts'

/*
 * Prices of the day, for rewards found in the past: each UTC day's price of a token, from
 * CoinGecko's market_chart/range, with CoinPaprika's historical ticks for the days CoinGecko does
 * not give, kept in a cache (the ledger database) so that a day is fetched once, ever.
 *
 * One request prices a whole range of days, and a request never covers fewer than 92 days when the
 * API's reach allows it: above 90 days CoinGecko answers one 00:00 UTC point a day, so the
 * answer is small and the same for every range, and the days around the one asked for are
 * cached for the inflows that follow (the runner walks back in time).
 *
 * Without a Pro key neither API reaches further back than a year (CoinGecko: "the past 365 days",
 * error 10012; CoinPaprika's free plan: "last 1 year"), so older days are not asked for at all and
 * come back unpriced, saying so. A day that has not ended gets a price that is not final: it is
 * kept in memory for a while, never cached. A source that fails in a way that may pass (timeout,
 * 429, 5xx) leaves its days unknown, not unpriced: `priceOn` throws, and asking again later prices
 * them. CoinGecko's 429 pauses it for its Retry-After (a minute without one) while CoinPaprika
 * answers.
 */

export { dayStartOf, utcDay } from './price-history-feeds.ts'

export type DailyPrice = { price: string; source: FeedId }
export type DailyPriceEntry = DailyPrice & { symbol: string; currency: Currency; day: string }

/** Where final daily prices are kept: `day` is 'YYYY-MM-DD' (UTC). `put` gets only days not yet kept; a day kept stays as it is. */
export type DailyPriceCache = {
  get(symbol: string, currency: Currency, day: string): DailyPrice | undefined
  put(entries: readonly DailyPriceEntry[]): void
}

export type DailyPricesOptions = {
  http: ChainHttp
  cache: DailyPriceCache
  /** Base URLs instead of the public ones: the `priceFeeds` the live feeds take. */
  priceFeeds?: { coingecko?: string; coinpaprika?: string }
  /** A Pro key lifts CoinGecko's 365-day reach; a Demo key does not. */
  apiKey?: CoinGeckoKey
  now?: () => number
  /** How long the price of a day that has not ended is reused before it is asked again. */
  provisionalForMs?: number
  /** How long CoinGecko is left alone after a 429 that names no Retry-After. */
  rateLimitPauseMs?: number
}

/** What a prefetch did: days in the range that have begun, how many are priced, which are not and which are still unknown. */
export type PrefetchReport = {
  days: number
  priced: number
  /** Days no source has a price for; `unpricedWhy` says why. Not asked again by this instance. */
  unpriced: string[]
  /** Days left unknown because a source failed in a way that may pass; `fault` is that failure. */
  failed: string[]
  fault: FetchFault | null
  requests: number
  /** Points a source sent that could not be read, in words. */
  problems: string[]
}

const publicGeckoUrl = 'https://api.coingecko.com/api/v3'
const proGeckoUrl = 'https://pro-api.coingecko.com/api/v3'
const publicPaprikaUrl = 'https://api.coinpaprika.com/v1'
/** Above 90 days CoinGecko answers daily points; 92 leaves a day either side of its boundary. */
const minGeckoSpanMs = 92 * dayMs

type Lookup = {
  wanted: Set<number>
  found: Map<number, DailyPrice>
  why: Map<number, string[]>
  recoverable: Set<number>
  fault: FetchFault | null
  report: PrefetchReport
}

export class DailyPrices {
  readonly #http: ChainHttp
  readonly #cache: DailyPriceCache
  readonly #geckoUrl: string
  readonly #paprikaUrl: string
  readonly #geckoHeaders: Record<string, string>
  readonly #geckoReachesAll: boolean
  readonly #now: () => number
  readonly #provisionalForMs: number
  readonly #pauseMs: number
  readonly #provisional = new Map<string, DailyPrice & { fetchedAt: number }>()
  readonly #settled = new Map<string, string>()
  readonly #queues = new Map<string, Promise<unknown>>()
  #geckoPausedUntil = 0
  #requests = 0

  constructor(options: DailyPricesOptions) {
    const { apiKey } = options
    this.#http = options.http
    this.#cache = options.cache
    this.#geckoUrl = (options.priceFeeds?.coingecko ?? (apiKey?.kind === 'pro' ? proGeckoUrl : publicGeckoUrl)).replace(/\/+$/, '')
    this.#paprikaUrl = (options.priceFeeds?.coinpaprika ?? publicPaprikaUrl).replace(/\/+$/, '')
    this.#geckoHeaders = apiKey === undefined ? {} : { [apiKey.kind === 'pro' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key']: apiKey.key }
    this.#geckoReachesAll = apiKey?.kind === 'pro'
    this.#now = options.now ?? Date.now
    this.#provisionalForMs = options.provisionalForMs ?? 15 * 60_000
    this.#pauseMs = options.rateLimitPauseMs ?? 60_000
  }

  /** Requests sent since this was built, for the progress figures. */
  get requests(): number {
    return this.#requests
  }

  /**
   * The price of the UTC day `at` falls in (any instant of it). Null: a unit no feed prices (a
   * subnet's alpha, a credit), a day not begun, or a day no source has a price for. Throws the
   * FetchFault when a source that may have the price failed in a way that may pass.
   */
  async priceOn(token: PricedToken, currency: Currency, at: number, signal?: AbortSignal): Promise<DailyPrice | null> {
    const start = dayStartOf(at)
    if (!priceable(token) || start > this.#now()) return null
    const known = this.#known(token.symbol, currency, start)
    if (known !== undefined) return known
    const { report, found } = await this.#queued(token, currency, start, start + dayMs, signal)
    const price = found.get(start) ?? this.#known(token.symbol, currency, start)
    if (price !== undefined) return price
    throw report.fault ?? new FetchFault('unreachable', hostOf(this.#geckoUrl), `no ${currency.toUpperCase()} price for ${token.symbol} on ${utcDay(start)} yet`)
  }

  /** Why `priceOn` answered null for that day, in words; null when it did not (or was not asked). */
  unpricedWhy(token: PricedToken, currency: Currency, at: number): string | null {
    const start = dayStartOf(at)
    if (!priceable(token)) return `${token.symbol} has no market price: no price feed lists it`
    if (start > this.#now()) return `${utcDay(start)} has not begun`
    return this.#settled.get(key(token.symbol, currency, start)) ?? null
  }

  /** Prices every day that overlaps [fromMs, toMs) and has begun, in as few requests as the APIs allow; faults come back in the report. */
  async prefetch(token: PricedToken, currency: Currency, fromMs: number, toMs: number, signal?: AbortSignal): Promise<PrefetchReport> {
    return (await this.#queued(token, currency, fromMs, toMs, signal)).report
  }

  /** One lookup per token and currency at a time: a second caller then finds the first one's days known. */
  async #queued(token: PricedToken, currency: Currency, fromMs: number, toMs: number, signal?: AbortSignal): Promise<{ report: PrefetchReport; found: Map<number, DailyPrice> }> {
    const queue = `${currency}:${token.symbol}`
    const run = (this.#queues.get(queue) ?? Promise.resolve()).catch(() => undefined).then(() => this.#prefetch(token, currency, fromMs, toMs, signal))
    this.#queues.set(queue, run)
    try {
      return await run
    } finally {
      if (this.#queues.get(queue) === run) this.#queues.delete(queue)
    }
  }

  async #prefetch(token: PricedToken, currency: Currency, fromMs: number, toMs: number, signal?: AbortSignal): Promise<{ report: PrefetchReport; found: Map<number, DailyPrice> }> {
    const now = this.#now()
    const report: PrefetchReport = { days: 0, priced: 0, unpriced: [], failed: [], fault: null, requests: 0, problems: [] }
    const wanted: number[] = []
    for (let day = dayStartOf(fromMs); day < toMs && day <= now; day += dayMs) {
      report.days++
      const known = priceable(token) ? this.#known(token.symbol, currency, day) : null
      if (known === null) report.unpriced.push(utcDay(day))
      else if (known === undefined) wanted.push(day)
      else report.priced++
    }
    if (wanted.length === 0) return { report, found: new Map() }
    const lookup: Lookup = { wanted: new Set(wanted), found: new Map(), why: new Map(), recoverable: new Set(), fault: null, report }
    await this.#fromCoinGecko(token, currency, wanted, lookup, signal)
    await this.#fromCoinPaprika(token, currency, wanted.filter((day) => !lookup.found.has(day)), lookup, signal)
    this.#settle(token, currency, wanted, lookup)
    return { report, found: lookup.found }
  }

  async #fromCoinGecko(token: PricedToken, currency: Currency, days: readonly number[], lookup: Lookup, signal?: AbortSignal): Promise<void> {
    const coinId = token.priceIds.coingecko
    if (coinId === undefined) return note(lookup, days, 'CoinGecko lists no id for it')
    const now = this.#now()
    const floor = this.#geckoReachesAll ? -Infinity : firstServedDay(now)
    note(lookup, days.filter((day) => day < floor), "CoinGecko's public API serves only the past 365 days")
    const asked = days.filter((day) => day >= floor)
    const [first] = asked
    const last = asked.at(-1)
    if (first === undefined || last === undefined) return
    const host = hostOf(this.#geckoUrl)
    if (now < this.#geckoPausedUntil) {
      const fault = new FetchFault('rate-limited', host, `${host} asked us to slow down (HTTP 429); not asked again before ${new Date(this.#geckoPausedUntil).toISOString()}`)
      return note(lookup, asked, `CoinGecko: ${fault.message}`, fault)
    }
    const window = geckoWindow(first, last, floor, now)
    try {
      this.#count(lookup)
      const series = await coinGeckoRange(this.#http, this.#geckoUrl, this.#geckoHeaders, { coinId, currency, ...window }, signal)
      this.#keep(token.symbol, currency, 'coingecko', series, lookup)
      note(lookup, asked.filter((day) => !lookup.found.has(day)), 'CoinGecko has no price that day')
    } catch (error) {
      const fault = asFault(error, signal)
      if (fault.kind === 'rate-limited') this.#geckoPausedUntil = now + (fault.retryAfterMs ?? this.#pauseMs)
      // A keyless 401 here is error 10012: the range reaches past the 365 days (a clock ahead of CoinGecko's, say).
      const keyless = fault.status === 401 && this.#geckoHeaders['x-cg-demo-api-key'] === undefined && !this.#geckoReachesAll
      const said = keyless ? `${host} refused the range (HTTP 401): without a key it serves only the past 365 days` : fault.message
      note(lookup, asked, `CoinGecko: ${said}`, fault)
    }
  }

  async #fromCoinPaprika(token: PricedToken, currency: Currency, days: readonly number[], lookup: Lookup, signal?: AbortSignal): Promise<void> {
    const coinId = token.priceIds.coinpaprika
    if (coinId === undefined) return note(lookup, days, 'CoinPaprika lists no id for it')
    if (currency !== 'usd') return note(lookup, days, `CoinPaprika's historical ticks come in USD or BTC, not ${currency.toUpperCase()}`)
    const now = this.#now()
    const floor = firstServedDay(now)
    note(lookup, days.filter((day) => day < floor), "CoinPaprika's free plan serves only the last year")
    const asked = days.filter((day) => day >= floor)
    const [first] = asked
    const last = asked.at(-1)
    if (first === undefined || last === undefined) return
    const endDay = last + dayMs <= now ? utcDay(last + dayMs) : null
    try {
      this.#count(lookup)
      const series = await coinPaprikaTicks(this.#http, this.#paprikaUrl, { coinId, quote: 'usd', startDay: utcDay(first), endDay }, signal)
      this.#keep(token.symbol, currency, 'coinpaprika', series, lookup)
      note(lookup, asked.filter((day) => !lookup.found.has(day)), 'CoinPaprika has no tick that day')
    } catch (error) {
      const fault = asFault(error, signal)
      note(lookup, asked, `CoinPaprika: ${fault.message}`, fault)
    }
  }

  /** Takes a series in: ended days into the cache (those not there yet), today's price in memory; marks the wanted days found. */
  #keep(symbol: string, currency: Currency, source: FeedId, series: DaySeries, lookup: Lookup): void {
    const now = this.#now()
    const entries: DailyPriceEntry[] = []
    lookup.report.problems.push(...series.problems)
    for (const [day, price] of series.days) {
      const start = Date.parse(`${day}T00:00:00Z`)
      if (start > now) continue
      if (start + dayMs > now) this.#provisional.set(key(symbol, currency, start), { price, source, fetchedAt: now })
      else if (this.#cache.get(symbol, currency, day) === undefined) entries.push({ symbol, currency, day, price, source })
      this.#settled.delete(key(symbol, currency, start))
      if (lookup.wanted.has(start) && !lookup.found.has(start)) lookup.found.set(start, { price, source })
    }
    if (entries.length > 0) this.#cache.put(entries)
  }

  #settle(token: PricedToken, currency: Currency, wanted: readonly number[], lookup: Lookup): void {
    const { report } = lookup
    for (const day of wanted) {
      if (lookup.found.has(day)) report.priced++
      else if (lookup.recoverable.has(day)) report.failed.push(utcDay(day))
      else {
        report.unpriced.push(utcDay(day))
        const why = (lookup.why.get(day) ?? []).join('; ')
        this.#settled.set(key(token.symbol, currency, day), `no ${currency.toUpperCase()} price for ${token.symbol} on ${utcDay(day)}: ${why}`)
      }
    }
    const { fault } = lookup
    if (report.failed.length === 0 || fault === null) return
    const days = report.failed.length === 1 ? `on ${report.failed[0] ?? ''}` : `for ${report.failed.length} days`
    const why = [...new Set(report.failed.flatMap((day) => lookup.why.get(Date.parse(`${day}T00:00:00Z`)) ?? []))].join('; ')
    report.fault = new FetchFault(fault.kind, fault.host, `no ${currency.toUpperCase()} price for ${token.symbol} ${days} yet: ${why}`, {
      ...(fault.status === undefined ? {} : { status: fault.status }),
      ...(fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs }),
    })
  }

  /** A price (cached, or today's still fresh), null (settled: no source has one), or undefined (not known yet). */
  #known(symbol: string, currency: Currency, start: number): DailyPrice | null | undefined {
    const cached = this.#cache.get(symbol, currency, utcDay(start))
    if (cached !== undefined) return { price: cached.price, source: cached.source }
    const now = this.#now()
    const provisional = this.#provisional.get(key(symbol, currency, start))
    if (provisional !== undefined && start + dayMs > now && now - provisional.fetchedAt <= this.#provisionalForMs) return { price: provisional.price, source: provisional.source }
    return this.#settled.has(key(symbol, currency, start)) ? null : undefined
  }

  #count(lookup: Lookup): void {
    this.#requests++
    lookup.report.requests++
  }
}

/** A memory cache, for tests and for running without a ledger database. */
export function createMemoryDailyPriceCache(initial: readonly DailyPriceEntry[] = []): DailyPriceCache & { entries(): DailyPriceEntry[] } {
  const kept = new Map<string, DailyPriceEntry>()
  const put = (entries: readonly DailyPriceEntry[]): void => {
    for (const entry of entries) {
      const id = `${entry.currency}:${entry.symbol}:${entry.day}`
      if (!kept.has(id)) kept.set(id, { ...entry })
    }
  }
  put(initial)
  return {
    get: (symbol, currency, day) => {
      const entry = kept.get(`${currency}:${symbol}:${day}`)
      return entry === undefined ? undefined : { price: entry.price, source: entry.source }
    },
    put,
    entries: () => [...kept.values()].map((entry) => ({ ...entry })),
  }
}

function priceable(token: PricedToken): boolean {
  return token.priceIds.coingecko !== undefined || token.priceIds.coinpaprika !== undefined
}

function key(symbol: string, currency: Currency, start: number): string {
  return `${currency}:${symbol}:${start}`
}

/** The first whole UTC day inside "the past 365 days", with up to a day's margin for clocks that disagree. */
function firstServedDay(now: number): number {
  return dayStartOf(now - 365 * dayMs) + dayMs
}

/** [from, to) covering the days asked, widened to at least 92 days (back first, the way the runner walks) within [floor, now]. */
function geckoWindow(first: number, last: number, floor: number, now: number): { fromMs: number; toMs: number } {
  let toMs = Math.min(last + dayMs, now)
  let fromMs = first
  if (toMs - fromMs < minGeckoSpanMs) fromMs = Math.max(floor, toMs - minGeckoSpanMs)
  if (toMs - fromMs < minGeckoSpanMs) toMs = Math.min(now, fromMs + minGeckoSpanMs)
  return { fromMs, toMs }
}

function note(lookup: Lookup, days: readonly number[], reason: string, fault?: FetchFault): void {
  for (const day of days) {
    lookup.why.set(day, [...(lookup.why.get(day) ?? []), reason])
    if (fault?.retryable === true) lookup.recoverable.add(day)
  }
  if (fault?.retryable === true && days.length > 0) lookup.fault = fault
}

/** ChainHttp answers every failure as a FetchFault; anything else is a cancel (passed on) or a bug (likewise). */
function asFault(error: unknown, signal?: AbortSignal): FetchFault {
  if (error instanceof FetchFault && signal?.aborted !== true) return error
  throw error
}
