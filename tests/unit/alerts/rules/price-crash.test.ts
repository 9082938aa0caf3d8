import { describe, expect, it } from 'vitest'
import { priceCrash } from '../../../../src/main/core/alerts/rules/price-crash.ts'
import { day, hour, now, quote, snapshot, state, thresholds } from './state.ts'

/* Down at least X % against the price 24 h ago; nothing before a day of history. */

const history = (before: string, after: string, beforeAt = now - day): ReturnType<typeof state>['priceHistory'] => [
  { at: beforeAt, prices: { GRASS: before } },
  { at: now - 12 * hour, prices: { GRASS: '1.9' } },
  { at: now, prices: { GRASS: after } },
]

describe('price-crash', () => {
  it.each([
    ['1.6001', 0],
    ['1.6', 1],
    ['1.5999', 1],
  ])('2.00 → %s against the 20 %% default: %i finding', (after, count) => {
    expect(priceCrash.evaluate(state({ priceHistory: history('2', after) }), thresholds(priceCrash))).toHaveLength(count)
  })

  it('says the token, the move, the threshold and that the app never sells; twice the drop is critical', () => {
    const [finding] = priceCrash.evaluate(state({ priceHistory: history('2', '1.5') }), thresholds(priceCrash))
    expect(finding).toMatchObject({ subject: 'GRASS', figure: '−25 %', threshold: '−20 %', view: 'profit' })
    expect(finding?.severity).toBeUndefined()
    expect(finding?.message).toMatch(/GRASS fell 25 % in 24 hours, from 2 to 1\.5 USD.*never sells/)
    expect(priceCrash.evaluate(state({ priceHistory: history('2', '1.2') }), thresholds(priceCrash))[0]?.severity).toBe('critical')
  })

  it('is quiet with less than a day of prices, and for a price set by hand', () => {
    expect(priceCrash.evaluate(state({ priceHistory: history('2', '1', now - day + 1) }), thresholds(priceCrash))).toEqual([])
    const manual = state({ priceHistory: history('2', '1'), wallets: snapshot([], [quote('GRASS', '1', { freshness: 'manual' })]) })
    expect(priceCrash.evaluate(manual, thresholds(priceCrash))).toEqual([])
  })

  it('shows the biggest move now', () => {
    expect(priceCrash.current(state({ priceHistory: history('2', '2.2') }), thresholds(priceCrash))).toBe('GRASS up 10 % in 24 h')
    expect(priceCrash.current(state(), thresholds(priceCrash))).toBeNull()
  })
})
