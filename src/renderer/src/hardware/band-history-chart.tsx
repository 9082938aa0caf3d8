import { useMemo, type ReactNode } from 'react'
import type { HistoryAnswer } from '../../../shared/contract/history.ts'
import { bucketColumns, hasPoints } from '../common/history-columns.ts'
import { bandChartWords, bucketWords } from './history-words.ts'
import type { HistoryView } from '../store/history-slice.ts'
import { ChartCard, ChartFigures, emptyText } from '../common/chart-card.tsx'
import { bandChartOptions, type Scale } from '../common/chart-options.ts'
import { localAlignMs, rowsAsText, scaledText, tableRows } from '../common/chart-table.ts'
import { formatSpan } from '../common/format.ts'
import { rangeLabels } from '../common/history-range.ts'
import { useDesk } from '../common/store-context.tsx'
import { UplotChart } from '../common/uplot-chart.tsx'
import { useChartTheme } from '../common/use-chart-theme.ts'

type BandHistoryChartProps = {
  title: string
  testId: string
  /** Which series of the loaded history to draw; a module-level function, so it is stable. */
  pick: (history: HistoryView) => HistoryAnswer
  /** A module-level constant, so the chart is not rebuilt on every render. */
  scale: Scale
  height: number
}

/** One stored series: its bucket averages as a line in the band of their minimum and maximum. */
export function BandHistoryChart({ title, testId, pick, scale, height }: BandHistoryChartProps): ReactNode {
  const history = useDesk((s) => s.history)
  const failed = useDesk((s) => s.historyError !== null)
  const gapAfterMs = useDesk((s) => 3 * (s.monitoring?.sampleIntervalMs ?? 1000))
  const range = useDesk((s) => rangeLabels[s.historyRange])
  const theme = useChartTheme()
  const options = useMemo(() => bandChartOptions(theme, scale), [theme, scale])
  const answer = history ? pick(history) : null
  const data = useMemo(() => (answer ? bucketColumns(answer, gapAfterMs) : null), [answer, gapAfterMs])
  const rows = useMemo(() => (data ? tableRows(data, { aggregates: ['min', 'mean', 'max'], alignMs: localAlignMs(Date.now()) }) : []), [data])
  const empty = emptyText(data !== null, failed, data !== null && hasPoints(data))
  const span = rows[0] ? rows[0].toMs - rows[0].fromMs : null
  const figures = span !== null && (
    <ChartFigures
      caption={`${title} per ${formatSpan(span)}: the lowest reading, the average and the highest`}
      rowHeader="Time"
      headers={['Lowest', 'Average', 'Highest']}
      rows={rowsAsText(rows, (v) => scaledText(scale, v))}
    />
  )
  return (
    <ChartCard title={title} testId={testId} empty={empty} caption={answer && `${bucketWords(answer.bucketMs)} · band from min to max`} figures={figures}>
      {history && data && (
        <UplotChart
          options={options}
          data={data}
          xRange={[history.window.fromMs / 1000, history.window.toMs / 1000]}
          height={height}
          label={bandChartWords(title, range, data, scale)}
        />
      )}
    </ChartCard>
  )
}
