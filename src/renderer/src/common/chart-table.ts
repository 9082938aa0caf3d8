import type { Column, Columns } from './history-columns.ts'

/*
 * A chart's figures as a table, for whoever cannot see the canvas: a few dozen rows at most, each
 * a span of round length (5 min, 1 h, 1 d) with each series summed up over it. Pure, so the rows
 * are checked without a page.
 */

/** How one series is summed up over a row's span: a band's edges keep their extremes, a line its mean. */
export type Aggregate = 'min' | 'mean' | 'max'

/** One row: the span it covers (epoch ms, `toMs` excluded) and each series' figure, null where it has none. */
export type TableRow = { fromMs: number; toMs: number; values: (number | null)[] }

/** How a chart writes its figures: the unit and the digits after the point (chart-options' Scale has these). */
export type FigureUnit = { unit: string; digits: number }

/** A figure in its unit, as the legend and the chart's table write it: "251.3 W". */
export function scaledText({ unit, digits }: FigureUnit, value: number): string {
  return `${value.toFixed(digits)} ${unit}`
}

const minuteMs = 60_000
const hourMs = 60 * minuteMs
const dayMs = 24 * hourMs

/** The row lengths a table picks from: each reads as a round span. */
export const rowSpans: readonly number[] = [
  minuteMs,
  2 * minuteMs,
  5 * minuteMs,
  10 * minuteMs,
  15 * minuteMs,
  30 * minuteMs,
  hourMs,
  2 * hourMs,
  3 * hourMs,
  6 * hourMs,
  12 * hourMs,
  dayMs,
  2 * dayMs,
  7 * dayMs,
]

/** Rows a table shows at most: a day by the hour. */
export const maxTableRows = 24

/** The shortest round span that covers `rangeMs` in at most `maxRows` rows. */
export function rowSpanFor(rangeMs: number, maxRows = maxTableRows): number {
  return rowSpans.find((span) => Math.ceil(rangeMs / span) <= maxRows) ?? (rowSpans[rowSpans.length - 1] as number)
}

function aggregate(values: readonly number[], how: Aggregate): number | null {
  if (values.length === 0) return null
  if (how === 'min') return Math.min(...values)
  if (how === 'max') return Math.max(...values)
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

export type TableOptions = {
  /** How each y column is summed up, in order; a column without one takes the mean. */
  aggregates?: readonly Aggregate[]
  /** The row length; chosen from the data's span (rowSpanFor) when not given. */
  spanMs?: number
  maxRows?: number
  /** Where spans start, as an offset from epoch multiples: the zone's UTC offset puts days at local midnight. */
  alignMs?: number
}

/**
 * uPlot's columns (x in seconds) as rows of round spans, from the first span with a figure to the
 * last, oldest first. A span with no figure stays as a row of nulls: a gap reads as a gap, not as
 * a missing line of the table.
 */
export function tableRows(columns: Columns, options: TableOptions = {}): TableRow[] {
  const [xs, ...ys] = columns
  const present = xs.map((_, i) => ys.some((y) => typeof y[i] === 'number'))
  const first = present.indexOf(true)
  const last = present.lastIndexOf(true)
  if (first === -1) return []
  const firstMs = (xs[first] as number) * 1000
  const lastMs = (xs[last] as number) * 1000
  const span = options.spanMs ?? rowSpanFor(lastMs - firstMs + 1, options.maxRows)
  const align = options.alignMs ?? 0
  const startOf = (ms: number): number => Math.floor((ms + align) / span) * span - align
  const start = startOf(firstMs)
  const count = Math.floor((startOf(lastMs) - start) / span) + 1
  const buckets = Array.from({ length: count }, () => ys.map((): number[] => []))
  xs.forEach((x, i) => {
    const row = buckets[Math.floor((startOf(x * 1000) - start) / span)]
    if (!row) return
    ys.forEach((y, s) => {
      const value = y[i]
      if (typeof value === 'number' && Number.isFinite(value)) row[s]?.push(value)
    })
  })
  return buckets.map((row, r) => ({
    fromMs: start + r * span,
    toMs: start + (r + 1) * span,
    values: row.map((values, s) => aggregate(values, options.aggregates?.[s] ?? 'mean')),
  }))
}

/** A series' range over the chart: its smallest, largest and latest figure; null without any. */
export type SeriesSummary = { min: number; max: number; last: number }

export function summarize(column: Column): SeriesSummary | null {
  const values = column.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  const last = values[values.length - 1]
  if (last === undefined) return null
  return { min: Math.min(...values), max: Math.max(...values), last }
}

/**
 * What a row's first cell says: "12:05–12:10", "Mar 3, 14:00–15:00" when the table spans days,
 * "Mar 3" for a day, "Mar 3–Mar 4" for longer spans.
 */
export function spanWords(row: Pick<TableRow, 'fromMs' | 'toMs'>, withDate: boolean, locale?: string): string {
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' })
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const spanMs = row.toMs - row.fromMs
  if (spanMs >= dayMs) return spanMs === dayMs ? day.format(row.fromMs) : `${day.format(row.fromMs)}–${day.format(row.toMs - 1)}`
  const times = `${time.format(row.fromMs)}–${time.format(row.toMs)}`
  return withDate ? `${day.format(row.fromMs)}, ${times}` : times
}

/** Whether the rows cross a calendar day, so each row names its day. */
export function rowsSpanDays(rows: readonly TableRow[]): boolean {
  const first = rows[0]
  const last = rows[rows.length - 1]
  if (!first || !last) return false
  return new Date(first.fromMs).toDateString() !== new Date(last.toMs - 1).toDateString()
}

/** The zone offset that puts spans at local midnight and on local hours (of the instant given). */
export function localAlignMs(atMs: number): number {
  return -new Date(atMs).getTimezoneOffset() * minuteMs
}

/** What a cell says where a span has no figure: a gap, never 0. */
export const noFigure = 'no data'

/** Rows as the table writes them: the span in words, each figure formatted, a missing one as "no data". */
export function rowsAsText(
  rows: readonly TableRow[],
  format: (value: number) => string,
  locale?: string,
): { key: number; label: string; cells: string[] }[] {
  const withDate = rowsSpanDays(rows)
  return rows.map((row) => ({
    key: row.fromMs,
    label: spanWords(row, withDate, locale),
    cells: row.values.map((value) => (value === null ? noFigure : format(value))),
  }))
}

/** Points of a sparkline per row of its table: a minute of one-second samples in six rows. */
const sparklineRowPoints = 10

/**
 * A sparkline's figures, newest last, a row per ten points: "60–50 s ago" with the lowest,
 * average and highest of them. `values` are one `stepMs` apart, the last one just taken.
 */
export function sparklineRows(values: readonly (number | null)[], stepMs: number, format: (value: number) => string): { label: string; cells: string[] }[] {
  const n = values.length
  // x in seconds before now: the newest point at -step, so it falls in the last row, (-span, 0].
  const xs = values.map((_, i) => ((i - n) * stepMs) / 1000)
  const column = [...values]
  const rows = tableRows([xs, column, column, column], { aggregates: ['min', 'mean', 'max'], spanMs: sparklineRowPoints * stepMs })
  const ago = (ms: number): string => String(Math.round(-ms / 1000))
  return rows.map((row) => ({
    label: `${ago(row.fromMs)}–${ago(row.toMs)} s ago`,
    cells: row.values.map((value) => (value === null ? noFigure : format(value))),
  }))
}

/** A sparkline's name: "CPU load over the last minute: now 37.5 %, between 12.0 % and 88.0 %". */
export function sparklineWords(label: string, values: readonly (number | null)[], format: (value: number) => string): string {
  const summary = summarize([...values])
  if (!summary) return `${label}: no figures yet`
  return `${label}: now ${format(summary.last)}, between ${format(summary.min)} and ${format(summary.max)}`
}
