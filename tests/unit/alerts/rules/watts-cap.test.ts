import { describe, expect, it } from 'vitest'
import { wattsCap } from '../../../../src/main/core/alerts/rules/watts-cap.ts'
import { sample, state, thresholds } from './state.ts'

/* Over the cap fires, at it does not; a cap of 0 (the default) is off. */

const drawing = (watts: number): ReturnType<typeof state> =>
  state({
    hardware: sample({
      power: { total: { totalWatts: watts, kind: 'measured', basis: 'wall', sources: ['plug-aaaaaaaa'], readings: [], at: 1, reason: 'wall plug (Rig) · measured' }, sources: [] },
    }),
  })

describe('watts-cap', () => {
  it('is off by default', () => {
    expect(wattsCap.evaluate(drawing(5000), thresholds(wattsCap))).toEqual([])
    expect(wattsCap.current(drawing(812), thresholds(wattsCap))).toBe('812 W, cap off')
  })

  it.each([
    [1499, 0],
    [1500, 0],
    [1501, 1],
  ])('%i W against a 1500 W cap: %i finding', (watts, count) => {
    expect(wattsCap.evaluate(drawing(watts), thresholds(wattsCap, { capWatts: 1500 }))).toHaveLength(count)
  })

  it('says the figure, where it came from, the cap and what to do', () => {
    const [finding] = wattsCap.evaluate(drawing(1620), thresholds(wattsCap, { capWatts: 1500 }))
    expect(finding).toMatchObject({ figure: '1620 W', threshold: '1500 W', view: 'hardware' })
    expect(finding?.message).toMatch(/1620 W \(wall plug \(Rig\) · measured\), over your 1500 W cap\. Lower/)
  })
})
