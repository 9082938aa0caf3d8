import type { ReactNode } from 'react'
import type { NetworkProfit, ProfitFigures } from '../../../shared/contract/profit.ts'
import type { Currency, NetworkInfo, PriceQuote } from '../../../shared/contract/wallets.ts'
import { viewHashes } from '../app/route.ts'
import { useDesk } from '../common/store-context.tsx'
import { formatPrice } from '../common/token-format.ts'
import { useNow } from '../common/use-now.ts'
import { NodeStateBadge } from '../nodes/node-state-badge.tsx'
import { networkNodeWords } from '../nodes/node-words.ts'
import { figuresOf, moneyOr } from '../profit/profit-words.ts'
import { lastRewardWords, nextDueWords, priceChangeWords, priceFreshnessWords, shownNetTone } from './dashboard-words.ts'

/**
 * A row per network: its net today and over 30 days, its node on this machine, its last reward
 * and when the next is due, and its token's price with the 24-hour change. A table, so a screen
 * reader reads each figure with its column and network.
 */
export function NetworkTable(): ReactNode {
  const profit = useDesk((s) => s.profit)
  const networks = useDesk((s) => s.networks)
  const prices = useDesk((s) => s.walletsSnapshot?.prices)
  const now = useNow(30_000)
  if (!profit) return <p className="empty">Waiting for each network’s figures…</p>
  if (profit.networks.length === 0) return null
  return (
    <div className="table-scroll">
      <table className="network-table" data-testid="dashboard-networks">
        <caption className="dashboard-sr-only">Each network: net, node, rewards and price</caption>
        <thead>
          <tr>
            <th scope="col">Network</th>
            <th scope="col" className="num">
              Net today
            </th>
            <th scope="col" className="num">
              Net, 30 days
            </th>
            <th scope="col">Node here</th>
            <th scope="col">Last reward</th>
            <th scope="col">Next reward</th>
            <th scope="col" className="num">
              Price, 24 h change
            </th>
          </tr>
        </thead>
        <tbody>
          {profit.networks.map((network) => (
            <NetworkRow
              key={network.network}
              network={network}
              currency={profit.currency}
              info={networks.find((n) => n.id === network.network) ?? null}
              quote={prices?.find((q) => q.token === network.token && q.currency === profit.currency) ?? null}
              now={now}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

type RowProps = { network: NetworkProfit; currency: Currency; info: NetworkInfo | null; quote: PriceQuote | null; now: number }

function NetworkRow({ network, currency, info, quote, now }: RowProps): ReactNode {
  const due = nextDueWords(network.nextRewardDueAt, info?.payout ?? null, now)
  return (
    <tr data-testid="dashboard-network" data-network={network.network}>
      <th scope="row">{network.name}</th>
      <NetCell figures={figuresOf(network.windows, 'today')} currency={currency} testId="network-net-today" />
      <NetCell figures={figuresOf(network.windows, '30d')} currency={currency} testId="network-net-30d" />
      <td data-testid="network-node">
        <NodeCell network={network.network} now={now} />
      </td>
      <td data-testid="network-last-reward">
        {lastRewardWords(network.lastReward, now)}
        {network.lastReward && network.lastReward.fiat !== null && <span className="detail"> · {moneyOr(network.lastReward.fiat, currency)}</span>}
      </td>
      <td data-testid="network-next-due" className={due.late ? 'due-late' : undefined}>
        {due.text}
      </td>
      <PriceCell token={network.token} price={quote?.price ?? network.currentPrice} quote={quote} currency={currency} />
    </tr>
  )
}

function NetCell({ figures, currency, testId }: { figures: ProfitFigures | null; currency: Currency; testId: string }): ReactNode {
  const net = figures?.net ?? null
  const shown = moneyOr(net, currency)
  const partial = figures !== null && figures.missing.length > 0
  return (
    <td className={`num net-${shownNetTone(net, shown)}`} data-testid={testId}>
      {shown}
      {partial && <span className="partial-mark"> (partial)</span>}
    </td>
  )
}

/** The network's node(s) here, as a word and a shape; nothing known before the first scan. */
function NodeCell({ network, now }: { network: string; now: number }): ReactNode {
  const nodes = useDesk((s) => s.nodes)
  if (!nodes) return <span className="detail">checking…</span>
  const { text, state } = networkNodeWords(nodes.nodes, network, Math.max(now, nodes.scannedAt ?? 0))
  if (state === null) {
    return (
      <a href={viewHashes.nodes} className="detail">
        {text}
      </a>
    )
  }
  return <NodeStateBadge state={state} text={text} />
}

function PriceCell({ token, price, quote, currency }: { token: string; price: string | null; quote: PriceQuote | null; currency: Currency }): ReactNode {
  if (price === null) {
    return (
      <td className="num" data-testid="network-price">
        no {token} price
      </td>
    )
  }
  const change = priceChangeWords(quote)
  return (
    <td className="num" data-testid="network-price">
      <span className="price-figure">{formatPrice(price, currency)}</span>{' '}
      <span className="dashboard-sr-only">{token}, </span>
      <span className={`price-change change-${change.tone}`} data-testid="network-price-change" data-tone={change.tone}>
        <span aria-hidden="true">{change.text}</span>
        <span className="dashboard-sr-only">{change.words}</span>
      </span>
      {quote && <span className="price-freshness">{priceFreshnessWords(quote)}</span>}
    </td>
  )
}
