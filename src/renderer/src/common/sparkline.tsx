import { useId, type ReactNode } from 'react'
import { sparklineRows, sparklineWords } from './chart-table.ts'

type SparklineProps = {
  values: readonly (number | null)[]
  /** How many points the full width holds; fewer grow in from the right. */
  capacity: number
  /** The top of the scale; the largest value when not given. */
  max?: number
  label: string
  /** A value as the card writes it ("37.5 %"); a plain number when not given. */
  format?: (value: number) => string
  /** How far apart the points are: the sampling interval. */
  stepMs?: number
}

const width = 120
const height = 32
const plain = (value: number): string => value.toFixed(1)

/**
 * A small trend line of the last minute, shaded below; gaps (null) break the line. Its figures are
 * in words (the image's name) and in a table a screen reader reaches (visually hidden: the card's
 * own figure says the same for the eye).
 */
export function Sparkline({ values, capacity, max, label, format = plain, stepMs = 1000 }: SparklineProps): ReactNode {
  const tableId = useId()
  const top = max ?? Math.max(1, ...values.filter((v): v is number => v !== null))
  const step = width / Math.max(1, capacity - 1)
  const offset = width - (values.length - 1) * step
  const segments: { x: number; y: number }[][] = [[]]
  values.forEach((value, i) => {
    if (value === null) segments.push([])
    else segments.at(-1)?.push({ x: offset + i * step, y: height - (Math.min(value, top) / top) * (height - 2) - 1 })
  })
  const drawn = segments.filter((points) => points.length > 1)
  const rows = sparklineRows(values, stepMs, format)
  return (
    <>
      <svg
        className="sparkline"
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={sparklineWords(label, values, format)}
        {...(rows.length > 0 ? { 'aria-describedby': tableId } : {})}
      >
        {/* The full minute's extent, so a young trend reads as "recent", not as the whole window. */}
        <line className="sparkline-base" x1={0} y1={height - 0.5} x2={width} y2={height - 0.5} />
        {drawn.map((points) => {
          const line = points.map(({ x, y }) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')
          const first = points[0]?.x.toFixed(1)
          const last = points.at(-1)?.x.toFixed(1)
          return (
            <g key={first}>
              <polygon className="sparkline-area" points={`${first},${height} ${line} ${last},${height}`} />
              <polyline points={line} />
            </g>
          )
        })}
      </svg>
      {rows.length > 0 && (
        <table className="sr-only" id={tableId}>
          <caption>{label}, as a table</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Lowest</th>
              <th scope="col">Average</th>
              <th scope="col">Highest</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
