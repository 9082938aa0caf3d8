// decimal.mjs names its export; the default import types as the CommonJS module under NodeNext.
import { Decimal } from 'decimal.js'

/*
 * Pure money: a bigint amount of base units times a decimal-string price, as a fiat decimal
 * string. The product is computed exactly and rounded once, half to even, at the end.
 */

/**
 * Precision (significant digits) large enough that nothing before the final rounding is ever
 * rounded: a uint256 amount has at most 78 digits and a price at most 60, so their product fits
 * in 138. (Decimal's usual 20, or 40, would round a large amount of an 18-decimal token.)
 */
export const Fiat = Decimal.clone({ precision: 160, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -200, toExpPos: 200 })
export type Fiat = InstanceType<typeof Fiat>

/** Fractional digits a fiat value keeps: below any currency's smallest unit, above float noise. */
export const fiatPlaces = 8

const decimalString = /^\d{1,30}(\.\d{1,30})?$/
/** Any plain non-negative decimal: what fiatValue returns, however large. */
const plainDecimal = /^\d+(\.\d+)?$/

/** `amount / 10^decimals × price`, rounded half-even to 8 places, trailing zeros trimmed, never exponent notation. */
export function fiatValue(amount: bigint, decimals: number, price: string): string {
  if (amount < 0n) throw new RangeError(`a token amount cannot be negative (${amount} base units)`)
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) throw new RangeError(`a token has 0 to 36 decimals, not ${decimals}`)
  if (!decimalString.test(price)) throw new RangeError(`"${price}" is not a price (a decimal number like 1.25)`)
  const value = new Fiat(amount.toString()).times(price).div(new Fiat(10).pow(decimals))
  return value.toDecimalPlaces(fiatPlaces).toFixed()
}

/** The exact sum of fiat values (each a decimal string); "0" for none. */
export function sumFiat(values: readonly string[]): string {
  let total = new Fiat(0)
  for (const value of values) {
    if (!plainDecimal.test(value)) throw new RangeError(`"${value}" is not a fiat value (a decimal number like 1.25)`)
    total = total.plus(value)
  }
  return total.toFixed()
}
