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

  it('ignores a plug reading older than the allowed age', async () => {
    const plug = source('tasmota', () => Promise.resolve(status('tasmota', 400, 'wall', Date.now())))
    const monitor = new PowerMonitor([{ source: plug, every: 60_000 }], silentLogger)
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(10_000)
    expect((await monitor.snapshot(Date.now(), 3000)).total.basis).toBe('none')
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
