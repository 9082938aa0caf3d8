import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryService } from '../../../src/main/core/store/history-service.ts'
import type { HistoryPoint } from '../../../src/main/core/store/history-store.ts'

const series = { name: 'machine_power_watts', labels: {} }
// On an hour boundary: buckets align to multiples of their width.
const t0 = 1_790_006_400
const services: HistoryService[] = []

function open(options: Partial<ConstructorParameters<typeof HistoryService>[0]> = {}): HistoryService {
  const service = new HistoryService({ path: join(mkdtempSync(join(tmpdir(), 'desk-history-service-')), 'history.sqlite'), ...options })
  services.push(service)
  return service
}

function seconds(from: number, count: number, value: (t: number) => number): HistoryPoint[] {
  return Array.from({ length: count }, (_, i) => ({ series, tsSeconds: from + i, value: value(from + i) }))
}

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()))
})

describe('HistoryService', () => {
  it('answers cheap queries on this thread and never starts a worker for them', async () => {
    const service = open()
    service.append(seconds(t0, 3600, () => 100))
    await service.flush()
    const buckets = await service.query({ series, fromSeconds: t0, toSeconds: t0 + 3600, maxPoints: 60 })
    expect(buckets).toHaveLength(60)
    expect(buckets.every((b) => b.avg === 100 && b.count === 60)).toBe(true)
    expect(service.workerRunning).toBe(false)
  })

  it('sends a heavy scan to a worker that sees what this thread wrote, and stops it when idle', async () => {
    const service = open({ heavyRows: 1000, workerIdleMs: 200 })
    service.append(seconds(t0, 7200, (t) => (t < t0 + 3600 ? 50 : 150)))
    await service.flush()
    const range = { series, fromSeconds: t0, toSeconds: t0 + 7200, maxPoints: 2 }
    const inWorker = await service.query(range)
    expect(service.workerRunning).toBe(true)
    expect(inWorker.map((b) => [b.avg, b.count])).toEqual([
      [50, 3600],
      [150, 3600],
    ])

    // Written after the worker opened its connection: it must still see it.
    const other = { name: 'cpu_load_percent', labels: {} }
    service.append(Array.from({ length: 3600 }, (_, i) => ({ series: other, tsSeconds: t0 + i, value: 7 })))
    await service.flush()
    const fresh = await service.query({ series: other, fromSeconds: t0, toSeconds: t0 + 3600, maxPoints: 1 })
    expect(fresh).toEqual([{ tsSeconds: t0, min: 7, avg: 7, max: 7, count: 3600, measuredAvg: 0 }])

    await expect.poll(() => service.workerRunning, { timeout: 3000 }).toBe(false)
  })

  it('tries the worker again after it failed to start', async () => {
    let attempts = 0
    const service = open({
      heavyRows: 10,
      openWorker: () => {
        attempts += 1
        return Promise.reject(new Error('no threads left'))
      },
    })
    service.append(seconds(t0, 100, () => 1))
    await service.flush()
    const range = { series, fromSeconds: t0, toSeconds: t0 + 100, maxPoints: 10 }
    await expect(service.query(range)).rejects.toThrow('no threads left')
    await expect(service.query(range)).rejects.toThrow('no threads left')
    expect(attempts).toBe(2)
    expect(service.workerRunning).toBe(false)
  })
})
