import type { ReactNode } from 'react'
import { groupByNetwork, walletRows } from './wallet-views.ts'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'
import { WalletCard } from './wallet-card.tsx'

/** The watched wallets, by network, as core last read them. */
export function WalletList(): ReactNode {
  const saved = useDesk((s) => s.walletSettings)
  const snapshot = useDesk((s) => s.walletsSnapshot)
  const networks = useDesk((s) => s.networks)
  const settingsCurrency = useDesk((s) => s.currency)
  // "fetched 3 min ago" moves on without an event.
  const now = useNow(15_000)
  const rows = walletRows(saved, snapshot)
  if (saved === null && snapshot === null) return <p className="empty">Waiting for core…</p>
  if (rows.length === 0) return <p className="empty">No wallet watched yet: add one below.</p>
  // Figures are in the currency core valued them in, which lags a currency change by one read.
  const currency = snapshot?.currency ?? settingsCurrency
  const prices = snapshot?.prices ?? []
  return (
    <div className="wallet-groups">
      {groupByNetwork(rows).map(({ network, wallets }) => {
        const name = networks.find((n) => n.id === network)?.name ?? network
        return (
          <section key={network} className="wallet-group" aria-labelledby={`wallets-${network}`}>
            <h3 id={`wallets-${network}`} className="group-heading">
              {name}
            </h3>
            <ul className="wallet-cards" aria-label={`${name} wallets`}>
              {wallets.map((view) => (
                <WalletCard key={view.wallet.id} view={view} currency={currency} prices={prices} now={now} />
              ))}
            </ul>
          </section>
        )
      })}
    </div>
  )
}
