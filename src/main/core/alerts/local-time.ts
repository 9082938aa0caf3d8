/*
 * Local wall-clock time for quiet hours and for the "since …" in an alert's words. The offset
 * is a function of the instant (DST moves it), passed in so tests pin the zone.
 */

/** Minutes east of UTC at an instant: +60 for CET in winter, -300 for New York in winter. */
export type OffsetMinutes = (ms: number) => number

/** This machine's zone, which is the one an operator reading its alerts is in. */
export const machineOffset: OffsetMinutes = (ms) => -new Date(ms).getTimezoneOffset()

const minuteMs = 60_000
const hourMs = 3_600_000
const dayMs = 86_400_000
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** The hour (0–23) the local clock shows at `ms`. */
export function localHourOf(ms: number, offset: OffsetMinutes): number {
  const local = ms + offset(ms) * minuteMs
  return Math.floor((((local % dayMs) + dayMs) % dayMs) / hourMs)
}

/** "5 Jan 14:05": short, and the same in every locale (push messages are read far from the machine's locale settings). */
export function formatLocal(ms: number, offset: OffsetMinutes): string {
  const local = new Date(ms + offset(ms) * minuteMs)
  const hh = String(local.getUTCHours()).padStart(2, '0')
  const mm = String(local.getUTCMinutes()).padStart(2, '0')
  return `${String(local.getUTCDate())} ${months[local.getUTCMonth()] ?? ''} ${hh}:${mm}`
}

/** "2 h 15 min", "45 min", "3 d 4 h", "20 s": the two largest units are enough to read. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${String(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${String(minutes)} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 === 0 ? `${String(hours)} h` : `${String(hours)} h ${String(minutes % 60)} min`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${String(days)} d` : `${String(days)} d ${String(hours % 24)} h`
}
