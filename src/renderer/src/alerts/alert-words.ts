import type { Alert, AlertCounts, AlertSeverity, PushChannelKind, QuietHours } from '../../../shared/contract/alerts.ts'
import type { NetworkInfo, WalletSetting } from '../../../shared/contract/wallets.ts'
import { formatSpan } from '../common/format.ts'

/*
 * Words and small display rules for alerts. The contract's constants live beside zod (alerts.ts),
 * which the page must not load, so the few lists the page needs are spelt here and checked
 * against the contract's types.
 */

/** Mildest first: an index compares severities. */
export const severityOrder = ['info', 'warning', 'critical'] as const satisfies readonly AlertSeverity[]

export const severityWords: Record<AlertSeverity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' }

export const channelKinds = ['ntfy', 'telegram', 'discord', 'webhook'] as const satisfies readonly PushChannelKind[]

export const channelKindWords: Record<PushChannelKind, string> = { ntfy: 'ntfy', telegram: 'Telegram bot', discord: 'Discord webhook', webhook: 'Webhook (JSON, Slack-compatible)' }

/** The snooze lengths offered, in minutes. */
export const snoozeChoices = [
  { minutes: 60, label: '1 h' },
  { minutes: 480, label: '8 h' },
  { minutes: 1440, label: '24 h' },
] as const

/** Held back from notifications at `now`: a snooze of the alert, its network or all. */
export function isSnoozed(alert: Alert, now: number): boolean {
  return alert.snoozedUntil !== null && alert.snoozedUntil > now
}

/**
 * What the header badge shows, as core counts it: open alerts not acknowledged (`counts.open`)
 * less those a snooze holds back, and the worst of the rest.
 */
export function needingAttention(counts: AlertCounts): { count: number; worst: AlertSeverity | null } {
  return { count: Math.max(0, counts.open - counts.snoozed), worst: counts.worst }
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayClockFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })

/** "14:05" today, "3 Mar 14:05" another day. */
export function whenWords(at: number, now: number): string {
  return new Date(at).toDateString() === new Date(now).toDateString() ? clockFormat.format(at) : dayClockFormat.format(at)
}

/** "since 14:05 (2 h 10 min)": when the condition was first seen, and for how long. */
export function sinceWords(since: number, now: number): string {
  return `since ${whenWords(since, now)} (${formatSpan(Math.max(0, now - since))})`
}

/** "Grass · wallet Rig 1 · host 127.0.0.1:8080": where it is, in the operator's own names. */
export function whereWords(alert: Alert, networks: readonly NetworkInfo[], wallets: readonly WalletSetting[] | null): string | null {
  const parts: string[] = []
  if (alert.network !== null) parts.push(networks.find((n) => n.id === alert.network)?.name ?? alert.network)
  if (alert.walletId !== null) parts.push(`wallet ${wallets?.find((w) => w.id === alert.walletId)?.label ?? alert.walletId}`)
  if (alert.host !== null) parts.push(alert.host)
  return parts.length === 0 ? null : parts.join(' · ')
}

const hour = (h: number): string => `${String(h).padStart(2, '0')}:00`

/** "22:00–07:00 (local time)", or that there are none. */
export function quietWords(quiet: QuietHours | null): string {
  if (quiet === null) return 'No quiet hours: alerts are pushed and notified whenever they open.'
  return `Quiet from ${hour(quiet.fromHour)} to ${hour(quiet.toHour)} local time: alerts still open and show here, but nothing is pushed or notified.`
}

/** The hours a select offers. */
export const hourChoices = Array.from({ length: 24 }, (_, h) => ({ value: h, label: hour(h) }))

/** A link the page may open: http(s) only; anything else is shown as text. */
export function safeLink(link: string | null): string | null {
  if (link === null) return null
  try {
    const url = new URL(link)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}
