import { describe, expect, it } from 'vitest'
import {
  bucketCount,
  bucketWidthSeconds,
  chooseTier,
  planQuery,
  pruneCutoffSeconds,
  tiers,
  type TierCoverage,
} from '../../../src/main/core/store/history-tiers.ts'

const day = 86_400
const year = 365 * day
const now = 1_798_761_600 // 2027-01-01T00:00:00Z
const fresh: TierCoverage[] = [
  { keptFromSeconds: 0, rolledUpToSeconds: Number.POSITIVE_INFINITY },
  { keptFromSeconds: 0, rolledUpToSeconds: 0 },
  { keptFromSeconds: 0, rolledUpToSeconds: 0 },
]
/** A store that keeps up: rolled up to the last minute and hour, pruned to retention. */
const steady: TierCoverage[] = [
  { keptFromSeconds: now - 7 * day, rolledUpToSeconds: Number.POSITIVE_INFINITY },
  { keptFromSeconds: now - year, rolledUpToSeconds: now - 60 },
  { keptFromSeconds: 0, rolledUpToSeconds: now - 3600 },
]

describe('bucketWidthSeconds', () => {
  // A small deterministic generator, so failures reproduce.
  let seed = 42
  const next = (limit: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
    return seed % limit
  }
  const cases = Array.from({ length: 400 }, () => {
    const from = now - next(2 * year)
    return { from, to: from + 1 + next(year), maxPoints: 1 + next(3000), step: [1, 60, 3600][next(3)] ?? 1 }
  })

  it('never gives more buckets than asked, and is a multiple of the step', () => {
    for (const { from, to, maxPoints, step } of cases) {
      const width = bucketWidthSeconds(from, to, maxPoints, step)
      expect(width % step).toBe(0)
      expect(bucketCount(from, to, width)).toBeLessThanOrEqual(maxPoints)
    }
  })

  it('takes the exact width when the range is aligned', () => {
    expect(bucketWidthSeconds(now - day, now, 1440, 60)).toBe(60)
    expect(bucketWidthSeconds(now - day, now, 24, 3600)).toBe(3600)
    expect(bucketWidthSeconds(now - year, now, 2000, 3600)).toBe(18_000)
  })

  it('widens when epoch-aligned buckets would straddle both ends', () => {
    // 10 s from 5 to 15 in 2 points: width 5 fits (5..9, 10..14); width 5 from 3 would not.
    expect(bucketWidthSeconds(5, 15, 2, 1)).toBe(5)
    expect(bucketCount(3, 13, bucketWidthSeconds(3, 13, 2, 1))).toBeLessThanOrEqual(2)
    expect(bucketCount(59, 61, bucketWidthSeconds(59, 61, 1, 1))).toBe(1)
  })
})

describe('chooseTier', () => {
  it.each([
    ['a year in 2,000 points', now - year, 2000, '1h'],
    ['a week in 2,000 points', now - 7 * day, 2000, '1m'],
    ['a day in 2,000 points', now - day, 2000, 'raw'],
    ['a day in 500 points', now - day, 500, '1m'],
    ['a day in 24 points', now - day, 24, '1h'],
    ['an hour in 10,000 points', now - 3600, 10_000, 'raw'],
  ])('serves %s from %s', (_, from, maxPoints, tier) => {
    expect(tiers[chooseTier(from, now, maxPoints, steady)]?.name).toBe(tier)
  })

  it('moves to a coarser tier when the chosen one no longer reaches back', () => {
    expect(tiers[chooseTier(now - 30 * day, now, 1_000_000, steady)]?.name).toBe('1m')
    expect(tiers[chooseTier(now - 2 * year, now, 10_000_000, steady)]?.name).toBe('1h')
    expect(tiers[chooseTier(now - 30 * day, now, 1_000_000, fresh)]?.name).toBe('raw')
  })
})

describe('planQuery', () => {
  it('serves a rolled-up range from one tier', () => {
    const plan = planQuery(now - year, now - 7200, 2000, steady)
    expect(plan.segments).toEqual([{ tierIndex: 2, fromSeconds: now - year, toSeconds: now - 7200 }])
  })

  it('fills what rollup has not reached from the finer tiers, without overlap', () => {
    const plan = planQuery(now - year, now, 2000, steady)
    expect(plan.segments).toEqual([
      { tierIndex: 2, fromSeconds: now - year, toSeconds: now - 3600 },
      { tierIndex: 1, fromSeconds: now - 3600, toSeconds: now - 60 },
      { tierIndex: 0, fromSeconds: now - 60, toSeconds: now },
    ])
  })

  it('reads raw alone before any rollup', () => {
    const plan = planQuery(now - year, now, 2000, fresh)
    expect(plan.tierIndex).toBe(2)
    expect(plan.segments).toEqual([{ tierIndex: 0, fromSeconds: now - year, toSeconds: now }])
  })

  it('snaps the start down to the chosen tier step', () => {
    const plan = planQuery(now - day + 30, now, 1440, steady)
    expect(plan.tierIndex).toBe(1)
    expect(plan.segments[0]?.fromSeconds).toBe(now - day)
  })
})

describe('pruneCutoffSeconds', () => {
  it('cuts raw at 7 days and minutes at a year, aligned to the next tier step', () => {
    const coverage: TierCoverage[] = [fresh[0]!, { keptFromSeconds: 0, rolledUpToSeconds: now }, { keptFromSeconds: 0, rolledUpToSeconds: now }]
    expect(pruneCutoffSeconds(now + 59, 0, coverage)).toBe(now - 7 * day)
    expect(pruneCutoffSeconds(now + 3599, 1, coverage)).toBe(now - year)
  })

  it('never cuts past what the next tier has rolled up, and never cuts hours', () => {
    expect(pruneCutoffSeconds(now, 0, fresh)).toBe(0)
    expect(pruneCutoffSeconds(now, 1, fresh)).toBe(0)
    expect(pruneCutoffSeconds(now + 10 * year, 0, steady)).toBe(now - 60)
    expect(pruneCutoffSeconds(now + 10 * year, 2, steady)).toBe(0)
  })
})
