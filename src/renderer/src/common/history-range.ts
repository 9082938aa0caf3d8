/** The ranges the Hardware charts offer, and how each is asked for and refreshed. */

export const historyRanges = ['1h', '24h', '7d', '30d'] as const
export type HistoryRange = (typeof historyRanges)[number]

export const rangeLabels: Record<HistoryRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' }

const hourMs = 3_600_000
const rangeMs: Record<HistoryRange, number> = { '1h': hourMs, '24h': 24 * hourMs, '7d': 7 * 24 * hourMs, '30d': 30 * 24 * hourMs }

export type HistoryWindow = { fromMs: number; toMs: number; maxPoints: number }

/** More buckets than pixels draws nothing more; history.query allows up to 5000. */
const maxPointsCap = 2000
/** Widths round to this step, so dragging a window edge does not refetch on every pixel. */
const widthStep = 100

/** About one bucket per pixel of chart width; 0 until the chart has been measured. */
export function maxPointsFor(widthPx: number): number {
  if (widthPx <= 0) return 0
  return Math.min(maxPointsCap, Math.max(widthStep, Math.round(widthPx / widthStep) * widthStep))
}

/** The query window ending now; null until the chart has a width. */
export function historyWindow(range: HistoryRange, nowMs: number, widthPx: number): HistoryWindow | null {
  const maxPoints = maxPointsFor(widthPx)
  if (maxPoints === 0) return null
  const toMs = Math.floor(nowMs)
  return { fromMs: toMs - rangeMs[range], toMs, maxPoints }
}

/** The last hour moves visibly within seconds; longer ranges barely change in a minute. */
export function refreshEveryMs(range: HistoryRange): number {
  return range === '1h' ? 10_000 : 60_000
}
