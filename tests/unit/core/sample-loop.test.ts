import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SampleLoop } from '../../../src/main/core/hardware/sample-loop.ts'

describe('SampleLoop', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('ticks at the interval, the first at once', async () => {
    const samples: number[] = []
    let n = 0
    const loop = new SampleLoop({
      intervalMs: 1000,
      read: () => Promise.resolve(++n),
      onSample: (s) => samples.push(s),
      onError: vi.fn(),
    })
    loop.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(samples).toEqual([1])
    await vi.advanceTimersByTimeAsync(2999)
    expect(samples).toEqual([1, 2, 3])
    await loop.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(samples).toEqual([1, 2, 3])
  })

  it('never overlaps a slow read and shortens the wait by its duration', async () => {
    let active = 0
    let maxActive = 0
    const startedAt: number[] = []
    const loop = new SampleLoop({
      intervalMs: 1000,
      read: async () => {
        startedAt.push(Date.now())
        active++
        maxActive = Math.max(maxActive, active)
        // Alternate a 2.5 s read (longer than the interval) and a 300 ms one.
        await new Promise((r) => setTimeout(r, startedAt.length % 2 === 1 ? 2500 : 300))
        active--
        return 0
      },
      onSample: vi.fn(),
      onError: vi.fn(),
    })
    const t0 = Date.now()
    loop.start()
    await vi.advanceTimersByTimeAsync(6010)
    const stopped = loop.stop()
    await vi.advanceTimersByTimeAsync(3000)
    await stopped
    expect(maxActive).toBe(1)
    // 0: slow read ends 2500 -> next at once; 2500: fast read ends 2800 -> next at 3500; ...
    // (a zero delay is 1 ms in Node, hence the tolerance)
    const offsets = startedAt.map((t) => t - t0)
    expect(offsets).toHaveLength(4)
    ;[0, 2500, 3500, 6000].forEach((expected, i) => expect(Math.abs((offsets[i] ?? -99) - expected)).toBeLessThanOrEqual(3))
  })

  it('reports a failed read and keeps going', async () => {
    const errors: unknown[] = []
    const samples: string[] = []
    let n = 0
    const loop = new SampleLoop({
      intervalMs: 1000,
      read: () => (++n === 2 ? Promise.reject(new Error('EIO')) : Promise.resolve(`s${n}`)),
      onSample: (s) => samples.push(s),
      onError: (e) => errors.push(e),
    })
    loop.start()
    await vi.advanceTimersByTimeAsync(2500)
    await loop.stop()
    expect(samples).toEqual(['s1', 's3'])
    expect(errors).toEqual([new Error('EIO')])
  })

  it('drops a sample that lands after stop()', async () => {
    const onSample = vi.fn()
    const loop = new SampleLoop({
      intervalMs: 1000,
      read: () => new Promise((r) => setTimeout(() => r(1), 500)),
      onSample,
      onError: vi.fn(),
    })
    loop.start()
    await vi.advanceTimersByTimeAsync(100)
    const stopped = loop.stop()
    await vi.advanceTimersByTimeAsync(1000)
    await stopped
    expect(onSample).not.toHaveBeenCalled()
    expect(loop.running).toBe(false)
  })
})
