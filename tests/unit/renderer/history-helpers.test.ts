import { describe, expect, it } from 'vitest'
import type { HistoryAnswer } from '../../../src/shared/contract/history.ts'
import { alignColumns, bucketColumns, hasPoints, isolatedIndices } from '../../../src/renderer/src/common/history-columns.ts'
import { historyWindow, maxPointsFor, refreshEveryMs } from '../../../src/renderer/src/common/history-range.ts'
import { bucketWords, energyWords, gapWords } from '../../../src/renderer/src/hardware/history-words.ts'

const bucket = (atSeconds: number, avg: number) => ({ at: atSeconds * 1000, min: avg - 1, avg, max: avg + 1, count: 4 })
const answer = (bucketMs: number, buckets: HistoryAnswer['buckets']): HistoryAnswer => ({ bucketMs, buckets })

describe('bucketColumns', () => {
  it('turns buckets into [x seconds, min, avg, max] columns', () => {
    expect(bucketColumns(answer(4000, [bucket(100, 10), bucket(104, 12)]), 3000)).toEqual([
      [100, 104],
      [9, 11],
      [10, 12],
      [11, 13],
    ])
  })

  it('breaks the line with a null row where buckets are missing', () => {
    const [x, min, avg, max] = bucketColumns(answer(4000, [bucket(100, 10), bucket(112, 12), bucket(116, 13)]), 3000)
    expect(x).toEqual([100, 104, 112, 116])
    expect(avg).toEqual([10, null, 12, 13])
    expect(min[1]).toBeNull()
    expect(max[1]).toBeNull()
  })

  it('does not break where sampling is sparser than the buckets, until three intervals are missed', () => {
    // 5 s sampling, 2 s buckets: every other bucket is empty by nature.
    const sparse = answer(2000, [bucket(100, 1), bucket(104, 2), bucket(110, 3), bucket(130, 4)])
    expect(bucketColumns(sparse, 15_000)[2]).toEqual([1, 2, 3, null, 4])
  })

  it('sorts buckets and handles an empty answer', () => {
    expect(bucketColumns(answer(1000, [bucket(2, 2), bucket(1, 1)]), 3000)[2]).toEqual([1, 2])
    expect(bucketColumns(answer(1000, []), 3000)).toEqual([[], [], [], []])
  })
})

describe('alignColumns', () => {
  it('puts several series on one x, undefined where a series has no point, its own nulls kept', () => {
    const aligned = alignColumns([
      [
        [1, 2, 3],
        [10, null, 30],
      ],
      [
        [2, 4],
        [20, 40],
      ],
    ])
    expect(aligned).toEqual([
      [1, 2, 3, 4],
      [10, null, 30, undefined],
      [undefined, 20, undefined, 40],
    ])
  })

  it('has no points when every value is null or missing', () => {
    expect(hasPoints([[1, 2], [null, undefined]])).toBe(false)
    expect(hasPoints([[1, 2], [null, 0]])).toBe(true)
    expect(hasPoints([[]])).toBe(false)
  })
})

describe('isolatedIndices', () => {
  it('finds the values a line cannot be drawn to', () => {
    expect(isolatedIndices([5])).toEqual([0])
    expect(isolatedIndices([1, 2, null, 3, null, 4, undefined])).toEqual([3, 5])
    expect(isolatedIndices([1, 2, 3])).toEqual([])
    expect(isolatedIndices([])).toEqual([])
  })
})

describe('history ranges', () => {
  it.each([
    [0, 0],
    [40, 100],
    [1234, 1200],
    [1250, 1300],
    [4000, 2000],
  ])('%d px of chart asks for %d buckets', (width, points) => expect(maxPointsFor(width)).toBe(points))

  it.each([
    ['1h', 3_600_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['30d', 2_592_000_000],
  ] as const)('%s ends now and reaches back %d ms', (range, span) => {
    expect(historyWindow(range, 1_800_000_000_000.7, 900)).toEqual({ fromMs: 1_800_000_000_000 - span, toMs: 1_800_000_000_000, maxPoints: 900 })
  })

  it('has no window before the chart is measured', () => {
    expect(historyWindow('1h', 1, 0)).toBeNull()
  })

  it('refreshes the last hour every 10 s and longer ranges every minute', () => {
    expect(refreshEveryMs('1h')).toBe(10_000)
    expect(refreshEveryMs('24h')).toBe(60_000)
    expect(refreshEveryMs('30d')).toBe(60_000)
  })
})

describe('energy and gap wording', () => {
  it.each([
    [3.2, '3.20 kWh in 24 h'],
    [12.34, '12.3 kWh in 24 h'],
    [0.256, '256 Wh in 24 h'],
    [0.0123, '12.3 Wh in 24 h'],
    [0.00026, '0.26 Wh in 24 h'],
  ])('%d kWh reads "%s"', (kwh, text) => expect(energyWords({ kwh, hours: [], gaps: [] }, '24 h')).toBe(text))

  it('says how much of the range was not measured', () => {
    const day = 86_400_000
    expect(gapWords([], day)).toBeNull()
    expect(gapWords([{ fromMs: 0, toMs: 0 }], day)).toBeNull()
    expect(gapWords([{ fromMs: 0, toMs: 45_000 }], day)).toBe('not measured for 45 s of it')
    expect(gapWords([{ fromMs: 0, toMs: 3_600_000 }, { fromMs: 5_000_000, toMs: 5_600_000 }], day)).toBe('not measured for 1 h 10 min of it')
    expect(gapWords([{ fromMs: 0, toMs: 2 * 3_600_000 }], day)).toBe('not measured for 2 h of it')
    expect(gapWords([{ fromMs: 0, toMs: day }], day)).toBe('nothing measured in this range yet')
  })

  it('names the bucket width', () => {
    expect(bucketWords(4000)).toBe('avg per 4 s')
    expect(bucketWords(120_000)).toBe('avg per 2 min')
    expect(bucketWords(3_600_000)).toBe('avg per 1 h')
    expect(bucketWords(4 * 86_400_000)).toBe('avg per 4 d')
  })
})
