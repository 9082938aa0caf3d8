import { describe, expect, it } from 'vitest'
import {
  localAlignMs,
  noFigure,
  rowSpanFor,
  rowsAsText,
  rowsSpanDays,
  sparklineRows,
  sparklineWords,
  spanWords,
  summarize,
  tableRows,
} from '../../../src/renderer/src/common/chart-table.ts'
import type { Columns } from '../../../src/renderer/src/common/history-columns.ts'
import type { FigureUnit } from '../../../src/renderer/src/common/chart-table.ts'
import { bandChartWords, linesChartWords } from '../../../src/renderer/src/hardware/history-words.ts'
import { dailyNetWords, dailyTableRows, type DayNet } from '../../../src/renderer/src/profit/profit-words.ts'

const minute = 60_000
const hour = 60 * minute
const day = 24 * hour
/** Seconds, as uPlot's x column holds them. */
const s = (ms: number): number => ms / 1000

describe('rowSpanFor', () => {
  it('picks the shortest round span that fits the rows', () => {
    expect(rowSpanFor(hour)).toBe(5 * minute)
    expect(rowSpanFor(24 * hour)).toBe(hour)
    expect(rowSpanFor(7 * day)).toBe(12 * hour)
    expect(rowSpanFor(30 * day)).toBe(2 * day)
    expect(rowSpanFor(10 * minute)).toBe(minute)
  })

  it('takes the longest span when even that gives more rows', () => {
    expect(rowSpanFor(10_000 * day)).toBe(7 * day)
  })
})

describe('tableRows', () => {
  it('sums a band up per span: the lowest minimum, the mean of the averages, the highest maximum', () => {
    const columns: Columns = [
      [s(0), s(minute), s(2 * minute), s(5 * minute), s(6 * minute)],
      [1, 2, 3, 10, 20],
      [2, 4, 6, 12, 22],
      [3, 5, 9, 14, 24],
    ]
    expect(tableRows(columns, { aggregates: ['min', 'mean', 'max'], spanMs: 5 * minute })).toEqual([
      { fromMs: 0, toMs: 5 * minute, values: [1, 4, 9] },
      { fromMs: 5 * minute, toMs: 10 * minute, values: [10, 17, 24] },
    ])
  })

  it('keeps a span without a figure as a row of nulls, and ignores null and undefined points', () => {
    const columns: Columns = [
      [s(0), s(minute), s(11 * minute), s(12 * minute)],
      [5, null, undefined, 7],
    ]
    expect(tableRows(columns, { spanMs: 5 * minute })).toEqual([
      { fromMs: 0, toMs: 5 * minute, values: [5] },
      { fromMs: 5 * minute, toMs: 10 * minute, values: [null] },
      { fromMs: 10 * minute, toMs: 15 * minute, values: [7] },
    ])
  })

  it('starts at the first span with a figure and ends at the last', () => {
    const columns: Columns = [
      [s(0), s(10 * minute), s(20 * minute), s(30 * minute)],
      [null, 1, 2, null],
    ]
    expect(tableRows(columns, { spanMs: 10 * minute }).map((r) => r.fromMs)).toEqual([10 * minute, 20 * minute])
  })

  it('chooses the span from the data when none is given: an hour in 5-minute rows', () => {
    const xs = Array.from({ length: 900 }, (_, i) => s(i * 4000))
    const rows = tableRows([xs, xs.map(() => 50)])
    expect(rows).toHaveLength(12)
    expect(rows.every((r) => r.toMs - r.fromMs === 5 * minute && r.values[0] === 50)).toBe(true)
  })

  it('aligns spans to the offset given, so days start at local midnight', () => {
    // UTC+2: local midnight is 22:00 UTC the day before; 21:00 UTC is 23:00 local, still the first day.
    const align = 2 * hour
    const columns: Columns = [[s(day - 3 * hour), s(day + 3 * hour)], [1, 2]]
    expect(tableRows(columns, { spanMs: day, alignMs: align }).map((r) => [r.fromMs, r.values[0]])).toEqual([
      [-align, 1],
      [day - align, 2],
    ])
  })

  it('is empty without a figure', () => {
    expect(tableRows([[s(0), s(minute)], [null, undefined]])).toEqual([])
    expect(tableRows([[]])).toEqual([])
  })
})

describe('summarize', () => {
  it('answers the smallest, largest and latest figure, skipping gaps', () => {
    expect(summarize([3, null, 9, 1, undefined])).toEqual({ min: 1, max: 9, last: 1 })
    expect(summarize([null, undefined])).toBeNull()
  })
})

describe('row labels', () => {
  const at = (h: number, m: number, date = 3): number => new Date(2026, 2, date, h, m).getTime()

  it('says a span of minutes or hours by its clock times, with the day when the table crosses days', () => {
    expect(spanWords({ fromMs: at(12, 5), toMs: at(12, 10) }, false, 'en-US')).toBe('12:05–12:10')
    expect(spanWords({ fromMs: at(23, 0), toMs: at(0, 0, 4) }, true, 'en-US')).toBe('Mar 3, 23:00–00:00')
  })

  it('says a day by its date, and longer spans from the first day to the last', () => {
    expect(spanWords({ fromMs: at(0, 0), toMs: at(0, 0) + day }, false, 'en-US')).toBe('Mar 3')
    expect(spanWords({ fromMs: at(0, 0), toMs: at(0, 0) + 2 * day }, false, 'en-US')).toBe('Mar 3–Mar 4')
  })

  it('knows when rows cross a calendar day', () => {
    expect(rowsSpanDays([{ fromMs: at(10, 0), toMs: at(11, 0), values: [] }])).toBe(false)
    expect(rowsSpanDays([{ fromMs: at(23, 0), toMs: at(0, 0, 4), values: [] }, { fromMs: at(0, 0, 4), toMs: at(1, 0, 4), values: [] }])).toBe(true)
    expect(rowsSpanDays([])).toBe(false)
  })

  it('writes rows as text, a missing figure as "no data"', () => {
    const rows = [
      { fromMs: at(12, 0), toMs: at(12, 5), values: [1.25, null] },
      { fromMs: at(12, 5), toMs: at(12, 10), values: [null, 3] },
    ]
    expect(rowsAsText(rows, (v) => `${v.toFixed(1)} W`, 'en-US')).toEqual([
      { key: at(12, 0), label: '12:00–12:05', cells: ['1.3 W', noFigure] },
      { key: at(12, 5), label: '12:05–12:10', cells: [noFigure, '3.0 W'] },
    ])
  })

  it('offsets spans by the zone of the instant given', () => {
    expect(localAlignMs(at(12, 0))).toBe(-new Date(at(12, 0)).getTimezoneOffset() * minute)
  })
})

describe('sparkline figures', () => {
  const percent = (v: number): string => `${v.toFixed(1)} %`

  it('puts a minute of one-second points in six rows, newest last', () => {
    const values = Array.from({ length: 60 }, (_, i) => i)
    const rows = sparklineRows(values, 1000, percent)
    expect(rows.map((r) => r.label)).toEqual(['60–50 s ago', '50–40 s ago', '40–30 s ago', '30–20 s ago', '20–10 s ago', '10–0 s ago'])
    expect(rows[0]?.cells).toEqual(['0.0 %', '4.5 %', '9.0 %'])
    expect(rows[5]?.cells).toEqual(['50.0 %', '54.5 %', '59.0 %'])
  })

  it('grows in from the newest end, and says "no data" across a gap', () => {
    const rows = sparklineRows([null, null, null, null, null, null, null, null, null, null, 5, 6], 1000, percent)
    expect(rows).toEqual([{ label: '10–0 s ago', cells: ['5.0 %', '5.5 %', '6.0 %'] }])
    expect(sparklineRows([], 1000, percent)).toEqual([])
  })

  it('names the line with its latest figure and its range', () => {
    expect(sparklineWords('CPU load over the last minute', [12, 88, 37.5, null], percent)).toBe('CPU load over the last minute: now 37.5 %, between 12.0 % and 88.0 %')
    expect(sparklineWords('CPU load over the last minute', [], percent)).toBe('CPU load over the last minute: no figures yet')
  })
})

describe('chart names', () => {
  const watts: FigureUnit = { unit: 'W', digits: 1 }

  it("words a band chart's range and its latest average", () => {
    const columns: Columns = [
      [1, 2, 3],
      [200, 210, null],
      [250, 260, null],
      [290, 300, null],
    ]
    expect(bandChartWords('Machine power', '1 h', columns, watts)).toBe('Machine power, last 1 h: readings from 200.0 W to 300.0 W, the latest average 260.0 W')
    expect(bandChartWords('Machine power', '1 h', [[], [], [], []], watts)).toBe('Machine power, last 1 h: no data')
  })

  it('words each line of a lines chart, leaving out one without figures', () => {
    const celsius: FigureUnit = { unit: '°C', digits: 1 }
    const columns: Columns = [
      [1, 2],
      [70, 72],
      [undefined, undefined],
    ]
    expect(linesChartWords('Temperatures', '24 h', ['Tctl', 'Composite'], columns, celsius)).toBe('Temperatures, last 24 h: Tctl from 70.0 °C to 72.0 °C, the latest 72.0 °C')
    expect(linesChartWords('Temperatures', '24 h', [], [[]], celsius)).toBe('Temperatures, last 24 h: no data')
  })
})

describe('the 30-day chart as a table', () => {
  const dayStart = (date: number): number => new Date(2026, 2, date).getTime()
  const daily: DayNet[] = [
    { dayStartMs: dayStart(1), net: null, byNetwork: { grass: null } },
    { dayStartMs: dayStart(2), net: '1.50', byNetwork: { grass: '1.50' } },
    { dayStartMs: dayStart(3), net: null, byNetwork: { grass: null } },
    { dayStartMs: dayStart(4), net: '-0.25', byNetwork: { grass: '-0.25', helium: '0' } },
    { dayStartMs: dayStart(5), net: null, byNetwork: {} },
  ]

  it("keeps core's exact figures, a row per day from the first with a figure to the last, gaps included", () => {
    expect(dailyTableRows(daily, ['grass', 'helium'])).toEqual([
      { dayStartMs: dayStart(2), net: '1.50', byNetwork: ['1.50', null] },
      { dayStartMs: dayStart(3), net: null, byNetwork: [null, null] },
      { dayStartMs: dayStart(4), net: '-0.25', byNetwork: ['-0.25', '0'] },
    ])
    expect(dailyTableRows(daily.filter((d) => d.net === null), ['grass'])).toEqual([])
  })

  it('names the chart by its best, worst and latest day, compared exactly', () => {
    const mar = (date: number): string => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(dayStart(date))
    expect(dailyNetWords(daily, 'usd')).toBe(`Net per day, last 30 days: 2 days with a figure, from -$0.25 on ${mar(4)} to $1.50 on ${mar(2)}, the latest -$0.25 on ${mar(4)}`)
    expect(dailyNetWords([], 'usd')).toBe('Net per day, last 30 days: no day with a figure yet')
  })
})
