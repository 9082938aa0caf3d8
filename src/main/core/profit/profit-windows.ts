import type { ProfitWindow } from '../../../shared/contract/profit.ts'

/*
 * Where each profit window starts, in the tariff's zone: "today" and the daily chart follow the
 * local calendar (a day of a DST change is 23 or 25 hours long); 7 d and 30 d are rolling.
 */

export type WindowBounds = { window: ProfitWindow; fromMs: number; toMs: number }

export const dayMs = 86_400_000

function wallClockAsUtc(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms)
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const wholeSecond = Math.floor(ms / 1000) * 1000
  return wallClockAsUtc(wholeSecond, timeZone) - wholeSecond
}

/**
 * The first instant of the local day `ms` falls in. The offset is taken again at the guessed
 * midnight, so a DST change between midnight and `ms` is honoured, and a day whose midnight
 * is skipped starts at the change itself.
 */
function localDayStart(ms: number, timeZone: string): number {
  const wall = wallClockAsUtc(Math.floor(ms / 1000) * 1000, timeZone)
  const midnight = Math.floor(wall / dayMs) * dayMs
  const guess = midnight - offsetAt(ms, timeZone)
  return midnight - offsetAt(guess, timeZone)
}

/** The last `count` local days, oldest first, the last being today (which ends at `now`). */
export function localDays(now: number, timeZone: string, count: number): { fromMs: number; toMs: number }[] {
  const days: { fromMs: number; toMs: number }[] = []
  let toMs = now
  let fromMs = localDayStart(now, timeZone)
  for (let i = 0; i < count; i++) {
    days.unshift({ fromMs, toMs })
    toMs = fromMs
    fromMs = localDayStart(fromMs - 1, timeZone)
  }
  return days
}

/** today, 7 d, 30 d and all time (from `allFromMs`, never after now) up to `now`. */
export function profitWindows(now: number, timeZone: string, allFromMs: number): WindowBounds[] {
  return [
    { window: 'today', fromMs: localDayStart(now, timeZone), toMs: now },
    { window: '7d', fromMs: now - 7 * dayMs, toMs: now },
    { window: '30d', fromMs: now - 30 * dayMs, toMs: now },
    { window: 'all', fromMs: Math.min(allFromMs, now), toMs: now },
  ]
}
