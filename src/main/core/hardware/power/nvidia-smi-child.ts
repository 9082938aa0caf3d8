import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import type { PowerSourceError } from './power-source.ts'

export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess

/** How to start nvidia-smi and how patiently to restart it; every nvidia-smi stream takes these. */
export type NvidiaSmiChildOptions = {
  /** Path or name (looked up on PATH) of nvidia-smi. */
  command?: string
  spawn?: SpawnFunction
  /** 0–1, for the restart jitter. */
  random?: () => number
  backoffInitialMs?: number
  backoffMaxMs?: number
}

/** What a stream does with its child's output; the child does the rest. */
export type NvidiaSmiChildHooks = {
  /** The arguments of the next launch: a stream may narrow its query between launches. */
  args: () => string[]
  /** One complete, non-blank stdout line; false when it is no data line, so it is kept to explain an exit. */
  line: (line: string) => boolean
  /** After an exit that is neither "not found" nor "no GPU": true to ask again at once (an older driver refused a field). */
  retryNow?: (output: string) => boolean
}

type State = 'idle' | 'running' | 'waiting' | 'unavailable' | 'disposed'

/** Lines of non-data output kept to explain an exit. */
const keptOutputLines = 8
/** Both ways nvidia-smi says there is no NVIDIA GPU to query: not a fault, nothing to restart. */
const noDevicePattern = /No devices were found|No supported GPUs were found/i

/**
 * ONE long-lived `nvidia-smi … -lms N` child: spawned once, its stdout split into lines,
 * restarted with exponential backoff and jitter when it dies, given up on when the binary is
 * missing or sees no GPU, and ended with SIGTERM then SIGKILL. The streams built on it
 * (GPU telemetry, compute apps) only parse lines; why a child beats a spawn per sample is in
 * nvidia-smi-stream.ts.
 */
export class NvidiaSmiChild {
  readonly #command: string
  readonly #spawn: SpawnFunction
  readonly #random: () => number
  readonly #backoffInitialMs: number
  readonly #backoffMaxMs: number
  readonly #hooks: NvidiaSmiChildHooks
  #state: State = 'idle'
  #child: ChildProcess | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #failures = 0
  #error: PowerSourceError | null = null

  constructor(options: NvidiaSmiChildOptions, hooks: NvidiaSmiChildHooks) {
    this.#command = options.command ?? 'nvidia-smi'
    this.#spawn = options.spawn ?? nodeSpawn
    this.#random = options.random ?? Math.random
    this.#backoffInitialMs = options.backoffInitialMs ?? 1000
    this.#backoffMaxMs = options.backoffMaxMs ?? 60_000
    this.#hooks = hooks
  }

  /** Whether `start()` was called (a child that is not started is no failure of nvidia-smi's). */
  get started(): boolean {
    return this.#state !== 'idle'
  }

  /** Why there is no data: the child exited and waits to restart ('failed'), or never will ('unavailable'). */
  get error(): PowerSourceError | null {
    return this.#error
  }

  start(): void {
    if (this.#state === 'idle') this.#launch()
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

  #launch(): void {
    this.#state = 'running'
    const output: string[] = []
    let child: ChildProcess
    try {
      child = this.#spawn(this.#command, this.#hooks.args(), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
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
    if (this.#hooks.line(line)) {
      this.#error = null
      this.#failures = 0
    } else {
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
    if (this.#hooks.retryNow?.(text)) {
      this.#schedule(0)
      return
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
