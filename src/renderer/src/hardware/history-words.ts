import type { EnergyAnswer } from '../../../shared/contract/history.ts'
import { formatEnergy, formatSpan } from '../common/format.ts'

/** "3.2 kWh in 24 h". */
export function energyWords(energy: EnergyAnswer, rangeLabel: string): string {
  return `${formatEnergy(energy.kwh)} in ${rangeLabel}`
}

/** How much of the range core could not measure, or null when it measured all of it. */
export function gapWords(gaps: EnergyAnswer['gaps'], rangeMs: number): string | null {
  const missingMs = gaps.reduce((sum, gap) => sum + Math.max(0, gap.toMs - gap.fromMs), 0)
  if (missingMs <= 0) return null
  if (missingMs >= rangeMs) return 'nothing measured in this range yet'
  return `not measured for ${formatSpan(missingMs)} of it`
}

/** The bucket width a chart's points stand for: "avg per 4 s". */
export function bucketWords(bucketMs: number): string {
  return `avg per ${formatSpan(bucketMs)}`
}
