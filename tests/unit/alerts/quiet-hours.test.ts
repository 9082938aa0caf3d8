import { describe, expect, it } from 'vitest'
import { formatDuration, formatLocal, localHourOf } from '../../../src/main/core/alerts/local-time.ts'
import { inQuietHours } from '../../../src/main/core/alerts/quiet-hours.ts'

const utc = (): number => 0
const at = (hour: number, minute = 0): number => Date.UTC(2026, 0, 5, hour, minute)

describe('quiet hours', () => {
  it('hold from fromHour up to, not including, toHour within a day', () => {
    const hours = { fromHour: 13, toHour: 15 }
    expect(inQuietHours(hours, at(12, 59), utc)).toBe(false)
    expect(inQuietHours(hours, at(13), utc)).toBe(true)
    expect(inQuietHours(hours, at(14, 59), utc)).toBe(true)
    expect(inQuietHours(hours, at(15), utc)).toBe(false)
  })

  it('wrap past midnight when from > to', () => {
    const night = { fromHour: 22, toHour: 7 }
    expect(inQuietHours(night, at(21, 59), utc)).toBe(false)
    expect(inQuietHours(night, at(22), utc)).toBe(true)
    expect(inQuietHours(night, at(23, 59), utc)).toBe(true)
    expect(inQuietHours(night, at(0), utc)).toBe(true)
    expect(inQuietHours(night, at(6, 59), utc)).toBe(true)
    expect(inQuietHours(night, at(7), utc)).toBe(false)
    expect(inQuietHours(night, at(12), utc)).toBe(false)
  })

  it('are off when unset or when from equals to', () => {
    expect(inQuietHours(null, at(3), utc)).toBe(false)
    expect(inQuietHours({ fromHour: 5, toHour: 5 }, at(5), utc)).toBe(false)
  })

  it('read the local clock through the offset, which may change with the instant (DST)', () => {
    const night = { fromHour: 22, toHour: 7 }
    // 21:30 UTC is 23:30 in UTC+2 and 16:30 in UTC-5.
    expect(inQuietHours(night, at(21, 30), () => 120)).toBe(true)
    expect(inQuietHours(night, at(21, 30), () => -300)).toBe(false)
    // 05:30 UTC is 06:30 in winter (UTC+1) but 07:30 once clocks moved to UTC+2.
    const dstFrom = at(5)
    const europe = (ms: number): number => (ms >= dstFrom ? 120 : 60)
    expect(inQuietHours(night, at(4, 30), europe)).toBe(true)
    expect(inQuietHours(night, at(5, 30), europe)).toBe(false)
  })
})

describe('local time words', () => {
  it('give the hour and a short date on the local clock', () => {
    expect(localHourOf(at(23, 30), () => 90)).toBe(1)
    expect(localHourOf(at(0, 30), () => -60)).toBe(23)
    expect(formatLocal(at(23, 30), () => 90)).toBe('6 Jan 01:00')
    expect(formatLocal(at(9, 5), utc)).toBe('5 Jan 09:05')
  })

  it('say durations in their two largest units', () => {
    expect(formatDuration(20_000)).toBe('20 s')
    expect(formatDuration(45 * 60_000)).toBe('45 min')
    expect(formatDuration(2 * 3_600_000)).toBe('2 h')
    expect(formatDuration(135 * 60_000)).toBe('2 h 15 min')
    expect(formatDuration(76 * 3_600_000)).toBe('3 d 4 h')
  })
})
