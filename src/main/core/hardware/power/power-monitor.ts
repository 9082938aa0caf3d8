import type { PowerSnapshot, PowerSourceStatus } from '../../../../shared/contract/power.ts'
import type { Logger } from '../../log.ts'
import { SampleLoop } from '../sample-loop.ts'
import { choosePower } from './choose-source.ts'
import { freshReadings, maxReadingAgeMs } from './freshness.ts'
import type { PowerSource } from './power-source.ts'

/**
 * A source and when it is read: `each-sample` for what is local and cheap (files, the
 * nvidia-smi stream's memory, the estimate), a period for what crosses the network (plugs),
 * which is polled in its own loop so a slow plug never holds up the 1 s sample.
 */
export type ScheduledSource = { source: PowerSource; every: 'each-sample' | number }

const unavailableRecheckMs = 60_000

export class PowerMonitor {
  readonly #local: readonly ScheduledSource[]
  #plugs: readonly ScheduledSource[] = []
  readonly #log: Logger
  readonly #latest = new Map<string, PowerSourceStatus>()
  /** Each source's last readings with a figure: a failed poll keeps them until they are stale. */
  readonly #lastReadings = new Map<string, PowerSourceStatus['readings']>()
  readonly #loops = new Map<string, SampleLoop<PowerSourceStatus>>()
  readonly #unavailableAt = new Map<string, number>()
  #started = false

  /** `local`: this machine's own sources, fixed for the run; plugs come and go with settings. */
  constructor(local: readonly ScheduledSource[], log: Logger) {
    this.#local = local
    this.#log = log
  }

  get #scheduled(): readonly ScheduledSource[] {
    return [...this.#local, ...this.#plugs]
  }

  start(): void {
    this.#started = true
    for (const scheduled of this.#scheduled) this.#startLoop(scheduled)
  }

  /** Swaps the plug sources: the old ones stop polling and are disposed, the new ones start. */
  async setPlugs(plugs: readonly ScheduledSource[]): Promise<void> {
    const old = this.#plugs
    this.#plugs = plugs
    await Promise.all(old.map(({ source }) => this.#stopLoop(source)))
    for (const { source } of old) this.#forget(source.id)
    if (this.#started) for (const scheduled of plugs) this.#startLoop(scheduled)
  }

  #startLoop({ source, every }: ScheduledSource): void {
    if (every === 'each-sample') return
    const loop = new SampleLoop({
      intervalMs: every,
      read: () => readSafely(source),
      onSample: (status) => this.#keep(source.id, status),
      onError: (error) => this.#log.warn(`power source ${source.id} failed`, error),
    })
    loop.start()
    this.#loops.set(source.id, loop)
  }

  async #stopLoop(source: PowerSource): Promise<void> {
    await this.#loops.get(source.id)?.stop()
    this.#loops.delete(source.id)
    await source.dispose()
  }

  /**
   * Reads the cheap sources now, takes the polled ones' latest, and picks the machine's watts
   * from the readings still fresh by their own source's cadence (freshness.ts). A source that
   * said `unavailable` (no such hardware here) is asked again only once a minute, so a machine
   * without it pays nothing for it on the 1 s path.
   */
  async snapshot(now: number, sampleIntervalMs: number): Promise<PowerSnapshot> {
    const cheap = this.#scheduled.filter((s) => s.every === 'each-sample' && !this.#recentlyUnavailable(s.source.id, now))
    const fresh = await Promise.all(cheap.map(({ source }) => readSafely(source)))
    cheap.forEach(({ source }, i) => {
      const status = fresh[i]
      if (!status) return
      this.#keep(source.id, status)
      if (status.error?.kind === 'unavailable') this.#unavailableAt.set(source.id, now)
      else this.#unavailableAt.delete(source.id)
    })
    const sources = this.#scheduled.map(({ source }) => this.#latest.get(source.id) ?? notYetRead(source.id))
    const readings = this.#scheduled.flatMap(({ source, every }) =>
      freshReadings(this.#lastReadings.get(source.id) ?? [], now, maxReadingAgeMs(every, sampleIntervalMs)),
    )
    return { total: choosePower(readings), sources }
  }

  #keep(id: string, status: PowerSourceStatus): void {
    this.#latest.set(id, status)
    if (status.readings.length > 0) this.#lastReadings.set(id, status.readings)
  }

  #forget(id: string): void {
    this.#latest.delete(id)
    this.#lastReadings.delete(id)
  }

  #recentlyUnavailable(id: string, now: number): boolean {
    const at = this.#unavailableAt.get(id)
    return at !== undefined && now - at < unavailableRecheckMs
  }

  async stop(): Promise<void> {
    this.#started = false
    await Promise.all(this.#scheduled.map(({ source }) => this.#stopLoop(source)))
  }
}

/** Sources report errors as data; a throw anyway (a bug) becomes a failed status, not a crash. */
async function readSafely(source: PowerSource): Promise<PowerSourceStatus> {
  const startedAt = Date.now()
  try {
    return await source.read()
  } catch (error) {
    return {
      source: source.id,
      readings: [],
      error: { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
      lastSuccessAt: null,
      durationMs: Date.now() - startedAt,
    }
  }
}

function notYetRead(source: string): PowerSourceStatus {
  return { source, readings: [], error: null, lastSuccessAt: null, durationMs: 0 }
}
