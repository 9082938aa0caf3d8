import {
  defaultNvidiaSmiFields,
  nextFieldList,
  parseNvidiaSmiLine,
  rejectedField,
  type NvidiaGpuReading,
  type NvidiaSmiField,
} from './nvidia-smi-csv.ts'
import { NvidiaSmiChild, type NvidiaSmiChildOptions } from './nvidia-smi-child.ts'
import type { PowerReading, PowerSource, PowerSourceError, PowerSourceStatus } from './power-source.ts'

export type { SpawnFunction } from './nvidia-smi-child.ts'

export type NvidiaSmiStreamOptions = NvidiaSmiChildOptions & {
  intervalMs?: number
  now?: () => number
}

/** The sampler's view of one GPU: the latest line, when it came and whether it is too old to show as current. */
export type NvidiaGpuTelemetry = NvidiaGpuReading & { at: number; stale: boolean }

/** A reading older than this many intervals is stale: the child is hung, dead or restarting. */
const staleAfterIntervals = 3

/**
 * GPUs from ONE long-lived `nvidia-smi --query-gpu=… -lms N` child for the life of the app,
 * not one process per sample (a spawn costs 50–600 ms, seconds when the driver is cold).
 * `read()` answers from the latest lines and never spawns; the child (nvidia-smi-child.ts) is
 * restarted with exponential backoff and jitter when it dies, and given up on when the binary
 * is missing.
 */
export class NvidiaSmiStream implements PowerSource {
  readonly id = 'nvidia-smi'
  readonly #intervalMs: number
  readonly #now: () => number
  readonly #child: NvidiaSmiChild
  readonly #latest = new Map<string, { reading: NvidiaGpuReading; at: number }>()
  #fields: readonly NvidiaSmiField[] = defaultNvidiaSmiFields
  #lastSuccessAt: number | null = null

  constructor(options: NvidiaSmiStreamOptions = {}) {
    this.#intervalMs = options.intervalMs ?? 1000
    this.#now = options.now ?? Date.now
    this.#child = new NvidiaSmiChild(options, {
      args: () => this.#args(),
      line: (line) => this.#line(line),
      retryNow: (output) => this.#narrowFields(output),
    })
  }

  /** Starts the child; the composition root calls it once. */
  start(): void {
    this.#child.start()
  }

  /** The field list the running driver accepted (narrower on older drivers). */
  get fields(): readonly NvidiaSmiField[] {
    return this.#fields
  }

  /** Utilization, temperature, clocks, fan, memory, throttle reasons and limits per GPU, by index. */
  gpus(): NvidiaGpuTelemetry[] {
    const now = this.#now()
    return [...this.#latest.values()]
      .map(({ reading, at }) => ({ ...reading, at, stale: now - at > staleAfterIntervals * this.#intervalMs }))
      .sort((a, b) => a.index - b.index)
  }

  read(): Promise<PowerSourceStatus> {
    const startedAt = this.#now()
    const gpus = this.gpus()
    const stale = gpus.filter((gpu) => gpu.stale)
    return Promise.resolve({
      source: this.id,
      readings: gpus.filter((gpu) => !gpu.stale).map(toPowerReading),
      error: this.#child.error ?? this.#staleError(stale, startedAt),
      lastSuccessAt: this.#lastSuccessAt,
      durationMs: this.#now() - startedAt,
    })
  }

  /** Stops restarting and ends the child (SIGTERM, then SIGKILL if it lingers). */
  dispose(): Promise<void> {
    return this.#child.dispose()
  }

  #args(): string[] {
    return [`--query-gpu=${this.#fields.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(this.#intervalMs)]
  }

  #line(line: string): boolean {
    let reading: NvidiaGpuReading
    try {
      reading = parseNvidiaSmiLine(line, this.#fields)
    } catch {
      return false
    }
    const at = this.#now()
    this.#latest.set(reading.uuid, { reading, at })
    this.#lastSuccessAt = at
    return true
  }

  /** An older driver refused a field: ask again at once with the fields it knows. */
  #narrowFields(output: string): boolean {
    const rejected = rejectedField(output)
    if (rejected === null && !/is not a valid field to query/.test(output)) return false
    const next = nextFieldList(this.#fields, rejected)
    if (next) this.#fields = next
    return next !== null
  }

  #staleError(stale: NvidiaGpuTelemetry[], now: number): PowerSourceError | null {
    if (!this.#child.started) return { kind: 'failed', message: 'nvidia-smi stream not started' }
    if (stale.length === 0) return null
    const oldest = Math.min(...stale.map((gpu) => gpu.at))
    const names = stale.map((gpu) => `GPU ${gpu.index}`).join(', ')
    return { kind: 'failed', message: `no reading from nvidia-smi for ${Math.round((now - oldest) / 1000)} s (${names})` }
  }
}

function toPowerReading(gpu: NvidiaGpuTelemetry): PowerReading {
  return {
    deviceId: `nvidia:${gpu.uuid}`,
    label: gpu.name,
    scope: 'gpu',
    watts: gpu.powerWatts,
    kind: 'measured',
    source: 'nvidia-smi',
    at: gpu.at,
  }
}
