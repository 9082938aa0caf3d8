import type { ReactNode } from 'react'
import type { FleetSnapshot } from '../../../shared/contract/fleet.ts'
import { formatClock } from '../common/format.ts'
import { nodeCountsWords, reportingWords, totalWattsWords } from './fleet-words.ts'
import { NetTable } from './net-table.tsx'

/** The sums across rigs as core made them, with where the watts came from and what is left out. */
export function FleetTotalsCard({ fleet }: { fleet: FleetSnapshot }): ReactNode {
  const { totals } = fleet
  const watts = totalWattsWords(totals)
  return (
    <article className="card fleet-totals" aria-labelledby="fleet-totals-heading" data-testid="fleet-totals">
      <div className="rig-head">
        <h3 id="fleet-totals-heading">Across the fleet</h3>
        <span className="detail" data-testid="fleet-reporting">
          {reportingWords(totals)}
        </span>
        {totals.partial && <span className="pill pill-warn">partial</span>}
      </div>
      <dl className="rig-figures">
        <div>
          <dt>Watts now</dt>
          <dd>
            <span className="figure rig-watts" data-testid="fleet-watts">
              {watts.figure}
            </span>{' '}
            <span className={`pill pill-${totals.wattsKind === 'none' ? 'warn' : totals.wattsKind}`}>{watts.kind}</span>
            <span className="provenance" data-testid="fleet-watts-provenance">
              {totals.wattsProvenance}
            </span>
          </dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd data-testid="fleet-nodes">{nodeCountsWords(totals.nodes)}</dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd data-testid="fleet-alerts">{String(totals.openAlerts)}</dd>
        </div>
      </dl>
      {totals.currency === null ? (
        <p className="inline-warning" data-testid="fleet-currencies">
          The rigs report money in different currencies, so it is not summed: see each rig below.
        </p>
      ) : (
        <NetTable caption={`Net across the fleet, ${totals.currency.toUpperCase()}`} figures={totals} currency={totals.currency} testId="fleet-net" />
      )}
      {totals.currency === null && totals.missing.length > 0 && (
        <ul className="fleet-missing" aria-label="What the totals lack">
          {totals.missing.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <p className="provenance">
        Summed by core from each rig’s own figures · stale and refused rigs left out · {formatClock(fleet.at)}
      </p>
    </article>
  )
}
