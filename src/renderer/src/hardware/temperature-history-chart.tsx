import { useMemo, type ReactNode } from 'react'
import { alignColumns, bucketColumns, hasPoints } from '../common/history-columns.ts'
import { bucketWords } from './history-words.ts'
import { ChartCard, emptyText } from '../common/chart-card.tsx'
import { linesChartOptions, type Scale } from '../common/chart-options.ts'
import { useDesk } from '../common/store-context.tsx'
import { UplotChart } from '../common/uplot-chart.tsx'
import { useChartTheme } from '../common/use-chart-theme.ts'

const celsius: Scale = { unit: '°C', digits: 1, range: 'fit' }

/** One line per sensor the machine has now, each its bucket averages. */
export function TemperatureHistoryChart({ height }: { height: number }): ReactNode {
  const history = useDesk((s) => s.history)
  const failed = useDesk((s) => s.historyError !== null)
  const gapAfterMs = useDesk((s) => 3 * (s.monitoring?.sampleIntervalMs ?? 1000))
  const theme = useChartTheme()
  const temperatures = history?.temperatures
  // Rebuilt only when the set of sensors changes, not on every refresh.
  const labelKey = temperatures?.map((t) => t.label).join('\n') ?? ''
  const options = useMemo(() => linesChartOptions(theme, celsius, labelKey === '' ? [] : labelKey.split('\n')), [theme, labelKey])
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
  const noSensors = temperatures?.length === 0
  const empty = noSensors ? 'no temperature sensors reported' : emptyText(data !== undefined, failed, data !== undefined && hasPoints(data))
  const bucketMs = temperatures?.[0]?.answer.bucketMs
  return (
    <ChartCard title="Temperatures" testId="temperature-chart" empty={empty} caption={bucketMs === undefined ? null : bucketWords(bucketMs)}>
      {history && data && (
        <UplotChart options={options} data={data} xRange={[history.window.fromMs / 1000, history.window.toMs / 1000]} height={height} />
      )}
    </ChartCard>
  )
}
