import './alerts.css'
import { useEffect, useState, type ReactNode } from 'react'
import type { Alert } from '../../../shared/contract/alerts.ts'
import { isSnoozed, whenWords } from './alert-words.ts'
import { formatClock } from '../common/format.ts'
import { AlertCard } from './alert-card.tsx'
import { AlertHistory } from './alert-history.tsx'
import { AlertRules } from './alert-rules.tsx'
import { PushChannels } from './push-channels.tsx'
import { QuietHoursForm } from './quiet-hours-form.tsx'
import { SnoozeControl } from './snooze-control.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

/** Rules' current figures move with the machine and the wallets: asked again this often while the tab is open. */
const rulesEveryMs = 30_000

/**
 * Alerts tab: what needs attention now, what is snoozed, the history, and the settings alerts
 * stand on (rules, quiet hours, push channels). Core evaluates and words every alert.
 */
export function AlertsView(): ReactNode {
  const loadLog = useDesk((s) => s.loadAlertLog)
  const loadRules = useDesk((s) => s.loadAlertRules)
  const loadChannels = useDesk((s) => s.loadAlertChannels)
  useEffect(() => {
    void loadLog()
    void loadChannels()
    void loadRules()
    const timer = setInterval(() => void loadRules(), rulesEveryMs)
    return () => clearInterval(timer)
  }, [loadLog, loadRules, loadChannels])
  return (
    <div className="view alerts-view">
      <OpenAlerts />
      <SnoozedAlerts />
      <AlertHistory />
      <section aria-labelledby="alert-settings-heading" className="alert-settings">
        <h2 id="alert-settings-heading">Alert settings</h2>
        <AlertRules />
        <QuietHoursForm />
        <PushChannels />
      </section>
    </div>
  )
}

/** Open alerts split by whether a snooze holds them at `now`. */
function useOpenAlerts(): { now: number; active: Alert[]; snoozed: Alert[] } | null {
  const alerts = useDesk((s) => s.alerts)
  const now = useNow(15_000)
  if (!alerts) return null
  const at = Math.max(now, alerts.at)
  return { now: at, active: alerts.open.filter((a) => !isSnoozed(a, at)), snoozed: alerts.open.filter((a) => isSnoozed(a, at)) }
}

function OpenAlerts(): ReactNode {
  const alerts = useDesk((s) => s.alerts)
  const error = useDesk((s) => s.alertsError)
  const connected = useDesk((s) => s.connection.status === 'connected')
  const split = useOpenAlerts()
  const [outcome, setOutcome] = useState<string | null>(null)
  return (
    <section aria-labelledby="open-alerts-heading">
      <div className="section-head">
        <h2 id="open-alerts-heading">Open alerts</h2>
        {alerts && (
          <p className={`provenance history-updated${connected ? '' : ' provenance-stale'}`} data-testid="alerts-provenance">
            evaluated by core · as of {formatClock(alerts.at)}
            {connected ? '' : ' · not current: the connection to core is down'}
          </p>
        )}
        {split && split.active.length > 0 && (
          <SnoozeControl scopes={[{ label: 'all alerts', request: (minutes) => ({ scope: 'all', minutes }) }]} label="Snooze all" onOutcome={setOutcome} />
        )}
      </div>
      {error && (
        <p className="inline-warning" role="alert">
          {alerts ? `Showing the last alerts core sent: ${error}` : `Could not read the alerts: ${error}`}
        </p>
      )}
      {outcome && (
        <p className="inline-error" role="alert">
          {outcome}
        </p>
      )}
      {alerts?.quiet && <p className="notice">Quiet hours now: alerts open and show here, but nothing is pushed or notified until they end.</p>}
      {!alerts && !error && <p className="empty">Waiting for core's alerts…</p>}
      {split && split.active.length === 0 && (
        <p className="empty" data-testid="alerts-empty">
          Nothing needs attention{split.snoozed.length > 0 ? ` (${split.snoozed.length} snoozed, below)` : ''}. Rules run on what the app already watches; their thresholds are below.
        </p>
      )}
      {split && split.active.length > 0 && (
        <ul className="alert-cards" aria-label="Open alerts">
          {split.active.map((alert) => (
            <AlertCard key={alert.id} alert={alert} now={split.now} />
          ))}
        </ul>
      )}
    </section>
  )
}

/** Open alerts a snooze holds back, and standing snoozes of a network or of everything. */
function SnoozedAlerts(): ReactNode {
  const split = useOpenAlerts()
  const settings = useDesk((s) => s.alertsSettings)
  const networks = useDesk((s) => s.networks)
  if (!split) return null
  const running = (settings?.snoozes ?? []).filter((s) => s.until > split.now)
  if (split.snoozed.length === 0 && running.length === 0) return null
  const name = (id: string | null): string => networks.find((n) => n.id === id)?.name ?? id ?? ''
  return (
    <section aria-labelledby="snoozed-alerts-heading">
      <h2 id="snoozed-alerts-heading">Snoozed</h2>
      {running.length > 0 && (
        <ul className="standing-snoozes" data-testid="standing-snoozes">
          {running.map((s) => (
            <li key={`${s.scope}-${s.network ?? ''}`} className="detail">
              {s.scope === 'all' ? 'Every alert' : `${name(s.network)} alerts`} held back until {whenWords(s.until, split.now)}
            </li>
          ))}
        </ul>
      )}
      {split.snoozed.length > 0 && (
        <ul className="alert-cards" aria-label="Snoozed alerts">
          {split.snoozed.map((alert) => (
            <AlertCard key={alert.id} alert={alert} now={split.now} />
          ))}
        </ul>
      )}
    </section>
  )
}
