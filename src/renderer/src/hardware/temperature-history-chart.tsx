import { useMemo, type ReactNode } from 'react'
import { alignColumns, bucketColumns, hasPoints } from '../common/history-columns.ts'
import { bucketWords, linesChartWords } from './history-words.ts'
import { ChartCard, ChartFigures, emptyText } from '../common/chart-card.tsx'
import { linesChartOptions, type Scale } from '../common/chart-options.ts'
import { localAlignMs, rowsAsText, scaledText, tableRows } from '../common/chart-table.ts'
import { formatSpan } from '../common/format.ts'
import { rangeLabels } from '../common/history-range.ts'
import { useDesk } from '../common/store-context.tsx'
import { UplotChart } from '../common/uplot-chart.tsx'
import { useChartTheme } from '../common/use-chart-theme.ts'

const celsius: Scale = { unit: '°C', digits: 1, range: 'fit' }

/** One line per sensor the machine has now, each its bucket averages. */
export function TemperatureHistoryChart({ height }: { height: number }): ReactNode {
  const history = useDesk((s) => s.history)
  const failed = useDesk((s) => s.historyError !== null)
  const gapAfterMs = useDesk((s) => 3 * (s.monitoring?.sampleIntervalMs ?? 1000))
  const range = useDesk((s) => rangeLabels[s.historyRange])
  const theme = useChartTheme()
  const temperatures = history?.temperatures
  // Rebuilt only when the set of sensors changes, not on every refresh.
  const labelKey = temperatures?.map((t) => t.label).join('\n') ?? ''
  const labels = useMemo(() => (labelKey === '' ? [] : labelKey.split('\n')), [labelKey])
  const options = useMemo(() => linesChartOptions(theme, celsius, labels), [theme, labels])
  const data = useMemo(
    () =>
      temperatures &&
      alignColumns(
        temperatures.map(({ answer }) => {
          const [x, , avg] = bucketColumns(answer, gapAfterMs)
          return [x, avg] as const
        }),
      ),
    [temperatures, gapAfterMs],
  )
  const rows = useMemo(() => (data ? tableRows(data, { alignMs: localAlignMs(Date.now()) }) : []), [data])
  const noSensors = temperatures?.length === 0
  const empty = noSensors ? 'no temperature sensors reported' : emptyText(data !== undefined, failed, data !== undefined && hasPoints(data))
  const bucketMs = temperatures?.[0]?.answer.bucketMs
  const span = rows[0] ? rows[0].toMs - rows[0].fromMs : null
  const figures = span !== null && (
    <ChartFigures caption={`Temperatures, the average per ${formatSpan(span)} of each sensor`} rowHeader="Time" headers={labels} rows={rowsAsText(rows, (v) => scaledText(celsius, v))} />
  )
  return (
    <ChartCard title="Temperatures" testId="temperature-chart" empty={empty} caption={bucketMs === undefined ? null : bucketWords(bucketMs)} figures={figures}>
      {history && data && (
        <UplotChart
          options={options}
          data={data}
          xRange={[history.window.fromMs / 1000, history.window.toMs / 1000]}
          height={height}
          label={linesChartWords('Temperatures', range, labels, data, celsius)}
        />
      )}
    </ChartCard>
  )
}
