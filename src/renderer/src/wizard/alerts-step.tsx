import { useEffect, type ReactNode } from 'react'
import { PushChannels } from '../alerts/push-channels.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * Step 8: where alerts are pushed when this window is closed (ntfy, Telegram, Discord, a webhook),
 * with a test send. The Alerts view's own list and form (alerts.addChannel, alerts.testChannel).
 */
export function AlertsStep(): ReactNode {
  const load = useDesk((s) => s.loadAlertChannels)
  useEffect(() => {
    void load()
  }, [load])
  return <PushChannels />
}
