import type { EnergyAnswer } from '../../../shared/contract/history.ts'

/** One stored bucket of watts: its start, mean and how many samples it holds. */
export type WattsBucket = { atMs: number; avgWatts: number; count: number }

export type EnergyWindow = {
  fromMs: number
  toMs: number
  /** Width of each bucket (the sampling interval for raw data). */
  bucketMs: number
  /** The sampling interval: each sample stands for this much time. */
  intervalMs: number
}

const hourMs = 3_600_000
const joulesPerKwh = 3_600_000

/**
 * kWh from stored watts. Each sample stands for one sampling interval, so a bucket holds
 * avg × count × interval joules (never more than the bucket's width). Time with no sample
 * for longer than three intervals is a gap: reported, never interpolated.
 */
export function integrateEnergy(buckets: readonly WattsBucket[], window: EnergyWindow): EnergyAnswer {
  const sorted = [...buckets].sort((a, b) => a.atMs - b.atMs)
  const perHour = new Map<number, { kwh: number; coveredSeconds: number }>()
  const gaps: EnergyAnswer['gaps'] = []
  const gapAfterMs = 3 * window.intervalMs
  let cursor = window.fromMs
  let kwh = 0
  for (const bucket of sorted) {
    if (bucket.atMs - cursor > gapAfterMs) gaps.push({ fromMs: cursor, toMs: bucket.atMs })
    const coveredMs = Math.min(bucket.count * window.intervalMs, window.bucketMs)
    const bucketKwh = (bucket.avgWatts * coveredMs) / 1000 / joulesPerKwh
    const hourStartMs = Math.floor(bucket.atMs / hourMs) * hourMs
    const hour = perHour.get(hourStartMs) ?? { kwh: 0, coveredSeconds: 0 }
    hour.kwh += bucketKwh
    hour.coveredSeconds += coveredMs / 1000
    perHour.set(hourStartMs, hour)
    kwh += bucketKwh
    cursor = Math.max(cursor, bucket.atMs + coveredMs)
  }
  if (window.toMs - cursor > gapAfterMs) gaps.push({ fromMs: cursor, toMs: window.toMs })
  const hours = [...perHour.entries()].map(([hourStartMs, hour]) => ({ hourStartMs, ...hour }))
  return { kwh, hours, gaps }
}
