import { mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, describe, expect, it } from 'vitest'
import { HistoryClient } from '../../../src/main/core/store/history-client.ts'
import type { HistoryBucket, HistoryPoint, HistoryQuery } from '../../../src/main/core/store/history-store.ts'
import { SqliteHistory } from '../../../src/main/core/store/sqlite-history.ts'

const t0 = 1_767_225_600
const gpu = { name: 'power_watts', labels: { device: 'gpu0' } }
const dir = mkdtempSync(join(tmpdir(), 'desk-history-worker-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('HistoryClient: the store in a worker thread', () => {
  it('appends, flushes, queries, rolls up, prunes and closes', async () => {
    const path = join(dir, 'round-trip.sqlite')
    const client = await HistoryClient.open({ path })
    const points: HistoryPoint[] = Array.from({ length: 7200 }, (_, i) => ({ series: gpu, tsSeconds: t0 + i, value: i % 60 }))
    client.append(points)
    expect(await client.flush()).toBe(7200)
    expect(await client.rollup(t0 + 7200)).toEqual({ minuteRows: 120, hourRows: 2 })
    expect(await client.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 7200, maxPoints: 2 })).toEqual([
      { tsSeconds: t0, min: 0, avg: 29.5, max: 59, count: 3600, measuredAvg: 0 },
      { tsSeconds: t0 + 3600, min: 0, avg: 29.5, max: 59, count: 3600, measuredAvg: 0 },
    ])
    expect(await client.prune(t0 + 7200 + 8 * 86_400)).toBe(7200)
    client.append([{ series: gpu, tsSeconds: t0 + 8 * 86_400, value: 1 }])
    await client.close() // flushes first
    await expect(client.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 1, maxPoints: 1 })).rejects.toThrow(/closed/)

    const db = new DatabaseSync(path, { readOnly: true })
    expect(db.prepare('SELECT count(*) AS n FROM samples_recent').get()?.n).toBe(1)
    db.close()
  })

  it('throws a bad point at the caller and answers a bad query with the store error', async () => {
    const client = await HistoryClient.open({ path: join(dir, 'errors.sqlite') })
    expect(() => client.append([{ series: gpu, tsSeconds: t0, value: Number.NaN }])).toThrow(/finite/)
    expect(() => client.append([{ series: { name: 'bad name', labels: {} }, tsSeconds: t0, value: 1 }])).toThrow(/metric name/)
    const failed = client.query({ series: gpu, fromSeconds: t0, toSeconds: t0 + 10, maxPoints: 0 })
    await expect(failed).rejects.toMatchObject({ name: 'RangeError', message: expect.stringMatching(/maxPoints must be/) })
    expect(await client.flush()).toBe(0)
    await client.close()
  })

  it('refuses to open a file from a newer build', async () => {
    const path = join(dir, 'newer.sqlite')
    const db = new DatabaseSync(path)
    db.exec('PRAGMA user_version = 99')
    db.close()
    await expect(HistoryClient.open({ path })).rejects.toThrow(/schema version 99, but this build of DePIN Desk knows/)
  })

  it('keeps the main thread responsive while a heavy query runs', async () => {
    const path = join(dir, 'heavy.sqlite')
    // Six days of one-second samples and no rollup: a long query must read every raw row.
    const seconds = 6 * 86_400
    const store = new SqliteHistory({ path })
    for (let from = 0; from < seconds; from += 86_400) {
      store.append(Array.from({ length: 86_400 }, (_, i) => ({ series: gpu, tsSeconds: t0 + from + i, value: (i % 600) / 3 })))
      store.flush()
    }
    const heavy: HistoryQuery = { series: gpu, fromSeconds: t0, toSeconds: t0 + seconds, maxPoints: 2_000 }

    // The same query on this thread, for scale: it blocks the loop for as long as it runs.
    const blocked = await loopDelayDuring(() => new Promise<HistoryBucket[]>((resolve) => setTimeout(() => resolve(store.query(heavy)), 20)))
    store.close()
    expect(blocked.result.reduce((sum, b) => sum + b.count, 0)).toBe(seconds)

    const client = await HistoryClient.open({ path })
    const offloaded = await loopDelayDuring(() => client.query(heavy))
    await client.close()
    expect(offloaded.result).toEqual(blocked.result)
    // Loose on purpose: the worker's query took about as long, but the loop hardly noticed it.
    expect(blocked.maxDelayMs).toBeGreaterThan(50)
    expect(offloaded.maxDelayMs).toBeLessThan(blocked.maxDelayMs / 2)
  })
})

async function loopDelayDuring<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 })
  histogram.enable()
  // A timer keeps the loop turning, so every stall shows up as delay.
  const ticker = setInterval(() => undefined, 2)
  try {
    const result = await work()
    await new Promise((resolve) => setTimeout(resolve, 20))
    return { result, maxDelayMs: histogram.max / 1e6 }
  } finally {
    clearInterval(ticker)
    histogram.disable()
  }
}
