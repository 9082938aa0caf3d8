import type { MonitoringState } from '../../../shared/contract/app.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { EventHub } from '../event-hub.ts'
import type { Logger } from '../log.ts'
import { SampleLoop } from './sample-loop.ts'

export type HardwareMonitorOptions = {
  read: () => Promise<HardwareSample>
  events: EventHub
  log: Logger
  sampleIntervalMs: number
  paused: boolean
}

/** Samples the machine on a fixed cadence, keeps the newest sample and pushes each one as an event. */
export class HardwareMonitor {
  readonly #events: EventHub
  readonly #log: Logger
  readonly #loop: SampleLoop<HardwareSample>
  #intervalMs: number
  #latest: HardwareSample | null = null
  #paused: boolean

  constructor(options: HardwareMonitorOptions) {
    this.#events = options.events
    this.#log = options.log
    this.#intervalMs = options.sampleIntervalMs
    this.#paused = options.paused
    this.#loop = new SampleLoop({
      intervalMs: options.sampleIntervalMs,
      read: options.read,
      onSample: (sample) => {
        this.#latest = sample
        this.#events.emit('hardware.sampled', sample)
      },
      onError: (error) => this.#log.warn('hardware sample failed', error),
    })
  }

  get latest(): HardwareSample | null {
    return this.#latest
  }

  get state(): MonitoringState {
    return { paused: this.#paused, sampleIntervalMs: this.#intervalMs }
  }

  start(): void {
    if (!this.#paused) this.#loop.start()
  }

  async setPaused(paused: boolean): Promise<MonitoringState> {
    if (paused !== this.#paused) {
      this.#paused = paused
      if (paused) await this.#loop.stop()
      else this.#loop.start()
      this.#events.emit('monitoring.changed', this.state)
    }
    return this.state
  }

  setSampleInterval(intervalMs: number): MonitoringState {
    if (intervalMs !== this.#intervalMs) {
      this.#intervalMs = intervalMs
      this.#loop.intervalMs = intervalMs
      this.#events.emit('monitoring.changed', this.state)
    }
    return this.state
  }

  stop(): Promise<void> {
    return this.#loop.stop()
  }
}
