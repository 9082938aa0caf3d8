import { useId, type ReactNode } from 'react'

type ChartCardProps = {
  title: string
  testId: string
  /** Why there is no chart ("no data yet"), or null to show the chart. */
  empty: string | null
  /** What the drawn points are: bucket width, band. */
  caption: string | null
  children: ReactNode
}

export function ChartCard({ title, testId, empty, caption, children }: ChartCardProps): ReactNode {
  const headingId = useId()
  return (
    <article className="card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId}>{title}</h3>
      {empty === null ? children : <p className="chart-empty">{empty}</p>}
      {caption && <p className="provenance">{caption}</p>}
    </article>
  )
}

/** What a chart says while it has nothing to draw. */
export function emptyText(loaded: boolean, failed: boolean, hasData: boolean): string | null {
  if (!loaded) return failed ? 'history unavailable' : 'loading…'
  return hasData ? null : 'no data yet'
}
