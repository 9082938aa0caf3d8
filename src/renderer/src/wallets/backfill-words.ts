import type { BackfillState, BackfillStatus } from '../../../shared/contract/backfill.ts'

/*
 * Words for a wallet's backfill: core reads the chain and counts; these only say it. The
 * contract's lists live beside zod (backfill.ts), which the page must not load, so the states are
 * spelt here and checked against its type.
 */

export const backfillStateWords: Record<BackfillState, string> = {
  idle: 'Not started',
  queued: 'Waiting its turn',
  running: 'Reading',
  paused: 'Paused',
  done: 'Done',
  failed: 'Stopped',
  unsupported: 'Not available',
}

/** A shape per state, so the state never rests on colour alone (shown beside the word, hidden from screen readers). */
export const backfillStateIcons: Record<BackfillState, string> = {
  idle: '○',
  queued: '◷',
  running: '▶',
  paused: '‖',
  done: '✓',
  failed: '✕',
  unsupported: '–',
}

/** What each state means, for a tooltip. */
export const backfillStateMeaning: Record<BackfillState, string> = {
  idle: "core has not read this wallet's past yet",
  queued: "another wallet's history is read first; this one follows",
  running: 'core is reading the chain, page by page',
  paused: 'held; Resume goes on from where it stopped',
  done: 'every day of the window read',
  failed: 'stopped after repeated faults; Resume goes on from where it stopped',
  unsupported: 'no public history source is known for this network',
}

/** The depth the field offers first, and its bounds: core's own (BackfillRequest). */
export const backfillDepth = { defaultDays: 365, minDays: 1, maxDays: 3650 } as const

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

/** "History before 7 Dec 2026": the window ends at the wallet's first read, where the live ledger takes over. */
export function backfillHeading(status: Pick<BackfillStatus, 'toMs'>): string {
  return `History before ${dayFormat.format(status.toMs)}`
}

function count(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`
}

/** What the entries booked so far are: "14 rewards, 2 inflows to mark"; "nothing found yet" before any. */
function foundWords({ rewards, inflows, state }: Pick<BackfillStatus, 'rewards' | 'inflows' | 'state'>): string {
  const found = [rewards > 0 && count(rewards, 'reward', 'rewards'), inflows > 0 && count(inflows, 'inflow to mark', 'inflows to mark')].filter(Boolean)
  if (found.length > 0) return found.join(', ')
  return state === 'done' ? 'nothing received in the window' : 'nothing found yet'
}

/** "120 of 365 days · 38 requests · 14 rewards, 2 inflows to mark". */
export function progressWords(status: Pick<BackfillStatus, 'daysDone' | 'daysTotal' | 'requests' | 'rewards' | 'inflows' | 'state'>): string {
  const days = `${String(status.daysDone)} of ${count(status.daysTotal, 'day', 'days')}`
  return [days, count(status.requests, 'request', 'requests'), foundWords(status)].join(' · ')
}

/** The last fault in words: why it stopped, or what is being retried. */
export function problemWords(status: Pick<BackfillStatus, 'problem' | 'state'>): string | null {
  if (status.problem === null) return null
  return status.state === 'failed' ? `Why it stopped: ${status.problem}` : `Last fault, retried: ${status.problem}`
}

export type BackfillControl = { action: 'start' | 'pause'; label: 'Start' | 'Resume' | 'Pause' | 'Read again' }

/**
 * The one command a wallet's backfill offers now, for the depth typed (null: not a valid one).
 * A paused or stopped read resumes where it stopped only at the depth it had: another depth reads
 * the new window from its newest day again, as a finished one does. Core books nothing twice.
 */
export function backfillControl(status: Pick<BackfillStatus, 'state' | 'depthDays'>, depthDays: number | null): BackfillControl | null {
  switch (status.state) {
    case 'unsupported':
      return null
    case 'queued':
    case 'running':
      return { action: 'pause', label: 'Pause' }
    case 'idle':
      return { action: 'start', label: 'Start' }
    case 'paused':
    case 'failed':
      return { action: 'start', label: depthDays === null || depthDays === status.depthDays ? 'Resume' : 'Read again' }
    case 'done':
      return { action: 'start', label: 'Read again' }
  }
}

/** The depth the field shows until the operator types: the wallet's own once it has one. */
export function initialDepth(status: Pick<BackfillStatus, 'state' | 'depthDays'>): number {
  const own = status.state !== 'idle' && status.state !== 'unsupported' && status.depthDays >= backfillDepth.minDays && status.depthDays <= backfillDepth.maxDays
  return own ? status.depthDays : backfillDepth.defaultDays
}

/** The typed depth as core takes it: a whole number of days from 1 to 3650. */
export function parseDepth(text: string): { ok: true; days: number } | { ok: false; message: string } {
  const trimmed = text.trim()
  const days = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN
  if (!Number.isInteger(days) || days < backfillDepth.minDays || days > backfillDepth.maxDays) {
    return { ok: false, message: `a whole number of days from ${String(backfillDepth.minDays)} to ${String(backfillDepth.maxDays)}` }
  }
  return { ok: true, days }
}

/** What pressing the control does, when it is more than its label says. */
export function controlHint(control: BackfillControl | null, pausing: boolean): string | null {
  if (control === null) return null
  if (pausing) return 'Pausing after the page in flight…'
  if (control.action === 'pause') return 'Pause it to change the depth.'
  if (control.label === 'Read again') return 'Reads the window again from its newest day; nothing is booked twice.'
  return null
}
