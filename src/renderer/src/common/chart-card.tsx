import { useId, type ReactNode } from 'react'

type ChartCardProps = {
  title: string
  testId: string
  /** Why there is no chart ("no data yet"), or null to show the chart. */
  empty: string | null
  /** What the drawn points are: bucket width, band. */
  caption: string | null
  /** The chart's figures as a table (ChartFigures), shown under it while there is a chart. */
  figures?: ReactNode
  children: ReactNode
}

export function ChartCard({ title, testId, empty, caption, figures, children }: ChartCardProps): ReactNode {
  const headingId = useId()
  return (
    <article className="card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <h3 id={headingId}>{title}</h3>
      {empty === null ? children : <p className="chart-empty">{empty}</p>}
      {caption && <p className="provenance">{caption}</p>}
      {empty === null && figures}
    </article>
  )
}

/** What a chart says while it has nothing to draw. */
export function emptyText(loaded: boolean, failed: boolean, hasData: boolean): string | null {
  if (!loaded) return failed ? 'history unavailable' : 'loading…'
  return hasData ? null : 'no data yet'
}

/** One row of a chart's table: what span or day it is, then a cell per series. */
export type FigureRow = { key: string | number; label: string; cells: readonly string[] }

type ChartFiguresProps = {
  /** The table's name: what the figures are, and per what ("Machine power, avg per 5 min"). */
  caption: string
  /** The first column's heading: "Time", "Day". */
  rowHeader: string
  /** A heading per series, unit included: "Average (W)". */
  headers: readonly string[]
  rows: readonly FigureRow[]
}

/**
 * A chart's text alternative: its figures in a table, behind a disclosure under the chart so
 * the card stays a chart, and the keyboard (the summary is a tab stop) and screen readers reach them.
 */
export function ChartFigures({ caption, rowHeader, headers, rows }: ChartFiguresProps): ReactNode {
  if (rows.length === 0) return null
  return (
    <details className="chart-figures" data-testid="chart-figures">
      <summary>Figures as a table</summary>
      <table className="figures-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {headers.map((header, i) => (
              <th key={`${String(i)}-${header}`} scope="col" className="num">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, i) => (
                <td key={i} className="num">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
