/** At most `requests` calls of any one JSON-RPC method in any `perMs` window. */
export type MethodLimit = { requests: number; perMs: number }

/**
 * At most `requests` starts in any `perMs` window, and at most `concurrency` in flight, per host.
 * `perMethod`, where the host publishes one, caps each JSON-RPC method on top of that: it counts
 * calls, so a batch counts each call it carries (the host window counts HTTP requests).
 */
export type HostLimit = { requests: number; perMs: number; concurrency: number; perMethod?: MethodLimit }

/** For hosts nobody declared a limit for (an operator's own RPC URL): polite, not slow. */
export const defaultHostLimit: HostLimit = { requests: 10, perMs: 1000, concurrency: 4 }

type Waiter = {
  /** Called with the time its slot was taken. */
  resolve: (startedAt: number) => void
  reject: (error: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
  /** Calls per JSON-RPC method this request makes; empty when it names none. */
  calls: Map<string, number>
}

type HostState = {
  limit: HostLimit
  starts: number[]
  /** Start times of each method's calls within its window, kept only while a `perMethod` is declared. */
  methodStarts: Map<string, number[]>
  inFlight: number
  queue: Waiter[]
  pausedUntil: number
  timer: ReturnType<typeof setTimeout> | null
  declared: boolean
  /** For the bench: the most starts ever seen in one window. */
  peakInWindow: number
  /** The most calls of one method ever seen in one per-method window. */
  peakMethodInWindow: number
  sent: number
}

export type HostStats = { host: string; limit: HostLimit; sent: number; peakInWindow: number; peakMethodInWindow: number }

export type RunOptions = {
  signal?: AbortSignal
  /** The JSON-RPC methods the request calls, one entry per call: what the host's `perMethod` counts. */
  methods?: readonly string[]
}

/**
 * The one place that decides when a request to a host may start. Public endpoints ban an IP
 * that exceeds their limits, so every chain client goes through here; a 429 pauses the whole
 * host, not only the request that got it. A request held by a per-method window does not hold
 * up requests for other methods behind it.
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
      state.limit = { ...limit, ...(limit.perMethod ? { perMethod: { ...limit.perMethod } } : {}) }
      return
    }
    const perMethod = strictest(state.limit.perMethod, limit.perMethod)
    const window = strictest(state.limit, limit) ?? limit
    state.limit = {
      requests: window.requests,
      perMs: window.perMs,
      concurrency: Math.min(state.limit.concurrency, limit.concurrency),
      ...(perMethod ? { perMethod } : {}),
    }
  }

  /** Runs `task` when the host has a slot; the slot is held until the task settles. */
  async run<T>(host: string, task: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    const state = this.#state(host)
    const calls = tally(options.methods ?? [])
    const startedAt = await this.#acquire(state, options.signal, calls)
    try {
      return await task()
    } finally {
      this.#settled(state, startedAt, calls)
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
    return [...this.#hosts].map(([host, s]) => ({ host, limit: s.limit, sent: s.sent, peakInWindow: s.peakInWindow, peakMethodInWindow: s.peakMethodInWindow }))
  }

  #state(host: string): HostState {
    let state = this.#hosts.get(host)
    if (!state) {
      state = {
        limit: { ...defaultHostLimit },
        declared: false,
        starts: [],
        methodStarts: new Map(),
        inFlight: 0,
        queue: [],
        pausedUntil: 0,
        timer: null,
        peakInWindow: 0,
        peakMethodInWindow: 0,
        sent: 0,
      }
      this.#hosts.set(host, state)
    }
    return state
  }

  /**
   * A request's place in its windows moves from when it was sent to when it was answered: the host
   * counts it when it arrives, which may be later than we sent it (a busy event loop, a slow
   * network), and it arrived by the time we have the answer. So a host never sees two windows'
   * worth of calls closer together than its window.
   */
  #settled(state: HostState, startedAt: number, calls: Map<string, number>): void {
    const now = this.#now()
    if (now <= startedAt) return
    const move = (starts: number[], n: number): void => {
      for (let i = 0; i < n; i++) {
        const index = starts.indexOf(startedAt)
        if (index >= 0) starts.splice(index, 1)
        starts.push(now)
      }
    }
    move(state.starts, 1)
    if (!state.limit.perMethod) return
    for (const [method, n] of calls) {
      const starts = state.methodStarts.get(method) ?? []
      move(starts, n)
      state.methodStarts.set(method, starts)
    }
  }

  #acquire(state: HostState, signal: AbortSignal | undefined, calls: Map<string, number>): Promise<number> {
    signal?.throwIfAborted()
    const perMethod = state.limit.perMethod
    const oversized = perMethod ? [...calls].find(([, n]) => n > perMethod.requests) : undefined
    if (perMethod && oversized) {
      const [method, n] = oversized
      return Promise.reject(new RangeError(`a batch of ${n} ${method} calls can never fit the host's ${perMethod.requests} per ${perMethod.perMs} ms`))
    }
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        calls,
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
      forget(state, now)
      if (state.inFlight >= state.limit.concurrency) return
      const hostWaitMs = Math.max(
        state.pausedUntil - now,
        state.starts.length >= state.limit.requests ? (state.starts[0] ?? now) + state.limit.perMs - now : 0,
      )
      const next = hostWaitMs > 0 ? { waitMs: hostWaitMs } : nextWaiter(state, now)
      if ('waitMs' in next) {
        this.#wake(state, next.waitMs)
        return
      }
      const [waiter] = state.queue.splice(next.index, 1)
      if (!waiter) return
      waiter.signal?.removeEventListener('abort', waiter.onAbort)
      this.#record(state, waiter, now)
      waiter.resolve(now)
    }
  }

  #record(state: HostState, waiter: Waiter, now: number): void {
    state.starts.push(now)
    state.inFlight += 1
    state.sent += 1
    state.peakInWindow = Math.max(state.peakInWindow, state.starts.length)
    if (!state.limit.perMethod) return
    for (const [method, n] of waiter.calls) {
      const starts = state.methodStarts.get(method) ?? []
      for (let i = 0; i < n; i++) starts.push(now)
      state.methodStarts.set(method, starts)
      state.peakMethodInWindow = Math.max(state.peakMethodInWindow, starts.length)
    }
  }

  #wake(state: HostState, waitMs: number): void {
    if (state.timer || !Number.isFinite(waitMs)) return
    state.timer = setTimeout(() => {
      state.timer = null
      this.#pump(state)
    }, waitMs)
    state.timer.unref()
  }
}

/** Drops the starts that have left their windows. */
function forget(state: HostState, now: number): void {
  while (state.starts.length > 0 && (state.starts[0] ?? 0) <= now - state.limit.perMs) state.starts.shift()
  const perMethod = state.limit.perMethod
  for (const [method, starts] of state.methodStarts) {
    while (starts.length > 0 && (!perMethod || (starts[0] ?? 0) <= now - perMethod.perMs)) starts.shift()
    if (starts.length === 0) state.methodStarts.delete(method)
  }
}

/**
 * The first waiter whose calls fit every method's window, or how long until one may. A method
 * that holds a waiter holds every later waiter calling it too, so each method keeps its order
 * and a large batch is not passed over forever by single calls.
 */
function nextWaiter(state: HostState, now: number): { index: number } | { waitMs: number } {
  const perMethod = state.limit.perMethod
  if (!perMethod) return { index: 0 }
  const held = new Set<string>()
  let soonestMs = Infinity
  for (const [index, waiter] of state.queue.entries()) {
    let waitMs = 0
    for (const [method, n] of waiter.calls) {
      if (held.has(method)) {
        waitMs = Infinity
        continue
      }
      const starts = state.methodStarts.get(method) ?? []
      const excess = starts.length + n - perMethod.requests
      // A batch larger than the window (declared stricter after it queued) goes alone, into an empty one.
      if (excess <= 0 || starts.length === 0) continue
      // The `excess` oldest calls have to leave the window first.
      held.add(method)
      waitMs = Math.max(waitMs, (starts[Math.min(excess, starts.length) - 1] ?? now) + perMethod.perMs - now)
    }
    if (waitMs <= 0) return { index }
    soonestMs = Math.min(soonestMs, waitMs)
  }
  return { waitMs: soonestMs }
}

/** Calls per method: ['a', 'b', 'a'] is a twice and b once. */
function tally(methods: readonly string[]): Map<string, number> {
  const calls = new Map<string, number>()
  for (const method of methods) calls.set(method, (calls.get(method) ?? 0) + 1)
  return calls
}

/** The stricter of two windows: the fewer requests over the longer time (either alone when the other is absent). */
function strictest(a: MethodLimit | undefined, b: MethodLimit | undefined): MethodLimit | undefined {
  if (!a || !b) return a ?? b
  return { requests: Math.min(a.requests, b.requests), perMs: Math.max(a.perMs, b.perMs) }
}
