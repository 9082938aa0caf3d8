import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PowerSourceStatus } from '../../../src/shared/contract/power.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import type { PowerSource } from '../../../src/main/core/hardware/power/power-source.ts'
import { PowerMonitor } from '../../../src/main/core/hardware/power/power-monitor.ts'

function source(id: string, read: () => Promise<PowerSourceStatus>): PowerSource & { reads: number; disposed: boolean } {
  const s = {
    id,
    reads: 0,
    disposed: false,
    read: () => {
      s.reads++
      return read()
    },
    dispose: () => {
      s.disposed = true
      return Promise.resolve()
    },
  }
  return s
}

const status = (id: string, watts: number, scope: 'wall' | 'gpu', at: number): PowerSourceStatus => ({
  source: id,
  readings: [{ deviceId: `${id}:0`, label: id, scope, watts, kind: 'measured', source: id, at }],
  error: null,
  lastSuccessAt: at,
  durationMs: 1,
})

const estimate = (watts: number, at: number): PowerSourceStatus => ({
  source: 'estimate',
  readings: [{ deviceId: 'estimate:cpu', label: 'CPU', scope: 'cpu-package', watts, kind: 'estimated', source: 'estimate', at }],
  error: null,
  lastSuccessAt: at,
  durationMs: 0,
})

describe('PowerMonitor', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }))
  afterEach(() => vi.useRealTimers())

  it('reads local sources each sample and polls plugs on their own cadence', async () => {
    const gpu = source('nvidia-smi', () => Promise.resolve(status('nvidia-smi', 300, 'gpu', Date.now())))
    const plug = source('shelly-gen2', () => Promise.resolve(status('shelly-gen2', 420, 'wall', Date.now())))
    const monitor = new PowerMonitor([{ source: gpu, every: 'each-sample' }, { source: plug, every: 5000 }], silentLogger)

    const before = await monitor.snapshot(Date.now(), 3000)
    expect(before.total).toMatchObject({ basis: 'components', totalWatts: 300 })
    expect(before.sources.map((s) => s.source)).toEqual(['nvidia-smi', 'shelly-gen2'])
    expect(before.sources[1]).toMatchObject({ readings: [], lastSuccessAt: null })

    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    const after = await monitor.snapshot(Date.now(), 3000)
    expect(after.total).toMatchObject({ basis: 'wall', totalWatts: 420, reason: 'wall plug (shelly-gen2) · measured' })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(plug.reads).toBe(3)
    expect(gpu.reads).toBe(2)

    await monitor.stop()
    expect([gpu.disposed, plug.disposed]).toEqual([true, true])
  })

  it('keeps a plug polled every 5 s as the total at every 1 s sample: judged by its own poll, not the sampling', async () => {
    const cpu = source('estimate', () => Promise.resolve(estimate(65, Date.now())))
    const plug = source('shelly-gen2', () => Promise.resolve(status('shelly-gen2', 2000, 'wall', Date.now())))
    const monitor = new PowerMonitor([{ source: cpu, every: 'each-sample' }, { source: plug, every: 5000 }], silentLogger)
    monitor.start()
    const totals: (number | null)[] = []
    for (let second = 0; second < 60; second++) {
      await vi.advanceTimersByTimeAsync(second === 0 ? 0 : 1000)
      totals.push((await monitor.snapshot(Date.now(), 1000)).total.totalWatts)
    }
    expect(plug.reads).toBe(12)
    expect(new Set(totals)).toEqual(new Set([2000]))
    await monitor.stop()
  })

  it("keeps a plug's last figure through a failed poll, and drops it once three of its polls are missed", async () => {
    let answering = true
    const cpu = source('estimate', () => Promise.resolve(estimate(65, Date.now())))
    const plug = source('shelly-gen2', () =>
      Promise.resolve(
        answering
          ? status('shelly-gen2', 2000, 'wall', Date.now())
          : { source: 'shelly-gen2', readings: [], error: { kind: 'failed' as const, message: 'did not answer within 3000 ms' }, lastSuccessAt: null, durationMs: 3000 },
      ),
    )
    const monitor = new PowerMonitor([{ source: cpu, every: 'each-sample' }, { source: plug, every: 5000 }], silentLogger)
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    const lastAnswerAt = Date.now()
    answering = false
    const basisAt = async (ms: number): Promise<string> => {
      await vi.advanceTimersByTimeAsync(lastAnswerAt + ms - Date.now())
      const snapshot = await monitor.snapshot(Date.now(), 1000)
      return `${snapshot.total.basis} ${String(snapshot.total.totalWatts)} ${snapshot.sources[1]?.error?.kind ?? 'ok'}`
    }
    expect(await basisAt(5000)).toBe('wall 2000 failed')
    expect(await basisAt(15_000)).toBe('wall 2000 failed')
    expect(await basisAt(15_001)).toBe('estimate 65 failed')
    await monitor.stop()
  })

  it('asks a source with no hardware here again only once a minute, keeping its status', async () => {
    const absent = source('amdgpu-hwmon', () =>
      Promise.resolve({ source: 'amdgpu-hwmon', readings: [], error: { kind: 'unavailable', message: 'no AMD GPU here' }, lastSuccessAt: null, durationMs: 0 }),
    )
    const monitor = new PowerMonitor([{ source: absent, every: 'each-sample' }], silentLogger)
    for (let second = 0; second < 59; second++) {
      const snapshot = await monitor.snapshot(Date.now() + second * 1000, 3000)
      expect(snapshot.sources[0]?.error?.kind).toBe('unavailable')
    }
    expect(absent.reads).toBe(1)
    await monitor.snapshot(Date.now() + 60_000, 3000)
    expect(absent.reads).toBe(2)
  })

  it('turns a source that throws into a failed status', async () => {
    const broken = source('rapl', () => Promise.reject(new Error('EIO reading energy_uj')))
    const monitor = new PowerMonitor([{ source: broken, every: 'each-sample' }], silentLogger)
    const snapshot = await monitor.snapshot(Date.now(), 3000)
    expect(snapshot.sources[0]).toMatchObject({ source: 'rapl', error: { kind: 'failed', message: 'EIO reading energy_uj' } })
    expect(snapshot.total.totalWatts).toBeNull()
  })
})
