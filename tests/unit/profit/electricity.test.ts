import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { electricityCost, type HourKwh } from '../../../src/main/core/profit/electricity.ts'
import type { Tariff } from '../../../src/main/core/profit/tariff.ts'

/*
 * Electricity is exact decimal money from float kWh: zero kWh cost nothing, the cost is linear
 * in the price and in the energy (up to the one final rounding and the kWh floats' own
 * precision), and hours without a price are counted apart, never at 0.
 */

const hourMs = 3_600_000
const start = Date.UTC(2025, 0, 6)
const everyDay = [0, 1, 2, 3, 4, 5, 6]

function peakTariff(peak: string, offPeak: string): Tariff {
  return {
    timeZone: 'Europe/Berlin',
    periods: [
      { label: 'peak', pricePerKwh: peak, days: [1, 2, 3, 4, 5], fromHour: 7, toHour: 22 },
      { label: 'off-peak', pricePerKwh: offPeak, days: everyDay, fromHour: 0, toHour: 24 },
    ],
  }
}

const priceArb = fc.integer({ min: 0, max: 99_999 }).map((tenThousandths) => new Decimal(tenThousandths).div(10_000).toFixed())
const hoursArb = fc.array(
  fc.record({ hour: fc.integer({ min: 0, max: 24 * 60 }), kwh: fc.double({ min: 0, max: 50, noNaN: true }) }),
  { maxLength: 40 },
).map((list) => list.map(({ hour, kwh }): HourKwh => ({ hourStartMs: start + hour * hourMs, kwh })))

/** One unit in the 8th place, the cost's resolution. */
const ulp = new Decimal('1e-8')

/** |a − b| within k final roundings plus the kWh floats' relative precision on the cost. */
function closeTo(a: string, b: Decimal, roundings: number): boolean {
  const slack = ulp.times(roundings).plus(b.abs().times('1e-12'))
  return new Decimal(a).minus(b).abs().lte(slack)
}

describe('electricityCost', () => {
  it('sums kWh × the price of each hour, exactly in decimal', () => {
    const tariff = peakTariff('0.1', '0.1')
    const hours = [0, 1, 2].map((i) => ({ hourStartMs: start + i * hourMs, kwh: 0.1 }))
    // In floats 3 × 0.1 × 0.1 is 0.030000000000000006.
    expect(electricityCost(hours, tariff)).toEqual({ cost: '0.03', kwh: 0.30000000000000004, unpricedKwh: 0 })
  })

  it('prices peak and off-peak hours by the Berlin clock', () => {
    // Monday 6 January 2025: 05:00 UTC is 06:00 off-peak, 06:00 UTC is 07:00 peak.
    const hours = [
      { hourStartMs: Date.UTC(2025, 0, 6, 5), kwh: 2 },
      { hourStartMs: Date.UTC(2025, 0, 6, 6), kwh: 3 },
    ]
    expect(electricityCost(hours, peakTariff('0.4', '0.25')).cost).toBe('1.7')
  })

  it('costs nothing for zero kWh, at any price', () => {
    fc.assert(
      fc.property(hoursArb, priceArb, priceArb, (hours, peak, off) => {
        const none = hours.map((hour) => ({ ...hour, kwh: 0 }))
        expect(electricityCost(none, peakTariff(peak, off))).toEqual({ cost: '0', kwh: 0, unpricedKwh: 0 })
      }),
    )
    expect(electricityCost([], peakTariff('0.3', '0.2')).cost).toBe('0')
  })

  it('is linear in the tariff price', () => {
    fc.assert(
      fc.property(hoursArb, priceArb, priceArb, fc.integer({ min: 0, max: 1000 }), (hours, peak, off, k) => {
        const base = electricityCost(hours, peakTariff(peak, off)).cost
        const scaled = electricityCost(hours, peakTariff(new Decimal(peak).times(k).toFixed(), new Decimal(off).times(k).toFixed())).cost
        expect(closeTo(scaled, new Decimal(base).times(k), k + 1)).toBe(true)
      }),
    )
  })

  it('is linear in the kWh', () => {
    fc.assert(
      fc.property(hoursArb, priceArb, priceArb, fc.integer({ min: 0, max: 1000 }), (hours, peak, off, k) => {
        const tariff = peakTariff(peak, off)
        const base = electricityCost(hours, tariff).cost
        const scaled = electricityCost(hours.map((hour) => ({ ...hour, kwh: hour.kwh * k })), tariff).cost
        expect(closeTo(scaled, new Decimal(base).times(k), k + 1)).toBe(true)
      }),
    )
  })

  it('scales by the product when both the price and the kWh scale', () => {
    fc.assert(
      fc.property(hoursArb, priceArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (hours, price, kp, kw) => {
        const base = electricityCost(hours, peakTariff(price, price)).cost
        const priced = new Decimal(price).times(kp).toFixed()
        const scaled = electricityCost(hours.map((hour) => ({ ...hour, kwh: hour.kwh * kw })), peakTariff(priced, priced)).cost
        expect(closeTo(scaled, new Decimal(base).times(kp * kw), kp * kw + 1)).toBe(true)
      }),
    )
  })

  it('adds up over hours split in two', () => {
    fc.assert(
      fc.property(hoursArb, hoursArb, priceArb, priceArb, (a, b, peak, off) => {
        const tariff = peakTariff(peak, off)
        const whole = new Decimal(electricityCost([...a, ...b], tariff).cost)
        const parts = new Decimal(electricityCost(a, tariff).cost).plus(electricityCost(b, tariff).cost)
        expect(whole.minus(parts).abs().lte(ulp)).toBe(true)
      }),
    )
  })

  it('counts kWh in unpriced hours apart, not at 0', () => {
    const weekdaysOnly: Tariff = { timeZone: 'UTC', periods: [{ label: 'week', pricePerKwh: '0.3', days: [1, 2, 3, 4, 5], fromHour: 0, toHour: 24 }] }
    const hours = [
      { hourStartMs: Date.UTC(2025, 0, 6, 12), kwh: 2 },
      { hourStartMs: Date.UTC(2025, 0, 5, 12), kwh: 1.5 },
    ]
    expect(electricityCost(hours, weekdaysOnly)).toEqual({ cost: '0.6', kwh: 3.5, unpricedKwh: 1.5 })
  })

  it('rounds once, half to even, at the 8th place', () => {
    const tariff: Tariff = { timeZone: 'UTC', periods: [{ label: 'flat', pricePerKwh: '0.000000001', days: everyDay, fromHour: 0, toHour: 24 }] }
    const hour = (i: number, kwh: number): HourKwh => ({ hourStartMs: start + i * hourMs, kwh })
    // Each hour alone would round to 0; together they are 5e-9 + 1e-8 = 1.5e-8 → 2e-8.
    expect(electricityCost([hour(0, 5), hour(1, 10)], tariff).cost).toBe('0.00000002')
    expect(electricityCost([hour(0, 5)], tariff).cost).toBe('0')
  })

  it('refuses a negative or non-finite kWh', () => {
    const tariff = peakTariff('0.3', '0.2')
    expect(() => electricityCost([{ hourStartMs: start, kwh: -1 }], tariff)).toThrow(
      'the hour from 2025-01-06T00:00:00.000Z has -1 kWh; energy is a finite number of 0 or more',
    )
    expect(() => electricityCost([{ hourStartMs: start, kwh: Number.NaN }], tariff)).toThrow(RangeError)
  })
})
