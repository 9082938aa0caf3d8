import type { ReactNode } from 'react'
import { needingAttention, severityWords } from '../alerts/alert-words.ts'
import { useDesk } from '../common/store-context.tsx'

/**
 * The header's alert count: open alerts not snoozed and not acknowledged, as core counted them,
 * coloured by the worst of them and naming it too ("2 alerts · critical"), so colour is never the
 * only sign. A click opens the Alerts view. Its name is its text, so what is seen is what is said.
 */
export function AlertBadge({ open }: { open: () => void }): ReactNode {
  const alerts = useDesk((s) => s.alerts)
  if (!alerts) return null
  const { count, worst } = needingAttention(alerts.counts)
  const severity = count > 0 && worst !== null ? severityWords[worst].toLowerCase() : null
  return (
    <button
      type="button"
      className={`badge alert-badge alert-badge-${worst ?? 'none'}`}
      data-testid="alert-badge"
      data-severity={worst ?? 'none'}
      title={alerts.quiet ? 'Quiet hours: nothing is pushed or notified' : undefined}
      onClick={open}
    >
      <span className="badge-dot" aria-hidden="true" />
      <span data-testid="alert-count">{count}</span>
      <span className="badge-detail">{count === 1 ? ' alert' : ' alerts'}</span>
      <span className="sr-only">{count === 1 ? ' needs' : ' need'} attention</span>
      {severity && <span className="badge-detail"> · {severity}</span>}
      {alerts.quiet && <span className="badge-detail"> · quiet hours</span>}
      <span className="sr-only">: open Alerts</span>
    </button>
  )
}
