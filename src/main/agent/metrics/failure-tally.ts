import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { WalletsSnapshot } from '../../../shared/contract/wallets.ts'

/*
 * Failed reads per collector, counted from the states core pushes, since core keeps no counter
 * of them (each source keeps only its last error and last success). What counts as one read:
 *   power:<id>  each status a source produced with a failure (not `unavailable`). Core hands the
 *               same status object on until the source is read again (a plug polls on its own
 *               cadence, slower than the 1 s sample), so a status is counted once by identity:
 *               this runs in core's process and sees its objects, not copies.
 *   wallet:<id> each refresh that ended with the wallet failing, and each new error between.
 *   prices      each refresh that ended with a price cached, and each price newly cached between.
 *   nodes       each scan with a part that could not be read.
 *   profit      each failed ask for the profit summary (the watcher says so itself).
 */
export class FailureTally {
  readonly #counts = new Map<string, number>()
  readonly #seen = new WeakSet<object>()

  get counts(): ReadonlyMap<string, number> {
    return this.#counts
  }

  failed(collector: string): void {
    this.#counts.set(collector, (this.#counts.get(collector) ?? 0) + 1)
  }

  sampled(sample: HardwareSample): void {
    for (const status of sample.power.sources) {
      if (this.#seen.has(status)) continue
      this.#seen.add(status)
      if (status.error !== null && status.error.kind !== 'unavailable') this.failed(`power:${status.source}`)
    }
  }

  wallets(previous: WalletsSnapshot | null, next: WalletsSnapshot): void {
    const refreshEnded = previous?.refreshing === true && !next.refreshing
    const before = new Map((previous?.wallets ?? []).map((view) => [view.wallet.id, view]))
    for (const view of next.wallets) {
      if (view.error === null) continue
      if (refreshEnded || before.get(view.wallet.id)?.error !== view.error) this.failed(`wallet:${view.wallet.id}`)
    }
    const cachedBefore = new Set((previous?.prices ?? []).filter((quote) => quote.freshness === 'cached').map((quote) => quote.token))
    const cached = next.prices.filter((quote) => quote.freshness === 'cached')
    if (cached.length > 0 && (refreshEnded || cached.some((quote) => !cachedBefore.has(quote.token)))) this.failed('prices')
  }

  nodes(previous: NodesSnapshot | null, next: NodesSnapshot): void {
    if (next.problems.length > 0 && next.scannedAt !== previous?.scannedAt) this.failed('nodes')
  }
}
