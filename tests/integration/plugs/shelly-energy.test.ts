import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NewPlug, type PlugSetting } from '../../../src/shared/contract/plugs.ts'
import type { PowerSnapshot } from '../../../src/shared/contract/power.ts'
import { integrateEnergy } from '../../../src/main/core/hardware/energy.ts'
import { machinePowerSeries, powerPoints } from '../../../src/main/core/hardware/history-points.ts'
import { createEstimateSource } from '../../../src/main/core/hardware/power/estimate.ts'
import { plugSource } from '../../../src/main/core/hardware/power/plug-sources.ts'
import { PowerMonitor, type ScheduledSource } from '../../../src/main/core/hardware/power/power-monitor.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { SqliteHistory } from '../../../src/main/core/store/sqlite-history.ts'
import { fixture, httpPlug, type Fixture, type LoopbackPlug } from './loopback.ts'

/*
 * Every measured watt counted (issue 9, finding 8): a Shelly Gen2 plug on loopback HTTP, drawing
 * about 2 kW, added as the machine's wall plug at the default poll, beside the CPU estimate
 * (65 W at full load). The power monitor polls it on its own loop and is sampled every second;
 * each sample goes into a real SQLite history file, and the kWh are integrated from it as
 * energy.summary does. The clock is vitest's (setTimeout and Date): minutes pass in
 * milliseconds, while each poll is a real HTTP request the test waits for.
 */

const t0 = Date.UTC(2026, 0, 5, 10)
const sampleIntervalMs = 1000
const plugWatts = 2003.4
const estimateWatts = 65
const joulesPerKwh = 3_600_000

/** The documented Switch.GetStatus, metering about 2 kW. */
function switchStatus(): Fixture {
  const documented = fixture('shelly-gen2-switch-status')
  return { ...documented, body: { ...(documented.body as object), output: true, apower: plugWatts } }
}

let plug: LoopbackPlug
let answering: boolean
let lastAnswerAt: number
const dirs: string[] = []
beforeEach(async () => {
  vi.useFakeTimers({ now: t0, toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  answering = true
  lastAnswerAt = Number.NaN
  plug = await httpPlug((request) => {
    if (request.url !== '/rpc/Switch.GetStatus?id=0') return { status: 404, body: { code: 404, message: 'No handler' } }
    if (!answering) return { status: 503, body: { code: 503, message: 'Device busy' } }
    lastAnswerAt = Date.now()
    return switchStatus()
  })
})
afterEach(async () => {
  vi.useRealTimers()
  await plug.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The plug as settings save it: every default taken, the poll included. */
function savedPlug(address: string): PlugSetting {
  const draft = NewPlug.parse({ kind: 'shelly-gen2', address, label: 'Rig plug' })
  return { id: 'plug-rig00001', kind: draft.kind, address, channel: draft.channel, label: draft.label, scope: draft.scope, pollMs: draft.pollMs, hasSecret: false }
}

/** A polled source whose reads the test can wait for: the poll is real HTTP, not a timer. */
function awaitable(scheduled: ScheduledSource): { scheduled: ScheduledSource; settled: () => Promise<unknown> } {
  let inFlight: Promise<unknown> = Promise.resolve()
  const { source } = scheduled
  const read: typeof source.read = () => {
    const reading = source.read()
    inFlight = reading
    return reading
  }
  return { scheduled: { ...scheduled, source: { id: source.id, read, dispose: () => source.dispose() } }, settled: () => inFlight }
}

type Run = { history: SqliteHistory; samples: PowerSnapshot[] }

/** Samples once a second for `seconds`, as the hardware monitor does, and keeps each in the history. */
async function sample(monitor: PowerMonitor, settled: () => Promise<unknown>, run: Run, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    await vi.advanceTimersByTimeAsync(sampleIntervalMs)
    await settled()
    const power = await monitor.snapshot(Date.now(), sampleIntervalMs)
    run.samples.push(power)
    run.history.append(powerPoints(power, Math.floor(Date.now() / 1000)))
    if (run.samples.length % 60 === 0) run.history.flush()
  }
}

async function rig(): Promise<{ monitor: PowerMonitor; settled: () => Promise<unknown>; run: Run; pollMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-plug-energy-'))
  dirs.push(dir)
  const estimate = createEstimateSource(() => [{ id: 'cpu', label: 'CPU', kind: 'cpu', loadFraction: 1 }])
  const monitor = new PowerMonitor([{ source: estimate, every: 'each-sample' }], silentLogger)
  const setting = savedPlug(plug.address.address)
  const { scheduled, settled } = awaitable(plugSource(setting, undefined))
  await monitor.setPlugs([scheduled])
  monitor.start()
  return { monitor, settled, run: { history: new SqliteHistory({ path: join(dir, 'history.sqlite') }), samples: [] }, pollMs: setting.pollMs }
}

/** The kWh of the recorded machine total over [fromMs, toMs), as energy.summary integrates it. */
function recordedEnergy(history: SqliteHistory, fromMs: number, toMs: number): ReturnType<typeof integrateEnergy> {
  history.flush()
  history.rollup(Math.floor(toMs / 1000))
  const buckets = history.query({ series: machinePowerSeries, fromSeconds: fromMs / 1000, toSeconds: toMs / 1000, maxPoints: 20_000 })
  return integrateEnergy(
    buckets.map((b) => ({ atMs: b.tsSeconds * 1000, avgWatts: b.avg, count: b.count, measuredWatts: b.measuredAvg })),
    { fromMs, toMs, bucketMs: 1000, intervalMs: sampleIntervalMs },
  )
}

const kwh = (watts: number, seconds: number): number => (watts * seconds) / joulesPerKwh
/** Two samples of the plug's draw: the tolerance of a figure integrated from 1 s samples. */
const twoSamplesKwh = kwh(plugWatts, 2)

describe('a Shelly Gen2 wall plug at the default poll, end to end', () => {
  it('counts every second of its ~2 kW: kWh = plug watts × time, all measured', async () => {
    const { monitor, settled, run, pollMs } = await rig()
    expect(pollMs).toBe(5000)
    const fromMs = Date.now()
    await sample(monitor, settled, run, 600)
    const toMs = Date.now()
    await monitor.stop()

    // Ten minutes: a poll at the start and every 5 s after; no sample fell back to the estimate.
    expect(plug.requests).toHaveLength(121)
    expect(run.samples.filter((s) => s.total.basis !== 'wall')).toEqual([])
    const energy = recordedEnergy(run.history, fromMs, toMs)
    run.history.close()
    const expected = kwh(plugWatts, (toMs - fromMs) / 1000)
    expect(Math.abs(energy.kwh - expected)).toBeLessThanOrEqual(twoSamplesKwh)
    expect(energy.measuredKwh).toBeCloseTo(energy.kwh, 12)
    expect(energy.estimatedKwh).toBeCloseTo(0, 12)
    expect(energy.gaps).toEqual([])
  })

  it('keeps the plug through missed polls, then counts the estimate that stands in for it as estimated', async () => {
    const { monitor, settled, run } = await rig()
    const fromMs = Date.now()
    await sample(monitor, settled, run, 300)
    answering = false
    await sample(monitor, settled, run, 120)
    const toMs = Date.now()
    await monitor.stop()

    // The plug's last figure stands for three of its polls (15 s), then the estimate takes over.
    const measuredSeconds = (lastAnswerAt + 3 * 5000 - fromMs) / 1000
    const estimatedSeconds = (toMs - fromMs) / 1000 - measuredSeconds
    const bases = run.samples.map((s) => s.total.basis)
    expect(bases.slice(0, measuredSeconds - 1).every((basis) => basis === 'wall')).toBe(true)
    expect(bases.slice(measuredSeconds + 1).every((basis) => basis === 'estimate')).toBe(true)

    const energy = recordedEnergy(run.history, fromMs, toMs)
    run.history.close()
    expect(Math.abs((energy.measuredKwh ?? Number.NaN) - kwh(plugWatts, measuredSeconds))).toBeLessThanOrEqual(twoSamplesKwh)
    expect(Math.abs((energy.estimatedKwh ?? Number.NaN) - kwh(estimateWatts, estimatedSeconds))).toBeLessThanOrEqual(kwh(plugWatts, 1) + kwh(estimateWatts, 1))
    expect(energy.kwh).toBeCloseTo((energy.measuredKwh ?? 0) + (energy.estimatedKwh ?? 0), 12)
  })
})
