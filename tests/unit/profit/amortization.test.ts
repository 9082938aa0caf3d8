import { Decimal as Plain } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NetworkCosts } from '../../../src/shared/contract/profit.ts'
import {
  addUtcMonths,
  amortization,
  averageMonthMs,
  dailyAmortization,
  dailyOtherCosts,
  otherCosts,
} from '../../../src/main/core/profit/amortization.ts'

/*
 * Straight-line hardware amortization over calendar months and monthly costs by the average
 * month: the whole lifetime writes off exactly the cost, adjacent windows add up, and what is
 * not given is null, never 0.
 */

const dayMs = 86_400_000
/** Enough digits that the reference never rounds before the 8th place. */
const Decimal = Plain.clone({ precision: 100 })

function costs(overrides: Partial<NetworkCosts> = {}): NetworkCosts {
  return { hardwareCost: null, purchasedAt: null, lifetimeMonths: 36, monthlyCosts: [], alreadyOwned: false, ...overrides }
}

/** A fiat amount with at most 8 places, as settings hold them. */
const amountArb = fc.bigInt({ min: 0n, max: 10n ** 14n }).map((units) => new Decimal(units.toString()).div(1e8).toFixed())
const instantArb = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) })

describe('addUtcMonths', () => {
  it('adds calendar months in UTC, keeping the time of day', () => {
    expect(new Date(addUtcMonths(Date.UTC(2025, 0, 15, 13, 30), 1)).toISOString()).toBe('2025-02-15T13:30:00.000Z')
    expect(new Date(addUtcMonths(Date.UTC(2025, 10, 1), 3)).toISOString()).toBe('2026-02-01T00:00:00.000Z')
    expect(new Date(addUtcMonths(Date.UTC(2024, 0, 1), 36)).toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })

  it('ends on the last day of a shorter month', () => {
    expect(new Date(addUtcMonths(Date.UTC(2025, 0, 31), 1)).toISOString()).toBe('2025-02-28T00:00:00.000Z')
    expect(new Date(addUtcMonths(Date.UTC(2024, 0, 31), 1)).toISOString()).toBe('2024-02-29T00:00:00.000Z')
    expect(new Date(addUtcMonths(Date.UTC(2025, 2, 31), 1)).toISOString()).toBe('2025-04-30T00:00:00.000Z')
  })
})

describe('amortization', () => {
  it('writes a year-long lifetime off by the day: 3650 over 2025 is 10 a day', () => {
    const rig = costs({ hardwareCost: '3650', purchasedAt: Date.UTC(2025, 0, 1), lifetimeMonths: 12 })
    expect(amortization(rig, Date.UTC(2025, 4, 3), Date.UTC(2025, 4, 4))).toBe('10')
    expect(amortization(rig, Date.UTC(2025, 4, 3), Date.UTC(2025, 4, 3, 12))).toBe('5')
    expect(dailyAmortization(rig)).toBe('10')
  })

  it('charges nothing before the purchase or after the lifetime, and only the overlap in between', () => {
    const rig = costs({ hardwareCost: '3650', purchasedAt: Date.UTC(2025, 0, 1), lifetimeMonths: 12 })
    expect(amortization(rig, Date.UTC(2024, 5, 1), Date.UTC(2024, 11, 31))).toBe('0')
    expect(amortization(rig, Date.UTC(2026, 0, 1), Date.UTC(2026, 5, 1))).toBe('0')
    expect(amortization(rig, Date.UTC(2024, 11, 30), Date.UTC(2025, 0, 3))).toBe('20')
    expect(amortization(rig, Date.UTC(2025, 11, 30), Date.UTC(2026, 0, 3))).toBe('20')
  })

  it('writes off exactly the hardware cost over the whole lifetime', () => {
    fc.assert(
      fc.property(amountArb, instantArb, fc.integer({ min: 1, max: 240 }), fc.nat(10 * 365), fc.nat(10 * 365), (cost, bought, months, before, after) => {
        const rig = costs({ hardwareCost: cost, purchasedAt: bought, lifetimeMonths: months })
        const end = addUtcMonths(bought, months)
        expect(amortization(rig, bought, end)).toBe(cost)
        // A window wider than the lifetime charges the same.
        expect(amortization(rig, bought - before * dayMs, end + after * dayMs)).toBe(cost)
      }),
    )
  })

  it('adds up over adjacent windows (to the 8th place)', () => {
    fc.assert(
      fc.property(amountArb, instantArb, fc.integer({ min: 1, max: 240 }), fc.array(instantArb, { minLength: 3, maxLength: 3 }), (cost, bought, months, cuts) => {
        const [from = 0, middle = 0, to = 0] = [...cuts].sort((a, b) => a - b)
        const rig = costs({ hardwareCost: cost, purchasedAt: bought, lifetimeMonths: months })
        const whole = new Decimal(amortization(rig, from, to) ?? 'NaN')
        const parts = new Decimal(amortization(rig, from, middle) ?? 'NaN').plus(amortization(rig, middle, to) ?? 'NaN')
        expect(whole.minus(parts).abs().lte('1e-8')).toBe(true)
      }),
    )
  })

  it('is null without a cost or a purchase date, and 0 for hardware already owned', () => {
    const window = [Date.UTC(2025, 0, 1), Date.UTC(2025, 1, 1)] as const
    expect(amortization(costs({ purchasedAt: Date.UTC(2024, 0, 1) }), ...window)).toBeNull()
    expect(amortization(costs({ hardwareCost: '1000' }), ...window)).toBeNull()
    expect(amortization(costs({ hardwareCost: '1000', purchasedAt: Date.UTC(2024, 0, 1), alreadyOwned: true }), ...window)).toBe('0')
    expect(amortization(costs({ alreadyOwned: true }), ...window)).toBe('0')
    expect(dailyAmortization(costs({ hardwareCost: '1000' }))).toBeNull()
    expect(dailyAmortization(costs({ hardwareCost: '1000', purchasedAt: 0, alreadyOwned: true }))).toBe('0')
  })

  it('refuses a window that ends before it starts', () => {
    expect(() => amortization(costs(), 10, 5)).toThrow('a window ends at or after its start (from 10 to 5)')
    expect(() => otherCosts(costs(), 10, 5)).toThrow(RangeError)
  })
})

describe('otherCosts', () => {
  const hosting = costs({ monthlyCosts: [{ label: 'hosting', amount: '7.5' }, { label: 'internet', amount: '2.5' }] })

  it('accrues the monthly amounts by the average month: a Gregorian year is twelve of them', () => {
    expect(averageMonthMs).toBe((365.2425 / 12) * dayMs)
    expect(otherCosts(hosting, 0, averageMonthMs)).toBe('10')
    expect(otherCosts(hosting, 0, 365.2425 * dayMs)).toBe('120')
    // 30 days of an average month of 30.436875 days.
    expect(otherCosts(hosting, 0, 30 * dayMs)).toBe(new Decimal(10).times(30).div(30.436875).toDecimalPlaces(8).toFixed())
    expect(dailyOtherCosts(hosting)).toBe(new Decimal(10).div(30.436875).toDecimalPlaces(8).toFixed())
  })

  it('is 0 with no monthly costs (a known 0, not a missing one)', () => {
    expect(otherCosts(costs(), 0, 30 * dayMs)).toBe('0')
    expect(dailyOtherCosts(costs())).toBe('0')
  })

  it('adds up over adjacent windows and is linear in the amounts', () => {
    fc.assert(
      fc.property(fc.array(amountArb, { maxLength: 5 }), fc.array(instantArb, { minLength: 3, maxLength: 3 }), (amounts, cuts) => {
        const [from = 0, middle = 0, to = 0] = [...cuts].sort((a, b) => a - b)
        const monthly = costs({ monthlyCosts: amounts.map((amount, i) => ({ label: `c${i}`, amount })) })
        const whole = new Decimal(otherCosts(monthly, from, to))
        const parts = new Decimal(otherCosts(monthly, from, middle)).plus(otherCosts(monthly, middle, to))
        expect(whole.minus(parts).abs().lte('1e-8')).toBe(true)
        const sum = amounts.reduce((total, amount) => total.plus(amount), new Decimal(0))
        expect(whole.toFixed()).toBe(sum.times(to - from).div(averageMonthMs).toDecimalPlaces(8).toFixed())
      }),
    )
  })
})
