export type SampleLoopOptions<T> = {
  intervalMs: number
  read: () => Promise<T>
  onSample: (sample: T) => void
  onError: (error: unknown) => void
  now?: () => number
}

/**
 * Runs `read` every `intervalMs`. A tick starts only after the previous read settled, so a
 * slow read never overlaps the next one; the wait shrinks by the time the read took.
 */
export class SampleLoop<T> {
  readonly #options: SampleLoopOptions<T>
  #intervalMs: number
  readonly #now: () => number
  #timer: ReturnType<typeof setTimeout> | undefined
  #running = false
  #inFlight: Promise<void> | undefined

  constructor(options: SampleLoopOptions<T>) {
    this.#options = options
    this.#intervalMs = options.intervalMs
    this.#now = options.now ?? Date.now
  }

  /** A new cadence; it applies from the next wait on. */
  set intervalMs(value: number) {
    this.#intervalMs = value
  }

  get running(): boolean {
    return this.#running
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#schedule(0)
  }

  /** Stops ticking; resolves once a read already under way has settled. */
  async stop(): Promise<void> {
    this.#running = false
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#inFlight
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#inFlight = this.#tick()
    }, delayMs)
    // Sampling alone must not keep a process alive; the shell's server or window does.
    this.#timer.unref()
  }

  async #tick(): Promise<void> {
    const startedAt = this.#now()
    try {
      const sample = await this.#options.read()
      if (this.#running) this.#options.onSample(sample)
    } catch (error) {
      if (this.#running) this.#options.onError(error)
    }
    if (!this.#running) return
    const elapsed = this.#now() - startedAt
    this.#schedule(Math.max(0, this.#intervalMs - elapsed))
  }
}
