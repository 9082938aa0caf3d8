import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HostLimiter } from '../../../src/main/core/net/host-limiter.ts'

const tick = () => new Promise((resolve) => setImmediate(resolve))

/** A task the test finishes by hand, to hold a concurrency slot as long as it likes. */
function held() {
  let finish = (): void => undefined
  const done = new Promise<void>((resolve) => (finish = resolve))
  return { task: () => done, finish: () => finish() }
}

describe('HostLimiter', () => {
  it('never runs more than `concurrency` tasks of a host at once', async () => {
    const limiter = new HostLimiter()
    limiter.declare('rpc.example', { requests: 100, perMs: 1000, concurrency: 2 })
    const tasks = [held(), held(), held()]
    let started = 0
    const runs = tasks.map((t) => limiter.run('rpc.example', () => (started++, t.task())))
    await tick()
    expect(started).toBe(2)
    tasks[0]?.finish()
    await tick()
    await tick()
    expect(started).toBe(3)
    for (const t of tasks) t.finish()
    await Promise.all(runs)
  })

  it('keeps starts within the window, and other hosts are not held up', async () => {
    let now = 0
    const limiter = new HostLimiter({ now: () => now })
    limiter.declare('slow.example', { requests: 2, perMs: 50, concurrency: 10 })
    const order: string[] = []
    const runs = ['a', 'b', 'c'].map((id) => limiter.run('slow.example', async () => void order.push(id)))
    const other = limiter.run('fast.example', async () => void order.push('other'))
    await other
    await tick()
    expect(order).toEqual(['a', 'b', 'other'])
    now = 60
    await Promise.all(runs)
    expect(order).toEqual(['a', 'b', 'other', 'c'])
    expect(limiter.stats().find((s) => s.host === 'slow.example')).toMatchObject({ sent: 3, peakInWindow: 2 })
  })

  it('holds every request to a paused host until the pause ends', async () => {
    let now = 1000
    const limiter = new HostLimiter({ now: () => now })
    limiter.pause('rpc.example', 1040)
    let ran = false
    const run = limiter.run('rpc.example', async () => void (ran = true))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(ran).toBe(false)
    now = 1041
    await run
    expect(ran).toBe(true)
  })

  it('takes the strictest of two declarations for one host', () => {
    const limiter = new HostLimiter()
    limiter.declare('shared.example', { requests: 100, perMs: 10_000, concurrency: 8 })
    limiter.declare('shared.example', { requests: 40, perMs: 1000, concurrency: 16 })
    expect(limiter.stats()[0]?.limit).toEqual({ requests: 40, perMs: 10_000, concurrency: 8 })
  })

  it('keeps a per-method limit from either declaration, the strictest when both have one', () => {
    const limiter = new HostLimiter()
    limiter.declare('shared.example', { requests: 100, perMs: 10_000, concurrency: 8 })
    limiter.declare('shared.example', { requests: 100, perMs: 10_000, concurrency: 8, perMethod: { requests: 40, perMs: 10_000 } })
    limiter.declare('shared.example', { requests: 100, perMs: 10_000, concurrency: 8, perMethod: { requests: 50, perMs: 20_000 } })
    expect(limiter.stats()[0]?.limit.perMethod).toEqual({ requests: 40, perMs: 20_000 })
  })

  it('drops a waiting request whose signal aborts', async () => {
    const limiter = new HostLimiter()
    limiter.declare('rpc.example', { requests: 10, perMs: 1000, concurrency: 1 })
    const first = held()
    const running = limiter.run('rpc.example', first.task)
    const controller = new AbortController()
    const waiting = limiter.run('rpc.example', () => Promise.resolve('never'), { signal: controller.signal })
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    first.finish()
    await running
    expect(limiter.stats()[0]?.sent).toBe(1)
  })

  describe('per method', () => {
    /** Solana's public mainnet: 100 per 10 s, 40 of one method per 10 s. */
    const solana = { requests: 100, perMs: 10_000, concurrency: 100, perMethod: { requests: 40, perMs: 10_000 } }

    // The clock is injected; fake timers only fire the limiter's wake-ups without waiting 10 s.
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
    afterEach(() => vi.useRealTimers())

    function clocked() {
      const clock = { now: 0 }
      const limiter = new HostLimiter({ now: () => clock.now })
      limiter.declare('rpc.example', solana)
      const started: string[] = []
      const call = (methods: string[]) => limiter.run('rpc.example', async () => void started.push(methods.join('+')), { methods })
      return { clock, limiter, started, call }
    }

    it('starts at most 40 calls of one method per 10 s, and the rest as the window slides', async () => {
      const { clock, limiter, started, call } = clocked()
      const first = Array.from({ length: 40 }, () => call(['getTokenAccountsByOwner']))
      await Promise.all(first)
      clock.now = 3000
      const later = Array.from({ length: 20 }, () => call(['getTokenAccountsByOwner']))
      await tick()
      expect(started).toHaveLength(40)
      // The first 40 leave the window at 10 000 ms, all at once; not a millisecond before.
      clock.now = 9999
      await vi.advanceTimersByTimeAsync(7000)
      expect(started).toHaveLength(40)
      clock.now = 10_000
      await vi.advanceTimersByTimeAsync(1)
      await Promise.all(later)
      expect(started).toHaveLength(60)
      expect(limiter.stats()[0]).toMatchObject({ sent: 60, peakMethodInWindow: 40 })
    })

    it('counts a call in its window from when it was answered, since that is when the host had surely seen it', async () => {
      const { clock, started, call } = clocked()
      // Sent at 0, answered at 2000 (a slow network or a busy event loop): the host may have counted them at 2000.
      const first = Array.from({ length: 40 }, () => call(['getTransaction']))
      clock.now = 2000
      await Promise.all(first)
      const later = call(['getTransaction'])
      clock.now = 10_000
      await vi.advanceTimersByTimeAsync(8000)
      expect(started).toHaveLength(40)
      clock.now = 12_000
      await vi.advanceTimersByTimeAsync(2000)
      await later
      expect(started).toHaveLength(41)
    })

    it('lets other methods past a request the per-method window holds', async () => {
      const { clock, started, call } = clocked()
      const full = Array.from({ length: 40 }, () => call(['getTokenAccountsByOwner']))
      await Promise.all(full)
      const held = call(['getTokenAccountsByOwner'])
      const balance = call(['getBalance'])
      await balance
      expect(started.slice(40)).toEqual(['getBalance'])
      clock.now = 10_000
      await vi.advanceTimersByTimeAsync(10_000)
      await held
      expect(started.slice(40)).toEqual(['getBalance', 'getTokenAccountsByOwner'])
    })

    it('counts each call of a batch, and keeps each method in order behind a held batch', async () => {
      const { clock, started, call } = clocked()
      await Promise.all(Array.from({ length: 38 }, () => call(['getBalance'])))
      // Three more getBalance do not fit (38 + 3 > 40); a single one behind it waits its turn.
      const batch = call(['getBalance', 'getBalance', 'getBalance', 'getSlot'])
      const single = call(['getBalance'])
      const other = call(['getSlot'])
      await other
      expect(started.slice(38)).toEqual(['getSlot'])
      clock.now = 10_000
      await vi.advanceTimersByTimeAsync(10_000)
      await Promise.all([batch, single])
      expect(started.slice(38)).toEqual(['getSlot', 'getBalance+getBalance+getBalance+getSlot', 'getBalance'])
    })

    it('refuses a batch that could never fit the window', async () => {
      const { started, call } = clocked()
      await expect(call(Array.from({ length: 41 }, () => 'getBalance'))).rejects.toThrow(RangeError)
      expect(started).toEqual([])
    })

    it('leaves requests that name no method, and hosts without a per-method limit, to the host window alone', async () => {
      const { started, limiter, call } = clocked()
      await Promise.all(Array.from({ length: 60 }, () => call([])))
      expect(started).toHaveLength(60)
      limiter.declare('plain.example', { requests: 100, perMs: 10_000, concurrency: 100 })
      let plain = 0
      const count = async (): Promise<void> => {
        plain++
      }
      await Promise.all(Array.from({ length: 60 }, () => limiter.run('plain.example', count, { methods: ['eth_call'] })))
      expect(plain).toBe(60)
    })
  })
})
