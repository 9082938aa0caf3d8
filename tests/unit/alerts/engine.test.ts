import { describe, expect, it } from 'vitest'
import {
  acknowledge,
  conditionRows,
  emptyState,
  openAlerts,
  restoreState,
  snapshotOf,
  snoozeAlert,
  step,
  type EngineChanges,
  type EngineInput,
  type EngineState,
  type LoggedAlert,
  type RuleRun,
  type StandingSnoozes,
} from '../../../src/main/core/alerts/engine.ts'
import type { Finding } from '../../../src/main/core/alerts/rule.ts'
import type { QuietHours } from '../../../src/shared/contract/alerts.ts'

/*
 * The engine on synthetic series: fake rules whose findings are given per evaluation, a clock
 * that is just numbers, and UTC unless a test pins another offset.
 */

const s = 1_000
const min = 60 * s
const hour = 60 * min
const t0 = Date.UTC(2026, 0, 5, 12, 0)
const utc = (): number => 0

type Timing = { id?: string; openAfterMs?: number; resolveAfterMs?: number; cooldownMs?: number; network?: string }

function finding(subject = 'plug-1', overrides: Partial<Finding> = {}): Finding {
  return {
    subject,
    title: `Plug ${subject} unreachable`,
    message: `Plug ${subject} has not answered. Check its Wi-Fi.`,
    figure: 'no answer for 3 min',
    threshold: 'unreachable for 2 min',
    view: 'hardware',
    host: subject,
    ...overrides,
  }
}

function run(findings: readonly Finding[], timing: Timing = {}): RuleRun {
  return {
    rule: {
      id: timing.id ?? 'plug-unreachable',
      severity: 'warning',
      ...(timing.network === undefined ? {} : { network: timing.network }),
      resolveAfterMs: timing.resolveAfterMs ?? 5 * min,
      cooldownMs: timing.cooldownMs ?? 30 * min,
    },
    openAfterMs: timing.openAfterMs ?? 2 * min,
    findings,
  }
}

type Extra = { snoozes?: StandingSnoozes; quietHours?: QuietHours | null; skipped?: string[]; offset?: (ms: number) => number }

function input(now: number, runs: RuleRun[], extra: Extra = {}): EngineInput {
  return {
    now,
    runs,
    skipped: new Set(extra.skipped ?? []),
    snoozes: extra.snoozes ?? [],
    quietHours: extra.quietHours ?? null,
    offset: extra.offset ?? utc,
  }
}

/** Steps through evaluations every `everyMs` from `from` to `to`, collecting every change. */
function drive(state: EngineState, from: number, to: number, everyMs: number, runsAt: (at: number, i: number) => RuleRun[], extra: Extra = {}) {
  const all: EngineChanges = { opened: [], updated: [], resolved: [], fresh: [], conditionsChanged: false }
  let i = 0
  for (let at = from; at <= to; at += everyMs, i++) {
    const result = step(state, input(at, runsAt(at, i), extra))
    state = result.state
    all.opened.push(...result.changes.opened)
    all.updated.push(...result.changes.updated)
    all.resolved.push(...result.changes.resolved)
    all.fresh.push(...result.changes.fresh)
  }
  return { state, changes: all }
}

const onlyOpen = (state: EngineState): LoggedAlert => {
  const open = openAlerts(state)
  expect(open).toHaveLength(1)
  return open[0] as LoggedAlert
}

describe('alert engine', () => {
  it('opens one alert for an input that flaps true/false at every evaluation for a day', () => {
    const { state, changes } = drive(emptyState, t0, t0 + 24 * hour, 10 * s, (_at, i) => [run(i % 2 === 0 ? [finding()] : [])])
    expect(changes.opened).toHaveLength(1)
    expect(changes.resolved).toHaveLength(0)
    expect(changes.fresh).toHaveLength(1)
    // It counted from its first sighting: the flaps in between never reset it.
    expect(changes.opened[0]?.since).toBe(t0)
    expect(changes.opened[0]?.openedAt).toBe(t0 + 2 * min)
    expect(onlyOpen(state).state).toBe('open')
  })

  it('opens only once the condition has held for the minimum duration, with when it was first seen', () => {
    let state = step(emptyState, input(t0, [run([finding()])])).state
    const early = step(state, input(t0 + 2 * min - 1, [run([finding()])]))
    expect(early.changes.opened).toHaveLength(0)
    state = early.state
    const due = step(state, input(t0 + 2 * min, [run([finding()])]))
    expect(due.changes.opened).toHaveLength(1)
    const alert = due.changes.opened[0] as LoggedAlert
    expect(alert).toMatchObject({ id: 1, rule: 'plug-unreachable', subject: 'plug-1', state: 'open', since: t0, openedAt: t0 + 2 * min, host: 'plug-1' })
    expect(alert.message).toBe('Plug plug-1 has not answered. Check its Wi-Fi. Since 5 Jan 12:00.')
  })

  it('lets a blip shorter than the minimum pass, and forgets it once clear long enough', () => {
    let state = step(emptyState, input(t0, [run([finding()])])).state
    const quiet = drive(state, t0 + 10 * s, t0 + 10 * min, 10 * s, () => [run([])])
    expect(quiet.changes.opened).toHaveLength(0)
    expect(conditionRows(quiet.state)).toEqual([])
    state = quiet.state
    // Seen again later: it counts from now, not from the blip.
    const again = drive(state, t0 + 20 * min, t0 + 22 * min, 10 * s, () => [run([finding()])])
    expect(again.changes.opened).toHaveLength(1)
    expect(again.changes.opened[0]?.since).toBe(t0 + 20 * min)
  })

  it('keeps one alert per rule and subject, updating its words as the figure moves', () => {
    let state = drive(emptyState, t0, t0 + 2 * min, 10 * s, () => [run([finding()])]).state
    const id = onlyOpen(state).id
    const same = step(state, input(t0 + 3 * min, [run([finding()])]))
    expect(same.changes.updated).toHaveLength(0)
    expect(onlyOpen(same.state).lastSeenAt).toBe(t0 + 3 * min)
    state = same.state
    const moved = step(state, input(t0 + 4 * min, [run([finding('plug-1', { figure: 'no answer for 4 min', severity: 'critical' })])]))
    expect(moved.changes.opened).toHaveLength(0)
    expect(moved.changes.updated).toEqual([expect.objectContaining({ id, figure: 'no answer for 4 min', severity: 'critical' })])
    // Another subject of the same rule is another alert.
    const other = drive(moved.state, t0 + 5 * min, t0 + 8 * min, 10 * s, () => [run([finding(), finding('plug-2')])])
    expect(other.changes.opened.map((a) => a.subject)).toEqual(['plug-2'])
    expect(openAlerts(other.state)).toHaveLength(2)
  })

  it('resolves an alert clear for resolveAfterMs and says so; a return before that keeps it open', () => {
    let state = drive(emptyState, t0, t0 + 10 * min, 10 * s, () => [run([finding()])]).state
    // Clear for 4 min, then back: hysteresis keeps the same alert open.
    const dip = drive(state, t0 + 10 * min + 10 * s, t0 + 14 * min, 10 * s, () => [run([])])
    expect(dip.changes.resolved).toHaveLength(0)
    state = step(dip.state, input(t0 + 14 * min + 10 * s, [run([finding()])])).state
    expect(onlyOpen(state).id).toBe(1)
    const clear = drive(state, t0 + 15 * min, t0 + 20 * min, 10 * s, () => [run([])])
    expect(clear.changes.resolved).toHaveLength(1)
    const resolved = clear.changes.resolved[0] as LoggedAlert
    expect(resolved).toMatchObject({ id: 1, state: 'resolved', resolvedAt: t0 + 20 * min })
    expect(resolved.message).toBe(
      'Resolved by itself 5 Jan 12:20: clear since 5 Jan 12:15, 15 min after it was first seen. Plug plug-1 has not answered. Check its Wi-Fi. Since 5 Jan 12:00.',
    )
    expect(openAlerts(clear.state)).toEqual([])
  })

  it('holds the cooldown: a subject that resolved does not reopen before cooldownMs', () => {
    let state = drive(emptyState, t0, t0 + 5 * min, 10 * s, () => [run([finding()])]).state
    state = drive(state, t0 + 5 * min + 10 * s, t0 + 10 * min + 10 * s, 10 * s, () => [run([])]).state
    expect(openAlerts(state)).toEqual([])
    const resolvedAt = t0 + 10 * min + 10 * s
    // Back at once and for the rest of the cooldown: nothing opens until it ends.
    const during = drive(state, resolvedAt + 10 * s, resolvedAt + 30 * min - 10 * s, 10 * s, () => [run([finding()])])
    expect(during.changes.opened).toHaveLength(0)
    const after = step(during.state, input(resolvedAt + 30 * min, [run([finding()])]))
    expect(after.changes.opened).toHaveLength(1)
    // It has held all along, so the new alert says so.
    expect(after.changes.opened[0]).toMatchObject({ id: 2, since: resolvedAt + 10 * s })
  })

  it('does not notify an alert snoozed at opening, then notifies it once when the snooze ends', () => {
    let state = drive(emptyState, t0, t0 + 1 * min, 10 * s, () => [run([finding()])]).state
    // Snoozed while still pending is impossible (no id yet); snooze it right at opening via a standing snooze of all.
    const all: StandingSnoozes = [{ scope: 'all', network: null, until: t0 + 30 * min }]
    const opened = step(state, input(t0 + 2 * min, [run([finding()])], { snoozes: all }))
    expect(opened.changes.opened).toHaveLength(1)
    expect(opened.changes.fresh).toHaveLength(0)
    state = opened.state
    const snoozed = drive(state, t0 + 2 * min + 10 * s, t0 + 30 * min - 10 * s, 10 * s, () => [run([finding()])], { snoozes: all })
    expect(snoozed.changes.fresh).toHaveLength(0)
    const ends = drive(snoozed.state, t0 + 30 * min, t0 + 60 * min, 10 * s, () => [run([finding()])], { snoozes: all })
    expect(ends.changes.fresh).toHaveLength(1)
    expect(ends.changes.fresh[0]?.notifiedAt).toBe(t0 + 30 * min)
  })

  it('holds a snooze of one alert, and a notified alert is never fresh again', () => {
    // Not due while in quiet hours, so it is still un-notified when the operator snoozes it.
    const night: QuietHours = { fromHour: 12, toHour: 13 }
    let state = drive(emptyState, t0, t0 + 3 * min, 10 * s, () => [run([finding()])], { quietHours: night }).state
    const id = onlyOpen(state).id
    state = (snoozeAlert(state, id, t0 + 2 * hour) ?? expect.unreachable()).state
    const held = drive(state, t0 + 3 * min, t0 + 2 * hour - 10 * s, 10 * s, () => [run([finding()])], { quietHours: night })
    expect(held.changes.fresh).toHaveLength(0)
    const due = drive(held.state, t0 + 2 * hour, t0 + 3 * hour, 10 * s, () => [run([finding()])], { quietHours: night })
    expect(due.changes.fresh.map((a) => a.id)).toEqual([id])
    const later = snoozeAlert(due.state, id, t0 + 4 * hour) ?? expect.unreachable()
    const after = drive(later.state, t0 + 3 * hour, t0 + 5 * hour, min, () => [run([finding()])], { quietHours: night })
    expect(after.changes.fresh).toHaveLength(0)
  })

  it('holds a network snooze for that network only', () => {
    const snoozes: StandingSnoozes = [{ scope: 'network', network: 'grass', until: t0 + hour }]
    const runs = (): RuleRun[] => [
      run([finding('wallet-a', { network: 'grass' })], { id: 'rewards-stopped' }),
      run([finding('wallet-b', { network: 'akash' })], { id: 'rewards-stopped' }),
      run([finding('gpu-0')], { id: 'temperature' }),
    ]
    const { state, changes } = drive(emptyState, t0, t0 + 5 * min, 10 * s, runs, { snoozes })
    expect(changes.opened).toHaveLength(3)
    expect(changes.fresh.map((a) => a.subject).sort()).toEqual(['gpu-0', 'wallet-b'])
    const view = snapshotOf(state, { now: t0 + 5 * min, snoozes, quietHours: null, offset: utc, fresh: [] })
    expect(view.counts).toEqual({ open: 3, snoozed: 1, worst: 'warning' })
    expect(view.open.find((a) => a.subject === 'wallet-a')?.snoozedUntil).toBe(t0 + hour)
    const ends = drive(state, t0 + hour, t0 + hour, 10 * s, runs, { snoozes })
    expect(ends.changes.fresh.map((a) => a.subject)).toEqual(['wallet-a'])
  })

  it('holds quiet hours (local time, past midnight) and notifies once they end', () => {
    // 23:00 local in UTC+2 is 21:00 UTC.
    const plusTwo = (): number => 120
    const night: QuietHours = { fromHour: 22, toHour: 7 }
    const start = Date.UTC(2026, 0, 5, 21, 0)
    const asleep = drive(emptyState, start, Date.UTC(2026, 0, 6, 4, 59), min, () => [run([finding()])], { quietHours: night, offset: plusTwo })
    expect(asleep.changes.opened).toHaveLength(1)
    expect(asleep.changes.fresh).toHaveLength(0)
    const view = snapshotOf(asleep.state, { now: Date.UTC(2026, 0, 6, 4, 59), snoozes: [], quietHours: night, offset: plusTwo, fresh: [] })
    expect(view.quiet).toBe(true)
    expect(view.counts.worst).toBe('warning')
    const morning = step(asleep.state, input(Date.UTC(2026, 0, 6, 5, 0), [run([finding()])], { quietHours: night, offset: plusTwo }))
    expect(morning.changes.fresh).toHaveLength(1)
    // The words are in local time too.
    expect(morning.changes.fresh[0]?.message).toContain('Since 5 Jan 23:00.')
  })

  it('never notifies an acknowledged alert, keeps it open until clear, and stops counting it', () => {
    const night: QuietHours = { fromHour: 12, toHour: 13 }
    let state = drive(emptyState, t0, t0 + 3 * min, 10 * s, () => [run([finding()])], { quietHours: night }).state
    const id = onlyOpen(state).id
    state = (acknowledge(state, id, t0 + 3 * min) ?? expect.unreachable()).state
    const later = drive(state, t0 + 3 * min, t0 + 2 * hour, min, () => [run([finding()])], { quietHours: night })
    expect(later.changes.fresh).toHaveLength(0)
    expect(onlyOpen(later.state)).toMatchObject({ id, state: 'open', ackedAt: t0 + 3 * min })
    const view = snapshotOf(later.state, { now: t0 + 2 * hour, snoozes: [], quietHours: null, offset: utc, fresh: [] })
    expect(view.open).toHaveLength(1)
    expect(view.counts).toEqual({ open: 0, snoozed: 0, worst: null })
    const clear = drive(later.state, t0 + 2 * hour + min, t0 + 2 * hour + 6 * min, min, () => [run([])])
    expect(clear.changes.resolved.map((a) => a.id)).toEqual([id])
    expect(acknowledge(clear.state, id, t0)).toBeNull()
  })

  it("keeps a throwing rule's alerts as they were, and ends a turned-off rule's alerts saying why", () => {
    let state = drive(emptyState, t0, t0 + 3 * min, min, () => [run([finding()]), run([finding('gpu-0')], { id: 'temperature' })]).state
    expect(openAlerts(state)).toHaveLength(2)
    const skipped = drive(state, t0 + 4 * min, t0 + 30 * min, min, () => [run([finding()])], { skipped: ['temperature'] })
    expect(skipped.changes.resolved).toHaveLength(0)
    state = skipped.state
    const off = step(state, input(t0 + 31 * min, [run([finding()])]))
    expect(off.changes.resolved).toHaveLength(1)
    expect(off.changes.resolved[0]?.message).toMatch(/^Resolved 5 Jan 12:31: its rule is no longer checked\./)
  })

  it('carries on after a restart: open alerts stay open and are not notified again, first sightings hold', () => {
    const slow = { openAfterMs: 10 * min }
    // plug-1 opens (and is notified) at t0 + 10 min; plug-2, seen from t0 + 5 min, is still pending.
    const before = drive(emptyState, t0, t0 + 12 * min, 10 * s, (at) => [run([finding('plug-1'), ...(at >= t0 + 5 * min ? [finding('plug-2')] : [])], slow)])
    expect(before.changes.fresh.map((a) => a.subject)).toEqual(['plug-1'])
    // What the log keeps, through JSON as through SQLite: open alerts, pending conditions, cooldowns.
    const saved = JSON.parse(JSON.stringify({ open: openAlerts(before.state), conditions: conditionRows(before.state), nextId: before.state.nextId })) as {
      open: LoggedAlert[]
      conditions: ReturnType<typeof conditionRows>
      nextId: number
    }
    expect(saved.conditions).toEqual([{ rule: 'plug-unreachable', subject: 'plug-2', firstSeenAt: t0 + 5 * min, cooldownUntil: null }])
    const restored = restoreState({ ...saved, lastOpened: before.state.lastOpened })
    const after = drive(restored, t0 + 14 * min, t0 + 16 * min, 10 * s, () => [run([finding('plug-1'), finding('plug-2')], slow)])
    expect(after.changes.opened).toEqual([expect.objectContaining({ id: 2, subject: 'plug-2', since: t0 + 5 * min, openedAt: t0 + 15 * min })])
    expect(after.changes.fresh.map((a) => a.subject)).toEqual(['plug-2'])
    expect(openAlerts(after.state).find((a) => a.subject === 'plug-1')).toMatchObject({ id: 1, since: t0, notifiedAt: t0 + 10 * min })
  })

  it('keeps a cooldown across a restart', () => {
    let state = drive(emptyState, t0, t0 + 2 * min, 10 * s, () => [run([finding()], { resolveAfterMs: 0 })]).state
    state = step(state, input(t0 + 3 * min, [run([], { resolveAfterMs: 0 })])).state
    const rows = conditionRows(state)
    expect(rows).toEqual([{ rule: 'plug-unreachable', subject: 'plug-1', firstSeenAt: null, cooldownUntil: t0 + 33 * min }])
    const restored = restoreState({ open: [], conditions: rows, lastOpened: state.lastOpened, nextId: state.nextId })
    const held = drive(restored, t0 + 4 * min, t0 + 33 * min - 10 * s, 10 * s, () => [run([finding()])])
    expect(held.changes.opened).toHaveLength(0)
    expect(step(held.state, input(t0 + 33 * min, [run([finding()])])).changes.opened[0]?.id).toBe(2)
  })

  it('lists open alerts worst first, then newest', () => {
    const { state } = drive(emptyState, t0, t0 + 10 * min, min, (at) => [
      run([finding('a'), ...(at >= t0 + 3 * min ? [finding('b')] : []), ...(at >= t0 + 5 * min ? [finding('c', { severity: 'critical' })] : [])]),
    ])
    const view = snapshotOf(state, { now: t0 + 10 * min, snoozes: [], quietHours: null, offset: utc, fresh: [] })
    expect(view.open.map((a) => a.subject)).toEqual(['c', 'b', 'a'])
    expect(view.counts).toEqual({ open: 3, snoozed: 0, worst: 'critical' })
    expect(view.quiet).toBe(false)
  })

  it('never mutates the state it was given', () => {
    const state = drive(emptyState, t0, t0 + 3 * min, min, () => [run([finding()])]).state
    const frozen = JSON.stringify([...state.tracked])
    step(state, input(t0 + 30 * min, [run([])]))
    acknowledge(state, 1, t0)
    expect(JSON.stringify([...state.tracked])).toBe(frozen)
  })
})
