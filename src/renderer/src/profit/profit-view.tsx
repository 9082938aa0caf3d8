import './profit.css'
import { useEffect, type ReactNode } from 'react'
import { profitWindowList, windowLabels } from './profit-words.ts'
import { viewHashes } from '../app/route.ts'
import { AttributionForm } from './attribution-form.tsx'
import { DailyNetChart } from './daily-net-chart.tsx'
import { NetworkCostsForms } from './network-costs-form.tsx'
import { NetworkProfitCard } from './network-profit-card.tsx'
import { ProfitTotal } from './profit-total.tsx'
import { useDesk } from '../common/store-context.tsx'
import { TariffForm } from './tariff-form.tsx'
import { useProfitNetworks } from './use-profit-networks.ts'
import { WhatIfPanel } from './what-if-panel.tsx'

/** Today's figures grow with every hour of power drawn: asked again this often while the tab is open. */
const refreshEveryMs = 60_000

/**
 * Profit tab: what each network earned after electricity and hardware, the total, the last 30
 * days, a what-if, and the settings the figures stand on. Core computes every figure shown.
 */
export function ProfitView(): ReactNode {
  const profit = useDesk((s) => s.profit)
  const error = useDesk((s) => s.profitError)
  const window = useDesk((s) => s.profitWindow)
  const load = useDesk((s) => s.loadProfit)
  const networks = useProfitNetworks()
  // Without a network there is nothing to add up: a total of $0.00 would read as a real figure.
  const counted = profit && profit.networks.length > 0 ? profit : null

  useEffect(() => {
    const timer = setInterval(() => void load(), refreshEveryMs)
    return () => clearInterval(timer)
  }, [load])

  return (
    <div className="view profit-view">
      <section aria-labelledby="profit-heading">
        <div className="section-head">
          <h2 id="profit-heading">Profit</h2>
          <WindowSwitch />
        </div>
        {error && (
          <p className="inline-warning" role="alert">
            {profit ? `Showing the last figures: ${error}` : error}
          </p>
        )}
        {!profit && !error && <p className="empty">Waiting for core's figures…</p>}
        {counted && <ProfitTotal snapshot={counted} window={window} />}
        {profit?.networks.length === 0 && (
          <p className="empty" data-testid="profit-empty">
            No network to count yet: <a href={viewHashes.wallets}>add a wallet</a> your rewards are paid to, and what it earns after electricity and hardware shows here.
          </p>
        )}
      </section>
      {counted && (
        <section aria-labelledby="profit-networks-heading">
          <h2 id="profit-networks-heading">Per network</h2>
          <ul className="profit-cards">
            {counted.networks.map((n) => (
              <NetworkProfitCard key={n.network} network={n} currency={counted.currency} window={window} />
            ))}
          </ul>
        </section>
      )}
      {counted && (
        <section aria-labelledby="profit-daily-heading">
          <h2 id="profit-daily-heading">Last 30 days</h2>
          <DailyNetChart daily={counted.daily} currency={counted.currency} networks={counted.networks.map((n) => ({ id: n.network, name: n.name }))} />
        </section>
      )}
      {counted && <WhatIfPanel snapshot={counted} />}
      <section aria-labelledby="profit-settings-heading" className="profit-settings">
        <h2 id="profit-settings-heading">Electricity and costs</h2>
        <TariffForm />
        <NetworkCostsForms networks={networks} />
        <AttributionForm networks={networks} />
      </section>
    </div>
  )
}

/** The window the detail figures are for. */
function WindowSwitch(): ReactNode {
  const window = useDesk((s) => s.profitWindow)
  const choose = useDesk((s) => s.setProfitWindow)
  return (
    <div className="segmented" role="group" aria-label="Window">
      {profitWindowList.map((option) => (
        <button key={option} type="button" className="segment" aria-pressed={option === window} onClick={() => choose(option)}>
          {windowLabels[option]}
        </button>
      ))}
    </div>
  )
}

