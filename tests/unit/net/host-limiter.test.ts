import { describe, expect, it } from 'vitest'
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

  it('drops a waiting request whose signal aborts', async () => {
    const limiter = new HostLimiter()
    limiter.declare('rpc.example', { requests: 10, perMs: 1000, concurrency: 1 })
    const first = held()
    const running = limiter.run('rpc.example', first.task)
    const controller = new AbortController()
    const waiting = limiter.run('rpc.example', () => Promise.resolve('never'), controller.signal)
    controller.abort(new Error('cancelled'))
    await expect(waiting).rejects.toThrow('cancelled')
    first.finish()
    await running
    expect(limiter.stats()[0]?.sent).toBe(1)
  })
})
