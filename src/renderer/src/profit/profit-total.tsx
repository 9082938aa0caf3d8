import type { ReactNode } from 'react'
import type { ProfitSnapshot, ProfitWindow } from '../../../shared/contract/profit.ts'
import { formatClock } from '../common/format.ts'
import { estimatedShareWords, figuresOf, missingNotes, powerWords, windowLabels } from './profit-words.ts'
import { FigureList, MissingNotes, NetFigure } from './profit-figures.tsx'

/** Every network together: net today and over 30 days, the chosen window line by line, what is missing, and where the watts came from. */
export function ProfitTotal({ snapshot, window }: { snapshot: ProfitSnapshot; window: ProfitWindow }): ReactNode {
  const today = figuresOf(snapshot.total, 'today')
  const month = figuresOf(snapshot.total, '30d')
  const shown = figuresOf(snapshot.total, window)
  // Where the watts come from now, and how much of the shown window's electricity was estimated.
  const share = estimatedShareWords(shown)
  return (
    <article className="card profit-total" aria-labelledby="profit-total-heading" data-testid="profit-total">
      <h3 id="profit-total-heading">Total</h3>
      <div className="profit-total-body">
        <div className="profit-headline">
          <NetFigure label="Net today" figures={today} currency={snapshot.currency} testId="net-today" />
          <NetFigure label="Net 30 d" figures={month} currency={snapshot.currency} testId="net-30d" />
        </div>
        <FigureList figures={shown} currency={snapshot.currency} label={`Total, ${windowLabels[window]}`} />
      </div>
      <MissingNotes notes={missingNotes([today, month, shown])} label="What the total lacks" />
      <p className={`provenance power-${snapshot.power.kind}`} data-testid="profit-power">
        {powerWords(snapshot.power)}
        {share && <span data-testid="profit-estimated-share"> · {share}</span>} · computed {formatClock(snapshot.at)}
      </p>
    </article>
  )
}
