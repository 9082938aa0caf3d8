import type { ReactNode } from 'react'

type SparklineProps = {
  values: readonly (number | null)[]
  /** How many points the full width holds; fewer grow in from the right. */
  capacity: number
  /** The top of the scale; the largest value when not given. */
  max?: number
  label: string
}

const width = 120
const height = 32

/** A small trend line of the last minute, shaded below; gaps (null) break the line. */
export function Sparkline({ values, capacity, max, label }: SparklineProps): ReactNode {
  const top = max ?? Math.max(1, ...values.filter((v): v is number => v !== null))
  const step = width / Math.max(1, capacity - 1)
  const offset = width - (values.length - 1) * step
  const segments: { x: number; y: number }[][] = [[]]
  values.forEach((value, i) => {
    if (value === null) segments.push([])
    else segments.at(-1)?.push({ x: offset + i * step, y: height - (Math.min(value, top) / top) * (height - 2) - 1 })
  })
  const drawn = segments.filter((points) => points.length > 1)
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
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
  )
}
