import { describe, expect, it } from 'vitest'
import type { PowerReading } from '../../../src/shared/contract/power.ts'
import { freshReadings, maxReadingAgeMs } from '../../../src/main/core/hardware/power/freshness.ts'

const reading = (deviceId: string, at: number): PowerReading => ({ deviceId, label: deviceId, scope: 'wall', watts: 100, kind: 'measured', source: 'shelly-gen2', at })

describe("maxReadingAgeMs: a reading stands for three of its own source's periods", () => {
  it.each([
    // every, sampling interval, allowed age
    ['each-sample', 1000, 3000],
    ['each-sample', 5000, 15_000],
    [5000, 1000, 15_000], // the default plug poll: 3–5 s old at two of every five samples, still fresh
    [60_000, 1000, 180_000],
    [1000, 5000, 15_000], // a plug polled faster than the sampling is never held to less than three samples
  ] as const)('%s at a %i ms sampling interval: %i ms', (every, intervalMs, expected) => {
    expect(maxReadingAgeMs(every, intervalMs)).toBe(expected)
  })
})

describe('freshReadings', () => {
  it('keeps readings up to the allowed age, inclusive, and drops older ones', () => {
    const now = 1_000_000
    const readings = [reading('new', now), reading('edge', now - 15_000), reading('old', now - 15_001), reading('ahead', now + 10)]
    expect(freshReadings(readings, now, 15_000).map((r) => r.deviceId)).toEqual(['new', 'edge', 'ahead'])
  })
})
