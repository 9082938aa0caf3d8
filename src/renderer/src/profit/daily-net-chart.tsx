import { useMemo, type ReactNode } from 'react'
import uPlot from 'uplot'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { dailyColumns, dailyNetWords, dailyRange, dailyTableRows, moneyOr, type DayNet } from './profit-words.ts'
import { ChartCard, ChartFigures } from '../common/chart-card.tsx'
import type { ChartOptions } from '../common/chart-options.ts'
import { UplotChart } from '../common/uplot-chart.tsx'
import { useChartTheme, type ChartTheme } from '../common/use-chart-theme.ts'

type Network = { id: string; name: string }

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const tableDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' })
const bars = uPlot.paths.bars?.({ size: [0.6, 28] })

/** The y range always holds 0, so a bar reads as a gain or a loss from the baseline. */
function netRange(_: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  const low = Math.min(0, min ?? 0)
  const high = Math.max(0, max ?? 0)
  const pad = (high - low || 1) * 0.1
  return [low === 0 ? 0 : low - pad, high === 0 ? 0 : high + pad]
}

function dailyNetOptions(theme: ChartTheme, currency: Currency, networks: readonly Network[]): ChartOptions {
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase(), maximumFractionDigits: 2 })
  const value = (_: uPlot, v: number | null): string => (v === null ? '–' : money.format(v))
  const axis = { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } }
  return {
    axes: [axis, { ...axis, size: 72, values: (_, splits) => splits.map((v) => money.format(v)) }],
    scales: { x: { time: true }, y: { range: netRange } },
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    series: [
      { label: 'day', value: (_, v: number | null) => (v === null ? '–' : dayFormat.format(v * 1000)) },
      { label: 'Total', stroke: theme.palette[0], fill: theme.band, width: 1, value, fillTo: 0, points: { show: false }, ...(bars ? { paths: bars } : {}) },
      ...networks.map((n, i) => ({ label: n.name, stroke: theme.palette[(i + 1) % theme.palette.length], width: 1.5, value, points: { show: true, size: 5 } })),
    ],
  }
}

/**
 * The last 30 days' net, one bar per day for the total and a line per network. A day core could
 * not price is a gap in the chart, never a zero.
 */
export function DailyNetChart({ daily, currency, networks }: { daily: readonly DayNet[]; currency: Currency; networks: readonly Network[] }): ReactNode {
  const theme = useChartTheme()
  const key = networks.map((n) => `${n.id}:${n.name}`).join(',')
  // Rebuilt when the networks or their names change, not for each new array of the same ones.
  const options = useMemo(() => dailyNetOptions(theme, currency, networks), [theme, currency, key])
  const ids = useMemo(() => networks.map((n) => n.id), [key])
  const data = useMemo(() => dailyColumns(daily, ids), [daily, ids])
  const empty = daily.length === 0 || daily.every((d) => d.net === null && Object.values(d.byNetwork).every((v) => v === null)) ? 'no net figure for these days yet' : null
  const [from, to] = dailyRange(daily)
  const rows = useMemo(() => dailyTableRows(daily, ids), [daily, ids])
  const figures = (
    <ChartFigures
      caption="Net per day: the total and each network, as core computed them"
      rowHeader="Day"
      headers={['Total', ...networks.map((n) => n.name)]}
      rows={rows.map((row) => ({
        key: row.dayStartMs,
        label: tableDay.format(row.dayStartMs),
        cells: [row.net, ...row.byNetwork].map((value) => moneyOr(value, currency, 'no figure')),
      }))}
    />
  )
  return (
    <ChartCard
      title="Net per day, last 30 days"
      testId="daily-net-chart"
      empty={empty}
      caption="bars: total · lines: each network · a day without a figure is a gap, not zero"
      figures={figures}
    >
      <UplotChart options={options} data={data} xRange={[from, to]} height={200} label={dailyNetWords(daily, currency)} />
    </ChartCard>
  )
}
