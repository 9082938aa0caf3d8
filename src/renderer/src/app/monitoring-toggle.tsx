import type { ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'

/** Pause or resume sampling. The label says what a press does; it changes with the state, so it is a plain button, not a toggle (aria-pressed). */
export function MonitoringToggle(): ReactNode {
  const monitoring = useDesk((s) => s.monitoring)
  const busy = useDesk((s) => s.monitoringBusy)
  const error = useDesk((s) => s.monitoringError)
  const setPaused = useDesk((s) => s.setPaused)
  const connected = useDesk((s) => s.connection.status === 'connected')
  if (!monitoring) return null
  return (
    <span className="toggle-wrap">
      <button
        type="button"
        className="button"
        disabled={busy || !connected}
        onClick={() => void setPaused(!monitoring.paused)}
      >
        {monitoring.paused ? 'Resume monitoring' : 'Pause monitoring'}
      </button>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
