import type { ReactNode } from 'react'
import { needingAttention, severityWords } from '../alerts/alert-words.ts'
import { useDesk } from '../common/store-context.tsx'

/**
 * The header's alert count: open alerts not snoozed and not acknowledged, coloured by the worst
 * of them, as core counted them. A click opens the Alerts view.
 */
export function AlertBadge({ open }: { open: () => void }): ReactNode {
  const alerts = useDesk((s) => s.alerts)
  if (!alerts) return null
  const { count, worst } = needingAttention(alerts.counts)
  const words = count === 0 ? 'No alert needs attention' : `${count} ${count === 1 ? 'alert needs' : 'alerts need'} attention, the worst ${severityWords[worst ?? 'info'].toLowerCase()}`
  return (
    <button
      type="button"
      className={`badge alert-badge alert-badge-${worst ?? 'none'}`}
      data-testid="alert-badge"
      data-severity={worst ?? 'none'}
      aria-label={`${words}${alerts.quiet ? ' (quiet hours)' : ''}: open Alerts`}
      title={alerts.quiet ? 'Quiet hours: nothing is pushed or notified' : undefined}
      onClick={open}
    >
      <span className="badge-dot" aria-hidden="true" />
      <span data-testid="alert-count">{count}</span>
      <span className="badge-detail">{count === 1 ? ' alert' : ' alerts'}</span>
      {alerts.quiet && <span className="badge-detail"> · quiet</span>}
    </button>
  )
}
