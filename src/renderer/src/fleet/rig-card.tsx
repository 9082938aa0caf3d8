import { useId, type ReactNode } from 'react'
import type { FleetRigView } from '../../../shared/contract/fleet.ts'
import { ConfirmRemove } from '../common/confirm-remove.tsx'
import { useDesk } from '../common/store-context.tsx'
import { nodeCountsWords, rigStatusLine, rigWattsWords } from './fleet-words.ts'
import { NetTable } from './net-table.tsx'
import { RigStatusBadge } from './rig-status-badge.tsx'

/** One watched agent: its status, watts, nodes, net per network and open alerts, all as it reported them. */
export function RigCard({ view, now }: { view: FleetRigView; now: number }): ReactNode {
  const removeRig = useDesk((s) => s.removeRig)
  const headingId = useId()
  const { rig, status } = view
  const watts = rigWattsWords(view.watts, now)
  const nodes = nodeCountsWords(view.nodes)
  const left = status === 'stale' || status === 'refused'
  return (
    <li className={`card rig-card rig-card-${status}`} data-testid="fleet-rig" data-status={status} aria-labelledby={headingId}>
      <div className="rig-head">
        <h3 id={headingId}>{rig.name}</h3>
        <RigStatusBadge status={status} />
        <ConfirmRemove label={rig.name} question={`Stop watching “${rig.name}” and forget its token?`} className="rig-remove" remove={() => removeRig(rig.id)} onOutcome={() => undefined} />
      </div>
      <p className="detail" data-testid="rig-status-line">
        {rigStatusLine(view)}
      </p>
      <p className="detail rig-address">
        {rig.url} · {view.version === null ? 'version not known yet' : `DePIN Desk v${view.version}`}
      </p>
      {left && view.lastSeenAt !== null && <p className="inline-warning">Its figures below are its last ones, left out of the fleet’s totals.</p>}
      <dl className="rig-figures">
        <div>
          <dt>Watts now</dt>
          <dd>
            <span className="figure rig-watts" data-testid="rig-watts">
              {watts.figure}
            </span>{' '}
            {watts.kind !== '' && <span className={`pill pill-${watts.kind}`}>{watts.kind}</span>}
            <span className="detail rig-figure-detail">{watts.detail}</span>
          </dd>
        </div>
        <div>
          <dt>Nodes</dt>
          <dd data-testid="rig-nodes">{nodes ?? 'not answered yet'}</dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd data-testid="rig-alerts">{view.openAlerts === null ? 'not answered yet' : String(view.openAlerts)}</dd>
        </div>
      </dl>
      {view.profit === null ? (
        <p className="detail">Net: not answered yet.</p>
      ) : (
        <NetTable caption={`Net on ${rig.name}, ${view.profit.currency.toUpperCase()}`} figures={view.profit} currency={view.profit.currency} testId="rig-net" />
      )}
      {view.problem !== null && (
        <p className="inline-warning" data-testid="rig-problem">
          It answered something the contract does not allow: {view.problem}
        </p>
      )}
    </li>
  )
}
