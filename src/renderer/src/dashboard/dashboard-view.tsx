import './dashboard.css'
import type { ReactNode } from 'react'
import { HardwareCards } from './hardware-cards.tsx'
import { WalletsSummaryCard } from './wallets-summary-card.tsx'

export function DashboardView(): ReactNode {
  return (
    <div className="view">
      <section aria-labelledby="machine-heading">
        <h2 id="machine-heading">This machine</h2>
        <HardwareCards />
      </section>
      <section aria-labelledby="earnings-heading">
        <h2 id="earnings-heading">Wallets</h2>
        <div className="cards">
          <WalletsSummaryCard />
        </div>
      </section>
    </div>
  )
}
