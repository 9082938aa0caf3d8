import { useEffect, useRef, useState, type ReactNode } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Column, Columns } from './history-columns.ts'
import type { ChartOptions } from './chart-options.ts'

type UplotChartProps = {
  options: ChartOptions
  data: Columns
  /** The x range in seconds: the whole chosen range, however much of it has data. */
  xRange: [number, number]
  height: number
  /** What the canvas shows, in words (its figures are in the table under it): the canvas's accessible name. */
  label: string
}

/**
 * A uPlot instance in a box: built when the options change (theme, series), fed new data in
 * place, sized to the box's width as it changes, and destroyed on unmount.
 */
export function UplotChart({ options, data, xRange, height, label }: UplotChartProps): ReactNode {
  const box = useRef<HTMLDivElement>(null)
  const [chart, setChart] = useState<uPlot | null>(null)

  useEffect(() => {
    const element = box.current
    if (!element) return
    // Built empty: the effect below feeds it the current data, on creation and on every change.
    const empty: Columns = [[], ...options.series.slice(1).map((): Column => [])]
    const created = new uPlot({ ...options, width: element.clientWidth, height }, empty, element)
    setChart(created)
    let width = element.clientWidth
    const observer = new ResizeObserver(() => {
      if (element.clientWidth === width) return
      width = element.clientWidth
      created.setSize({ width, height })
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      created.destroy()
      setChart(null)
    }
  }, [options, height])

  // The canvas is uPlot's: named as an image, since its figures are drawn, not written.
  useEffect(() => {
    const canvas = chart?.ctx.canvas
    if (!canvas) return
    canvas.setAttribute('role', 'img')
    canvas.setAttribute('aria-label', label)
  }, [chart, label])

  const [from, to] = xRange
  useEffect(() => {
    if (!chart) return
    chart.batch(() => {
      chart.setData(data)
      chart.setScale('x', { min: from, max: to })
    })
  }, [chart, data, from, to])

  return <div className="chart-box" ref={box} />
}
