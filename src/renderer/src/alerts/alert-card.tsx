import { useState, type ReactNode } from 'react'
import type { Alert } from '../../../shared/contract/alerts.ts'
import { isSnoozed, safeLink, severityWords, sinceWords, whenWords, whereWords } from './alert-words.ts'
import { SnoozeControl, type SnoozeScope } from './snooze-control.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * One open alert as core wrote it: what happened, where, since when, the figure against its
 * threshold, what to do (the message), the evidence, and Acknowledge / Snooze.
 */
export function AlertCard({ alert, now }: { alert: Alert; now: number }): ReactNode {
  const networks = useDesk((s) => s.networks)
  const wallets = useDesk((s) => s.walletSettings)
  const ack = useDesk((s) => s.ackAlert)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const where = whereWords(alert, networks, wallets)
  const link = safeLink(alert.link)
  const networkName = alert.network === null ? null : (networks.find((n) => n.id === alert.network)?.name ?? alert.network)
  const scopes: SnoozeScope[] = [{ label: 'this alert', request: (minutes) => ({ scope: 'alert', id: alert.id, minutes }) }]
  if (alert.network !== null) {
    const network = alert.network
    scopes.push({ label: `all ${networkName ?? network} alerts`, request: (minutes) => ({ scope: 'network', network, minutes }) })
  }
  const acknowledge = async (): Promise<void> => {
    setBusy(true)
    const failure = await ack(alert.id)
    setBusy(false)
    setError(failure?.message ?? null)
  }
  return (
    <li className={`card alert-card alert-${alert.severity}${alert.ackedAt === null ? '' : ' alert-acked'}`} data-testid="open-alert" data-rule={alert.rule}>
      <div className="alert-head">
        <span className={`pill pill-${alert.severity}`}>{severityWords[alert.severity]}</span>
        <h3>{alert.title}</h3>
        <span className="detail alert-since">{sinceWords(alert.since, now)}</span>
      </div>
      <p className="alert-message">{alert.message}</p>
      <dl className="alert-facts">
        {where && (
          <div>
            <dt>Where</dt>
            <dd>{where}</dd>
          </div>
        )}
        <div>
          <dt>Now</dt>
          <dd data-testid="alert-figure">{alert.figure}</dd>
        </div>
        <div>
          <dt>Threshold</dt>
          <dd>{alert.threshold}</dd>
        </div>
        {alert.link !== null && (
          <div>
            <dt>Evidence</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noreferrer noopener">
                  {new URL(link).hostname} ↗
                </a>
              ) : (
                alert.link
              )}
            </dd>
          </div>
        )}
      </dl>
      <div className="alert-actions">
        {alert.ackedAt === null ? (
          <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void acknowledge()} aria-label={`Acknowledge ${alert.title}`}>
            Acknowledge
          </button>
        ) : (
          <span className="pill">Acknowledged {whenWords(alert.ackedAt, now)}</span>
        )}
        {isSnoozed(alert, now) && alert.snoozedUntil !== null ? (
          <span className="pill pill-warn">Snoozed until {whenWords(alert.snoozedUntil, now)}</span>
        ) : (
          <SnoozeControl scopes={scopes} label="Snooze" onOutcome={setError} />
        )}
        {error && (
          <span className="inline-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <p className="provenance" title={`opened ${new Date(alert.openedAt).toISOString()}`}>
        rule {alert.rule} · opened {whenWords(alert.openedAt, now)} · last seen {whenWords(alert.lastSeenAt, now)}
      </p>
    </li>
  )
}
