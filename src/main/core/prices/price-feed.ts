import type { Currency } from '../../../shared/contract/wallets.ts'

/*
 * What every price feed is: one call that prices a list of tokens in one currency and says
 * which host answered. Prices travel as exact decimal strings; the feeds' JSON floats are turned
 * into one here, digit for digit, before anything else sees them.
 */

/** A token as the feeds know it: our symbol and each feed's own id for it (a feed without one skips the token). */
export type PricedToken = { symbol: string; priceIds: { coingecko?: string; coinpaprika?: string } }

/**
 * One price: a decimal string in the asked currency, when the feed says it was current (ms), and
 * its change over 24 hours in percent (signed; null when the feed did not say).
 */
export type FeedPrice = { price: string; at: number; change24hPct: number | null }

export type FeedId = 'coingecko' | 'coinpaprika'

/**
 * What a feed answered: prices by symbol (tokens it has no price for are simply absent) and the
 * host that answered. `problems` names tokens the feed answered for but could not price (a coin
 * id it does not know, a price that is not a number), in words for the operator.
 */
export type FeedAnswer = { prices: Map<string, FeedPrice>; host: string; problems: string[] }

/** A feed that cannot answer at all throws a FetchFault; a token it lacks is absent, not an error. */
export type PriceFeed = {
  id: FeedId
  fetch(tokens: readonly PricedToken[], currency: Currency, signal?: AbortSignal): Promise<FeedAnswer>
}

export const feedNames: Record<FeedId, string> = { coingecko: 'CoinGecko', coinpaprika: 'CoinPaprika' }

/** The contract's DecimalString: at most 30 digits either side of the point. */
const decimalString = /^\d{1,30}(\.\d{1,30})?$/
const shortestFloat = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/

export type ParsedPrice = { ok: true; price: string } | { ok: false; why: string }

/**
 * A JSON number from a feed as an exact decimal string. `String(n)` is the shortest text that
 * reads back as the same double, i.e. exactly the digits the feed sent (6.1e-05 → "0.000061",
 * 1e-7 → "0.0000001", 1e21 → "1000000000000000000000"); shifting its point by the exponent adds
 * no digit and drops none.
 */
export function decimalFromJsonNumber(value: unknown): ParsedPrice {
  if (typeof value !== 'number') return { ok: false, why: `${notANumber(value)}, not a number` }
  if (!Number.isFinite(value)) return { ok: false, why: `${String(value)}, not a price` }
  if (value < 0) return { ok: false, why: `${String(value)}, a negative price` }
  const match = shortestFloat.exec(String(value))
  if (!match) return { ok: false, why: `${String(value)}, not a plain number` }
  const [, whole = '', fraction = '', exponent = '0'] = match
  const digits = whole + fraction
  const point = whole.length + Number(exponent)
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0')
  const at = Math.max(point, 1)
  const integerPart = padded.slice(0, at).replace(/^0+(?=\d)/, '')
  const fractionPart = padded.slice(at).replace(/0+$/, '')
  const price = fractionPart === '' ? integerPart : `${integerPart}.${fractionPart}`
  if (!decimalString.test(price)) return { ok: false, why: `${String(value)}, more digits than a price may have (30 either side of the point)` }
  return { ok: true, price }
}

function notANumber(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 24))}`
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * A feed's 24-hour change as a percent, or null when it is not a finite number (absent, null:
 * CoinGecko answers null for a coin whose price went stale; a string; NaN). A display figure,
 * so a float is right here; money never rests on it.
 */
export function percentFromJson(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
