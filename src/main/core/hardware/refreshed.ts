export type RefreshedOptions<T> = {
  /** Produces a fresh value; a rejection keeps the previous value until the next refresh. */
  load: () => Promise<T>
  everyMs: number
  /** The value before the first load has settled. */
  initial: T
  now?: () => number
}

/**
 * A value that changes slowly (disk space, sensor lists, battery) kept between ticks and
 * reloaded in the background once it is `everyMs` old, never two loads at once, so a slow
 * load never holds up the 1 s tick.
 */
export class Refreshed<T> {
  readonly #options: RefreshedOptions<T>
  readonly #now: () => number
  #value: T
  #loadedAt = Number.NEGATIVE_INFINITY
  #loading: Promise<void> | undefined
  #first: Promise<void> | undefined

  constructor(options: RefreshedOptions<T>) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#value = options.initial
  }

  /** The cached value, starting a reload when it is due; never waits for one. */
  current(): T {
    const now = this.#now()
    const ageMs = now - this.#loadedAt
    // A negative age is the wall clock set back (NTP): reload rather than wait it out.
    if (this.#loading === undefined && (ageMs >= this.#options.everyMs || ageMs < 0)) {
      this.#loadedAt = now
      this.#loading = this.#reload()
      this.#first ??= this.#loading
    }
    return this.#value
  }

  /** Like `current`, but the very first call waits for the first load: for loads that take milliseconds. */
  async settled(): Promise<T> {
    this.current()
    await this.#first
    return this.#value
  }

  async #reload(): Promise<void> {
    try {
      this.#value = await this.#options.load()
    } catch {
      // The last value stays; an unhandled rejection would end the process.
    } finally {
      this.#loading = undefined
    }
  }
}
