import { join } from 'node:path'
import type { MonitoringState } from '../../../shared/contract/app.ts'
import type { EnergyAnswer, HistoryAnswer } from '../../../shared/contract/history.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { Capability, CoreContext } from '../capability.ts'
import { DeskError } from '../errors.ts'
import { HistoryRecorder } from '../store/history-recorder.ts'
import { HistoryService } from '../store/history-service.ts'
import type { Series } from '../store/history-store.ts'
import { integrateEnergy } from './energy.ts'
import { HardwareMonitor } from './hardware-monitor.ts'
import { devicePowerSeries, machinePowerSeries, type DerivedWatts } from './history-points.ts'
import { MachineSampler } from './machine-sampler.ts'
import type { PowerMonitor } from './power/power-monitor.ts'

/** Energy over long ranges comes from buckets; this many keeps the answer exact enough and small. */
const energyBuckets = 20_000

type HardwareMethods = 'hardware.latest' | 'monitoring.get' | 'monitoring.setPaused' | 'history.query' | 'energy.summary'

/** What other capabilities (and the shells) may use of the hardware capability. */
export type Hardware = Capability<HardwareMethods> & {
  readonly latest: HardwareSample | null
  readonly monitoring: MonitoringState
  /** Why history cannot be written, or null when it can. */
  readonly historyProblem: string | null
  /** The power sources the sampler reads, where plugs are added. */
  readonly power: PowerMonitor
  setPaused(paused: boolean): Promise<MonitoringState>
  /**
   * Watts another capability derives from each sample (a node's share of the machine), kept in
   * history beside the devices' so energy can be asked of them the same way.
   */
  derivePower(derive: (sample: HardwareSample) => readonly DerivedWatts[]): void
  energySummary(fromMs: number, toMs: number, deviceId?: string): Promise<EnergyAnswer>
}

/**
 * Sampling, the hardware monitor and the history it records: the 1 s path, its pause and
 * interval, and the history and energy queries over what it kept.
 */
export function createHardware(ctx: CoreContext, options: { sampleIntervalMs?: number }): Hardware {
  const { log, dataDir, settings, events } = ctx
  let history: HistoryRecorder | undefined
  let historyProblem: string | null = 'history is not open yet'
  const initialIntervalMs = options.sampleIntervalMs ?? settings.current.monitoring.sampleIntervalMs
  const intervalMs = (): number => monitor.state.sampleIntervalMs
  const derivers: ((sample: HardwareSample) => readonly DerivedWatts[])[] = []
  const derived = (sample: HardwareSample): DerivedWatts[] => {
    try {
      return derivers.flatMap((derive) => derive(sample))
    } catch (error) {
      log.warn('derived watts could not be computed', error)
      return []
    }
  }
  const sampler = new MachineSampler({ intervalMs, initialIntervalMs, log, ...(dataDir === undefined ? {} : { dataDir }) })
  const monitor = new HardwareMonitor({
    read: async () => {
      const sample = await sampler.read()
      history?.record(sample, derived(sample))
      return sample
    },
    events,
    log,
    sampleIntervalMs: initialIntervalMs,
    paused: settings.current.monitoring.paused,
  })

  const historyStore = (): HistoryRecorder => {
    if (!history) throw new DeskError('upstream', `History is unavailable: ${historyProblem ?? 'it is closed'}.`)
    return history
  }

  async function queryHistory(series: Series, fromMs: number, toMs: number, maxPoints: number): Promise<HistoryAnswer> {
    if (toMs <= fromMs) throw new DeskError('invalid-input', 'toMs: must be after fromMs', { field: 'toMs' })
    const buckets = await historyStore().store.query({ series, fromSeconds: Math.floor(fromMs / 1000), toSeconds: Math.ceil(toMs / 1000), maxPoints })
    const widths = buckets.slice(1).map((b, i) => b.tsSeconds - (buckets[i]?.tsSeconds ?? 0))
    const bucketSeconds = widths.length > 0 ? Math.min(...widths) : Math.max(1, Math.ceil((toMs - fromMs) / 1000 / maxPoints))
    return {
      bucketMs: bucketSeconds * 1000,
      buckets: buckets.map((b) => ({ at: b.tsSeconds * 1000, min: b.min, avg: b.avg, max: b.max, count: b.count, measuredAvg: b.measuredAvg })),
    }
  }

  async function energySummary(fromMs: number, toMs: number, deviceId?: string): Promise<EnergyAnswer> {
    const series = deviceId === undefined ? machinePowerSeries : devicePowerSeries(deviceId)
    const answer = await queryHistory(series, fromMs, toMs, energyBuckets)
    const buckets = answer.buckets.map((b) => ({ atMs: b.at, avgWatts: b.avg, count: b.count, measuredWatts: b.measuredAvg }))
    return integrateEnergy(buckets, { fromMs, toMs: Math.min(toMs, Date.now()), bucketMs: answer.bucketMs, intervalMs: intervalMs() })
  }

  /** Pausing is saved like any settings change, so it survives a restart and every window sees it. */
  async function setPaused(paused: boolean): Promise<MonitoringState> {
    settings.update({ monitoring: { paused } })
    await monitor.setPaused(paused)
    events.emit('settings.changed', ctx.settingsState())
    return monitor.state
  }

  function openHistory(): void {
    const path = dataDir === undefined ? ':memory:' : join(dataDir, 'history.sqlite')
    try {
      history = new HistoryRecorder(new HistoryService({ path, log }), log)
      historyProblem = null
    } catch (error) {
      historyProblem = error instanceof Error ? error.message : String(error)
      log.error('history could not be opened; running without it', error)
    }
  }

  return {
    get latest() {
      return monitor.latest
    },
    get monitoring() {
      return monitor.state
    },
    get historyProblem() {
      return historyProblem
    },
    power: sampler.power,
    setPaused,
    derivePower(derive) {
      derivers.push(derive)
    },
    energySummary,
    handlers: {
      'hardware.latest': () => monitor.latest,
      'monitoring.get': () => monitor.state,
      'monitoring.setPaused': ({ paused }) => setPaused(paused),
      'history.query': ({ series, fromMs, toMs, maxPoints }) => queryHistory(series, fromMs, toMs, maxPoints),
      'energy.summary': ({ fromMs, toMs, deviceId }) => energySummary(fromMs, toMs, deviceId),
    },
    async start() {
      openHistory()
      sampler.start()
      monitor.start()
    },
    async stop() {
      await monitor.stop()
      await sampler.stop()
      await history?.close()
      history = undefined
      historyProblem = 'history is closed'
    },
    async settingsChanged(patch, next) {
      await monitor.setPaused(next.monitoring.paused)
      if (patch.monitoring?.sampleIntervalMs !== undefined) monitor.setSampleInterval(next.monitoring.sampleIntervalMs)
    },
    async settingsReplaced(next) {
      await monitor.setPaused(next.monitoring.paused)
      monitor.setSampleInterval(next.monitoring.sampleIntervalMs)
      return []
    },
  }
}
