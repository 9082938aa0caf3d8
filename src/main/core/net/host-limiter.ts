/** At most `requests` starts in any `perMs` window, and at most `concurrency` in flight, per host. */
export type HostLimit = { requests: number; perMs: number; concurrency: number }

/** For hosts nobody declared a limit for (an operator's own RPC URL): polite, not slow. */
export const defaultHostLimit: HostLimit = { requests: 10, perMs: 1000, concurrency: 4 }

type Waiter = { resolve: () => void; reject: (error: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void }

type HostState = {
  limit: HostLimit
  starts: number[]
  inFlight: number
  queue: Waiter[]
  pausedUntil: number
  timer: ReturnType<typeof setTimeout> | null
  declared: boolean
  /** For the bench: the most starts ever seen in one window. */
  peakInWindow: number
  sent: number
}

export type HostStats = { host: string; limit: HostLimit; sent: number; peakInWindow: number }

/**
 * The one place that decides when a request to a host may start. Public endpoints ban an IP
 * that exceeds their limits, so every chain client goes through here; a 429 pauses the whole
 * host, not only the request that got it.
 */
export class HostLimiter {
  readonly #hosts = new Map<string, HostState>()
  readonly #now: () => number

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now
  }

  /** Declares a host's limit; the strictest declaration wins (two networks sharing an RPC share its limit). */
  declare(host: string, limit: HostLimit): void {
    const state = this.#state(host)
    if (!state.declared) {
      state.declared = true
      state.limit = { ...limit }
      return
    }
    state.limit = {
      requests: Math.min(state.limit.requests, limit.requests),
      perMs: Math.max(state.limit.perMs, limit.perMs),
      concurrency: Math.min(state.limit.concurrency, limit.concurrency),
    }
  }

  /** Runs `task` when the host has a slot; the slot is held until the task settles. */
  async run<T>(host: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.#state(host)
    await this.#acquire(state, signal)
    try {
      return await task()
    } finally {
      state.inFlight -= 1
      this.#pump(state)
    }
  }

  /** No request to `host` starts before `untilMs` (the host answered 429 with Retry-After). */
  pause(host: string, untilMs: number): void {
    const state = this.#state(host)
    state.pausedUntil = Math.max(state.pausedUntil, untilMs)
  }

  stats(): HostStats[] {
    return [...this.#hosts].map(([host, s]) => ({ host, limit: s.limit, sent: s.sent, peakInWindow: s.peakInWindow }))
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host)
    if (!state) {
      state = { limit: { ...defaultHostLimit }, declared: false, starts: [], inFlight: 0, queue: [], pausedUntil: 0, timer: null, peakInWindow: 0, sent: 0 }
      this.#hosts.set(host, state)
    }
    return state
  }

  #acquire(state: HostState, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted()
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          state.queue = state.queue.filter((w) => w !== waiter)
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      state.queue.push(waiter)
      this.#pump(state)
    })
  }

  #pump(state: HostState): void {
    while (state.queue.length > 0) {
      const now = this.#now()
      const windowStart = now - state.limit.perMs
      while (state.starts.length > 0 && (state.starts[0] ?? 0) <= windowStart) state.starts.shift()
      if (state.inFlight >= state.limit.concurrency) return
      const waitMs = Math.max(
        state.pausedUntil - now,
        state.starts.length >= state.limit.requests ? (state.starts[0] ?? now) + state.limit.perMs - now : 0,
      )
      if (waitMs > 0) {
        this.#wake(state, waitMs)
        return
      }
      const waiter = state.queue.shift()
      if (!waiter) return
      waiter.signal?.removeEventListener('abort', waiter.onAbort)
      state.starts.push(now)
      state.inFlight += 1
      state.sent += 1
      state.peakInWindow = Math.max(state.peakInWindow, state.starts.length)
      waiter.resolve()
    }
  }

  #wake(state: HostState, waitMs: number): void {
    if (state.timer) return
    state.timer = setTimeout(() => {
      state.timer = null
      this.#pump(state)
    }, waitMs)
    state.timer.unref()
  }
}
