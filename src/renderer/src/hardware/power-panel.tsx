import type { ReactNode } from 'react'
import type { PowerSnapshot } from '../../../shared/contract/power.ts'
import { formatClock, formatWatts, freshnessWords } from '../common/format.ts'
import { basisWords } from './power-words.ts'
import { PowerSourceRow } from './power-source-row.tsx'
import { useFreshness } from '../common/use-freshness.ts'

/**
 * The machine's watts as core chose them, where they came from, and every source core tried.
 * Live or stale follows the sample: core already left out readings too old to count.
 */
export function PowerPanel({ power, sampledAt }: { power: PowerSnapshot; sampledAt: number }): ReactNode {
  const { total } = power
  const state = useFreshness(sampledAt)
  return (
    <article className="card power-panel" aria-labelledby="power-heading">
      <div className="power-total">
        <h3 id="power-heading">Machine power</h3>
        <p className={`figure figure-big figure-${state}`} data-testid="power-total">
          {total.totalWatts === null ? '—' : formatWatts(total.totalWatts)}
        </p>
        <p className={`provenance provenance-${state}`} data-testid="power-provenance" title={total.at === null ? undefined : `oldest reading at ${formatClock(total.at)}`}>
          {total.kind} · {basisWords(total)} · {freshnessWords(state, sampledAt)}
        </p>
        <p className="detail power-reason">{total.reason}</p>
      </div>
      <div className="power-sources">
        <h3 id="sources-heading">Sources</h3>
        <ul className="sources" aria-labelledby="sources-heading">
          {power.sources.map((status) => (
            <PowerSourceRow key={status.source} status={status} />
          ))}
        </ul>
      </div>
    </article>
  )
}
