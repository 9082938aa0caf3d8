import { describe, expect, it } from 'vitest'
import { integrateEnergy, type WattsBucket } from '../../../src/main/core/hardware/energy.ts'

const hour = 3_600_000
const t0 = Date.UTC(2026, 10, 24, 10, 0, 0)

describe('integrateEnergy', () => {
  it('turns one hour of 1 s samples at 500 W into 0.5 kWh, with no gap', () => {
    const buckets: WattsBucket[] = Array.from({ length: 3600 }, (_, i) => ({ atMs: t0 + i * 1000, avgWatts: 500, count: 1 }))
    const answer = integrateEnergy(buckets, { fromMs: t0, toMs: t0 + hour, bucketMs: 1000, intervalMs: 1000 })
    expect(answer.kwh).toBeCloseTo(0.5, 9)
    expect(answer.hours).toEqual([{ hourStartMs: t0, kwh: expect.closeTo(0.5, 9), coveredSeconds: 3600, estimatedKwh: expect.closeTo(0.5, 9) }])
    expect(answer.gaps).toEqual([])
  })

  it('uses the samples a bucket holds, never more time than the bucket spans', () => {
    // Two 1-minute buckets: one full (60 samples of 1 s), one with 30 samples; one claiming too many.
    const buckets: WattsBucket[] = [
      { atMs: t0, avgWatts: 120, count: 60 },
      { atMs: t0 + 60_000, avgWatts: 240, count: 30 },
      { atMs: t0 + 120_000, avgWatts: 60, count: 90 },
    ]
    const answer = integrateEnergy(buckets, { fromMs: t0, toMs: t0 + 180_000, bucketMs: 60_000, intervalMs: 1000 })
    // 120 W × 60 s + 240 W × 30 s + 60 W × 60 s = 7200 + 7200 + 3600 J = 18000 J = 0.005 kWh
    expect(answer.kwh).toBeCloseTo(18_000 / 3_600_000, 12)
    expect(answer.hours[0]?.coveredSeconds).toBe(150)
  })

  it('reports silence longer than three intervals as a gap and adds nothing for it', () => {
    const on = (fromS: number, toS: number): WattsBucket[] =>
      Array.from({ length: toS - fromS }, (_, i) => ({ atMs: t0 + (fromS + i) * 1000, avgWatts: 100, count: 1 }))
    const buckets = [...on(10, 20), ...on(22, 30), ...on(100, 110)]
    const answer = integrateEnergy(buckets, { fromMs: t0, toMs: t0 + 200_000, bucketMs: 1000, intervalMs: 1000 })
    expect(answer.gaps).toEqual([
      { fromMs: t0, toMs: t0 + 10_000 },
      { fromMs: t0 + 30_000, toMs: t0 + 100_000 },
      { fromMs: t0 + 110_000, toMs: t0 + 200_000 },
    ])
    // 28 samples of 100 W for 1 s each; the 2 s hiccup at 20–22 s is not a gap
    expect(answer.kwh).toBeCloseTo((28 * 100) / 3_600_000, 12)
  })

  it('splits energy by the hour each bucket starts in', () => {
    const buckets: WattsBucket[] = [
      { atMs: t0 + hour - 60_000, avgWatts: 600, count: 60 },
      { atMs: t0 + hour, avgWatts: 300, count: 60 },
    ]
    const answer = integrateEnergy(buckets, { fromMs: t0 + hour - 60_000, toMs: t0 + hour + 60_000, bucketMs: 60_000, intervalMs: 1000 })
    expect(answer.hours).toEqual([
      { hourStartMs: t0, kwh: expect.closeTo(0.01, 12), coveredSeconds: 60, estimatedKwh: expect.closeTo(0.01, 12) },
      { hourStartMs: t0 + hour, kwh: expect.closeTo(0.005, 12), coveredSeconds: 60, estimatedKwh: expect.closeTo(0.005, 12) },
    ])
  })

  it('is zero with a gap over the whole range when nothing was measured', () => {
    expect(integrateEnergy([], { fromMs: t0, toMs: t0 + hour, bucketMs: 1000, intervalMs: 1000 })).toEqual({
      kwh: 0,
      measuredKwh: 0,
      estimatedKwh: 0,
      hours: [],
      gaps: [{ fromMs: t0, toMs: t0 + hour }],
    })
  })

  it('splits the kWh into measured and estimated, per hour and in all', () => {
    // An hour of 1-minute buckets: 40 minutes on a plug at 2000 W, 20 on the estimate at 65 W,
    // and one minute half of each (the plug answered for 30 of its 60 samples).
    const buckets: WattsBucket[] = [
      ...Array.from({ length: 40 }, (_, m) => ({ atMs: t0 + m * 60_000, avgWatts: 2000, count: 60, measuredWatts: 2000 })),
      ...Array.from({ length: 19 }, (_, m) => ({ atMs: t0 + (40 + m) * 60_000, avgWatts: 65, count: 60, measuredWatts: 0 })),
      { atMs: t0 + 59 * 60_000, avgWatts: (2000 + 65) / 2, count: 60, measuredWatts: 1000 },
    ]
    const answer = integrateEnergy(buckets, { fromMs: t0, toMs: t0 + hour, bucketMs: 60_000, intervalMs: 1000 })
    const measured = (40 * 60 * 2000 + 30 * 2000) / 3_600_000
    const estimated = (19 * 60 * 65 + 30 * 65) / 3_600_000
    expect(answer.kwh).toBeCloseTo(measured + estimated, 12)
    expect(answer.measuredKwh).toBeCloseTo(measured, 12)
    expect(answer.estimatedKwh).toBeCloseTo(estimated, 12)
    expect(answer.hours).toEqual([{ hourStartMs: t0, kwh: expect.closeTo(measured + estimated, 12), coveredSeconds: 3600, estimatedKwh: expect.closeTo(estimated, 12) }])
  })

  it('counts a bucket that does not say what was measured as estimated, and never more measured than the total', () => {
    const buckets: WattsBucket[] = [
      { atMs: t0, avgWatts: 100, count: 1 },
      { atMs: t0 + 1000, avgWatts: 100, count: 1, measuredWatts: 100.0000001 },
    ]
    const answer = integrateEnergy(buckets, { fromMs: t0, toMs: t0 + 2000, bucketMs: 1000, intervalMs: 1000 })
    expect(answer.estimatedKwh).toBeCloseTo(100 / 3_600_000, 15)
    expect(answer.measuredKwh).toBeCloseTo(100 / 3_600_000, 15)
  })
})
