import type { ReactNode } from 'react'
import type { NetworkProfit, ProfitWindow } from '../../../shared/contract/profit.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { breakEvenKwhWords, breakEvenWords, figuresOf, missingNotes, paybackWords, windowLabels } from './profit-words.ts'
import { networkNodeWords } from '../nodes/node-words.ts'
import { viewHashes } from '../app/route.ts'
import { NodeStateBadge } from '../nodes/node-state-badge.tsx'
import { FigureList, MissingNotes, NetFigure } from './profit-figures.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

const verdictWords = { covers: "today's price covers it", short: "today's price is below it" } as const

/** One network's money after electricity and hardware, its break-even price and payback, as core computed them. */
export function NetworkProfitCard({ network, currency, window }: { network: NetworkProfit; currency: Currency; window: ProfitWindow }): ReactNode {
  const headingId = `profit-${network.network}`
  const today = figuresOf(network.windows, 'today')
  const month = figuresOf(network.windows, '30d')
  const shown = figuresOf(network.windows, window)
  const breakEven = breakEvenWords(network, currency)
  return (
    <li className="profit-item">
      <article className="card profit-card" aria-labelledby={headingId} data-testid="network-profit" data-network={network.network}>
        <div className="profit-card-head">
          <h3 id={headingId}>{network.name}</h3>
          <span className="pill">{network.token}</span>
          <NetworkNodeState network={network.network} />
        </div>
        <div className="profit-headline">
          <NetFigure label="Net today" figures={today} currency={currency} testId="net-today" />
          <NetFigure label="Net 30 d" figures={month} currency={currency} testId="net-30d" />
        </div>
        <FigureList figures={shown} currency={currency} label={`${network.name}, ${windowLabels[window]}`} />
        <ul className="profit-facts">
          <li data-testid="break-even" data-verdict={breakEven.verdict ?? 'unknown'} className={`break-even verdict-${breakEven.verdict ?? 'unknown'}`}>
            {breakEven.text}
            {breakEven.verdict && (
              <>
                {' '}
                <span aria-hidden="true">{breakEven.verdict === 'covers' ? '✓' : '✗'}</span>
                <span className="sr-only"> ({verdictWords[breakEven.verdict]})</span>
              </>
            )}
          </li>
          <li data-testid="break-even-kwh">{breakEvenKwhWords(network.breakEvenKwhPrice, currency)} (last 30 days)</li>
          <li data-testid="payback" className={`payback payback-${network.payback.state}`}>
            {paybackWords(network.payback)}
          </li>
        </ul>
        <MissingNotes notes={missingNotes([today, month, shown])} label={`What ${network.name}'s figures lack`} />
        <p className="provenance" data-testid="attribution">
          power: {network.attribution}
        </p>
      </article>
    </li>
  )
}

/** The state of the network's node(s) on this machine, from the Nodes snapshot; nothing until core has listed them. */
function NetworkNodeState({ network }: { network: string }): ReactNode {
  const nodes = useDesk((s) => s.nodes)
  const now = useNow(30_000)
  if (!nodes) return null
  const { text, state } = networkNodeWords(nodes.nodes, network, Math.max(now, nodes.scannedAt ?? 0))
  return (
    <a href={viewHashes.nodes} className="profit-node-state" data-testid="profit-node-state" title="See it on the Nodes tab">
      <NodeStateBadge state={state} text={text} />
    </a>
  )
}
