import { FetchFault, hostOf } from './chain-http.ts'
import { type RpcCall, type RpcOutcome, type RpcTransport, sendRpc } from './json-rpc.ts'

/*
 * Gathers the JSON-RPC calls made to one endpoint within a few milliseconds into one batch request,
 * so reads that run side by side (every wallet of a network, each asking its balance, stake and
 * keys) cost the host one request per step instead of one per call. A host that allows one request
 * a second (OTF's subtensor lite nodes) makes this the difference between seconds and minutes.
 *
 * Each call keeps its own fate: its answer is matched by id, an error answer fails that call only,
 * and its caller's AbortSignal drops that call alone (the request itself is cancelled only when
 * every call in it was). The same call asked twice in a batch goes out once and answers both.
 * A lone call goes out as a plain JSON-RPC call, as it would without coalescing.
 */

export type RpcCoalescerOptions = {
  /** Calls per batch request at most; more are split over several requests. */
  maxBatch?: number
  /** How long the first call of a batch waits for others to join it. */
  windowMs?: number
}

type Waiter = { resolve: (outcome: RpcOutcome) => void; reject: (error: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void }

/** One call on the wire and everyone waiting for its answer. */
type Entry = { call: RpcCall; waiters: Set<Waiter>; batched: boolean }

type Gathering = { entries: Map<string, Entry>; timer: ReturnType<typeof setTimeout> }

export class RpcCoalescer {
  readonly #http: RpcTransport
  readonly #maxBatch: number
  readonly #windowMs: number
  /** The calls waiting to go out, per endpoint URL. */
  readonly #gathering = new Map<string, Gathering>()

  constructor(http: RpcTransport, options: RpcCoalescerOptions = {}) {
    this.#http = http
    this.#maxBatch = Math.max(1, options.maxBatch ?? 100)
    this.#windowMs = options.windowMs ?? 2
  }

  /** One call; it rides the next request to `url` with whatever else is asked meanwhile. */
  call(url: string, call: RpcCall, signal?: AbortSignal): Promise<RpcOutcome> {
    return this.#enqueue(url, call, false, signal)
  }

  /** Several calls, outcomes in their order; they always go out as a batch, with others' calls or alone. */
  batch(url: string, calls: readonly RpcCall[], signal?: AbortSignal): Promise<RpcOutcome[]> {
    return Promise.all(calls.map((call) => this.#enqueue(url, call, true, signal)))
  }

  #enqueue(url: string, call: RpcCall, batched: boolean, signal: AbortSignal | undefined): Promise<RpcOutcome> {
    if (signal?.aborted) return Promise.reject(cancelled(url))
    let gathering = this.#gathering.get(url)
    if (gathering === undefined) {
      const started: Gathering = { entries: new Map(), timer: setTimeout(() => this.#flush(url, started), this.#windowMs) }
      gathering = started
      this.#gathering.set(url, started)
    }
    const key = `${call.method} ${JSON.stringify(call.params)}`
    let entry = gathering.entries.get(key)
    if (entry === undefined) {
      entry = { call, waiters: new Set(), batched }
      gathering.entries.set(key, entry)
    }
    entry.batched ||= batched
    const { entries } = gathering
    const joined = entry
    return new Promise<RpcOutcome>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        // Before the flush this takes the call out of the batch; after it, the answer is ignored.
        onAbort: () => {
          joined.waiters.delete(waiter)
          if (joined.waiters.size === 0 && entries.get(key) === joined) entries.delete(key)
          reject(cancelled(url))
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      joined.waiters.add(waiter)
    })
  }

  #flush(url: string, gathering: Gathering): void {
    if (this.#gathering.get(url) === gathering) this.#gathering.delete(url)
    const entries = [...gathering.entries.values()]
    for (let at = 0; at < entries.length; at += this.#maxBatch) void this.#send(url, entries.slice(at, at + this.#maxBatch))
  }

  async #send(url: string, entries: readonly Entry[]): Promise<void> {
    const request = new AbortController()
    const waiters = entries.flatMap((entry) => [...entry.waiters])
    // The request is cancelled once nobody waits for any of its answers. One listener per waiter:
    // several of them often share a signal (one read's), and a signal keeps one copy of a listener.
    let waiting = waiters.length
    const leaving = new Map(
      waiters.map((waiter) => {
        const leave = (): void => {
          waiting -= 1
          if (waiting === 0) request.abort()
        }
        waiter.signal?.addEventListener('abort', leave, { once: true })
        return [waiter, leave] as const
      }),
    )
    const settle = (entry: Entry, outcome: (waiter: Waiter) => void): void => {
      for (const waiter of entry.waiters) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort)
        const leave = leaving.get(waiter)
        if (leave) waiter.signal?.removeEventListener('abort', leave)
        outcome(waiter)
      }
      entry.waiters.clear()
    }
    try {
      const batch = entries.length > 1 || entries.some((entry) => entry.batched)
      const answers = await sendRpc(
        this.#http,
        url,
        entries.map((entry) => entry.call),
        { batch, signal: request.signal },
      )
      entries.forEach((entry, i) => {
        const answer = answers[i] ?? missing(url, entry.call.method)
        settle(entry, (waiter) => (answer instanceof FetchFault ? waiter.reject(answer) : waiter.resolve(answer)))
      })
    } catch (error) {
      for (const entry of entries) settle(entry, (waiter) => waiter.reject(error))
    }
  }
}

function cancelled(url: string): FetchFault {
  const host = hostOf(url)
  return new FetchFault('unreachable', host, `stopped waiting for ${host}: the read was cancelled`)
}

function missing(url: string, method: string): FetchFault {
  const host = hostOf(url)
  return new FetchFault('malformed', host, `${host} gave no answer to ${method}`)
}
