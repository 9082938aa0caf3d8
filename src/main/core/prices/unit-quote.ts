import type { PriceQuote } from '../../../shared/contract/wallets.ts'
import type { UnitPrice } from '../holdings/holding.ts'
import { Fiat } from './token-value.ts'

/** Places a derived price keeps: an alpha worth a millionth of a cent still has figures. */
const pricePlaces = 18

/**
 * A unit the chain prices in another (a subnet's alpha in TAO), in fiat: the chain's price times
 * the quote unit's own quote, exact, rounded once. It is as fresh as the quote it rests on, and
 * says both sources ("subtensor pool × coingecko"). Its 24-hour change is not known: the quote's
 * change says nothing of how the chain's own price moved.
 */
export function unitQuote(unit: UnitPrice, quoteOfQuote: PriceQuote, chainSource: string): PriceQuote {
  const price = new Fiat(unit.price.toString()).div(new Fiat(10).pow(unit.decimals)).times(quoteOfQuote.price)
  return {
    token: unit.unit,
    currency: quoteOfQuote.currency,
    price: price.toDecimalPlaces(pricePlaces).toFixed(),
    source: `${chainSource} × ${quoteOfQuote.source}`,
    at: quoteOfQuote.at,
    freshness: quoteOfQuote.freshness,
    warning: quoteOfQuote.warning,
    change24hPct: null,
  }
}
