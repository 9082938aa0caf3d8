import './dashboard.css'
import { useEffect, type ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'
import { HardwareCards } from './hardware-cards.tsx'
import { NetHeadline } from './net-headline.tsx'
import { NetworkTable } from './network-table.tsx'
import { OpenAlerts } from './open-alerts.tsx'
import { WalletsSummaryCard } from './wallets-summary-card.tsx'
import { WattsNow } from './watts-now.tsx'

/** Today's net grows with every hour of power drawn: asked again this often while the dashboard is open, as the Profit tab does. */
const refreshEveryMs = 60_000

/**
 * The answer first: net today and over 30 days, the watts now and the open alerts; then a row per
 * network; then the machine. Everything shown is what the store already holds: no call of its own
 * on the way to the first figures.
 */
export function DashboardView(): ReactNode {
  const load = useDesk((s) => s.loadProfit)
  const wallets = useDesk((s) => s.walletSettings)
  const noNetwork = useDesk((s) => s.profit !== null && s.profit.networks.length === 0)
  useEffect(() => {
    const timer = setInterval(() => void load(), refreshEveryMs)
    return () => clearInterval(timer)
  }, [load])
  return (
    <div className="view dashboard">
      <section aria-labelledby="dashboard-now-heading">
        <h2 id="dashboard-now-heading">At a glance</h2>
        <div className="dashboard-top">
          <NetHeadline />
          <WattsNow />
          <OpenAlerts />
        </div>
      </section>
      {!noNetwork && (
        <section aria-labelledby="dashboard-networks-heading">
          <h2 id="dashboard-networks-heading">Networks</h2>
          <NetworkTable />
        </section>
      )}
      <section aria-labelledby="machine-heading">
        <h2 id="machine-heading">This machine</h2>
        <HardwareCards />
      </section>
      {wallets !== null && wallets.length > 0 && (
        <section aria-labelledby="earnings-heading">
          <h2 id="earnings-heading">Wallets</h2>
          <div className="cards">
            <WalletsSummaryCard />
          </div>
        </section>
      )}
    </div>
  )
}
