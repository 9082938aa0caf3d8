import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TariffPeriod } from '../../../src/shared/contract/profit.ts'
import { electricityCost } from '../../../src/main/core/profit/electricity.ts'
import { localHour, priceAt, tariffGaps, type Tariff } from '../../../src/main/core/profit/tariff.ts'

/*
 * The tariff's clock: local weekday and hour in the tariff's zone (DST included), the first
 * matching period's price, a dated change, and the unpriced hours of a week said in words.
 */

const hourMs = 3_600_000
const everyDay = [0, 1, 2, 3, 4, 5, 6]
const weekdays = [1, 2, 3, 4, 5]
const weekend = [0, 6]

function period(label: string, pricePerKwh: string, days: number[], fromHour: number, toHour: number): TariffPeriod {
  return { label, pricePerKwh, days, fromHour, toHour }
}

/** A price per local hour: hour h costs h + 1, so a day of 1 kWh an hour costs 300 when it has 24 hours. */
const hourly: Tariff = {
  timeZone: 'Europe/Berlin',
  periods: Array.from({ length: 24 }, (_, hour) => period(`h${hour}`, String(hour + 1), everyDay, hour, hour + 1)),
}

function hoursBetween(fromMs: number, toMs: number): { hourStartMs: number; kwh: number }[] {
  const hours = []
  for (let ms = fromMs; ms < toMs; ms += hourMs) hours.push({ hourStartMs: ms, kwh: 1 })
  return hours
}

describe('localHour', () => {
  it('follows Berlin across the spring change: 01:00 is followed by 03:00', () => {
    expect(localHour(Date.UTC(2025, 2, 29, 23), 'Europe/Berlin')).toEqual({ day: 0, hour: 0 })
    expect(localHour(Date.UTC(2025, 2, 30, 0), 'Europe/Berlin')).toEqual({ day: 0, hour: 1 })
    expect(localHour(Date.UTC(2025, 2, 30, 1), 'Europe/Berlin')).toEqual({ day: 0, hour: 3 })
  })

  it('follows Berlin across the autumn change: 02:00 comes twice', () => {
    expect(localHour(Date.UTC(2025, 9, 26, 0), 'Europe/Berlin')).toEqual({ day: 0, hour: 2 })
    expect(localHour(Date.UTC(2025, 9, 26, 1), 'Europe/Berlin')).toEqual({ day: 0, hour: 2 })
    expect(localHour(Date.UTC(2025, 9, 26, 2), 'Europe/Berlin')).toEqual({ day: 0, hour: 3 })
  })

  it('puts a half-hour zone in the hour its wall clock shows (Kolkata is UTC+5:30)', () => {
    // 2025-01-04 is a Saturday; 18:30 UTC is 00:00 Sunday in Kolkata.
    expect(localHour(Date.UTC(2025, 0, 4, 18, 0), 'Asia/Kolkata')).toEqual({ day: 6, hour: 23 })
    expect(localHour(Date.UTC(2025, 0, 4, 18, 30), 'Asia/Kolkata')).toEqual({ day: 0, hour: 0 })
  })

  it('agrees with plain offset arithmetic in a fixed-offset zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        // Etc/GMT-3 is UTC+3 (POSIX signs are inverted).
        const shifted = new Date(ms + 3 * hourMs)
        expect(localHour(ms, 'Etc/GMT-3')).toEqual({ day: shifted.getUTCDay(), hour: shifted.getUTCHours() })
      }),
    )
  })

  it('names a zone that does not exist', () => {
    expect(() => localHour(0, 'Mars/Olympus')).toThrow('"Mars/Olympus" is not a time zone (an IANA name like Europe/Berlin)')
  })
})

describe('priceAt', () => {
  const peak: Tariff = {
    timeZone: 'UTC',
    periods: [period('peak', '0.40', weekdays, 7, 22), period('off-peak', '0.20', everyDay, 0, 24)],
  }

  it('takes the first period that holds the local weekday and hour', () => {
    // 2025-01-06 is a Monday.
    expect(priceAt(peak, Date.UTC(2025, 0, 6, 6, 59))).toBe('0.20')
    expect(priceAt(peak, Date.UTC(2025, 0, 6, 7))).toBe('0.40')
    expect(priceAt(peak, Date.UTC(2025, 0, 6, 21, 59))).toBe('0.40')
    expect(priceAt(peak, Date.UTC(2025, 0, 6, 22))).toBe('0.20')
    expect(priceAt(peak, Date.UTC(2025, 0, 5, 12))).toBe('0.20')
  })

  it('answers null for an hour no period holds', () => {
    const weekdaysOnly: Tariff = { timeZone: 'UTC', periods: [period('weekday', '0.30', weekdays, 0, 24)] }
    expect(priceAt(weekdaysOnly, Date.UTC(2025, 0, 6, 12))).toBe('0.30')
    expect(priceAt(weekdaysOnly, Date.UTC(2025, 0, 5, 12))).toBeNull()
  })

  it('reads the hour on the tariff\u2019s clock, not UTC', () => {
    const night: Tariff = { timeZone: 'America/New_York', periods: [period('night', '0.10', everyDay, 0, 6), period('day', '0.25', everyDay, 6, 24)] }
    // 09:00 UTC on 6 Jan is 04:00 in New York (UTC−5).
    expect(priceAt(night, Date.UTC(2025, 0, 6, 9))).toBe('0.10')
    expect(priceAt(night, Date.UTC(2025, 0, 6, 11))).toBe('0.25')
  })

  it('switches to a dated change at its instant, and to the latest change in force', () => {
    const changing: Tariff = {
      timeZone: 'UTC',
      periods: [period('flat', '0.20', everyDay, 0, 24)],
      changes: [
        { fromMs: Date.UTC(2025, 9, 1), periods: [period('flat', '0.30', everyDay, 0, 24)] },
        { fromMs: Date.UTC(2025, 6, 1), periods: [period('flat', '0.25', everyDay, 0, 24)] },
      ],
    }
    expect(priceAt(changing, Date.UTC(2025, 5, 30, 23))).toBe('0.20')
    expect(priceAt(changing, Date.UTC(2025, 6, 1))).toBe('0.25')
    expect(priceAt(changing, Date.UTC(2025, 8, 30, 23))).toBe('0.25')
    expect(priceAt(changing, Date.UTC(2025, 9, 1))).toBe('0.30')
  })
})

describe('DST days priced by local hour', () => {
  it('prices the 23-hour spring day without local 02:00', () => {
    // Berlin's 30 March 2025 runs from 29 March 23:00 UTC to 30 March 22:00 UTC.
    const hours = hoursBetween(Date.UTC(2025, 2, 29, 23), Date.UTC(2025, 2, 30, 22))
    expect(hours).toHaveLength(23)
    expect(electricityCost(hours, hourly)).toEqual({ cost: '297', kwh: 23, unpricedKwh: 0 })
  })

  it('prices the 25-hour autumn day with local 02:00 twice', () => {
    // Berlin's 26 October 2025 runs from 25 October 22:00 UTC to 26 October 23:00 UTC.
    const hours = hoursBetween(Date.UTC(2025, 9, 25, 22), Date.UTC(2025, 9, 26, 23))
    expect(hours).toHaveLength(25)
    expect(electricityCost(hours, hourly)).toEqual({ cost: '303', kwh: 25, unpricedKwh: 0 })
  })

  it('prices an ordinary Berlin day at every local hour once', () => {
    const hours = hoursBetween(Date.UTC(2025, 5, 14, 22), Date.UTC(2025, 5, 15, 22))
    expect(electricityCost(hours, hourly).cost).toBe('300')
  })
})

describe('tariffGaps', () => {
  it('is null when every hour of the week has a price', () => {
    expect(tariffGaps([period('flat', '0.3', everyDay, 0, 24)])).toBeNull()
    expect(tariffGaps([period('peak', '0.4', weekdays, 7, 22), period('off', '0.2', everyDay, 0, 24)])).toBeNull()
    expect(tariffGaps(hourly.periods)).toBeNull()
  })

  it('names the weekend night no period covers', () => {
    const periods = [period('week', '0.3', weekdays, 0, 24), period('weekend day', '0.2', weekend, 7, 24)]
    expect(tariffGaps(periods)).toBe('no price for Sat–Sun 00:00–07:00')
  })

  it('groups days with the same unpriced hours and lists each group', () => {
    expect(tariffGaps([period('peak', '0.4', weekdays, 7, 22)])).toBe('no price for Mon–Fri 00:00–07:00, 22:00–24:00; Sat–Sun 00:00–24:00')
    expect(tariffGaps([period('most', '0.4', [0, 2, 4, 5, 6], 0, 24)])).toBe('no price for Mon, Wed 00:00–24:00')
    expect(tariffGaps([period('late', '0.4', everyDay, 1, 24)])).toBe('no price for every day 00:00–01:00')
  })

  it('says an empty tariff prices nothing', () => {
    expect(tariffGaps([])).toBe('no price for every day 00:00–24:00')
  })

  it('is null exactly when priceAt has a price for every hour of a week', () => {
    const periodArb = fc.record({
      label: fc.constant('p'),
      pricePerKwh: fc.constant('0.1'),
      days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      fromHour: fc.integer({ min: 0, max: 23 }),
      toHour: fc.integer({ min: 1, max: 24 }),
    })
    fc.assert(
      fc.property(fc.array(periodArb, { maxLength: 6 }), (periods) => {
        const tariff: Tariff = { timeZone: 'UTC', periods }
        // 2025-01-05 is a Sunday: 168 hours from there are every weekday-hour once.
        const week = Array.from({ length: 168 }, (_, i) => Date.UTC(2025, 0, 5) + i * hourMs)
        const everyHourPriced = week.every((ms) => priceAt(tariff, ms) !== null)
        expect(tariffGaps(periods) === null).toBe(everyHourPriced)
      }),
    )
  })
})
