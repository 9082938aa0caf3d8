import type { Alert, AlertSeverity } from '../../../../shared/contract/alerts.ts'
import type { PushAlertFields, PushMessage } from './channel.ts'

/*
 * The words a push says, the same on every service: what happened (the rule's title and message),
 * where (network, wallet, host), since when, the figure against its threshold, what to do (the
 * rule's message ends with it) and a link to the evidence. Each channel only lays these out.
 */

const severityWords: Record<AlertSeverity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' }
export const severityRank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 }

/** Alerts in one summary, listed one per line; the rest are counted. */
const summaryLines = 10

export function alertMessage(alert: Alert, now: number): PushMessage {
  const resolved = alert.state === 'resolved'
  const lines = [
    alert.message,
    '',
    ...where(alert),
    resolved && alert.resolvedAt !== null ? `Resolved: ${stamp(alert.resolvedAt)}, after ${duration(alert.resolvedAt - alert.since)}` : `Since: ${stamp(alert.since)} (${duration(now - alert.since)} ago)`,
    `Figure: ${alert.figure} (threshold: ${alert.threshold})`,
  ]
  return {
    kind: 'alert',
    severity: alert.severity,
    title: resolved ? `Resolved: ${alert.title}` : `${severityWords[alert.severity]}: ${alert.title}`,
    body: lines.join('\n'),
    link: webLink(alert.link),
    tags: [alert.rule, ...(alert.network === null ? [] : [alert.network])],
    alerts: [fields(alert)],
  }
}

/**
 * Several alerts in one push: what the rate limit sends instead of dropping the ones over its
 * budget, and what a burst of alerts from one evaluation becomes.
 */
export function summaryMessage(alerts: readonly Alert[], now: number, notShown = 0): PushMessage {
  if (alerts.length === 1 && notShown === 0) return alertMessage(alerts[0] as Alert, now)
  const worst = alerts.reduce<AlertSeverity>((max, alert) => (severityRank[alert.severity] > severityRank[max] ? alert.severity : max), 'info')
  const total = alerts.length + notShown
  const listed = alerts.slice(0, summaryLines).map((alert) => `- ${alert.state === 'resolved' ? 'Resolved' : severityWords[alert.severity]}: ${alert.title} (${alert.figure}; threshold ${alert.threshold})`)
  const more = total - listed.length
  const body = [...listed, ...(more > 0 ? [`…and ${more} more.`] : []), '', 'Open DePIN Desk’s Alerts view for each one and what to do.']
  const links = alerts.map((alert) => webLink(alert.link)).filter((link) => link !== null)
  return {
    kind: 'summary',
    severity: worst,
    title: `DePIN Desk: ${total} alerts`,
    body: body.join('\n'),
    link: links.length === 1 ? (links[0] ?? null) : null,
    tags: [...new Set(alerts.map((alert) => alert.rule))].slice(0, 5),
    alerts: alerts.map(fields),
  }
}

export function testMessage(label: string | null): PushMessage {
  return {
    kind: 'test',
    severity: 'info',
    title: 'DePIN Desk: test message',
    body: `This channel${label === null ? '' : ` (“${label}”)`} works: DePIN Desk will push alerts here.`,
    link: null,
    tags: ['test'],
    alerts: [],
  }
}

function where(alert: Alert): string[] {
  const parts = [
    alert.network === null ? null : `network ${alert.network}`,
    alert.walletId === null ? null : `wallet ${alert.walletId}`,
    alert.host === null ? null : `host ${alert.host}`,
  ].filter((part) => part !== null)
  return parts.length === 0 ? [] : [`Where: ${parts.join(', ')}`]
}

function fields(alert: Alert): PushAlertFields {
  const { id, rule, severity, state, title, message, network, walletId, host, figure, threshold, link, since, openedAt, resolvedAt } = alert
  return { id, rule, severity, state, title, message, network, walletId, host, figure, threshold, link, since, openedAt, resolvedAt }
}

/** Only an http(s) link is passed on: a push client opens it on a tap. */
function webLink(link: string | null): string | null {
  if (link === null) return null
  try {
    const url = new URL(link)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null
  } catch {
    return null
  }
}

/** "2025-03-04 17:05 UTC": the agent often runs on a server whose zone the reader does not share. */
export function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** "3 d 4 h", "2 h 5 min", "12 min", "under a minute". */
export function duration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000)
  if (minutes < 1) return 'under a minute'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`
  return `${rest} min`
}
