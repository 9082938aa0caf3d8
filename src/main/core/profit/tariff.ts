import type { TariffPeriod } from '../../../shared/contract/profit.ts'

/*
 * A time-of-use tariff: which price per kWh applies at an instant, by the weekday and hour on
 * the tariff's local clock. Pure: the zone is an argument, never this machine's by default.
 */

/** From `fromMs` on, these periods replace the ones before: how a price change on a date is said. */
export type TariffChange = { fromMs: number; periods: readonly TariffPeriod[] }

export type Tariff = {
  /** The periods in force before the first change (always, without changes). */
  periods: readonly TariffPeriod[]
  /** A resolved IANA zone, e.g. Europe/Berlin. */
  timeZone: string
  changes?: readonly TariffChange[]
}

const weekdayIndex: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const formats = new Map<string, Intl.DateTimeFormat>()

// Building a DateTimeFormat costs far more than using one, and a year of hours asks 8,760 times.
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })
    } catch {
      throw new RangeError(`"${timeZone}" is not a time zone (an IANA name like Europe/Berlin)`)
    }
    formats.set(timeZone, format)
  }
  return format
}

/** The weekday (0 = Sunday) and hour (0–23) the zone's wall clock shows at `ms`; DST is the zone's own. */
export function localHour(ms: number, timeZone: string): { day: number; hour: number } {
  let day: number | undefined
  let hour: number | undefined
  for (const part of formatFor(timeZone).formatToParts(ms)) {
    if (part.type === 'weekday') day = weekdayIndex[part.value]
    else if (part.type === 'hour') hour = Number(part.value)
  }
  if (day === undefined || hour === undefined) throw new RangeError(`no local weekday and hour for ${ms} in ${timeZone}`)
  return { day, hour }
}

function periodsAt(tariff: Tariff, ms: number): readonly TariffPeriod[] {
  let periods = tariff.periods
  let since = -Infinity
  for (const change of tariff.changes ?? []) {
    if (change.fromMs <= ms && change.fromMs >= since) {
      periods = change.periods
      since = change.fromMs
    }
  }
  return periods
}

const covers = (period: TariffPeriod, day: number, hour: number): boolean =>
  period.days.includes(day) && period.fromHour <= hour && hour < period.toHour

/** The price per kWh at `ms`: the first period whose days hold the local weekday and whose hours hold the local hour; null when none does. */
export function priceAt(tariff: Tariff, ms: number): string | null {
  const { day, hour } = localHour(ms, tariff.timeZone)
  const period = periodsAt(tariff, ms).find((candidate) => covers(candidate, day, hour))
  return period?.pricePerKwh ?? null
}

/** Monday first, so that a weekend reads "Sat–Sun". */
const weekOrder = [1, 2, 3, 4, 5, 6, 0] as const
const namesInWeekOrder = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

const clock = (hour: number): string => `${String(hour).padStart(2, '0')}:00`

/** The unpriced hours of one weekday as ranges: "00:00–07:00, 22:00–24:00". */
function unpricedHours(periods: readonly TariffPeriod[], day: number): string {
  const ranges: string[] = []
  let start: number | null = null
  for (let hour = 0; hour <= 24; hour++) {
    const priced = hour === 24 || periods.some((period) => covers(period, day, hour))
    if (!priced && start === null) start = hour
    if (priced && start !== null) {
      ranges.push(`${clock(start)}–${clock(hour)}`)
      start = null
    }
  }
  return ranges.join(', ')
}

/** Days as runs in week order: "Mon–Fri", "Sat–Sun", "Mon, Wed", "every day". */
function dayRuns(days: readonly number[]): string {
  if (days.length === 7) return 'every day'
  const positions = new Set(days.map((day) => (day + 6) % 7))
  const runs: string[] = []
  let first: number | null = null
  for (let position = 0; position <= 7; position++) {
    if (positions.has(position) && first === null) first = position
    if (!positions.has(position) && first !== null) {
      const last = position - 1
      runs.push(first === last ? namesInWeekOrder[first] ?? '' : `${namesInWeekOrder[first] ?? ''}–${namesInWeekOrder[last] ?? ''}`)
      first = null
    }
  }
  return runs.join(', ')
}

/**
 * Which hours of the week have no price, in words ("no price for Sat–Sun 00:00–07:00"); null
 * when every hour is priced. Days with the same unpriced hours are named together.
 */
export function tariffGaps(periods: readonly TariffPeriod[]): string | null {
  const daysByHours = new Map<string, number[]>()
  for (const day of weekOrder) {
    const hours = unpricedHours(periods, day)
    if (hours === '') continue
    daysByHours.set(hours, [...(daysByHours.get(hours) ?? []), day])
  }
  if (daysByHours.size === 0) return null
  const parts = [...daysByHours].map(([hours, days]) => `${dayRuns(days)} ${hours}`)
  return `no price for ${parts.join('; ')}`
}
