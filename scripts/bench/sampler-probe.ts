/**
 * One side of the sampler benchmark, run as its own process so its CPU (children's
 * included) is its own: `node sampler-probe.ts ours|si SECONDS INTERVAL_MS [OFFSET_MS]`. Prints one
 * JSON line. child_process is wrapped before any reader loads, so every spawn is counted.
 */
import { readFileSync } from 'node:fs'
import { createRequire, syncBuiltinESMExports } from 'node:module'

const [which = 'ours', secondsText = '60', intervalText = '1000', offsetText = '0'] = process.argv.slice(2)
const require = createRequire(import.meta.url)
const childProcess = require('node:child_process') as Record<string, unknown>
let spawns = 0
for (const name of ['exec', 'execSync', 'execFile', 'execFileSync', 'spawn', 'spawnSync', 'fork']) {
  const original = childProcess[name] as (...args: unknown[]) => unknown
  childProcess[name] = (...args: unknown[]) => {
    spawns++
    return original(...args)
  }
}
syncBuiltinESMExports()

const { MachineSampler } = await import('../../src/main/core/hardware/machine-sampler.ts')
const { SystemReader } = await import('../../src/main/core/hardware/system-reader.ts')
const { SampleLoop } = await import('../../src/main/core/hardware/sample-loop.ts')
const { silentLogger } = await import('../../src/main/core/log.ts')
const intervalMs = Number(intervalText)
// Ours is the whole sample core takes: machine, GPUs and every local power source.
const sampler = new MachineSampler({ intervalMs: () => intervalMs, initialIntervalMs: intervalMs, log: silentLogger })
const reader = which === 'si' ? new SystemReader(await import('systeminformation')) : sampler
// Started before the measured window: the one long-lived nvidia-smi child is not a per-sample cost.
if (which !== 'si') sampler.start()
// The offset lets two probes run side by side without ticking in the same millisecond.
await new Promise((resolve) => setTimeout(resolve, 500 + Number(offsetText)))

/** CPU seconds of this process and of the children it has reaped, from /proc/self/stat. */
function cpuSeconds(): { self: number; children: number } {
  const ticksPerSecond = 100 // USER_HZ, fixed at 100 on Linux for /proc
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  const at = (i: number): number => Number(fields[i - 3])
  return { self: (at(14) + at(15)) / ticksPerSecond, children: (at(16) + at(17)) / ticksPerSecond }
}

const durationsMs: number[] = []
const spawnsBefore = spawns
const cpuBefore = cpuSeconds()
const startedAt = performance.now()
const loop = new SampleLoop({
  intervalMs,
  read: async () => {
    const t0 = performance.now()
    await reader.read()
    durationsMs.push(performance.now() - t0)
  },
  onSample: () => undefined,
  onError: (error) => process.stderr.write(`sample failed: ${String(error)}\n`),
})
// The sampling loop unrefs its timer; this one keeps the probe alive for the run.
const keepAlive = setInterval(() => undefined, 1000)
loop.start()
await new Promise((resolve) => setTimeout(resolve, Number(secondsText) * 1000))
await loop.stop()
await sampler.stop()
clearInterval(keepAlive)
const elapsedSeconds = (performance.now() - startedAt) / 1000
const cpuAfter = cpuSeconds()
const sorted = [...durationsMs].sort((a, b) => a - b)
const percentile = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0
process.stdout.write(
  `${JSON.stringify({
    which,
    samples: durationsMs.length,
    elapsedSeconds,
    cpuSelfSeconds: cpuAfter.self - cpuBefore.self,
    cpuChildrenSeconds: cpuAfter.children - cpuBefore.children,
    spawns: spawns - spawnsBefore,
    p50Ms: percentile(0.5),
    p95Ms: percentile(0.95),
  })}\n`,
)
