import type { ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

const labels = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Needs the agent’s token',
} as const

export function ConnectionBadge(): ReactNode {
  const connection = useDesk((s) => s.connection)
  const now = useNow(1000)
  const retryIn = connection.retryAt === null ? null : Math.max(0, Math.ceil((connection.retryAt - now) / 1000))
  return (
    <span className={`badge badge-${connection.status}`} role="status" aria-live="polite" data-testid="connection">
      <span className="badge-dot" aria-hidden="true" />
      {labels[connection.status]}
      {connection.status === 'reconnecting' && retryIn !== null && retryIn > 0 && <span className="badge-detail"> retry in {retryIn} s</span>}
      {connection.status === 'unauthorized' && <span className="badge-detail"> open the address the agent printed, with #token=</span>}
    </span>
  )
}
