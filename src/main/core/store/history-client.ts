import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import type { HistoryOp, HistoryOps, HistoryReply, HistoryWorkerData } from './history-messages.ts'
import {
  assertValidPoint,
  seriesKey,
  type HistoryBucket,
  type HistoryPoint,
  type HistoryQuery,
  type HistoryStoreAsync,
  type RollupResult,
} from './history-store.ts'

export type HistoryClientOptions = {
  path: string
  /** The worker entry; a bundled build passes the emitted file's URL. */
  workerUrl?: URL
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

/**
 * The worker beside this module: history-worker.ts when running from source, or the
 * history-worker.js the bundlers emit beside the bundle this module was bundled into.
 */
function defaultWorkerUrl(): URL {
  return new URL(`./history-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url)
}

/** The history store running in a worker thread, seen from the main thread. */
export class HistoryClient implements HistoryStoreAsync {
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  readonly #exited: Promise<void>
  #nextId = 1
  #buffer: HistoryPoint[] = []
  #failure: Error | undefined

  /** Starts the worker and waits until it has opened (and migrated) the file. */
  static async open(options: HistoryClientOptions): Promise<HistoryClient> {
    const workerData: HistoryWorkerData = { path: options.path }
    const worker = new Worker(options.workerUrl ?? defaultWorkerUrl(), { workerData })
    // The first message is 'ready'; an error opening the file rejects this instead.
    await once(worker, 'message')
    return new HistoryClient(worker)
  }

  private constructor(worker: Worker) {
    this.#worker = worker
    // Not events.once: that would reject on 'error' and leave the rejection unhandled.
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.on('message', (reply: HistoryReply) => this.#settle(reply))
    worker.on('error', (error: Error) => this.#fail(error))
    worker.on('exit', (code) => this.#fail(new Error(`the history worker exited (code ${String(code)})`)))
  }

  /** Checks each point here, so a bad one throws at the caller, not in a later flush. */
  append(points: readonly HistoryPoint[]): void {
    for (const point of points) {
      assertValidPoint(point)
      seriesKey(point.series)
      this.#buffer.push(point)
    }
  }

  flush(): Promise<number> {
    const points = this.#buffer
    this.#buffer = []
    return this.#call('flush', { points })
  }

  query(query: HistoryQuery): Promise<HistoryBucket[]> {
    return this.#call('query', query)
  }

  rollup(nowSeconds: number): Promise<RollupResult> {
    return this.#call('rollup', { nowSeconds })
  }

  prune(nowSeconds: number): Promise<number> {
    return this.#call('prune', { nowSeconds })
  }

  /** Writes what is buffered, closes the file and waits for the worker to end. */
  async close(): Promise<void> {
    if (this.#failure) return
    await this.flush()
    await this.#call('close', {})
    this.#failure = new Error('the history store is closed')
    await this.#exited
  }

  #call<K extends HistoryOp>(op: K, args: HistoryOps[K]['args']): Promise<HistoryOps[K]['result']> {
    if (this.#failure) return Promise.reject(this.#failure)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      // The worker answers `op` with its own result type; this is where we trust it.
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.#worker.postMessage({ id, op, args })
    })
  }

  #settle(reply: HistoryReply): void {
    if (reply.kind !== 'reply') return
    const pending = this.#pending.get(reply.id)
    this.#pending.delete(reply.id)
    if (!pending) return
    if (reply.ok) {
      pending.resolve(reply.value)
    } else {
      const error = new Error(reply.error.message)
      error.name = reply.error.name
      pending.reject(error)
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}
