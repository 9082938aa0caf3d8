import type { ReactNode } from 'react'
import type { ProfitFigures } from '../../../shared/contract/profit.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { electricityWords, moneyOr, netTone } from './profit-words.ts'

/** A headline net figure ("Net today"), coloured by its sign; "unknown" when core has none. */
export function NetFigure({ label, figures, currency, testId }: { label: string; figures: ProfitFigures | null; currency: Currency; testId: string }): ReactNode {
  const net = figures?.net ?? null
  return (
    <div className="net-figure">
      <span className="net-label">{label}</span>
      <span className="net-value">
        <span className={`figure net-${netTone(net)}`} data-testid={testId}>
          {moneyOr(net, currency)}
        </span>
        {figures && figures.missing.length > 0 && <span className="pill pill-warn">partial</span>}
      </span>
    </div>
  )
}

/** One window's money, line by line, as core computed it. */
export function FigureList({ figures, currency, label }: { figures: ProfitFigures | null; currency: Currency; label: string }): ReactNode {
  if (!figures) return <p className="detail">No figures for this window.</p>
  const rows: [string, string, string][] = [
    ['Revenue at receipt', moneyOr(figures.revenue, currency), 'fig-revenue'],
    ["Revenue at today's price", moneyOr(figures.revenueAtToday, currency), 'fig-revenue-today'],
    ['Electricity', electricityWords(figures, currency), 'fig-electricity'],
    ['Amortization', moneyOr(figures.amortization, currency), 'fig-amortization'],
    ['Other costs', moneyOr(figures.otherCosts, currency), 'fig-other'],
    ['Net', moneyOr(figures.net, currency), 'fig-net'],
    ['Per day', figures.netPerDay === null ? 'unknown' : `${moneyOr(figures.netPerDay, currency)} / day`, 'fig-per-day'],
  ]
  return (
    <dl className="profit-figures" aria-label={label}>
      {rows.map(([term, value, testId]) => (
        <div key={testId} className={testId === 'fig-net' ? 'profit-net-row' : undefined}>
          <dt>{term}</dt>
          <dd data-testid={testId} className={value.endsWith('unknown') ? 'figure-unknown' : undefined}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

/** What is estimated, partial or unknown in the figures above, in core's words. */
export function MissingNotes({ notes, label }: { notes: readonly string[]; label: string }): ReactNode {
  if (notes.length === 0) return null
  return (
    <ul className="missing-notes" aria-label={label} data-testid="missing-notes">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  )
}
