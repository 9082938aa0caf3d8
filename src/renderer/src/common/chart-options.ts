import type uPlot from 'uplot'
import { scaledText } from './chart-table.ts'
import { isolatedIndices } from './history-columns.ts'
import type { ChartTheme } from './use-chart-theme.ts'

/** Everything but the size, which the chart takes from its box. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>

/**
 * The y axis: its unit, the digits a value shows, and its range: fitted to the data, from zero
 * (watts: a small wobble must not look like a swing), or the whole 0–100 % of a load.
 */
export type Scale = { unit: string; digits: number; range: 'fit' | 'from-zero' | 'percent' }

const yScales: Record<Scale['range'], uPlot.Scale> = {
  fit: {},
  'from-zero': { range: { min: { pad: 0, soft: 0, mode: 1 }, max: { pad: 0.1, soft: 0, mode: 3 } } },
  percent: { range: [0, 100] },
}

const valueText =
  (scale: Scale) =>
  (_: uPlot, value: number | null): string =>
    value === null ? '–' : scaledText(scale, value)

/** Lines only, except a lone bucket between gaps, which gets a dot. */
const linePoints: uPlot.Series.Points = {
  show: false,
  filter: (u, seriesIdx) => isolatedIndices(u.data[seriesIdx] ?? []),
}

function baseOptions(theme: ChartTheme, scale: Scale): Pick<ChartOptions, 'axes' | 'scales' | 'cursor' | 'legend'> {
  const axis = { stroke: theme.muted, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } }
  return {
    axes: [axis, { ...axis, size: 56, values: (_, splits) => splits.map((v) => `${v} ${scale.unit}`) }],
    scales: { x: { time: true }, y: yScales[scale.range] },
    // Zooming would be undone by the next refresh; the range control chooses the span instead.
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
  }
}

/** The average as a line inside a band from the smallest to the largest reading of each bucket. */
export function bandChartOptions(theme: ChartTheme, scale: Scale): ChartOptions {
  const edge = { stroke: 'transparent', points: { show: false }, value: valueText(scale) }
  return {
    ...baseOptions(theme, scale),
    series: [
      { label: 'time' },
      { ...edge, label: 'min' },
      { label: 'avg', stroke: theme.palette[0], width: 1.5, value: valueText(scale), points: linePoints },
      { ...edge, label: 'max' },
    ],
    bands: [{ series: [3, 1], fill: theme.band }],
  }
}

/** One line per series, coloured from the palette in turn. */
export function linesChartOptions(theme: ChartTheme, scale: Scale, labels: readonly string[]): ChartOptions {
  return {
    ...baseOptions(theme, scale),
    series: [
      { label: 'time' },
      ...labels.map((label, i) => ({
        label,
        stroke: theme.palette[i % theme.palette.length],
        width: 1.5,
        value: valueText(scale),
        points: linePoints,
      })),
    ],
  }
}
