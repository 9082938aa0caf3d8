import { delimiter, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NvidiaSmiStream } from '../../../src/main/core/hardware/power/nvidia-smi-stream.ts'
import { countingSpawn, waitFor } from './nvidia-smi-harness.ts'

const fixtureDir = join(import.meta.dirname, '../../fixtures/nvidia-smi')
const fake = join(fixtureDir, 'fake-nvidia-smi')
const uuids = ['GPU-5d8f3c2a-9b1e-4f7a-8c6d-2e4b1a9f0c31', 'GPU-a230e637-c9e1-1b61-3830-a437b874d88d']

function isRunning(pid: number | undefined): boolean {
  try {
    return pid !== undefined && process.kill(pid, 0)
  } catch {
    return false
  }
}

const streams: NvidiaSmiStream[] = []
function track(stream: NvidiaSmiStream): NvidiaSmiStream {
  streams.push(stream)
  stream.start()
  return stream
}

afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.dispose()))
})

describe('NvidiaSmiStream against a fake nvidia-smi', () => {
  it('streams both GPUs from one process found on PATH, [N/A] as null', async () => {
    const counted = countingSpawn({ PATH: `${fixtureDir}${delimiter}${process.env.PATH ?? ''}` })
    const stream = track(new NvidiaSmiStream({ command: 'fake-nvidia-smi', intervalMs: 50, spawn: counted.spawn }))
    await waitFor(async () => (await stream.read()).readings.length === 2)
    for (let i = 0; i < 20; i++) await stream.read()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const status = await stream.read()
    expect(counted.pids).toHaveLength(1)
    expect(status.error).toBeNull()
    expect(status.readings.map((r) => [r.deviceId, r.kind, r.scope])).toEqual([
      [`nvidia:${uuids[0]}`, 'measured', 'gpu'],
      [`nvidia:${uuids[1]}`, 'measured', 'gpu'],
    ])
    const [rtx, a100] = stream.gpus()
    expect(rtx).toMatchObject({ name: 'NVIDIA GeForce RTX 4090', powerLimitWatts: 450, throttleReasons: ['sw_power_cap'], fanPercent: 72 })
    expect(rtx!.powerWatts).toBeGreaterThan(400)
    // The A100 has no fan and no power.draw.average: both [N/A], power falls back to power.draw.
    expect(a100).toMatchObject({ fanPercent: null, powerWatts: 36.12, throttleReasons: ['gpu_idle'], memoryTotalMib: 40960 })

    await stream.dispose()
    expect(isRunning(counted.pids[0])).toBe(false)
  })

  it('restarts a child that dies mid-line, with backoff, and the readings resume', async () => {
    const counted = countingSpawn({ FAKE_NVIDIA_SMI_DIE_AFTER: '4' })
    const stream = track(new NvidiaSmiStream({ command: fake, intervalMs: 50, spawn: counted.spawn, backoffInitialMs: 50, backoffMaxMs: 200 }))
    await waitFor(() => counted.pids.length >= 2)
    const restartedAt = Date.now()
    await waitFor(() => stream.gpus().some((gpu) => gpu.at >= restartedAt) && counted.pids.length >= 3)
    // The half line each death leaves behind never became a reading.
    expect(stream.gpus().map((gpu) => gpu.uuid)).toEqual(uuids)
    expect(stream.gpus().every((gpu) => gpu.smClockMhz === 2610 || gpu.smClockMhz === 210)).toBe(true)
  })

  it('falls back to the fields an older driver knows', async () => {
    const counted = countingSpawn({ FAKE_NVIDIA_SMI_OLD_DRIVER: '1' })
    const stream = track(new NvidiaSmiStream({ command: fake, intervalMs: 50, spawn: counted.spawn }))
    await waitFor(async () => (await stream.read()).readings.length === 2)
    expect(stream.fields).not.toContain('power.draw.average')
    expect(stream.fields).not.toContain('power.draw.instant')
    expect(stream.fields).toContain('clocks_throttle_reasons.active')
    expect(counted.pids.length).toBeGreaterThan(1)
    expect(stream.gpus()[0]).toMatchObject({ powerWatts: 410, powerInstantWatts: null, throttleReasons: ['sw_power_cap'] })
  })

  it('is unavailable, and stops trying, when the binary is missing or sees no GPU', async () => {
    const missing = countingSpawn()
    const noBinary = track(new NvidiaSmiStream({ command: join(fixtureDir, 'no-such-nvidia-smi'), spawn: missing.spawn, backoffInitialMs: 10 }))
    const empty = countingSpawn({ FAKE_NVIDIA_SMI_NO_DEVICES: '1' })
    const noGpu = track(new NvidiaSmiStream({ command: fake, spawn: empty.spawn, backoffInitialMs: 10 }))
    await waitFor(async () => (await noBinary.read()).error?.kind === 'unavailable' && (await noGpu.read()).error?.kind === 'unavailable')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(missing.pids).toHaveLength(1)
    expect(empty.pids).toHaveLength(1)
    expect((await noGpu.read()).error?.message).toContain('No devices were found')
  })
})
