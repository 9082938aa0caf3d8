import type { EnergyAnswer } from '../../../shared/contract/history.ts'
import { scaledText, summarize, type FigureUnit } from '../common/chart-table.ts'
import { formatEnergy, formatSpan } from '../common/format.ts'
import type { Columns } from '../common/history-columns.ts'

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

/** The canvas in words: "Machine power, last 1 h: readings from 205.0 W to 295.0 W, the latest average 251.3 W". */
export function bandChartWords(title: string, range: string, data: Columns, scale: FigureUnit): string {
  const [, min = [], avg = [], max = []] = data
  const low = summarize(min)
  const high = summarize(max)
  const latest = summarize(avg)
  if (!low || !high || !latest) return `${title}, last ${range}: no data`
  return `${title}, last ${range}: readings from ${scaledText(scale, low.min)} to ${scaledText(scale, high.max)}, the latest average ${scaledText(scale, latest.last)}`
}

/** The canvas in words: "Temperatures, last 1 h: Tctl from 66.5 °C to 73.5 °C, the latest 70.0 °C; Composite …". */
export function linesChartWords(title: string, range: string, labels: readonly string[], data: Columns, scale: FigureUnit): string {
  const each = labels.flatMap((label, i) => {
    const summary = summarize(data[i + 1] ?? [])
    return summary ? [`${label} from ${scaledText(scale, summary.min)} to ${scaledText(scale, summary.max)}, the latest ${scaledText(scale, summary.last)}`] : []
  })
  return `${title}, last ${range}: ${each.length === 0 ? 'no data' : each.join('; ')}`
}
