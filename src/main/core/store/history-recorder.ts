import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { derivedPoints, historyPoints, type DerivedWatts } from '../hardware/history-points.ts'
import type { Logger } from '../log.ts'
import type { HistoryStoreAsync } from './history-store.ts'

const rollupEveryMs = 60_000
const pruneEveryMs = 3_600_000

/**
 * Keeps every sample as history: appended and flushed each tick without waiting (the
 * worker writes), rolled up every minute and pruned every hour on timers that never keep
 * the process alive.
 */
export class HistoryRecorder {
  readonly #store: HistoryStoreAsync
  readonly #log: Logger
  readonly #timers: ReturnType<typeof setInterval>[]

  constructor(store: HistoryStoreAsync, log: Logger) {
    this.#store = store
    this.#log = log
    const nowSeconds = (): number => Math.floor(Date.now() / 1000)
    this.#timers = [
      setInterval(() => this.#run('rollup', () => store.rollup(nowSeconds())), rollupEveryMs),
      setInterval(() => this.#run('prune', () => store.prune(nowSeconds())), pruneEveryMs),
    ]
    for (const timer of this.#timers) timer.unref()
  }

  get store(): HistoryStoreAsync {
    return this.#store
  }

  /** Never throws: a sample that cannot be kept is logged, and the live view goes on. */
  record(sample: HardwareSample, derived: readonly DerivedWatts[] = []): void {
    try {
      this.#store.append([...historyPoints(sample), ...derivedPoints(derived, Math.floor(sample.provenance.at / 1000))])
    } catch (error) {
      this.#log.warn('history could not keep a sample', error)
      return
    }
    this.#run('flush', () => this.#store.flush())
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer)
    await this.#store.close()
  }

  #run(what: string, work: () => Promise<unknown>): void {
    work().catch((error: unknown) => this.#log.warn(`history ${what} failed`, error))
  }
}
