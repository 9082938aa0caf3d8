import { describe, expect, it } from 'vitest'
import type { NetworkProfit, ProfitFigures, ProfitSnapshot } from '../../../../src/shared/contract/profit.ts'
import { rolling24h, unprofitable } from '../../../../src/main/core/alerts/rules/unprofitable.ts'
import { hour, minute, now, state, thresholds } from './state.ts'

/*
 * Net below the floor over the rolling 24 h (today so far plus yesterday's matching share) and
 * the 7-day window, per network and in total, only where electricity is known and the network
 * pays within the window.
 */

const todayStart = now - 12 * hour
const yesterdayStart = todayStart - 24 * hour

function figures(window: ProfitFigures['window'], net: string | null, electricity: string | null = '1'): ProfitFigures {
  return { window, fromMs: 0, toMs: now, days: 7, revenue: '1', revenueAtToday: '1', kwh: 1, electricity, amortization: null, otherCosts: '0', net, netPerDay: null, missing: [] }
}

function network(id: string, net7: string | null, electricity: string | null = '1'): NetworkProfit {
  return { network: id, name: id, token: 'X', currentPrice: null, windows: [figures('7d', net7, electricity)], breakEvenPrice: null, breakEvenKwhPrice: null, payback: { state: 'unknown', reason: '' }, attribution: '', lastReward: null, nextRewardDueAt: null }
}

/** One network's days: yesterday's net and today's so far; the total is the same figures. */
function profit(id: string, yesterday: string | null, today: string | null, net7: string | null, electricity: string | null = '1'): ProfitSnapshot {
  return {
    currency: 'usd',
    at: now,
    total: [figures('7d', net7, electricity)],
    networks: [network(id, net7, electricity)],
    daily: [
      { dayStartMs: yesterdayStart, net: yesterday, byNetwork: { [id]: yesterday } },
      { dayStartMs: todayStart, net: today, byNetwork: { [id]: today } },
    ],
    power: { kind: 'measured', reason: '' },
    whatIf: null,
  }
}

const subjects = (snapshot: ProfitSnapshot, changes: Record<string, number> = {}): string[] =>
  unprofitable.evaluate(state({ profit: snapshot }), thresholds(unprofitable, changes)).map((finding) => finding.subject)

describe('unprofitable', () => {
  it('takes the last 24 h as today plus the share of yesterday within them', () => {
    expect(rolling24h(profit('bittensor', '2', '-1', null).daily, now, (d) => d.net)).toBe('0')
    expect(rolling24h(profit('bittensor', null, '-1', null).daily, now, (d) => d.net)).toBeNull()
  })

  it.each([
    ['-0.99', []],
    ['-1', []],
    ['-1.01', ['bittensor:24h', 'total:24h']],
  ])('24 h net of today %s + half of yesterday’s 2 against the 0 floor: %j', (today, expected) => {
    expect(subjects(profit('bittensor', '2', today, '5'))).toEqual(expected)
  })

  it.each([
    ['0.01', []],
    ['0', []],
    ['-0.01', ['bittensor:7d', 'total:7d']],
  ])('7 d net %s against the 0 floor: %j', (net7, expected) => {
    expect(subjects(profit('bittensor', '5', '5', net7))).toEqual(expected)
  })

  it('scales the operator’s floor per day to the window', () => {
    // A floor of 1 a day is 7 over the week: 6.99 is below it, 7 is not.
    expect(subjects(profit('bittensor', '5', '5', '6.99'), { minNetPerDay: 1 })).toEqual(['bittensor:7d', 'total:7d'])
    expect(subjects(profit('bittensor', '5', '5', '7'), { minNetPerDay: 1 })).toEqual([])
  })

  it('says where, the net against the floor and what to do; a bad day is info, a bad week a warning', () => {
    const findings = unprofitable.evaluate(state({ profit: profit('bittensor', '-2', '-2', '-10') }), thresholds(unprofitable))
    const day = findings.find((f) => f.subject === 'bittensor:24h')
    const week = findings.find((f) => f.subject === 'bittensor:7d')
    expect(day?.severity).toBe('info')
    expect(week?.severity).toBeUndefined()
    expect(week).toMatchObject({ network: 'bittensor', figure: '-10.00 USD', threshold: '0.00 USD over 7d', view: 'profit' })
    expect(week?.message).toMatch(/Bittensor netted -10\.00 USD over the last 7 days.*below your floor of 0\.00 USD\. Open Profit/)
    expect(unprofitable.openAfterMs(thresholds(unprofitable))).toBe(60 * minute)
  })

  it('judges nothing where electricity is unknown, or from a what-if', () => {
    expect(subjects(profit('bittensor', null, null, '-10', null))).toEqual([])
    expect(subjects({ ...profit('bittensor', '-5', '-5', '-10'), whatIf: { pricePerKwh: '0.5', tokenPrices: {} } })).toEqual([])
  })

  it('judges a network only over windows it is paid within', () => {
    // Aethir pays on claim: never judged. Helium's oracle counter is read as it accrues: 7 d only.
    expect(subjects(profit('aethir', '-5', '-5', '-10'))).toEqual([])
    expect(subjects(profit('helium', '-5', '-5', '-10'))).toEqual(['helium:7d', 'total:7d'])
  })
})
