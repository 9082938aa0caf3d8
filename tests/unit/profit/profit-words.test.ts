import { describe, expect, it } from 'vitest'
import type { ProfitFigures } from '../../../src/shared/contract/profit.ts'
import { estimatedShareText } from '../../../src/main/core/profit/figures.ts'
import { estimatedShareWords } from '../../../src/renderer/src/profit/profit-words.ts'

const figures = (kwh: number | null, estimatedKwh: number | null | undefined): ProfitFigures => ({
  window: '30d',
  fromMs: 0,
  toMs: 1,
  days: 30,
  revenue: null,
  revenueAtToday: null,
  kwh,
  ...(estimatedKwh === undefined ? {} : { estimatedKwh }),
  electricity: null,
  amortization: null,
  otherCosts: '0',
  net: null,
  netPerDay: null,
  missing: [],
})

describe("the Profit tab's estimated share", () => {
  it.each([
    [168, 20, 'electricity 12 % estimated'],
    [100, 100, 'electricity 100 % estimated'],
    [100, 0.5, 'electricity <1 % estimated'],
    [1000, 999.5, 'electricity >99 % estimated'],
    [100, 0, 'electricity measured'],
    [0, 0, null],
    [null, null, null],
    [100, undefined, null],
  ] as const)('%s kWh, %s estimated: %s', (kwh, estimatedKwh, words) => {
    expect(estimatedShareWords(figures(kwh, estimatedKwh))).toBe(words)
  })

  it("rounds as core's note does", () => {
    for (const [kwh, estimated] of [[168, 20], [3, 1], [1000, 5], [1000, 995], [1000, 999.9], [7, 0.01]] as const) {
      expect(estimatedShareWords(figures(kwh, estimated))).toBe(`electricity ${estimatedShareText(estimated, kwh) ?? ''} estimated`)
    }
  })
})
