import { describe, expect, it } from 'vitest'
import { Refreshed } from '../../../src/main/core/hardware/refreshed.ts'

/** A load the test settles by hand, counting how often it was started. */
function manualLoad<T>(): { load: () => Promise<T>; calls: () => number; settle: (value: T) => void; fail: () => void } {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = []
  return {
    load: () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })),
    calls: () => pending.length,
    settle: (value) => pending.at(-1)?.resolve(value),
    fail: () => pending.at(-1)?.reject(new Error('EIO')),
  }
}

const settleMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('Refreshed', () => {
  it('returns the cached value, reloads once it is due and never runs two loads at once', async () => {
    const loader = manualLoad<number>()
    let now = 0
    const value = new Refreshed({ load: loader.load, everyMs: 30_000, initial: -1, now: () => now })
    expect(value.current()).toBe(-1)
    expect(loader.calls()).toBe(1)
    loader.settle(1)
    await settleMicrotasks()
    expect(value.current()).toBe(1)

    now = 29_999
    expect(value.current()).toBe(1)
    expect(loader.calls()).toBe(1)

    now = 30_000
    expect(value.current()).toBe(1)
    // A slow load still under way when the next one falls due: no second one.
    now = 90_000
    expect(value.current()).toBe(1)
    expect(loader.calls()).toBe(2)
    loader.settle(2)
    await settleMicrotasks()
    expect(value.current()).toBe(2)
  })

  it('keeps the last value when a load fails, and tries again when the next is due', async () => {
    const loader = manualLoad<string>()
    let now = 0
    const value = new Refreshed({ load: loader.load, everyMs: 1000, initial: 'none', now: () => now })
    value.current()
    loader.settle('first')
    await settleMicrotasks()
    now = 1000
    value.current()
    loader.fail()
    await settleMicrotasks()
    expect(value.current()).toBe('first')
    now = 2000
    value.current()
    expect(loader.calls()).toBe(3)
  })

  it('reloads when the wall clock was set back', async () => {
    const loader = manualLoad<number>()
    let now = 1_000_000
    const value = new Refreshed({ load: loader.load, everyMs: 30_000, initial: 0, now: () => now })
    value.current()
    loader.settle(1)
    await settleMicrotasks()
    now -= 3_600_000
    value.current()
    expect(loader.calls()).toBe(2)
  })

  it('lets the first caller wait for the first load, and no one after', async () => {
    const loader = manualLoad<string>()
    let now = 0
    const value = new Refreshed({ load: loader.load, everyMs: 1000, initial: 'none', now: () => now })
    const first = value.settled()
    loader.settle('loaded')
    await expect(first).resolves.toBe('loaded')
    now = 5000
    // The reload just started is not awaited.
    await expect(value.settled()).resolves.toBe('loaded')
    expect(loader.calls()).toBe(2)
  })
})
