import type { HistoryAnswer } from '../../../shared/contract/history.ts'

/**
 * uPlot's columnar data. x is in seconds (uPlot's time scale); `null` breaks a line,
 * `undefined` is spanned (a series with no point at another series' x).
 */
export type Column = (number | null | undefined)[]
export type Columns = [x: number[], ...ys: Column[]]

/** One series as [x, min, avg, max], with a null row wherever the data stops for a while. */
export function bucketColumns(answer: HistoryAnswer, gapAfterMs: number): [x: number[], min: Column, avg: Column, max: Column] {
  const x: number[] = []
  const min: Column = []
  const avg: Column = []
  const max: Column = []
  // A missing bucket is a gap, unless sampling is sparser than the buckets (then some are always empty).
  const breakAfterMs = Math.max(answer.bucketMs, gapAfterMs)
  let previousAt: number | null = null
  for (const bucket of [...answer.buckets].sort((a, b) => a.at - b.at)) {
    if (previousAt !== null && bucket.at - previousAt > breakAfterMs) {
      x.push((previousAt + answer.bucketMs) / 1000)
      min.push(null)
      avg.push(null)
      max.push(null)
    }
    x.push(bucket.at / 1000)
    min.push(bucket.min)
    avg.push(bucket.avg)
    max.push(bucket.max)
    previousAt = bucket.at
  }
  return [x, min, avg, max]
}

/** Several [x, y] series on one shared x: each keeps its own gaps; where it has no x, undefined. */
export function alignColumns(series: readonly (readonly [x: readonly number[], y: Column])[]): Columns {
  const xs = [...new Set(series.flatMap(([x]) => x))].sort((a, b) => a - b)
  const index = new Map(xs.map((x, i) => [x, i]))
  const ys = series.map(([x, y]) => {
    const aligned: Column = new Array<undefined>(xs.length).fill(undefined)
    x.forEach((at, i) => (aligned[index.get(at) ?? 0] = y[i]))
    return aligned
  })
  return [xs, ...ys]
}

/** True when any y column holds a number: otherwise the chart says "no data yet". */
export function hasPoints(columns: Columns): boolean {
  return columns.slice(1).some((column) => (column as Column).some((value) => typeof value === 'number'))
}

/** Indices of values with no neighbour to draw a line to: shown as dots, or they would not show at all. */
export function isolatedIndices(column: ArrayLike<number | null | undefined>): number[] {
  const present = (i: number): boolean => typeof column[i] === 'number'
  const isolated: number[] = []
  for (let i = 0; i < column.length; i++) if (present(i) && !present(i - 1) && !present(i + 1)) isolated.push(i)
  return isolated
}
