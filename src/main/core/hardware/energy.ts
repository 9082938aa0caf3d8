import type { EnergyAnswer } from '../../../shared/contract/history.ts'

/**
 * One stored bucket of watts: its start, mean and how many samples it holds, and the mean of
 * the part a source measured (absent: nothing says it was measured, so all of it is estimated).
 */
export type WattsBucket = { atMs: number; avgWatts: number; count: number; measuredWatts?: number }

export type EnergyWindow = {
  fromMs: number
  toMs: number
  /** Width of each bucket (the sampling interval for raw data). */
  bucketMs: number
  /** The sampling interval: each sample stands for this much time. */
  intervalMs: number
}

type Hour = EnergyAnswer['hours'][number] & { estimatedKwh: number }

const hourMs = 3_600_000
const joulesPerKwh = 3_600_000

/**
 * kWh from stored watts. Each sample stands for one sampling interval, so a bucket holds
 * avg × count × interval joules (never more than the bucket's width). Time with no sample
 * for longer than three intervals is a gap: reported, never interpolated. The kWh drawn while
 * the watts were estimated are counted apart, per hour and in all, so a figure can say how much
 * of it is a guess.
 */
export function integrateEnergy(buckets: readonly WattsBucket[], window: EnergyWindow): EnergyAnswer {
  const sorted = [...buckets].sort((a, b) => a.atMs - b.atMs)
  const perHour = new Map<number, Hour>()
  const gaps: EnergyAnswer['gaps'] = []
  const gapAfterMs = 3 * window.intervalMs
  let cursor = window.fromMs
  for (const bucket of sorted) {
    if (bucket.atMs - cursor > gapAfterMs) gaps.push({ fromMs: cursor, toMs: bucket.atMs })
    const coveredMs = Math.min(bucket.count * window.intervalMs, window.bucketMs)
    const kwhAt = (watts: number): number => (watts * coveredMs) / 1000 / joulesPerKwh
    const kwh = kwhAt(bucket.avgWatts)
    // A measured part above the total (float sums) is the total; below 0 is nothing.
    const measuredKwh = Math.min(kwh, Math.max(0, kwhAt(bucket.measuredWatts ?? 0)))
    const hourStartMs = Math.floor(bucket.atMs / hourMs) * hourMs
    const hour = perHour.get(hourStartMs) ?? { hourStartMs, kwh: 0, coveredSeconds: 0, estimatedKwh: 0 }
    hour.kwh += kwh
    hour.estimatedKwh += kwh - measuredKwh
    hour.coveredSeconds += coveredMs / 1000
    perHour.set(hourStartMs, hour)
    cursor = Math.max(cursor, bucket.atMs + coveredMs)
  }
  if (window.toMs - cursor > gapAfterMs) gaps.push({ fromMs: cursor, toMs: window.toMs })
  const hours = [...perHour.values()]
  const kwh = hours.reduce((sum, hour) => sum + hour.kwh, 0)
  const estimatedKwh = hours.reduce((sum, hour) => sum + hour.estimatedKwh, 0)
  return { kwh, measuredKwh: kwh - estimatedKwh, estimatedKwh, hours, gaps }
}
