import type { Alert, AlertsSnapshot } from '../../shared/contract/alerts.ts'
import type { ProfitSnapshot } from '../../shared/contract/profit.ts'

export const appName = 'DePIN Desk'

/** Windows keeps 127 characters of a tray tooltip (NOTIFYICONDATA's szTip); the rest would be cut mid-word. */
export const tooltipMaxChars = 127

/** The tooltip: the app, today's net, and the worst open alert; lines not known yet are left out. */
export function trayTooltip(netLine: string | undefined, alerts: AlertsSnapshot | undefined): string {
  const lines = [appName]
  if (netLine !== undefined) lines.push(netLine)
  if (alerts !== undefined) lines.push(alertsLine(alerts))
  const text = lines.join('\n')
  return text.length <= tooltipMaxChars ? text : `${text.slice(0, tooltipMaxChars - 1)}…`
}

/** "Net today: +$1.23", from the total's 'today' window. */
export function todayNetLine(profit: ProfitSnapshot): string {
  const today = profit.total.find((figures) => figures.window === 'today')
  if (today === undefined) return unknownNetLine('no figures for today')
  if (today.net === null) return unknownNetLine(today.missing.join('; ') || 'not computed')
  const money = new Intl.NumberFormat('en', { style: 'currency', currency: profit.currency.toUpperCase(), signDisplay: 'exceptZero' })
  return `Net today: ${money.format(Number(today.net))}`
}

export function unknownNetLine(reason: string): string {
  return `Net today unknown: ${reason}`
}

/** The first open alert not snoozed: `open` comes worst first, so this is the one the colour shows. */
export function worstAlert(alerts: AlertsSnapshot): Alert | undefined {
  return alerts.open.find((alert) => !isSnoozed(alert, alerts.at))
}

export function isSnoozed(alert: Alert, at: number): boolean {
  return alert.snoozedUntil !== null && alert.snoozedUntil > at
}

export const severityWord = { info: 'Info', warning: 'Warning', critical: 'Critical' } as const

function alertsLine(alerts: AlertsSnapshot): string {
  const worst = worstAlert(alerts)
  if (worst !== undefined) return `${severityWord[worst.severity]}: ${worst.title}`
  if (alerts.open.length === 0) return 'No open alerts'
  return alerts.open.length === 1 ? '1 open alert, snoozed' : `${alerts.open.length} open alerts, all snoozed`
}
