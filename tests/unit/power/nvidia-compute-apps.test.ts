import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NvidiaComputeApps, parseComputeAppLine } from '../../../src/main/core/hardware/power/nvidia-compute-apps.ts'
import { fakeSpawn, settle, type FakeChild } from '../../support/fake-child.ts'

// Lines in the shape of `nvidia-smi --query-compute-apps=timestamp,gpu_uuid,pid,used_memory
// --format=csv,noheader,nounits`: the timestamp as `--help-query-compute-apps` documents it.
const t1 = '2025/05/14 22:05:00.100'
const t2 = '2025/05/14 22:05:01.100'
const miner = `${t1}, GPU-aaa, 4100, 21504\n`
const trainer = `${t1}, GPU-bbb, 4200, 812\n`
const mib = 1024 * 1024

function harness(options: { now?: () => number } = {}): { apps: NvidiaComputeApps; children: FakeChild[]; calls: string[][] } {
  const { spawn, children, calls } = fakeSpawn()
  const apps = new NvidiaComputeApps({ spawn, intervalMs: 1000, random: () => 0, backoffInitialMs: 1000, backoffMaxMs: 4000, ...options })
  return { apps, children, calls }
}

describe('parseComputeAppLine', () => {
  it('reads pid, GPU and memory in bytes, and a memory the driver cannot give as null', () => {
    expect(parseComputeAppLine(`${t1}, GPU-aaa, 4100, 21504`)).toEqual({ timestamp: t1, gpuUuid: 'GPU-aaa', pid: 4100, usedMemoryBytes: 21504 * mib })
    expect(parseComputeAppLine(`${t1}, GPU-aaa, 4100, 21504 MiB`)?.usedMemoryBytes).toBe(21504 * mib)
    for (const cell of ['[N/A]', 'N/A', '[Not Supported]', '[Insufficient Permissions]', '']) {
      expect(parseComputeAppLine(`${t1}, GPU-aaa, 4100, ${cell}`)?.usedMemoryBytes).toBeNull()
    }
  })

  it('refuses what is no compute-app line', () => {
    for (const line of [
      'No running processes found',
      'timestamp, gpu_uuid, pid, used_gpu_memory [MiB]',
      `${t1}, GPU-aaa, 4100, python, my, miner, 512`,
      `${t1}, GPU-aaa, 4100`,
      `${t1}, GPU-aaa, [N/A], 512`,
      `${t1}, GPU-aaa, 0, 512`,
      `${t1}, GPU-aaa, -7, 512`,
      `${t1}, GPU-aaa, 41.5, 512`,
      `${t1}, [N/A], 4100, 512`,
      `, GPU-aaa, 4100, 512`,
    ]) {
      expect(parseComputeAppLine(line), line).toBeNull()
    }
  })
})

describe('NvidiaComputeApps with a fake child', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks for the compute apps in loop mode, without process names, and answers from the latest batch', async () => {
    let now = 0
    const { apps, children, calls } = harness({ now: () => now })
    expect(apps.problem).toBe('nvidia-smi compute-apps query not started')
    apps.start()
    expect(calls).toEqual([['--query-compute-apps=timestamp,gpu_uuid,pid,used_memory', '--format=csv,noheader,nounits', '-lms', '1000']])
    expect(apps.apps()).toEqual([])
    children[0]!.print(miner + trainer.slice(0, 20))
    await settle()
    children[0]!.print(trainer.slice(20))
    await settle()
    expect(apps.apps()).toEqual([
      { pid: 4100, gpuUuid: 'GPU-aaa', usedMemoryBytes: 21504 * mib },
      { pid: 4200, gpuUuid: 'GPU-bbb', usedMemoryBytes: 812 * mib },
    ])
    expect(apps.problem).toBeNull()

    // The next interval lists only the miner, now on both GPUs: the trainer has ended.
    now = 1000
    children[0]!.print(`${t2}, GPU-aaa, 4100, 21504\n${t2}, GPU-bbb, 4100, 300\n`)
    await settle()
    expect(apps.apps()).toEqual([
      { pid: 4100, gpuUuid: 'GPU-aaa', usedMemoryBytes: 21504 * mib },
      { pid: 4100, gpuUuid: 'GPU-bbb', usedMemoryBytes: 300 * mib },
    ])
    expect(calls).toHaveLength(1)
  })

  it('reads intervals that print nothing as no compute app: a batch older than 2.5 intervals is gone', async () => {
    let now = 0
    const { apps, children } = harness({ now: () => now })
    apps.start()
    children[0]!.print(miner)
    await settle()
    now = 2500
    expect(apps.apps()).toHaveLength(1)
    now = 2501
    expect(apps.apps()).toEqual([])
    expect(apps.problem).toBeNull()
  })

  it('gives memory the driver cannot report as null, and keeps the pid', async () => {
    const { apps, children } = harness({ now: () => 0 })
    apps.start()
    children[0]!.print(`${t1}, GPU-aaa, 4100, [N/A]\n${t1}, GPU-aaa, 4300, [Not Supported]\n`)
    await settle()
    expect(apps.apps()).toEqual([
      { pid: 4100, gpuUuid: 'GPU-aaa', usedMemoryBytes: null },
      { pid: 4300, gpuUuid: 'GPU-aaa', usedMemoryBytes: null },
    ])
  })

  it('restarts a dead child with backoff, says why meanwhile, and reads the new child', async () => {
    const { apps, children } = harness({ now: () => 0 })
    apps.start()
    children[0]!.print('Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error\n')
    children[0]!.exit(15)
    await settle()
    expect(apps.problem).toBe('nvidia-smi exited (code 15): Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error; restarting in 1 s')
    vi.advanceTimersByTime(499)
    expect(children).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(children).toHaveLength(2)
    children[1]!.print(miner)
    await settle()
    expect(apps.problem).toBeNull()
    expect(apps.apps()).toEqual([{ pid: 4100, gpuUuid: 'GPU-aaa', usedMemoryBytes: 21504 * mib }])
  })

  it('gives up, without restarting, when nvidia-smi is missing or sees no GPU', async () => {
    const missing = harness()
    missing.apps.start()
    missing.children[0]!.pid = undefined
    missing.children[0]!.emit('error', Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' }))
    await settle()
    const noGpu = harness()
    noGpu.apps.start()
    noGpu.children[0]!.print('No devices were found\n')
    noGpu.children[0]!.exit(6)
    await settle()
    vi.advanceTimersByTime(60_000)
    expect(missing.children).toHaveLength(1)
    expect(noGpu.children).toHaveLength(1)
    expect(missing.apps.problem).toBe('nvidia-smi not found: no NVIDIA driver installed')
    expect(noGpu.apps.problem).toBe('nvidia-smi found no NVIDIA GPU: No devices were found')
    expect(noGpu.apps.apps()).toEqual([])
  })

  it('kills the child on dispose and starts no other', async () => {
    const { apps, children } = harness()
    apps.start()
    await apps.dispose()
    expect(children[0]!.killed).toEqual(['SIGTERM'])
    vi.advanceTimersByTime(60_000)
    expect(children).toHaveLength(1)
  })
})
