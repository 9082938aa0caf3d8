import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decimalFromJsonNumber } from '../../../src/main/core/prices/price-feed.ts'
import { fiatValue, sumFiat } from '../../../src/main/core/prices/token-value.ts'

/*
 * Money is exact: fiatValue is checked against a reference written in plain bigint arithmetic
 * (round half to even at 8 places), and a feed's JSON float becomes a decimal string digit for
 * digit.
 */

/** amount / 10^decimals × price in units of 1e-8, rounded half to even, with bigints only. */
function referenceUnits(amount: bigint, decimals: number, price: string): bigint {
  const [whole = '', fraction = ''] = price.split('.')
  const product = amount * BigInt(whole + fraction)
  const scale = decimals + fraction.length
  if (scale <= 8) return product * 10n ** BigInt(8 - scale)
  const divisor = 10n ** BigInt(scale - 8)
  const quotient = product / divisor
  const twice = (product % divisor) * 2n
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) return quotient + 1n
  return quotient
}

function unitsToText(units: bigint): string {
  const whole = units / 100_000_000n
  const fraction = (units % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '')
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`
}

function textToUnits(text: string): bigint {
  const [whole = '', fraction = ''] = text.split('.')
  return BigInt(whole + fraction.padEnd(8, '0'))
}

const price = fc
  .tuple(fc.stringMatching(/^[0-9]{1,30}$/), fc.option(fc.stringMatching(/^[0-9]{1,30}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`))
const amount = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })
const decimals = fc.integer({ min: 0, max: 36 })

describe('fiatValue', () => {
  it.each([
    [1_500_000_000n, 9, '2.5', '3.75'],
    [1n, 18, '1', '0'],
    [5n, 9, '1', '0'],
    [15n, 9, '1', '0.00000002'],
    [25n, 9, '1', '0.00000002'],
    [35n, 9, '1', '0.00000004'],
    [123_456_789n, 6, '0.543761', '67.13098704'],
    [10n ** 18n, 18, '67187.3358936566', '67187.33589366'],
    [0n, 18, '67187.3358936566', '0'],
    [2n ** 256n - 1n, 18, '0.000061', '7063317443476287920837830085529962379049469064604074406.40691262'],
  ])('%s base units at %s decimals × %s = %s', (units, places, unitPrice, expected) => {
    expect(fiatValue(units, places, unitPrice)).toBe(expected)
    expect(unitsToText(referenceUnits(units, places, unitPrice))).toBe(expected)
  })

  it('equals the bigint reference for any amount, decimals and price', () => {
    fc.assert(
      fc.property(amount, decimals, price, (units, places, unitPrice) => {
        expect(fiatValue(units, places, unitPrice)).toBe(unitsToText(referenceUnits(units, places, unitPrice)))
      }),
      { numRuns: 500 },
    )
  })

  it('is plain decimal text: no exponent, no trailing zeros, at most 8 places', () => {
    fc.assert(
      fc.property(amount, decimals, price, (units, places, unitPrice) => {
        expect(fiatValue(units, places, unitPrice)).toMatch(/^(0|[1-9]\d*)(\.\d{0,7}[1-9])?$/)
      }),
    )
  })

  it('is linear: the value of a sum is the sum of the values, within one rounding step each', () => {
    fc.assert(
      fc.property(amount, amount, decimals, price, (a, b, places, unitPrice) => {
        const whole = textToUnits(fiatValue(a + b, places, unitPrice))
        const parts = textToUnits(sumFiat([fiatValue(a, places, unitPrice), fiatValue(b, places, unitPrice)]))
        expect(whole - parts).toBeGreaterThanOrEqual(-1n)
        expect(whole - parts).toBeLessThanOrEqual(1n)
      }),
    )
  })

  it('is exactly linear when nothing needs rounding (whole tokens, prices of up to 8 places)', () => {
    const shortPrice = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 8 })).map(([digits, places]) => unitsToText(digits * 10n ** BigInt(8 - places)))
    fc.assert(
      fc.property(amount, amount, shortPrice, (a, b, unitPrice) => {
        expect(fiatValue(a + b, 0, unitPrice)).toBe(sumFiat([fiatValue(a, 0, unitPrice), fiatValue(b, 0, unitPrice)]))
        expect(fiatValue(a * 3n, 0, unitPrice)).toBe(sumFiat([fiatValue(a, 0, unitPrice), fiatValue(a, 0, unitPrice), fiatValue(a, 0, unitPrice)]))
      }),
    )
  })

  it('moving the point in the amount and in decimals together changes nothing', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), decimals, price, (units, places, unitPrice) => {
        expect(fiatValue(units * 10n ** BigInt(places), places, unitPrice)).toBe(fiatValue(units, 0, unitPrice))
      }),
    )
  })

  it.each([
    [-1n, 9, '1', 'a token amount cannot be negative (-1 base units)'],
    [1n, -1, '1', 'a token has 0 to 36 decimals, not -1'],
    [1n, 37, '1', 'a token has 0 to 36 decimals, not 37'],
    [1n, 1.5, '1', 'a token has 0 to 36 decimals, not 1.5'],
    [1n, 9, '1e5', '"1e5" is not a price (a decimal number like 1.25)'],
    [1n, 9, '-1', '"-1" is not a price (a decimal number like 1.25)'],
    [1n, 9, '1,5', '"1,5" is not a price (a decimal number like 1.25)'],
    [1n, 9, '', '"" is not a price (a decimal number like 1.25)'],
    [1n, 9, '.5', '".5" is not a price (a decimal number like 1.25)'],
  ])('refuses %s base units at %s decimals × "%s"', (units, places, unitPrice, message) => {
    expect(() => fiatValue(units, places, unitPrice)).toThrow(new RangeError(message))
  })
})

describe('sumFiat', () => {
  it('adds exactly, where floats would not', () => {
    expect(sumFiat(['0.1', '0.2'])).toBe('0.3')
    expect(sumFiat(['1234.56789012', '0.00000001', '765.43210987'])).toBe('2000')
    expect(sumFiat(['999999999999999999999999999999.99999999', '0.00000001'])).toBe('1000000000000000000000000000000')
  })

  it('is "0" for nothing', () => {
    expect(sumFiat([])).toBe('0')
  })

  it('refuses what is not a fiat value', () => {
    expect(() => sumFiat(['1', '-2'])).toThrow(new RangeError('"-2" is not a fiat value (a decimal number like 1.25)'))
    expect(() => sumFiat(['NaN'])).toThrow(new RangeError('"NaN" is not a fiat value (a decimal number like 1.25)'))
  })
})

describe('decimalFromJsonNumber: a feed float as an exact decimal string', () => {
  it.each([
    [0.1, '0.1'],
    [6.1e-5, '0.000061'],
    [67187.3358936566, '67187.3358936566'],
    [107077.69661924685, '107077.69661924685'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [1e-30, '0.000000000000000000000000000001'],
    [1e21, '1000000000000000000000'],
    [1.2345e25, '12345000000000000000000000'],
    [0, '0'],
    [-0, '0'],
    [42, '42'],
  ])('%s → %s', (value, expected) => {
    expect(decimalFromJsonNumber(value)).toEqual({ ok: true, price: expected })
  })

  it.each([
    [-1, '-1, a negative price'],
    [-6.1e-5, '-0.000061, a negative price'],
    [Number.NaN, 'NaN, not a price'],
    [Number.POSITIVE_INFINITY, 'Infinity, not a price'],
    [1e30, '1e+30, more digits than a price may have (30 either side of the point)'],
    [1e-31, '1e-31, more digits than a price may have (30 either side of the point)'],
    ['0.5', 'the text "0.5", not a number'],
    [null, 'null, not a number'],
    [undefined, 'nothing, not a number'],
    [{ usd: 1 }, 'an object, not a number'],
    [[1], 'a list, not a number'],
    [true, 'a boolean, not a number'],
  ])('%s is refused: %s', (value, why) => {
    expect(decimalFromJsonNumber(value)).toEqual({ ok: false, why })
  })

  it('round-trips: the decimal string reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e29, noNaN: true, noDefaultInfinity: true }), (value) => {
        const parsed = decimalFromJsonNumber(value)
        if (!parsed.ok) return
        expect(Number(parsed.price)).toBe(value === 0 ? 0 : value)
        expect(parsed.price).toMatch(/^\d{1,30}(\.\d{1,30})?$/)
      }),
    )
  })
})
