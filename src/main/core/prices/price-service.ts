import { currencies, type Currency, type PriceQuote } from '../../../shared/contract/wallets.ts'
import { FetchFault } from '../net/chain-http.ts'
import { feedNames, type FeedAnswer, type FeedId, type FeedPrice, type PriceFeed, type PricedToken } from './price-feed.ts'
import { Fiat } from './token-value.ts'

/*
 * Prices with a fallback, a cache and a sanity check. The primary feed prices what it can in one
 * call; whatever it could not price (everything, when it is down) goes to the fallback. Every
 * `crossCheckEveryMs` a token the primary priced is also asked of the fallback, and a
 * disagreement beyond the threshold is carried on the quote as a warning while the primary's
 * price is kept: two feeds that disagree do not say which one is wrong, CoinGecko aggregates more
 * markets than CoinPaprika, and switching feeds on every disagreement would make the figure jump
 * between sources. The warning puts the question to the operator, whose manual override wins
 * over both. Feed faults never throw out of here; they come back as `problems`, in words.
 */

/** One cached price as plain JSON, for persisting across restarts. */
export type PriceCacheEntry = {
  symbol: string
  currency: Currency
  price: string
  source: string
  /** When the feed says the price was current (ms). */
  at: number
  /** When we got it (ms). */
  fetchedAt: number
  warning?: string | null
  /** Absent in caches written before the change was kept. */
  change24hPct?: number | null
}

export type PriceServiceOptions = {
  primary: PriceFeed
  fallback: PriceFeed
  now?: () => number
  /** Relative disagreement (of the lower price) above which a quote carries a warning. */
  outlierThreshold?: number
  crossCheckEveryMs?: number
  /** A price fetched this recently is 'live'; older ones are 'cached'. */
  liveForMs?: number
}

type Cached = {
  symbol: string
  currency: Currency
  price: string
  source: FeedId
  at: number
  fetchedAt: number
  warning: string | null
  change24hPct: number | null
  restored: boolean
}

const decimalString = /^\d{1,30}(\.\d{1,30})?$/

export class PriceService {
  readonly #primary: PriceFeed
  readonly #fallback: PriceFeed
  readonly #now: () => number
  readonly #threshold: number
  readonly #crossCheckEveryMs: number
  readonly #liveForMs: number
  readonly #cache = new Map<string, Cached>()
  readonly #crossCheckedAt = new Map<string, number>()

  constructor(options: PriceServiceOptions) {
    this.#primary = options.primary
    this.#fallback = options.fallback
    this.#now = options.now ?? Date.now
    this.#threshold = options.outlierThreshold ?? 0.1
    this.#crossCheckEveryMs = options.crossCheckEveryMs ?? 30 * 60_000
    this.#liveForMs = options.liveForMs ?? 15 * 60_000
  }

  async refresh(tokens: readonly PricedToken[], currency: Currency, signal?: AbortSignal): Promise<{ problems: string[] }> {
    const problems: string[] = []
    // A token no feed has an id for (a non-transferable credit, say) is not priced, and that is not a problem.
    const priceable = tokens.filter(({ priceIds }) => priceIds.coingecko !== undefined || priceIds.coinpaprika !== undefined)
    const wanted = [...new Map(priceable.map((token) => [token.symbol, token])).values()]
    if (wanted.length === 0) return { problems }
    const primary = await this.#ask(this.#primary, wanted, currency, problems, signal)
    const primaryPrices = primary?.prices ?? new Map<string, FeedPrice>()

    const now = this.#now()
    const unpriced = wanted.filter((token) => !primaryPrices.has(token.symbol))
    const due = wanted.filter((token) => primaryPrices.has(token.symbol) && now - (this.#crossCheckedAt.get(cacheKey(token.symbol, currency)) ?? -Infinity) >= this.#crossCheckEveryMs)
    const askFallback = [...unpriced, ...due]
    const asked = askFallback.length > 0 && signal?.aborted !== true
    const fallback = asked ? await this.#ask(this.#fallback, askFallback, currency, problems, signal) : null
    const fallbackPrices = fallback?.prices ?? new Map<string, FeedPrice>()
    // A cross-check counts as done even when the fallback failed: a feed that is down is not asked again on every refresh.
    if (asked) for (const token of due) this.#crossCheckedAt.set(cacheKey(token.symbol, currency), now)

    const fetchedAt = this.#now()
    const missing: string[] = []
    for (const { symbol } of wanted) {
      const key = cacheKey(symbol, currency)
      const previous = this.#cache.get(key)
      const fromPrimary = primaryPrices.get(symbol)
      const fromFallback = fallbackPrices.get(symbol)
      if (fromPrimary !== undefined) {
        const checked = due.some((token) => token.symbol === symbol) && fromFallback !== undefined
        const kept = previous?.source === this.#primary.id ? previous.warning : null
        const warning = checked ? this.#disagreement(fromPrimary.price, fromFallback.price) : kept
        this.#cache.set(key, { symbol, currency, ...fromPrimary, source: this.#primary.id, fetchedAt, warning, restored: false })
      } else if (fromFallback !== undefined) {
        this.#cache.set(key, { symbol, currency, ...fromFallback, source: this.#fallback.id, fetchedAt, warning: null, restored: false })
      } else {
        missing.push(symbol)
      }
    }
    if (missing.length > 0) {
      const names = `${feedNames[this.#primary.id]} or ${feedNames[this.#fallback.id]}`
      problems.push(`no ${currency.toUpperCase()} price for ${missing.join(', ')} from ${names}; a last known price stays shown as cached`)
    }
    return { problems }
  }

  /** The operator's override, else the cached price marked live or cached; null when never priced in this currency. */
  quote(symbol: string, currency: Currency, overrides: Readonly<Record<string, string>>): PriceQuote | null {
    const override = Object.hasOwn(overrides, symbol) ? overrides[symbol] : undefined
    // Settings validate overrides; one that is not a price anyway is ignored rather than shown.
    if (override !== undefined && decimalString.test(override)) {
      return { token: symbol, currency, price: override, source: 'manual', at: this.#now(), freshness: 'manual', warning: null, change24hPct: null }
    }
    const cached = this.#cache.get(cacheKey(symbol, currency))
    if (cached === undefined) return null
    const live = !cached.restored && this.#now() - cached.fetchedAt <= this.#liveForMs
    const { price, source, at, warning, change24hPct } = cached
    return { token: symbol, currency, price, source, at, freshness: live ? 'live' : 'cached', warning, change24hPct }
  }

  snapshot(): PriceCacheEntry[] {
    return [...this.#cache.values()].map(({ symbol, currency, price, source, at, fetchedAt, warning, change24hPct }) => ({ symbol, currency, price, source, at, fetchedAt, warning, change24hPct }))
  }

  /** Takes back persisted entries as 'cached' until the next refresh; skips any that are not a valid entry. Returns how many it kept. */
  restore(entries: readonly PriceCacheEntry[]): number {
    let kept = 0
    for (const entry of entries) {
      const cached = fromEntry(entry)
      if (cached === null) continue
      const key = cacheKey(cached.symbol, cached.currency)
      const current = this.#cache.get(key)
      if (current !== undefined && current.fetchedAt >= cached.fetchedAt) continue
      this.#cache.set(key, cached)
      kept++
    }
    return kept
  }

  async #ask(feed: PriceFeed, tokens: readonly PricedToken[], currency: Currency, problems: string[], signal?: AbortSignal): Promise<FeedAnswer | null> {
    const name = feedNames[feed.id]
    try {
      const answer = await feed.fetch(tokens, currency, signal)
      problems.push(...answer.problems.map((problem) => `${name}: ${problem}`))
      return answer
    } catch (error) {
      if (error instanceof FetchFault) problems.push(`${name}: ${error.message}`)
      else if (signal?.aborted) problems.push(`${name}: the price refresh was cancelled`)
      else problems.push(`${name} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`)
      return null
    }
  }

  /** "CoinGecko says 1.23, CoinPaprika 1.05 (17 % apart)" when the prices are further apart than the threshold, else null. */
  #disagreement(primary: string, fallback: string): string | null {
    const a = new Fiat(primary)
    const b = new Fiat(fallback)
    const lower = Fiat.min(a, b)
    const said = `${feedNames[this.#primary.id]} says ${primary}, ${feedNames[this.#fallback.id]} ${fallback}`
    if (lower.isZero()) return a.eq(b) ? null : `${said} (one of them says zero)`
    const apart = a.minus(b).abs().div(lower)
    if (apart.lte(this.#threshold)) return null
    const percent = apart.times(100)
    return `${said} (${percent.toDecimalPlaces(percent.lt(10) ? 1 : 0).toFixed()} % apart)`
  }
}

function cacheKey(symbol: string, currency: Currency): string {
  return `${currency}:${symbol}`
}

function fromEntry(entry: PriceCacheEntry): Cached | null {
  const { symbol, currency, price, source, at, fetchedAt, warning, change24hPct } = entry
  if (typeof symbol !== 'string' || symbol === '' || !(currencies as readonly string[]).includes(currency)) return null
  if (typeof price !== 'string' || !decimalString.test(price) || !isFeedId(source)) return null
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(fetchedAt)) return null
  const change = typeof change24hPct === 'number' && Number.isFinite(change24hPct) ? change24hPct : null
  return { symbol, currency, price, source, at, fetchedAt, warning: typeof warning === 'string' ? warning : null, change24hPct: change, restored: true }
}

function isFeedId(source: unknown): source is FeedId {
  return typeof source === 'string' && Object.hasOwn(feedNames, source)
}
