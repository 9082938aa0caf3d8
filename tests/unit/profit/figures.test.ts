import { Decimal as Plain } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NetworkCosts, ProfitFigures } from '../../../src/shared/contract/profit.ts'
import { ProfitFigures as ProfitFiguresSchema } from '../../../src/shared/contract/profit.ts'
import type { RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { networkFigures, sumFigures, type NetworkWindowInput } from '../../../src/main/core/profit/figures.ts'
import type { NetworkHour } from '../../../src/main/core/profit/electricity.ts'
import type { Tariff } from '../../../src/main/core/profit/tariff.ts'

/*
 * One network's window: revenue at receipt and at today's price, electricity, amortization,
 * other costs and net. Net is revenue minus costs exactly (property); every unknown part is
 * null with its sentence, a partial one keeps what is known and says what is not.
 */

const D = Plain.clone({ precision: 100 })
const hourMs = 3_600_000
const dayMs = 86_400_000
const fromMs = Date.UTC(2025, 5, 1)
const toMs = Date.UTC(2025, 5, 8)
const everyDay = [0, 1, 2, 3, 4, 5, 6]

const flat = (price: string): Tariff => ({ timeZone: 'UTC', periods: [{ label: 'flat', pricePerKwh: price, days: everyDay, fromHour: 0, toHour: 24 }] })

function costs(overrides: Partial<NetworkCosts> = {}): NetworkCosts {
  return { hardwareCost: null, purchasedAt: null, lifetimeMonths: 36, monthlyCosts: [], alreadyOwned: false, ...overrides }
}

let nextId = 1
function reward(overrides: Partial<RewardEntry>): RewardEntry {
  return {
    id: nextId++,
    network: 'akash',
    walletId: 'w1',
    address: 'akash1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
    token: 'AKT',
    amount: '1000000',
    decimals: 6,
    at: fromMs + dayMs,
    price: '2',
    fiat: '2',
    currency: 'usd',
    source: 'balance-delta',
    classification: 'reward',
    rule: 'growth of everything owned in AKT',
    ...overrides,
  }
}

function window(overrides: Partial<NetworkWindowInput> = {}): NetworkWindowInput {
  return {
    window: '7d',
    fromMs,
    toMs,
    rewards: [],
    todayPrices: { AKT: '2' },
    hours: [],
    tariff: flat('0.3'),
    costs: costs({ hardwareCost: '0', purchasedAt: Date.UTC(2025, 0, 1) }),
    hoursWithoutData: 0,
    ...overrides,
  }
}

/** `count` hours of `kwh` each, `estimatedKwh` of them drawn while the watts were estimated. */
const hoursOf = (kwh: number, count: number, estimatedKwh = 0): NetworkHour[] =>
  Array.from({ length: count }, (_, i) => ({ hourStartMs: fromMs + i * hourMs, kwh, estimatedKwh }))

describe('networkFigures', () => {
  it('works out a week: revenue, electricity, amortization, other costs, net and per day', () => {
    const figures = networkFigures(
      window({
        rewards: [reward({ fiat: '10.5', amount: '5000000' }), reward({ fiat: '4.5', amount: '2000000', at: fromMs + 3 * dayMs })],
        todayPrices: { AKT: '3' },
        hours: hoursOf(0.5, 168),
        tariff: flat('0.25'),
        costs: costs({
          hardwareCost: '3650',
          purchasedAt: Date.UTC(2025, 0, 1),
          lifetimeMonths: 12,
          monthlyCosts: [{ label: 'hosting', amount: '30.436875' }],
        }),
      }),
    )
    expect(figures).toEqual({
      window: '7d',
      fromMs,
      toMs,
      days: 7,
      revenue: '15',
      revenueAtToday: '21',
      kwh: 84,
      estimatedKwh: 0,
      electricity: '21',
      amortization: '70',
      otherCosts: '7',
      net: '-83',
      netPerDay: '-11.85714286',
      missing: [],
    })
    expect(ProfitFiguresSchema.safeParse(figures).success).toBe(true)
  })

  it('counts only rewards in [from, to), and no transfers', () => {
    const figures = networkFigures(
      window({
        rewards: [
          reward({ fiat: '1', at: fromMs }),
          reward({ fiat: '2', at: toMs - 1 }),
          reward({ fiat: '4', at: toMs }),
          reward({ fiat: '8', at: fromMs - 1 }),
          reward({ fiat: '16', classification: 'transfer' }),
        ],
      }),
    )
    expect(figures.revenue).toBe('3')
  })

  it('sums the priced rewards and says how many had no price when received', () => {
    const figures = networkFigures(window({ rewards: [reward({ fiat: '5' }), reward({ fiat: null, price: null }), reward({ fiat: null, price: null })] }))
    expect(figures.revenue).toBe('5')
    expect(figures.missing).toEqual(['revenue partial: 2 rewards had no price when received'])
  })

  it('has no revenue when no reward had a price, and so no net', () => {
    const figures = networkFigures(window({ rewards: [reward({ fiat: null, price: null })] }))
    expect(figures.revenue).toBeNull()
    expect(figures.net).toBeNull()
    expect(figures.netPerDay).toBeNull()
    expect(figures.missing).toEqual(['revenue unknown: 1 reward had no price when received'])
  })

  it('leaves out rewards valued in another currency, and says so', () => {
    const figures = networkFigures(window({ currency: 'eur', rewards: [reward({ fiat: '5', currency: 'eur' }), reward({ fiat: '7', currency: 'usd' })] }))
    expect(figures.revenue).toBe('5')
    expect(figures.missing).toEqual(['revenue partial: 1 reward was valued in USD when received, not EUR'])
  })

  it('values the rewards at today\u2019s price per token, and says which token has none', () => {
    const rewards = [
      reward({ token: 'AKT', amount: '1500000', decimals: 6 }),
      reward({ token: 'AKT', amount: '500000', decimals: 6 }),
      reward({ token: 'USDC', amount: '3000000', decimals: 6 }),
    ]
    expect(networkFigures(window({ rewards, todayPrices: { AKT: '2.5', USDC: '1' } })).revenueAtToday).toBe('8')
    const partial = networkFigures(window({ rewards, todayPrices: { AKT: '2.5', USDC: null } }))
    expect(partial.revenueAtToday).toBe('5')
    expect(partial.missing).toEqual(["revenue at today's price partial: no price today for USDC"])
    const none = networkFigures(window({ rewards, todayPrices: {} }))
    expect(none.revenueAtToday).toBeNull()
    expect(none.missing).toEqual(["revenue at today's price unknown: no price today for AKT, USDC"])
  })

  it('has 0 revenue, known, when nothing was received', () => {
    const figures = networkFigures(window())
    expect(figures).toMatchObject({ revenue: '0', revenueAtToday: '0', electricity: '0', net: '0', missing: [] })
  })

  it('says "electricity unknown", never 0, without power attribution', () => {
    const figures = networkFigures(window({ rewards: [reward({ fiat: '5' })], hours: null }))
    expect(figures).toMatchObject({ kwh: null, electricity: null, net: null, netPerDay: null })
    expect(figures.missing).toEqual(['electricity unknown: no power is attributed to this network'])
    const owned = networkFigures(window({ hours: null, noPowerReason: 'hardware already owned, but no idle baseline is set' }))
    expect(owned.missing).toEqual(['electricity unknown: hardware already owned, but no idle baseline is set'])
  })

  it('says "electricity unknown" without a tariff, keeping the kWh', () => {
    const figures = networkFigures(window({ hours: hoursOf(1, 3), tariff: null }))
    expect(figures).toMatchObject({ kwh: 3, electricity: null, net: null })
    expect(figures.missing).toEqual(['electricity unknown: no electricity price is set'])
  })

  it('names both what is missing without power data and without a tariff, so fixing one does not hide the other', () => {
    const figures = networkFigures(window({ hours: null, tariff: null }))
    expect(figures).toMatchObject({ kwh: null, electricity: null, net: null })
    expect(figures.missing).toEqual(['electricity unknown: no power is attributed to this network', 'electricity unknown: no electricity price is set'])
  })

  it('notes estimated power, history gaps and unpriced hours', () => {
    const weekdays: Tariff = { timeZone: 'UTC', periods: [{ label: 'week', pricePerKwh: '0.2', days: [1, 2, 3, 4, 5], fromHour: 0, toHour: 24 }] }
    // 1 June 2025 is a Sunday: its 24 hours have no price.
    const figures = networkFigures(window({ hours: hoursOf(0.25, 48, 0.25), tariff: weekdays, hoursWithoutData: 5.5 }))
    expect(figures.electricity).toBe('1.2')
    expect(figures.net).toBe('-1.2')
    expect(figures.missing).toEqual([
      "electricity 100 % estimated: 12 of 12 kWh were drawn while the machine's watts were estimated, not measured",
      'no power data for 5.5 h of this window: their electricity is not counted',
      'electricity partial: 6 kWh fell in hours the tariff has no price for and are not counted',
    ])
  })

  it('charges zero electricity for zero kWh', () => {
    expect(networkFigures(window({ hours: hoursOf(0, 168), tariff: flat('0.45') })).electricity).toBe('0')
  })

  it('counts a missing hardware cost as 0 in net, and says so', () => {
    const noCost = networkFigures(window({ rewards: [reward({ fiat: '5' })], costs: costs() }))
    expect(noCost).toMatchObject({ amortization: null, net: '5' })
    expect(noCost.missing).toEqual(['no hardware cost given: amortization counted as 0'])
    const noDate = networkFigures(window({ costs: costs({ hardwareCost: '100' }) }))
    expect(noDate.missing).toEqual(['no purchase date given: amortization counted as 0'])
    const owned = networkFigures(window({ costs: costs({ alreadyOwned: true }) }))
    expect(owned).toMatchObject({ amortization: '0', missing: [] })
  })

  it('has no per-day figure for an empty window', () => {
    expect(networkFigures(window({ fromMs: toMs, toMs })).netPerDay).toBeNull()
  })

  it('nets revenue minus electricity, amortization and other costs, exactly', () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n }).map((units) => new D(units.toString()).div(1e8).toFixed())
    const price = fc.integer({ min: 0, max: 99_999 }).map((n) => new D(n).div(10_000).toFixed())
    fc.assert(
      fc.property(
        fc.array(amount, { maxLength: 10 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { maxLength: 168 }),
        price,
        fc.option(amount, { nil: null }),
        fc.array(amount, { maxLength: 3 }),
        (fiats, kwhs, kwhPrice, hardwareCost, monthly) => {
          const figures = networkFigures(
            window({
              rewards: fiats.map((fiat, i) => reward({ fiat, at: fromMs + i * hourMs })),
              hours: kwhs.map((kwh, i) => ({ hourStartMs: fromMs + i * hourMs, kwh, estimatedKwh: 0 })),
              tariff: flat(kwhPrice),
              costs: costs({
                hardwareCost,
                purchasedAt: Date.UTC(2025, 4, 20),
                lifetimeMonths: 7,
                monthlyCosts: monthly.map((value, i) => ({ label: `c${i}`, amount: value })),
              }),
            }),
          )
          const { revenue, electricity, amortization, otherCosts, net, netPerDay } = figures
          const expected = new D(revenue ?? 'NaN').minus(electricity ?? 'NaN').minus(amortization ?? '0').minus(otherCosts)
          expect(new D(net ?? 'NaN').eq(expected)).toBe(true)
          expect(netPerDay).toBe(expected.div(7).toDecimalPlaces(8).toFixed())
          expect(ProfitFiguresSchema.safeParse(figures).success).toBe(true)
        },
      ),
    )
  })
})

describe('sumFigures', () => {
  const a = networkFigures(window({ rewards: [reward({ fiat: '10' })], hours: hoursOf(1, 10), tariff: flat('0.2'), costs: costs() }))
  const b = networkFigures(window({ rewards: [reward({ fiat: '4' })], hours: hoursOf(0.5, 10), tariff: flat('0.2') }))

  const prefixed = (name: string, figures: ProfitFigures): ProfitFigures => ({ ...figures, missing: figures.missing.map((line) => `${name}: ${line}`) })

  it('adds the parts and lists every part\u2019s missing sentences once', () => {
    const total = sumFigures('7d', [prefixed('Akash', a), prefixed('Grass', b), prefixed('Akash', a)])
    expect(total).toMatchObject({ window: '7d', fromMs, toMs, days: 7, revenue: '24', kwh: 25, electricity: '5', amortization: null, net: '19' })
    expect(total.netPerDay).toBe(new D(19).div(7).toDecimalPlaces(8).toFixed())
    expect(total.missing).toEqual(['Akash: no hardware cost given: amortization counted as 0'])
  })

  it('is unknown where any part is unknown', () => {
    const unknown = networkFigures(window({ hours: null }))
    const total = sumFigures('7d', [b, unknown])
    expect(total).toMatchObject({ kwh: null, electricity: null, net: null, netPerDay: null, revenue: '4', otherCosts: '0' })
    expect(total.missing).toEqual(['electricity unknown: no power is attributed to this network'])
  })

  it('needs a span for no parts, and then is a known 0', () => {
    expect(() => sumFigures('today', [])).toThrow('a total of no figures needs its span')
    expect(sumFigures('today', [], { fromMs, toMs: fromMs + dayMs })).toMatchObject({ days: 1, revenue: '0', net: '0', netPerDay: '0', missing: [] })
  })
})

describe('the estimated share of electricity', () => {
  it('is judged over every hour of the window, not from the latest sample', () => {
    // 168 hours of 1 kWh; 20 of them drawn while the watts were estimated, the last hour measured.
    const hours = hoursOf(1, 168).map((hour, i) => ({ ...hour, estimatedKwh: i >= 100 && i < 120 ? 1 : 0 }))
    const figures = networkFigures(window({ hours, tariff: flat('0.25') }))
    expect(figures).toMatchObject({ kwh: 168, estimatedKwh: 20, electricity: '42' })
    expect(figures.missing).toEqual(["electricity 12 % estimated: 20 of 168 kWh were drawn while the machine's watts were estimated, not measured"])
  })

  it('says nothing of a fully measured window, even when the watts now are estimated', () => {
    const figures = networkFigures(window({ hours: hoursOf(1, 168), tariff: flat('0.25') }))
    expect(figures).toMatchObject({ kwh: 168, estimatedKwh: 0, missing: [] })
  })

  it('names a sliver as "<1 %" and nearly all as ">99 %", never as none or all', () => {
    const sliver = networkFigures(window({ hours: [...hoursOf(1, 167), { hourStartMs: fromMs + 167 * hourMs, kwh: 1, estimatedKwh: 0.01 }] }))
    expect(sliver.missing[0]).toMatch(/^electricity <1 % estimated: 0\.01 of 168 kWh/)
    const nearlyAll = networkFigures(window({ hours: hoursOf(1, 1000, 0.999) }))
    expect(nearlyAll.missing[0]).toMatch(/^electricity >99 % estimated/)
  })

  it('adds up in a total, where an unknown part makes it unknown', () => {
    const measured = networkFigures(window({ hours: hoursOf(1, 10) }))
    const estimated = networkFigures(window({ hours: hoursOf(0.5, 10, 0.5) }))
    expect(sumFigures('7d', [measured, estimated])).toMatchObject({ kwh: 15, estimatedKwh: 5 })
    expect(sumFigures('7d', [measured, networkFigures(window({ hours: null }))])).toMatchObject({ kwh: null, estimatedKwh: null })
  })
})
