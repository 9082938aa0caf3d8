import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatPercent, formatRate, formatSpan, formatWatts, freshness, freshnessWords } from '../../../src/renderer/src/common/format.ts'

describe('display formatting', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [804_257_792, '767.0 MiB'],
    [25_276_502_016, '23.5 GiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text))

  it.each([
    [0, '0 B/s'],
    [999, '999 B/s'],
    [1800, '1.8 kB/s'],
    [12_500_000, '12.5 MB/s'],
  ])('formatRate(%d) = %s', (rate, text) => expect(formatRate(rate)).toBe(text))

  it.each([
    [59, '0 min'],
    [3_420, '57 min'],
    [3_600 * 5 + 60 * 7, '5 h 7 min'],
    [86_400 * 3 + 3_600 * 4 + 59, '3 d 4 h'],
  ])('formatDuration(%d) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text))

  it.each([
    [45_000, '45 s'],
    [60_000, '1 min'],
    [12 * 60_000 + 59_000, '12 min'],
    [(2 * 60 + 10) * 60_000, '2 h 10 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [86_400_000, '1 d'],
  ])('formatSpan(%d) = %s', (ms, text) => expect(formatSpan(ms)).toBe(text))

  it.each([
    [0, '0.0 W'],
    [63.94, '63.9 W'],
    [245.4, '245 W'],
  ])('formatWatts(%d) = %s', (watts, text) => expect(formatWatts(watts)).toBe(text))

  it('formats percent with one decimal', () => {
    expect(formatPercent(70.84)).toBe('70.8 %')
  })
})

describe('freshness', () => {
  it('is live within three intervals, stale after, paused when paused', () => {
    expect(freshness(10_000, 13_000, 1_000, false)).toBe('live')
    expect(freshness(10_000, 13_001, 1_000, false)).toBe('stale')
    expect(freshness(10_000, 99_000, 1_000, true)).toBe('paused')
  })

  it('says since when a figure is stale', () => {
    expect(freshnessWords('live', 0)).toBe('live')
    expect(freshnessWords('stale', 0)).toMatch(/^stale since \d/)
  })
})
