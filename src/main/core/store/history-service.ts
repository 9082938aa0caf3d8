import { HistoryClient } from './history-client.ts'
import type { HistoryBucket, HistoryPoint, HistoryQuery, HistoryStoreAsync, RollupResult } from './history-store.ts'
import type { PrivateLog } from './private-files.ts'
import { SqliteHistory } from './sqlite-history.ts'

export type HistoryServiceOptions = {
  path: string
  /** A query scanning more rows than this runs in a worker; fewer take a few ms here. */
  heavyRows?: number
  /** A worker idle this long is stopped: a Node worker costs ~21 MB while it lives. */
  workerIdleMs?: number
  openWorker?: (path: string) => Promise<HistoryStoreAsync>
  /** Where a looser file made private is reported; stderr when absent. */
  log?: PrivateLog
}

/**
 * History for core: writes, rollups and cheap queries (a day of seconds, a year of
 * hours: a few ms) run on this thread; a query that would scan many rows goes to a worker
 * thread started for it and stopped when idle, so it never stalls sampling.
 */
export class HistoryService implements HistoryStoreAsync {
  readonly #store: SqliteHistory
  readonly #path: string
  readonly #heavyRows: number
  readonly #workerIdleMs: number
  readonly #openWorker: (path: string) => Promise<HistoryStoreAsync>
  #worker: Promise<HistoryStoreAsync> | undefined
  #idleTimer: ReturnType<typeof setTimeout> | undefined
  #workerQueries = 0

  constructor(options: HistoryServiceOptions) {
    this.#store = new SqliteHistory({ path: options.path, log: options.log })
    this.#path = options.path
    // An in-memory database cannot be shared with a worker's connection.
    this.#heavyRows = options.path === ':memory:' ? Number.POSITIVE_INFINITY : (options.heavyRows ?? 50_000)
    this.#workerIdleMs = options.workerIdleMs ?? 60_000
    this.#openWorker = options.openWorker ?? ((path) => HistoryClient.open({ path }))
  }

  /** Whether a worker is running now, for tests and the bench. */
  get workerRunning(): boolean {
    return this.#worker !== undefined
  }

  append(points: readonly HistoryPoint[]): void {
    this.#store.append(points)
  }

  async flush(): Promise<number> {
    return this.#store.flush()
  }

  async query(query: HistoryQuery): Promise<HistoryBucket[]> {
    if (this.#store.estimateRows(query) <= this.#heavyRows) return this.#store.query(query)
    this.#workerQueries += 1
    clearTimeout(this.#idleTimer)
    try {
      return await (await this.#workerForQuery()).query(query)
    } finally {
      this.#workerQueries -= 1
      if (this.#workerQueries === 0) this.#scheduleWorkerStop()
    }
  }

  async rollup(nowSeconds: number): Promise<RollupResult> {
    return this.#store.rollup(nowSeconds)
  }

  async prune(nowSeconds: number): Promise<number> {
    return this.#store.prune(nowSeconds)
  }

  async close(): Promise<void> {
    clearTimeout(this.#idleTimer)
    await this.#stopWorker()
    this.#store.close()
  }

  #workerForQuery(): Promise<HistoryStoreAsync> {
    this.#worker ??= this.#openWorker(this.#path).catch((error: unknown) => {
      // A failed start is not kept: the next heavy query tries again.
      this.#worker = undefined
      throw error
    })
    return this.#worker
  }

  #scheduleWorkerStop(): void {
    this.#idleTimer = setTimeout(() => void this.#stopWorker(), this.#workerIdleMs)
    this.#idleTimer.unref()
  }

  async #stopWorker(): Promise<void> {
    const worker = await this.#worker?.catch(() => undefined)
    this.#worker = undefined
    await worker?.close()
  }
}
