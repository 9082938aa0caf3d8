import type { ReactNode } from 'react'
import type { ProfitFigures, ProfitSnapshot } from '../../../shared/contract/profit.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { detailHash, viewHashes } from '../app/route.ts'
import { formatClock } from '../common/format.ts'
import { useDesk } from '../common/store-context.tsx'
import { estimatedShareWords, figuresOf, missingNotes, moneyOr, powerWords } from '../profit/profit-words.ts'
import { groupReasons, reasonWords, shownNetTone } from './dashboard-words.ts'
import { NextSteps } from './next-steps.tsx'

/** Reasons shown in full; the rest are counted, and the Profit tab has them all. */
const shownReasons = 4

/**
 * The answer first: what every network together made today and over 30 days after electricity
 * and hardware, in the settings currency, and when a figure is partial, why, in core's words.
 */
export function NetHeadline(): ReactNode {
  const profit = useDesk((s) => s.profit)
  const error = useDesk((s) => s.profitError)
  const wallets = useDesk((s) => s.walletSettings)
  const noWallet = wallets !== null && wallets.length === 0 && (profit === null || profit.networks.length === 0)
  return (
    <article className="card dashboard-net" aria-labelledby="dashboard-net-heading">
      <h3 id="dashboard-net-heading">Net after electricity and hardware</h3>
      {noWallet ? (
        <div className="dashboard-empty" data-testid="dashboard-empty">
          <p>No wallet watched yet, so there is nothing to add up. Say which networks you run and where their rewards are paid, and today's net shows here.</p>
          <p className="dashboard-empty-actions">
            <a className="button button-primary" href={viewHashes.setup} data-testid="dashboard-setup">
              Set up DePIN Desk
            </a>
            <a href={detailHash('settings', 'wallets')} data-testid="dashboard-add-wallet">
              or add a wallet in Settings
            </a>
          </p>
        </div>
      ) : profit === null ? (
        <p className="figure figure-pending" role="status">
          {error ?? 'working out today’s figures…'}
        </p>
      ) : (
        <NetFigures profit={profit} />
      )}
      {error !== null && profit !== null && (
        <p className="inline-warning" role="alert">
          Showing the last figures: {error}
        </p>
      )}
      {!noWallet && <NextSteps />}
    </article>
  )
}

function NetFigures({ profit }: { profit: ProfitSnapshot }): ReactNode {
  const today = figuresOf(profit.total, 'today')
  const month = figuresOf(profit.total, '30d')
  const names = profit.networks.map((n) => n.name)
  const reasons = groupReasons(missingNotes([today, month]), names)
  const share = estimatedShareWords(month)
  return (
    <>
      <div className="dashboard-net-figures">
        <NetTotal label="Net today" figures={today} currency={profit.currency} testId="dashboard-net-today" />
        <NetTotal label="Net, 30 days" figures={month} currency={profit.currency} testId="dashboard-net-30d" />
      </div>
      {reasons.length > 0 && (
        <div className="dashboard-reasons">
          <p className="detail" id="dashboard-reasons-label">
            Partial because:
          </p>
          <ul aria-labelledby="dashboard-reasons-label" data-testid="dashboard-partial-reasons">
            {reasons.slice(0, shownReasons).map((reason) => (
              <li key={reason.sentence}>{reasonWords(reason, names.length)}</li>
            ))}
          </ul>
          {reasons.length > shownReasons && (
            <p className="detail">
              and {reasons.length - shownReasons} more: <a href={viewHashes.profit}>see them on the Profit tab</a>
            </p>
          )}
        </div>
      )}
      <p className="provenance" data-testid="dashboard-net-provenance">
        {profit.currency.toUpperCase()} · rewards at their price when received · {powerWords(profit.power)}
        {share && ` · ${share}`} · computed {formatClock(profit.at)} · <a href={viewHashes.profit}>Profit tab</a>
      </p>
    </>
  )
}

const toneWords = { gain: '', loss: ' (a loss)', even: ' (even)', unknown: '' } as const

/** One net figure: the amount with its sign (a loss also says so), and "partial" in words when core lacks a part. */
function NetTotal({ label, figures, currency, testId }: { label: string; figures: ProfitFigures | null; currency: Currency; testId: string }): ReactNode {
  const net = figures?.net ?? null
  const shown = moneyOr(net, currency)
  const tone = shownNetTone(net, shown)
  const partial = figures !== null && figures.missing.length > 0
  return (
    <div className="dashboard-net-figure">
      <span className="net-label">{label}</span>
      <span className="net-value">
        <span className={`figure dashboard-figure net-${tone}`} data-testid={testId}>
          {shown}
        </span>
        {toneWords[tone] !== '' && <span className="dashboard-sr-only">{toneWords[tone]}</span>}
        {partial && (
          <span className="pill pill-warn" data-testid={`${testId}-partial`}>
            partial
          </span>
        )}
      </span>
    </div>
  )
}
