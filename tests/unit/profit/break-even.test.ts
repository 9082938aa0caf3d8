import { Decimal as Plain } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { breakEvenKwhPrice, breakEvenPrice, payback } from '../../../src/main/core/profit/break-even.ts'

/*
 * Break-even: the token price and the kWh price at which the period nets to 0 (plugged back in,
 * as properties), and the payback date in each of its states.
 */

const D = Plain.clone({ precision: 200 })
const dayMs = 86_400_000
const now = Date.UTC(2025, 5, 1)

const money = fc.bigInt({ min: 0n, max: 10n ** 15n }).map((units) => new D(units.toString()).div(1e8).toFixed())
const decimalsArb = fc.integer({ min: 0, max: 18 })

describe('breakEvenPrice', () => {
  it('is the price at which the tokens pay what the other revenue does not', () => {
    // 40 AKT must pay 100 − 20: 2 each.
    expect(breakEvenPrice({ tokenAmount: 40_000_000n, decimals: 6, otherRevenue: '20', costs: '100' })).toBe('2')
    expect(breakEvenPrice({ tokenAmount: 3n, decimals: 0, otherRevenue: '0', costs: '1' })).toBe('0.333333333')
  })

  it('is 0 when the other revenue already covers the costs, and null without tokens', () => {
    expect(breakEvenPrice({ tokenAmount: 1n, decimals: 0, otherRevenue: '50', costs: '50' })).toBe('0')
    expect(breakEvenPrice({ tokenAmount: 0n, decimals: 9, otherRevenue: '0', costs: '10' })).toBeNull()
  })

  it('nets to within 1e-8 when plugged back in', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 30n }),
        fc.integer({ min: 9, max: 18 }),
        money,
        money,
        (tokenAmount, decimals, otherRevenue, costs) => {
          const price = breakEvenPrice({ tokenAmount, decimals, otherRevenue, costs })
          expect(price).not.toBeNull()
          const tokens = new D(tokenAmount.toString()).div(new D(10).pow(decimals))
          const net = new D(price ?? 'NaN').times(tokens).plus(otherRevenue).minus(costs)
          if (new D(otherRevenue).gte(costs)) expect(price).toBe('0')
          else expect(net.abs().lt('1e-8')).toBe(true)
        },
      ),
    )
  })

  it('keeps no more places than it needs and fits a decimal string', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 24n }), decimalsArb, money, (tokenAmount, decimals, costs) => {
        const price = breakEvenPrice({ tokenAmount, decimals, otherRevenue: '0', costs }) ?? ''
        expect(price).toMatch(/^\d{1,30}(\.\d{1,30})?$/)
      }),
    )
  })
})

describe('breakEvenKwhPrice', () => {
  it('is what a kWh may cost for the period to net 0', () => {
    expect(breakEvenKwhPrice({ revenue: '100', amortization: '40', otherCosts: '10', kwh: 200 })).toBe('0.25')
  })

  it('goes negative when even free electricity loses money, and is null without kWh', () => {
    expect(breakEvenKwhPrice({ revenue: '10', amortization: '40', otherCosts: '0', kwh: 100 })).toBe('-0.3')
    expect(breakEvenKwhPrice({ revenue: '10', amortization: '4', otherCosts: '1', kwh: 0 })).toBeNull()
    expect(() => breakEvenKwhPrice({ revenue: '1', amortization: '0', otherCosts: '0', kwh: -2 })).toThrow(
      '-2 kWh is not an energy (a finite number of 0 or more)',
    )
  })

  it('nets to within the rounding of the price when plugged back in', () => {
    fc.assert(
      fc.property(money, money, money, fc.double({ min: 1e-3, max: 1e5, noNaN: true }), (revenue, amortization, otherCosts, kwh) => {
        const price = new D(breakEvenKwhPrice({ revenue, amortization, otherCosts, kwh }) ?? 'NaN')
        const net = new D(revenue).minus(price.times(kwh)).minus(amortization).minus(otherCosts)
        // The price is kept to 8 places: half a unit there, times the kWh.
        expect(net.abs().lte(new D('0.5e-8').times(kwh))).toBe(true)
      }),
    )
  })
})

describe('payback', () => {
  const bought = Date.UTC(2025, 0, 1)
  const base = { hardwareCost: '1000', purchasedAt: bought, alreadyOwned: false, earnedSincePurchase: '400', netPerDay: '10', now }

  it('is on track at the current rate: the rest of the cost over the net per day', () => {
    expect(payback(base)).toEqual({ state: 'on-track', at: now + 60 * dayMs })
    expect(payback({ ...base, netPerDay: '0.7' })).toEqual({ state: 'on-track', at: now + Math.round((600 / 0.7) * dayMs) })
  })

  it('is paid when the earnings reached the cost, dated at the average rate since the purchase', () => {
    // 1500 earned over 151 days: the 1000 were reached after two thirds of them.
    const since = now - bought
    expect(payback({ ...base, earnedSincePurchase: '1500' })).toEqual({ state: 'paid', at: bought + Math.round((since * 2) / 3) })
    expect(payback({ ...base, earnedSincePurchase: '1000' })).toEqual({ state: 'paid', at: now })
    expect(payback({ ...base, hardwareCost: '0' })).toEqual({ state: 'paid', at: bought })
  })

  it('is never at a loss or at nothing a day, naming the daily loss', () => {
    expect(payback({ ...base, netPerDay: '-2.5' })).toEqual({ state: 'never', reason: 'never at current rates: it loses 2.50 a day' })
    expect(payback({ ...base, netPerDay: '-0.004321', currency: 'EUR' })).toEqual({ state: 'never', reason: 'never at current rates: it loses 0.0043 EUR a day' })
    expect(payback({ ...base, netPerDay: '0' })).toEqual({ state: 'never', reason: 'never at current rates: it nets nothing a day' })
    expect(payback({ ...base, netPerDay: '0.00001' })).toEqual({
      state: 'never',
      reason: 'never at current rates: at 0.00001 a day it would take over 100 years',
    })
  })

  it('is unknown when there is nothing to pay back or too little to go on', () => {
    expect(payback({ ...base, alreadyOwned: true })).toEqual({ state: 'unknown', reason: 'hardware already owned: nothing to pay back' })
    expect(payback({ ...base, hardwareCost: null })).toEqual({ state: 'unknown', reason: 'no hardware cost given' })
    expect(payback({ ...base, purchasedAt: null })).toEqual({ state: 'unknown', reason: 'no purchase date given' })
    expect(payback({ ...base, earnedSincePurchase: null })).toEqual({ state: 'unknown', reason: 'what it has earned since the purchase is unknown' })
    expect(payback({ ...base, netPerDay: null })).toEqual({ state: 'unknown', reason: 'the current net per day is unknown' })
  })

  it('dates on-track payback so that the rate covers the rest exactly', () => {
    fc.assert(
      fc.property(money, money, fc.integer({ min: 1, max: 10 ** 8 }), (cost, earned, centsPerDay) => {
        const perDay = new D(centsPerDay).div(100)
        const answer = payback({ ...base, hardwareCost: cost, earnedSincePurchase: earned, netPerDay: perDay.toFixed() })
        if (new D(earned).gte(cost)) {
          expect(answer.state).toBe('paid')
          return
        }
        if (answer.state === 'never') return
        expect(answer.state).toBe('on-track')
        if (answer.state !== 'on-track') return
        const covered = perDay.times(answer.at - now).div(dayMs).plus(earned)
        // Rounded to the millisecond: within a millisecond's worth of the daily net.
        expect(covered.minus(cost).abs().lte(perDay.div(dayMs))).toBe(true)
      }),
    )
  })
})
