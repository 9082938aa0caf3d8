import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { NvidiaComputeApps } from '../../../src/main/core/hardware/power/nvidia-compute-apps.ts'
import { countingSpawn, waitFor } from './nvidia-smi-harness.ts'

/*
 * A fake `nvidia-smi` for `--query-compute-apps=… --format=csv,noheader[,nounits] -lms N`, written
 * to a temp dir by this test. What it copies from the real one (nvidia-smi(1) and the text of
 * `nvidia-smi --help-query-compute-apps`): the field names, with `used_memory` an alias of
 * `used_gpu_memory` in MiB; the timestamp format "YYYY/MM/DD HH:MM:SS.msec", one per query;
 * `[N/A]` memory where the driver cannot tell (WDDM, XuehaiPan/nvitop#55); no line at all for a
 * query that finds no compute process; `Field "x" is not a valid field to query.` and exit 2 for
 * an unknown field; "No devices were found" without a GPU (NVIDIA/open-gpu-kernel-modules#862).
 *
 * FAKE_APPS: JSON list of queries, each a list of [gpu_uuid, pid, used_memory]; the last repeats;
 *   pid "self" is the fake's own pid, to tell one child's lines from the next one's.
 * FAKE_DIE_AFTER=K: after K queries, exit 15 with a driver error on stderr.
 * FAKE_NO_DEVICES=1: print "No devices were found" and exit 6.
 */
const fakeSource = String.raw`#!/usr/bin/env node
const env = process.env
if (env.FAKE_NO_DEVICES === '1') {
  process.stdout.write('No devices were found\n')
  process.exit(6)
}
const option = (name) => {
  const argv = process.argv.slice(2)
  const at = argv.findIndex((arg) => arg === name || arg.startsWith(name + '='))
  return at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice(name.length + 1) : argv[at + 1]
}
const known = { timestamp: 'timestamp', gpu_uuid: 'gpu_uuid', pid: 'pid', used_memory: 'used_gpu_memory', used_gpu_memory: 'used_gpu_memory' }
const fields = (option('--query-compute-apps') ?? '').split(',').filter(Boolean)
for (const field of fields) {
  if (!known[field]) {
    process.stdout.write('Field "' + field + '" is not a valid field to query.\n\n')
    process.exit(2)
  }
}
const format = (option('--format') ?? '').split(',')
const queries = JSON.parse(env.FAKE_APPS ?? '[[]]')
const dieAfter = env.FAKE_DIE_AFTER ? Number(env.FAKE_DIE_AFTER) : Infinity
const pad = (n, width = 2) => String(n).padStart(width, '0')
const stamp = (d) =>
  d.getFullYear() + '/' + pad(d.getMonth() + 1) + '/' + pad(d.getDate()) + ' ' +
  pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3)
let done = 0
function query() {
  if (done >= dieAfter) {
    process.stderr.write('Unable to determine the device handle for GPU 0000:01:00.0: Unknown Error\n')
    process.exit(15)
  }
  const timestamp = stamp(new Date())
  for (const [uuid, pid, memory] of queries[Math.min(done, queries.length - 1)]) {
    const cells = { timestamp, gpu_uuid: uuid, pid: String(pid === 'self' ? process.pid : pid), used_gpu_memory: memory === '[N/A]' || format.includes('nounits') ? memory : memory + ' MiB' }
    process.stdout.write(fields.map((field) => cells[known[field]]).join(', ') + '\n')
  }
  done += 1
}
query()
const loopMs = option('-lms')
if (loopMs !== undefined) setInterval(query, Number(loopMs))
`

let dir = ''
let fake = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fake-nvidia-smi-'))
  fake = join(dir, 'nvidia-smi')
  await writeFile(fake, fakeSource)
  await chmod(fake, 0o755)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const tracked: NvidiaComputeApps[] = []
function track(apps: NvidiaComputeApps): NvidiaComputeApps {
  tracked.push(apps)
  apps.start()
  return apps
}

afterEach(async () => {
  await Promise.all(tracked.splice(0).map((apps) => apps.dispose()))
})

const gpu0 = 'GPU-5d8f3c2a-9b1e-4f7a-8c6d-2e4b1a9f0c31'
const gpu1 = 'GPU-a230e637-c9e1-1b61-3830-a437b874d88d'
const mib = 1024 * 1024

describe('NvidiaComputeApps against a fake nvidia-smi', () => {
  it('lists the compute apps of the latest query from one process, then none once queries print nothing', async () => {
    const busy = [[gpu0, 4100, 21504], [gpu1, 4100, '[N/A]'], [gpu1, 4200, 812]]
    const counted = countingSpawn({ FAKE_APPS: JSON.stringify([busy, busy, busy, busy, []]) })
    const apps = track(new NvidiaComputeApps({ command: fake, intervalMs: 50, spawn: counted.spawn }))
    await waitFor(() => apps.apps().length === 3)
    expect(apps.apps()).toEqual([
      { pid: 4100, gpuUuid: gpu0, usedMemoryBytes: 21504 * mib },
      { pid: 4100, gpuUuid: gpu1, usedMemoryBytes: null },
      { pid: 4200, gpuUuid: gpu1, usedMemoryBytes: 812 * mib },
    ])
    await waitFor(() => apps.apps().length === 0)
    expect(apps.problem).toBeNull()
    expect(counted.pids).toHaveLength(1)
  })

  it('restarts a child that dies, with backoff, and the list resumes', async () => {
    const counted = countingSpawn({ FAKE_APPS: JSON.stringify([[[gpu0, 'self', 512]]]), FAKE_DIE_AFTER: '2' })
    const apps = track(new NvidiaComputeApps({ command: fake, intervalMs: 50, spawn: counted.spawn, backoffInitialMs: 50, backoffMaxMs: 200 }))
    // The fake lists itself: once restarted, the apps are those of the newest child.
    await waitFor(() => counted.pids.length >= 3 && apps.apps()[0]?.pid === counted.pids.at(-1))
    expect(apps.apps()).toEqual([{ pid: counted.pids.at(-1), gpuUuid: gpu0, usedMemoryBytes: 512 * mib }])
  })

  it('says nvidia-smi is missing or sees no GPU, and stops trying', async () => {
    const missing = countingSpawn()
    const noBinary = track(new NvidiaComputeApps({ command: join(dir, 'no-such-nvidia-smi'), spawn: missing.spawn, backoffInitialMs: 10 }))
    const empty = countingSpawn({ FAKE_NO_DEVICES: '1' })
    const noGpu = track(new NvidiaComputeApps({ command: fake, spawn: empty.spawn, backoffInitialMs: 10 }))
    await waitFor(() => noBinary.problem !== null && noBinary.problem.includes('not found') && noGpu.problem?.includes('no NVIDIA GPU') === true)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(missing.pids).toHaveLength(1)
    expect(empty.pids).toHaveLength(1)
    expect(noGpu.problem).toBe('nvidia-smi found no NVIDIA GPU: No devices were found')
    expect(noBinary.apps()).toEqual([])
  })
})
