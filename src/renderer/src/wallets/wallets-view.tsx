import './wallets.css'
import { useEffect, type ReactNode } from 'react'
import { DataExport } from './data-export.tsx'
import { EndpointSettings } from './endpoint-settings.tsx'
import { PriceTable } from './price-table.tsx'
import { RewardsLedger } from './rewards-ledger.tsx'
import { useDesk } from '../common/store-context.tsx'
import { WalletForm } from './wallet-form.tsx'
import { WalletList } from './wallet-list.tsx'

/**
 * Wallets tab: what is watched and worth, adding one, what it earned, the prices used, and where
 * chains are read. Opening it reads each wallet's backfill again; backfill.progress keeps it current.
 */
export function WalletsView(): ReactNode {
  const loadBackfill = useDesk((s) => s.loadBackfill)
  useEffect(() => {
    void loadBackfill()
  }, [loadBackfill])
  return (
    <div className="view">
      <section aria-labelledby="wallets-heading">
        <div className="section-head">
          <h2 id="wallets-heading">Wallets</h2>
          <RefreshWallets />
        </div>
        <WalletList />
      </section>
      <section aria-labelledby="add-wallet-heading">
        <h2 id="add-wallet-heading">Add a wallet</h2>
        <article className="card">
          <WalletForm />
        </article>
      </section>
      <RewardsLedger />
      <PriceTable />
      <EndpointSettings />
      <DataExport />
    </div>
  )
}

/** "Refresh now": core reads every wallet and price; the snapshot says while a read (this one or core's own) runs. */
function RefreshWallets(): ReactNode {
  const asked = useDesk((s) => s.walletsRefreshing)
  const running = useDesk((s) => s.walletsSnapshot?.refreshing ?? false)
  const error = useDesk((s) => s.walletsRefreshError)
  const minutes = useDesk((s) => s.walletRefreshMinutes)
  const refresh = useDesk((s) => s.refreshWallets)
  const refreshing = asked || running
  return (
    <>
      <button type="button" className="button button-small" disabled={refreshing} aria-busy={refreshing} onClick={() => void refresh()}>
        Refresh now
      </button>
      <span className="detail" role="status" data-testid="wallets-refresh-state">
        {refreshing ? 'Reading every wallet and price…' : `read every ${minutes} min`}
      </span>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </>
  )
}
