import type { QuietHours } from '../../../shared/contract/alerts.ts'
import { localHourOf, type OffsetMinutes } from './local-time.ts'

/**
 * Whether quiet hours hold at `now`: from `fromHour` up to (not including) `toHour`, local
 * time, wrapping past midnight when from > to (22 → 7 is the night). from = to is an empty
 * span, not a whole day: "quiet all day" is what a snooze of all alerts is for.
 */
export function inQuietHours(hours: QuietHours | null, now: number, offset: OffsetMinutes): boolean {
  if (hours === null || hours.fromHour === hours.toHour) return false
  const hour = localHourOf(now, offset)
  return hours.fromHour < hours.toHour ? hour >= hours.fromHour && hour < hours.toHour : hour >= hours.fromHour || hour < hours.toHour
}
