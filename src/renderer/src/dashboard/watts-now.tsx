import type { ReactNode } from 'react'
import { detailHash, viewHashes } from '../app/route.ts'
import { formatClock, formatWatts, freshnessWords } from '../common/format.ts'
import { useDesk } from '../common/store-context.tsx'
import { useFreshness } from '../common/use-freshness.ts'
import { basisWords } from '../hardware/power-words.ts'

/**
 * What the machine draws now, as core chose it: measured (wall plug, GPUs, RAPL) or estimated,
 * from what, and whether the reading is live or stale.
 */
export function WattsNow(): ReactNode {
  const sample = useDesk((s) => s.latest)
  const plugs = useDesk((s) => s.plugs)
  const state = useFreshness(sample?.provenance.at ?? 0)
  if (!sample) {
    return (
      <article className="card dashboard-watts" aria-labelledby="dashboard-watts-heading">
        <h3 id="dashboard-watts-heading">Watts now</h3>
        <p className="figure figure-pending" role="status">
          waiting for the first sample…
        </p>
      </article>
    )
  }
  const { total } = sample.power
  const oldest = total.at === null ? undefined : `oldest reading at ${formatClock(total.at)}`
  return (
    <article className={`card dashboard-watts watts-${state}`} aria-labelledby="dashboard-watts-heading">
      <h3 id="dashboard-watts-heading">Watts now</h3>
      <p className={`figure dashboard-figure figure-${state}`} data-testid="dashboard-watts">
        {total.totalWatts === null ? '—' : formatWatts(total.totalWatts)}
      </p>
      {total.totalWatts === null && <p className="detail">{total.reason}</p>}
      {total.kind === 'estimated' && plugs.length === 0 && (
        <p className="detail dashboard-step">
          A wall plug measures what the whole machine draws: <a href={detailHash('settings', 'plugs')}>add a smart plug</a>
        </p>
      )}
      <p className={`provenance provenance-${state}`} data-testid="dashboard-watts-provenance" title={oldest}>
        {total.kind} · {basisWords(total)} · {freshnessWords(state, sample.provenance.at)} · <a href={viewHashes.hardware}>Hardware</a>
      </p>
    </article>
  )
}
