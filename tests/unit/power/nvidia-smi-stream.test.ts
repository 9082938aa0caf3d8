import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultNvidiaSmiFields } from '../../../src/main/core/hardware/power/nvidia-smi-csv.ts'
import { NvidiaSmiStream } from '../../../src/main/core/hardware/power/nvidia-smi-stream.ts'
import { fakeSpawn, settle, type FakeChild } from '../../support/fake-child.ts'

const line0 = '0, GPU-aaa, NVIDIA GeForce RTX 4090, 97, 68, 412.35, 410.80, 418.22, 450.00, 0x0000000000000004, 72, 21504, 24564, 2610\n'
const line1 = '1, GPU-bbb, NVIDIA A100-PCIE-40GB, 0, 34, 36.12, [N/A], 36.50, 250.00, 0x0000000000000001, [N/A], 4, 40960, 210\n'

function harness(options: { now?: () => number } = {}): {
  stream: NvidiaSmiStream
  children: FakeChild[]
  calls: string[][]
} {
  const { spawn, children, calls } = fakeSpawn()
  const stream = new NvidiaSmiStream({ spawn, intervalMs: 1000, random: () => 0, backoffInitialMs: 1000, backoffMaxMs: 4000, ...options })
  return { stream, children, calls }
}

describe('NvidiaSmiStream with a fake child', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks for the full field list in loop mode and answers read() from the latest lines', async () => {
    const { stream, children, calls } = harness({ now: () => 5000 })
    expect((await stream.read()).error).toEqual({ kind: 'failed', message: 'nvidia-smi stream not started' })
    stream.start()
    expect(calls).toEqual([[`--query-gpu=${defaultNvidiaSmiFields.join(',')}`, '--format=csv,noheader,nounits', '-lms', '1000']])
    children[0]!.print(line0 + line1.slice(0, 20))
    await settle()
    children[0]!.print(line1.slice(20))
    await settle()
    for (let i = 0; i < 5; i++) await stream.read()
    const status = await stream.read()
    expect(calls).toHaveLength(1)
    expect(status).toEqual({
      source: 'nvidia-smi',
      readings: [
        { deviceId: 'nvidia:GPU-aaa', label: 'NVIDIA GeForce RTX 4090', scope: 'gpu', watts: 410.8, kind: 'measured', source: 'nvidia-smi', at: 5000 },
        { deviceId: 'nvidia:GPU-bbb', label: 'NVIDIA A100-PCIE-40GB', scope: 'gpu', watts: 36.12, kind: 'measured', source: 'nvidia-smi', at: 5000 },
      ],
      error: null,
      lastSuccessAt: 5000,
      durationMs: 0,
    })
    expect(stream.gpus()[1]).toMatchObject({ fanPercent: null, throttleReasons: ['gpu_idle'], stale: false })
  })

  it('reports a reading older than three intervals as stale, not as current', async () => {
    let now = 0
    const { stream, children } = harness({ now: () => now })
    stream.start()
    children[0]!.print(line0)
    await settle()
    now = 3000
    expect((await stream.read()).readings).toHaveLength(1)
    now = 3001
    const status = await stream.read()
    expect(status.readings).toEqual([])
    expect(status.error).toEqual({ kind: 'failed', message: 'no reading from nvidia-smi for 3 s (GPU 0)' })
    expect(stream.gpus()[0]).toMatchObject({ powerWatts: 410.8, stale: true })
  })

  it('restarts a dead child with exponential backoff, reset once lines flow again', async () => {
    const { stream, children } = harness()
    stream.start()
    children[0]!.stderr.write('Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error\n')
    children[0]!.exit(15)
    await settle()
    expect((await stream.read()).error).toEqual({
      kind: 'failed',
      message: 'nvidia-smi exited (code 15): Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error; restarting in 1 s',
    })
    // With no jitter drawn the waits are half of 1 s, 2 s, 4 s, 4 s (the cap).
    for (const [spawned, waitMs] of [[2, 500], [3, 1000], [4, 2000], [5, 2000]] as const) {
      vi.advanceTimersByTime(waitMs - 1)
      expect(children).toHaveLength(spawned - 1)
      vi.advanceTimersByTime(1)
      expect(children).toHaveLength(spawned)
      if (spawned < 5) {
        children[spawned - 1]!.exit(1)
        await settle()
      }
    }
    children[4]!.print(line0)
    await settle()
    expect((await stream.read()).error).toBeNull()
    children[4]!.exit(1)
    await settle()
    vi.advanceTimersByTime(500)
    expect(children).toHaveLength(6)
  })

  it('asks again at once with fewer fields when an older driver refuses one', async () => {
    const { stream, children, calls } = harness()
    stream.start()
    children[0]!.print('Field "power.draw.average" is not a valid field to query.\n\n')
    children[0]!.exit(2)
    await settle()
    vi.advanceTimersByTime(0)
    expect(calls).toHaveLength(2)
    expect(calls[1]![0]).not.toContain('power.draw.average')
    expect(stream.fields).not.toContain('power.draw.average')
    expect((await stream.read()).error).toBeNull()
  })

  it('gives up, without restarting, when nvidia-smi is missing or sees no GPU', async () => {
    const missing = harness()
    missing.stream.start()
    missing.children[0]!.pid = undefined
    missing.children[0]!.emit('error', Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }))
    await settle()
    const noGpu = harness()
    noGpu.stream.start()
    noGpu.children[0]!.print('No devices were found\n')
    noGpu.children[0]!.exit(6)
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(missing.children).toHaveLength(1)
    expect(noGpu.children).toHaveLength(1)
    expect((await missing.stream.read()).error).toEqual({ kind: 'unavailable', message: 'nvidia-smi not found: no NVIDIA driver installed' })
    expect((await noGpu.stream.read()).error).toEqual({ kind: 'unavailable', message: 'nvidia-smi found no NVIDIA GPU: No devices were found' })
  })

  it('never signals a child whose spawn failed: its pid may be 0, which means our own process group', async () => {
    for (const pid of [0, undefined]) {
      const { stream, children } = harness()
      stream.start()
      children[0]!.pid = pid
      await stream.dispose()
      expect(children[0]!.killed).toEqual([])
    }
  })

  it('kills the child on dispose and starts no other', async () => {
    const { stream, children } = harness()
    stream.start()
    await stream.dispose()
    expect(children[0]!.killed).toEqual(['SIGTERM'])
    vi.advanceTimersByTime(60_000)
    expect(children).toHaveLength(1)
  })
})
