import './fleet.css'
import { useEffect, type ReactNode } from 'react'
import { detailHash } from '../app/route.ts'
import { CopyableCode } from '../common/copyable-code.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'
import { FleetTotalsCard } from './fleet-totals.tsx'
import { RigAddForm } from './rig-add-form.tsx'
import { RigCard } from './rig-card.tsx'

/**
 * Fleet tab (issue 13): other DePIN Desk agents watched from here, each spoken to through the
 * same contract. Core connects, judges staleness and sums; the page shows what it says.
 */
export function FleetView(): ReactNode {
  const load = useDesk((s) => s.loadFleet)
  useEffect(() => {
    void load()
  }, [load])
  return (
    <div className="view fleet-view">
      <FleetRigs />
      <section aria-labelledby="add-rig-heading">
        <h2 id="add-rig-heading">Watch a rig</h2>
        <article className="card">
          <RigAddForm />
        </article>
      </section>
    </div>
  )
}

function FleetRigs(): ReactNode {
  const fleet = useDesk((s) => s.fleet)
  const error = useDesk((s) => s.fleetError)
  const removeError = useDesk((s) => s.fleetRemoveError)
  const now = useNow(5000)
  return (
    <section aria-labelledby="fleet-heading">
      <h2 id="fleet-heading">Fleet</h2>
      {error !== null && (
        <p className="inline-warning" role="alert">
          {fleet === null ? error : `Showing the last figures: ${error}`}
        </p>
      )}
      {removeError !== null && (
        <p className="inline-error" role="alert">
          Could not remove the rig: {removeError}
        </p>
      )}
      {fleet === null ? (
        error === null && (
          <p className="empty" role="status">
            Asking core for the fleet…
          </p>
        )
      ) : fleet.rigs.length === 0 ? (
        <FleetEmpty />
      ) : (
        <>
          <FleetTotalsCard fleet={fleet} />
          <ul className="rig-list" aria-label="Rigs">
            {fleet.rigs.map((view) => (
              <RigCard key={view.rig.id} view={view} now={now} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

/** What the fleet is, and how to run an agent on a rig for it. */
function FleetEmpty(): ReactNode {
  return (
    <article className="card fleet-empty" data-testid="fleet-empty">
      <p>
        The fleet is your other machines, each running the DePIN Desk agent: this app watches them through the same contract it uses itself, and shows each rig’s status, watts,
        nodes and net, and the totals across them. A rig that stops answering is marked stale and raises an alert.
      </p>
      <p>On each rig, start the agent so that it listens beyond loopback:</p>
      <CopyableCode text="npm run agent -- --host 0.0.0.0" label="Command to run the agent on a rig" />
      <p>
        It prints its address and keeps its bearer token in <code>&lt;data-dir&gt;/agent-token</code>. Add it below with that address and token. See{' '}
        <a href={detailHash('settings', 'remote')}>Settings › Remote access</a> for where this machine’s own agent listens.
      </p>
    </article>
  )
}
