import type { ReactNode } from 'react'
import type { Alert } from '../../../shared/contract/alerts.ts'
import { severityWords, whenWords, whereWords } from './alert-words.ts'
import { formatClock, formatSpan } from '../common/format.ts'
import type { AlertLogFilter } from '../store/alerts-slice.ts'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

const stateChoices: { value: AlertLogFilter['state']; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
]

/** The alert log, newest first, as core keeps it (resolved alerts stay for the retention period). */
export function AlertHistory(): ReactNode {
  return (
    <section aria-labelledby="alert-history-heading">
      <div className="section-head">
        <h2 id="alert-history-heading">History</h2>
        <HistoryFilters />
      </div>
      <article className="card">
        <HistoryTable />
      </article>
    </section>
  )
}

function HistoryFilters(): ReactNode {
  const filter = useDesk((s) => s.alertLogFilter)
  const setFilter = useDesk((s) => s.setAlertLogFilter)
  const networks = useDesk((s) => s.networks)
  const rules = useDesk((s) => s.alertRules)
  return (
    <>
      <div className="segmented" role="group" aria-label="State">
        {stateChoices.map(({ value, label }) => (
          <button key={value} type="button" className="segment" aria-pressed={filter.state === value} onClick={() => void setFilter({ state: value })}>
            {label}
          </button>
        ))}
      </div>
      <span className="inline-field">
        <label htmlFor="alert-network">Network</label>
        <select id="alert-network" value={filter.network ?? ''} onChange={(e) => void setFilter({ network: e.target.value === '' ? null : e.target.value })}>
          <option value="">All networks</option>
          {networks.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
      </span>
      <span className="inline-field">
        <label htmlFor="alert-rule">Rule</label>
        <select id="alert-rule" value={filter.rule ?? ''} onChange={(e) => void setFilter({ rule: e.target.value === '' ? null : e.target.value })}>
          <option value="">All rules</option>
          {(rules?.items ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </span>
    </>
  )
}

function HistoryTable(): ReactNode {
  const log = useDesk((s) => s.alertLog)
  const error = useDesk((s) => s.alertLogError)
  const filtered = useDesk((s) => s.alertLogFilter.network !== null || s.alertLogFilter.rule !== null || s.alertLogFilter.state !== 'all')
  const networks = useDesk((s) => s.networks)
  const wallets = useDesk((s) => s.walletSettings)
  const now = useNow(60_000)
  const problem = error && (
    <p className="inline-error" role="alert">
      Could not read the alert log: {error}
    </p>
  )
  if (!log) return problem || <p className="empty">Reading the alert log…</p>
  if (log.items.length === 0) {
    return (
      <>
        {problem}
        <p className="empty" data-testid="alert-history-empty">
          {filtered ? 'No alert matches these filters.' : 'No alert yet: every alert that opens is kept here, with when and how it ended.'}
        </p>
      </>
    )
  }
  return (
    <>
      {problem}
      <div className="table-scroll">
        <table className="alert-log" data-testid="alert-history">
          <thead>
            <tr>
              <th scope="col">Opened</th>
              <th scope="col">Alert</th>
              <th scope="col">Where</th>
              <th scope="col">Figure · threshold</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((alert) => (
              <tr key={alert.id} className={`alert-row-${alert.state}`}>
                <td>
                  <time dateTime={new Date(alert.openedAt).toISOString()}>{whenWords(alert.openedAt, now)}</time>
                </td>
                <th scope="row">
                  <span className={`pill pill-${alert.severity}`}>{severityWords[alert.severity]}</span> {alert.title}
                  <span className="detail alert-log-message">{alert.message}</span>
                </th>
                <td>{whereWords(alert, networks, wallets) ?? '—'}</td>
                <td>
                  {alert.figure}
                  <span className="detail"> · {alert.threshold}</span>
                </td>
                <td>{outcomeWords(alert, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="provenance">from core's alert log · read at {formatClock(log.at)}</p>
    </>
  )
}

/** "Resolved 14:20: the condition cleared after 35 min", "Open, acknowledged 14:06", "Open". */
function outcomeWords(alert: Alert, now: number): string {
  if (alert.state === 'resolved' && alert.resolvedAt !== null) {
    return `Resolved ${whenWords(alert.resolvedAt, now)}: the condition cleared after ${formatSpan(alert.resolvedAt - alert.since)}`
  }
  return alert.ackedAt === null ? 'Open' : `Open, acknowledged ${whenWords(alert.ackedAt, now)}`
}
