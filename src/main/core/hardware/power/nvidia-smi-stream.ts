import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import {
  defaultNvidiaSmiFields,
  nextFieldList,
  parseNvidiaSmiLine,
  rejectedField,
  type NvidiaGpuReading,
  type NvidiaSmiField,
} from './nvidia-smi-csv.ts'
import type { PowerReading, PowerSource, PowerSourceError, PowerSourceStatus } from './power-source.ts'

export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess

export type NvidiaSmiStreamOptions = {
  /** Path or name (looked up on PATH) of nvidia-smi. */
  command?: string
  intervalMs?: number
  spawn?: SpawnFunction
  now?: () => number
  /** 0–1, for the restart jitter. */
  random?: () => number
  backoffInitialMs?: number
  backoffMaxMs?: number
}

/** The sampler's view of one GPU: the latest line, when it came and whether it is too old to show as current. */
export type NvidiaGpuTelemetry = NvidiaGpuReading & { at: number; stale: boolean }

type State = 'idle' | 'running' | 'waiting' | 'unavailable' | 'disposed'

/** A reading older than this many intervals is stale: the child is hung, dead or restarting. */
const staleAfterIntervals = 3
/** Lines of non-CSV output kept to explain an exit. */
const keptOutputLines = 8
/** Both ways nvidia-smi says there is no NVIDIA GPU to query: not a fault, nothing to restart. */
const noDevicePattern = /No devices were found|No supported GPUs were found/i

/**
 * GPUs from ONE long-lived `nvidia-smi --query-gpu=… -lms N` child for the life of the app,
 * not one process per sample (a spawn costs 50–600 ms, seconds when the driver is cold).
 * `read()` answers from the latest lines and never spawns; the child is restarted with
 * exponential backoff and jitter when it dies, and given up on when the binary is missing.
 */
export class NvidiaSmiStream implements PowerSource {
  readonly id = 'nvidia-smi'
  readonly #command: string
  readonly #intervalMs: number
  readonly #spawn: SpawnFunction
  readonly #now: () => number
  readonly #random: () => number
  readonly #backoffInitialMs: number
  readonly #backoffMaxMs: number
  readonly #latest = new Map<string, { reading: NvidiaGpuReading; at: number }>()
  #fields: readonly NvidiaSmiField[] = defaultNvidiaSmiFields
  #state: State = 'idle'
  #child: ChildProcess | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #failures = 0
  #error: PowerSourceError | null = null
  #lastSuccessAt: number | null = null

  constructor(options: NvidiaSmiStreamOptions = {}) {
    this.#command = options.command ?? 'nvidia-smi'
    this.#intervalMs = options.intervalMs ?? 1000
    this.#spawn = options.spawn ?? nodeSpawn
    this.#now = options.now ?? Date.now
    this.#random = options.random ?? Math.random
    this.#backoffInitialMs = options.backoffInitialMs ?? 1000
    this.#backoffMaxMs = options.backoffMaxMs ?? 60_000
  }

  /** Starts the child; the composition root calls it once. */
  start(): void {
    if (this.#state === 'idle') this.#launch()
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
      error: this.#error ?? this.#staleError(stale, startedAt),
      lastSuccessAt: this.#lastSuccessAt,
      durationMs: this.#now() - startedAt,
    })
  }

  /** Stops restarting and ends the child (SIGTERM, then SIGKILL if it lingers). */
  async dispose(): Promise<void> {
    this.#state = 'disposed'
    clearTimeout(this.#timer)
    const child = this.#child
    // A spawn that failed (ENOENT) can still hold a handle whose pid is 0 until 'close';
    // kill() on it would signal pid 0, our whole process group.
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 2000)
      child.once('close', () => {
        clearTimeout(force)
        resolve()
      })
      child.kill('SIGTERM')
    })
  }

  #args(): string[] {
    return [`--query-gpu=${this.#fields.join(',')}`, '--format=csv,noheader,nounits', '-lms', String(this.#intervalMs)]
  }

  #launch(): void {
    this.#state = 'running'
    const output: string[] = []
    let child: ChildProcess
    try {
      child = this.#spawn(this.#command, this.#args(), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    } catch (error) {
      this.#ended(null, null, error, output)
      return
    }
    this.#child = child
    let ended = false
    const end = (code: number | null, signal: NodeJS.Signals | null, error: unknown): void => {
      if (ended) return
      ended = true
      this.#ended(code, signal, error, output)
    }
    // A failed spawn (ENOENT) reports 'error' and may or may not report 'close' after it;
    // 'error' can also come later (a failed kill), so it keeps a listener for the child's life.
    child.on('error', (error) => {
      if (child.pid === undefined) end(null, null, error)
    })
    child.once('close', (code, signal) => end(code, signal, undefined))
    let pending = ''
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n')
      // The last piece has no newline yet; a child killed mid-line never completes it.
      pending = lines.pop() ?? ''
      for (const line of lines) this.#line(line.replace(/\r$/, ''), output)
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => remember(output, chunk))
  }

  #line(line: string, output: string[]): void {
    if (line.trim() === '') return
    try {
      const reading = parseNvidiaSmiLine(line, this.#fields)
      const at = this.#now()
      this.#latest.set(reading.uuid, { reading, at })
      this.#lastSuccessAt = at
      this.#error = null
      this.#failures = 0
    } catch {
      remember(output, line)
    }
  }

  #ended(code: number | null, signal: NodeJS.Signals | null, error: unknown, output: string[]): void {
    this.#child = undefined
    if (this.#state === 'disposed') return
    const text = output.join('\n')
    if (isErrnoException(error) && error.code === 'ENOENT') {
      this.#giveUp(`${this.#command} not found: no NVIDIA driver installed`)
      return
    }
    if (noDevicePattern.test(text)) {
      this.#giveUp(`nvidia-smi found no NVIDIA GPU: ${lastLine(text)}`)
      return
    }
    const rejected = rejectedField(text)
    if (rejected !== null || /is not a valid field to query/.test(text)) {
      const next = nextFieldList(this.#fields, rejected)
      if (next) {
        // An older driver: ask again at once with the fields it knows.
        this.#fields = next
        this.#schedule(0)
        return
      }
    }
    const cause = error instanceof Error ? error.message : signal ? `signal ${signal}` : `code ${String(code)}`
    const delayMs = this.#backoffMs()
    const detail = text ? `: ${lastLine(text)}` : ''
    this.#error = {
      kind: 'failed',
      message: `nvidia-smi exited (${cause})${detail}; restarting in ${Math.ceil(delayMs / 1000)} s`,
    }
    this.#schedule(delayMs)
  }

  #giveUp(message: string): void {
    this.#state = 'unavailable'
    this.#error = { kind: 'unavailable', message }
  }

  /** Exponential backoff with "equal jitter": half the step fixed, half random, so rigs do not restart in step. */
  #backoffMs(): number {
    const step = Math.min(this.#backoffMaxMs, this.#backoffInitialMs * 2 ** this.#failures)
    this.#failures += 1
    return step / 2 + this.#random() * (step / 2)
  }

  #schedule(delayMs: number): void {
    this.#state = 'waiting'
    this.#timer = setTimeout(() => {
      if (this.#state === 'waiting') this.#launch()
    }, delayMs)
    // Waiting to restart must not keep a process alive on its own.
    this.#timer.unref()
  }

  #staleError(stale: NvidiaGpuTelemetry[], now: number): PowerSourceError | null {
    if (this.#state === 'idle') return { kind: 'failed', message: 'nvidia-smi stream not started' }
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

function remember(output: string[], text: string): void {
  output.push(...text.split('\n').filter((line) => line.trim() !== ''))
  output.splice(0, Math.max(0, output.length - keptOutputLines))
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? ''
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error
}
