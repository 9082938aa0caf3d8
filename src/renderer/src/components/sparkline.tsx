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

/** A small trend line of the last minute; gaps (null) break the line. */
export function Sparkline({ values, capacity, max, label }: SparklineProps): ReactNode {
  const top = max ?? Math.max(1, ...values.filter((v): v is number => v !== null))
  const step = width / Math.max(1, capacity - 1)
  const offset = width - (values.length - 1) * step
  const segments: string[][] = [[]]
  values.forEach((value, i) => {
    if (value === null) segments.push([])
    else segments.at(-1)?.push(`${(offset + i * step).toFixed(1)},${(height - (Math.min(value, top) / top) * (height - 2) - 1).toFixed(1)}`)
  })
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {segments
        .filter((points) => points.length > 1)
        .map((points) => (
          <polyline key={points[0]} points={points.join(' ')} />
        ))}
    </svg>
  )
}
