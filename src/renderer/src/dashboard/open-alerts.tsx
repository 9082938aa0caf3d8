import type { ReactNode } from 'react'
import { viewHashes } from '../app/route.ts'
import { severityWords, sinceWords } from '../alerts/alert-words.ts'
import { formatClock } from '../common/format.ts'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'
import { openAlertWords } from './dashboard-words.ts'

/** The open alerts in words, counted by severity, and the most urgent one; the Alerts tab has the rest. */
export function OpenAlerts(): ReactNode {
  const alerts = useDesk((s) => s.alerts)
  const error = useDesk((s) => s.alertsError)
  const now = useNow(30_000)
  if (!alerts) {
    return (
      <article className="card dashboard-alerts" aria-labelledby="dashboard-alerts-heading">
        <h3 id="dashboard-alerts-heading">Open alerts</h3>
        <p className="figure figure-pending" role="status">
          {error ?? 'checking…'}
        </p>
      </article>
    )
  }
  const { count, bySeverity, worst } = openAlertWords(alerts.open, now)
  return (
    <article className={`card dashboard-alerts alerts-${worst?.severity ?? 'none'}`} aria-labelledby="dashboard-alerts-heading">
      <h3 id="dashboard-alerts-heading">Open alerts</h3>
      <p className="figure dashboard-figure" data-testid="dashboard-alert-count">
        {count === 0 ? (
          <>
            <span aria-hidden="true">✓ </span>none open
          </>
        ) : (
          `${count} open`
        )}
      </p>
      {count > 0 && <p className="detail" data-testid="dashboard-alert-severities">{bySeverity}</p>}
      {worst && (
        <p className="dashboard-worst" data-testid="dashboard-worst-alert">
          <span className={`pill pill-${worst.severity}`}>{severityWords[worst.severity]}</span> {worst.title}{' '}
          <span className="detail">{sinceWords(worst.since, now)}</span>
        </p>
      )}
      <p className="provenance">
        {alerts.quiet ? 'quiet hours: nothing is pushed · ' : ''}checked {formatClock(alerts.at)} · <a href={viewHashes.alerts}>{count === 0 ? 'Alert rules and history' : 'See all alerts'}</a>
      </p>
    </article>
  )
}
