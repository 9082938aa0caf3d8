import type { Alert, AlertsSettings, AlertSeverity, AlertsSnapshot, QuietHours } from '../../../shared/contract/alerts.ts'
import { NetworkId } from '../../../shared/contract/wallets.ts'
import { formatDuration, formatLocal, type OffsetMinutes } from './local-time.ts'
import { inQuietHours } from './quiet-hours.ts'
import type { AlertRule, Finding } from './rule.ts'

/*
 * The alert engine: a pure step from the previous state and the findings of this evaluation
 * to the next state and what changed. Nothing here reads a clock, a file or settings; the
 * capability (alerts-capability.ts) gathers, persists and delivers around it.
 *
 * One rule + subject is one alert at a time (dedupe). Its life:
 *   seen → pending (waits out openAfterMs from first seen) → open → clear for resolveAfterMs →
 *   resolved → cooldown (cooldownMs before the same subject may open again).
 * A pending condition is forgotten only after it too has been clear for resolveAfterMs, so an
 * input that flaps true/false keeps counting from its first sighting and opens once, then
 * stays open (it is never clear long enough to resolve) instead of opening at every flap.
 */

/** An alert as the engine and the log keep it: the contract's fields and when it was notified. */
export type LoggedAlert = Alert & {
  /** When it was handed out as fresh; null until then. Each alert is notified at most once. */
  notifiedAt: number | null
}

/** One rule + subject the engine watches: a pending condition, an open alert, or a cooldown after one resolved. */
export type Tracked = {
  rule: string
  subject: string
  /** When the current run of the condition was first seen; null when it is not running (a cooldown alone). */
  firstSeenAt: number | null
  /** When it was first seen clear since it was last true; null while it is true. */
  clearSince: number | null
  alert: LoggedAlert | null
  /** The subject may not open again before this (it resolved recently); null when free. */
  cooldownUntil: number | null
}

export type EngineState = {
  tracked: ReadonlyMap<string, Tracked>
  /** When each rule + subject last opened an alert, for rules that remind again (take-profit). */
  lastOpened: ReadonlyMap<string, number>
  nextId: number
}

/** What survives a restart besides the open alerts: conditions still pending and cooldowns. */
export type ConditionRow = { rule: string; subject: string; firstSeenAt: number | null; cooldownUntil: number | null }

/** One enabled rule's findings at this evaluation, with its timing. */
export type RuleRun = {
  rule: Pick<AlertRule, 'id' | 'severity' | 'network' | 'resolveAfterMs' | 'cooldownMs'>
  /** The rule's openAfterMs for the operator's thresholds. */
  openAfterMs: number
  findings: readonly Finding[]
}

export type StandingSnoozes = AlertsSettings['snoozes']

export type EngineInput = {
  now: number
  /** Every enabled rule that could be evaluated. A tracked rule that is neither here nor skipped was turned off. */
  runs: readonly RuleRun[]
  /** Rules that threw this time: what they had pending or open stays as it was. */
  skipped: ReadonlySet<string>
  snoozes: StandingSnoozes
  quietHours: QuietHours | null
  offset: OffsetMinutes
}

export type EngineChanges = {
  opened: LoggedAlert[]
  /** Open alerts whose words changed (a figure moved, severity rose): the same alert, not a new one. */
  updated: LoggedAlert[]
  resolved: LoggedAlert[]
  /** Open alerts due a notification now, worst first; each is marked notified in the new state. */
  fresh: LoggedAlert[]
  /** Pending conditions or cooldowns changed: what survives a restart needs writing. */
  conditionsChanged: boolean
}

export const emptyState: EngineState = { tracked: new Map(), lastOpened: new Map(), nextId: 1 }

/** The identity of a condition: its rule and its subject. */
export function conditionKey(rule: string, subject: string): string {
  return `${rule}\u0000${subject}`
}

const severityRank: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 }

/** The words and links an alert takes from its finding; the fields compared to tell an update. */
const contentKeys = ['severity', 'title', 'message', 'network', 'walletId', 'host', 'figure', 'threshold', 'view', 'link'] as const

function contentOf(rule: RuleRun['rule'], finding: Finding, since: number, offset: OffsetMinutes): Pick<Alert, (typeof contentKeys)[number]> {
  const network = finding.network ?? rule.network ?? null
  return {
    severity: finding.severity ?? rule.severity,
    title: finding.title,
    // Rules say what and where; when it started is the engine's to know.
    message: `${finding.message.trimEnd()} Since ${formatLocal(since, offset)}.`,
    // A network id the contract would refuse is dropped here, not found later as an unreadable log row.
    network: network !== null && NetworkId.safeParse(network).success ? network : null,
    walletId: finding.walletId ?? null,
    host: finding.host ?? null,
    figure: finding.figure,
    threshold: finding.threshold,
    view: finding.view,
    link: finding.link ?? null,
  }
}

function sameContent(alert: Alert, content: Pick<Alert, (typeof contentKeys)[number]>): boolean {
  return contentKeys.every((key) => alert[key] === content[key])
}

/** The time left of a snooze: the alert's own, its network's or all, whichever ends last; null when none holds now. */
export function snoozedUntil(alert: Pick<Alert, 'snoozedUntil' | 'network'>, snoozes: StandingSnoozes, now: number): number | null {
  let until = alert.snoozedUntil !== null && alert.snoozedUntil > now ? alert.snoozedUntil : null
  for (const snooze of snoozes) {
    if (snooze.until <= now) continue
    if (snooze.scope === 'all' || (snooze.network !== null && snooze.network === alert.network)) until = Math.max(until ?? 0, snooze.until)
  }
  return until
}

/** When the next snooze that holds now ends (an alert's own, a network's or all), so a view knows when it changes; Infinity when none. */
export function nextSnoozeEnd(state: EngineState, snoozes: StandingSnoozes, now: number): number {
  let next = Infinity
  for (const t of state.tracked.values()) if (t.alert?.snoozedUntil != null && t.alert.snoozedUntil > now) next = Math.min(next, t.alert.snoozedUntil)
  for (const snooze of snoozes) if (snooze.until > now) next = Math.min(next, snooze.until)
  return next
}

/** Worst first, then newest: the order the view, the tray menu and notifications use. */
export function byUrgency(a: Alert, b: Alert): number {
  return severityRank[b.severity] - severityRank[a.severity] || b.openedAt - a.openedAt || b.id - a.id
}

/** Takes `state` to the next evaluation's; never mutates it. */
export function step(state: EngineState, input: EngineInput): { state: EngineState; changes: EngineChanges } {
  const { now } = input
  const tracked = new Map(state.tracked)
  // Copied only when an alert opens: an unchanged map is the same map, which lets a rule's kept findings stand (rule-memo.ts).
  let lastOpened = state.lastOpened
  let nextId = state.nextId
  const changes: EngineChanges = { opened: [], updated: [], resolved: [], fresh: [], conditionsChanged: false }
  const runs = new Map(input.runs.map((run) => [run.rule.id, run]))
  const seen = new Set<string>()

  for (const run of input.runs) {
    for (const finding of run.findings) {
      const key = conditionKey(run.rule.id, finding.subject)
      // Two findings about one subject in one evaluation are one condition: the first says it.
      if (seen.has(key)) continue
      seen.add(key)
      const before = tracked.get(key) ?? { rule: run.rule.id, subject: finding.subject, firstSeenAt: null, clearSince: null, alert: null, cooldownUntil: null }
      const t: Tracked = { ...before, clearSince: null }
      if (t.alert !== null) {
        const content = contentOf(run.rule, finding, t.alert.since, input.offset)
        const changed = !sameContent(t.alert, content)
        t.alert = { ...t.alert, ...content, lastSeenAt: now }
        if (changed) changes.updated.push(t.alert)
      } else {
        if (t.firstSeenAt === null) {
          t.firstSeenAt = now
          changes.conditionsChanged = true
        }
        const coolingDown = t.cooldownUntil !== null && t.cooldownUntil > now
        if (now - t.firstSeenAt >= run.openAfterMs && !coolingDown) {
          t.alert = {
            id: nextId++,
            rule: run.rule.id,
            subject: finding.subject,
            ...contentOf(run.rule, finding, t.firstSeenAt, input.offset),
            state: 'open',
            since: t.firstSeenAt,
            openedAt: now,
            lastSeenAt: now,
            resolvedAt: null,
            ackedAt: null,
            snoozedUntil: null,
            notifiedAt: null,
          }
          t.cooldownUntil = null
          lastOpened = new Map(lastOpened).set(key, now)
          changes.opened.push(t.alert)
          changes.conditionsChanged = true
        }
      }
      tracked.set(key, t)
    }
  }

  for (const [key, before] of state.tracked) {
    if (seen.has(key) || input.skipped.has(before.rule)) continue
    const run = runs.get(before.rule)
    const t: Tracked = { ...before }
    if (run === undefined) {
      // Turned off (or gone from this build): nothing will ever clear it, so it ends now.
      if (t.alert !== null) changes.resolved.push(resolve(t.alert, now, `Resolved ${formatLocal(now, input.offset)}: its rule is no longer checked.`))
      tracked.delete(key)
      if (t.alert === null) changes.conditionsChanged = true
      continue
    }
    if (t.alert !== null || t.firstSeenAt !== null) {
      t.clearSince ??= now
      if (now - t.clearSince >= run.rule.resolveAfterMs) {
        if (t.alert !== null) {
          const words =
            `Resolved by itself ${formatLocal(now, input.offset)}: clear since ${formatLocal(t.clearSince, input.offset)}, ` +
            `${formatDuration(t.clearSince - t.alert.since)} after it was first seen.`
          changes.resolved.push(resolve(t.alert, now, words))
          t.cooldownUntil = run.rule.cooldownMs > 0 ? now + run.rule.cooldownMs : null
        }
        t.alert = null
        t.firstSeenAt = null
        t.clearSince = null
        changes.conditionsChanged = true
      }
    }
    if (t.alert === null && t.firstSeenAt === null && (t.cooldownUntil === null || t.cooldownUntil <= now)) {
      tracked.delete(key)
      changes.conditionsChanged ||= before.cooldownUntil !== null
    } else {
      tracked.set(key, t)
    }
  }

  const quiet = inQuietHours(input.quietHours, now, input.offset)
  if (!quiet) {
    for (const [key, t] of tracked) {
      const alert = t.alert
      if (alert === null || alert.notifiedAt !== null || alert.ackedAt !== null) continue
      if (snoozedUntil(alert, input.snoozes, now) !== null) continue
      const notified = { ...alert, notifiedAt: now }
      tracked.set(key, { ...t, alert: notified })
      changes.fresh.push(notified)
    }
    changes.fresh.sort(byUrgency)
  }

  return { state: { tracked, lastOpened, nextId }, changes }
}

function resolve(alert: LoggedAlert, now: number, words: string): LoggedAlert {
  // The message keeps what happened after the resolution: the log reads as one story.
  return { ...alert, state: 'resolved', resolvedAt: now, message: `${words} ${alert.message}` }
}

/** Every open alert in the state. */
export function openAlerts(state: EngineState): LoggedAlert[] {
  const open: LoggedAlert[] = []
  for (const t of state.tracked.values()) if (t.alert !== null) open.push(t.alert)
  return open
}

function withAlert(state: EngineState, id: number, change: (alert: LoggedAlert) => LoggedAlert): { state: EngineState; alert: LoggedAlert } | null {
  for (const [key, t] of state.tracked) {
    if (t.alert?.id !== id) continue
    const alert = change(t.alert)
    const tracked = new Map(state.tracked)
    tracked.set(key, { ...t, alert })
    return { state: { ...state, tracked }, alert }
  }
  return null
}

/** The operator saw it: it stays open until it clears but is never due a notification again. null: no such open alert. */
export function acknowledge(state: EngineState, id: number, now: number): { state: EngineState; alert: LoggedAlert } | null {
  return withAlert(state, id, (alert) => (alert.ackedAt === null ? { ...alert, ackedAt: now } : alert))
}

/** Holds one open alert's notification until `until`. null: no such open alert. */
export function snoozeAlert(state: EngineState, id: number, until: number): { state: EngineState; alert: LoggedAlert } | null {
  return withAlert(state, id, (alert) => ({ ...alert, snoozedUntil: until }))
}

/** Pending conditions and cooldowns, for the log; open alerts are kept as alerts. */
export function conditionRows(state: EngineState): ConditionRow[] {
  const rows: ConditionRow[] = []
  for (const t of state.tracked.values()) {
    if (t.alert === null) rows.push({ rule: t.rule, subject: t.subject, firstSeenAt: t.firstSeenAt, cooldownUntil: t.cooldownUntil })
  }
  return rows
}

/**
 * The state after a restart: open alerts carry on (their condition counts as seen until an
 * evaluation says otherwise), pending conditions keep their first sighting, cooldowns hold.
 */
export function restoreState(saved: { open: readonly LoggedAlert[]; conditions: readonly ConditionRow[]; lastOpened: ReadonlyMap<string, number>; nextId: number }): EngineState {
  const tracked = new Map<string, Tracked>()
  for (const row of saved.conditions) tracked.set(conditionKey(row.rule, row.subject), { ...row, clearSince: null, alert: null })
  for (const alert of saved.open) {
    tracked.set(conditionKey(alert.rule, alert.subject), { rule: alert.rule, subject: alert.subject, firstSeenAt: alert.since, clearSince: null, alert, cooldownUntil: null })
  }
  const highest = saved.open.reduce((max, alert) => Math.max(max, alert.id), 0)
  return { tracked, lastOpened: new Map(saved.lastOpened), nextId: Math.max(saved.nextId, highest + 1) }
}

/** An alert as the contract shows it: the snooze that holds now (its own, its network's or all), no engine bookkeeping. */
export function presentAlert(alert: LoggedAlert, snoozes: StandingSnoozes, now: number): Alert {
  const shown: Alert & { notifiedAt?: number | null } = { ...alert }
  delete shown.notifiedAt
  return alert.state === 'open' ? { ...shown, snoozedUntil: snoozedUntil(alert, snoozes, now) } : shown
}

/**
 * What the badge, the tray and the view show. Acknowledged alerts are listed but not counted:
 * the operator has seen them, so they no longer colour the tray or the badge.
 */
export function snapshotOf(
  state: EngineState,
  view: { now: number; snoozes: StandingSnoozes; quietHours: QuietHours | null; offset: OffsetMinutes; fresh: readonly LoggedAlert[] },
): AlertsSnapshot {
  const open = openAlerts(state)
    .map((alert) => presentAlert(alert, view.snoozes, view.now))
    .sort(byUrgency)
  let count = 0
  let snoozed = 0
  let worst: AlertSeverity | null = null
  for (const alert of open) {
    if (alert.ackedAt !== null) continue
    count++
    if (alert.snoozedUntil !== null) snoozed++
    else if (worst === null || severityRank[alert.severity] > severityRank[worst]) worst = alert.severity
  }
  return {
    open,
    counts: { open: count, snoozed, worst },
    quiet: inQuietHours(view.quietHours, view.now, view.offset),
    fresh: view.fresh.map((alert) => presentAlert(alert, view.snoozes, view.now)),
    at: view.now,
  }
}
