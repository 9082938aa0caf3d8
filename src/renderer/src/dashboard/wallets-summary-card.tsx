import type { ReactNode } from 'react'
import { viewHashes } from '../app/route.ts'
import { valueSummaries, walletRows } from '../wallets/wallet-views.ts'
import { summaryProvenance, valueWords, walletFreshness } from '../wallets/wallet-words.ts'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

/** The dashboard's money at a glance: what the watched wallets are worth, per network, and how fresh that is. */
export function WalletsSummaryCard(): ReactNode {
  const saved = useDesk((s) => s.walletSettings)
  const snapshot = useDesk((s) => s.walletsSnapshot)
  const networks = useDesk((s) => s.networks)
  const refreshMinutes = useDesk((s) => s.walletRefreshMinutes)
  const settingsCurrency = useDesk((s) => s.currency)
  const now = useNow(15_000)
  const rows = walletRows(saved, snapshot)
  if (saved === null && snapshot === null) {
    return (
      <article className="card wallets-summary" aria-labelledby="wallets-summary-heading">
        <h3 id="wallets-summary-heading">Wallet value</h3>
        <p className="empty">Waiting for balances…</p>
      </article>
    )
  }
  if (rows.length === 0) {
    return (
      <article className="card wallets-summary" aria-labelledby="wallets-summary-heading">
        <h3 id="wallets-summary-heading">Wallet value</h3>
        <p className="detail">No wallet watched yet. Add the public address your rewards are paid to, and its balance and value show here.</p>
        <p>
          <a className="button button-primary" href={viewHashes.wallets}>
            Add a wallet
          </a>
        </p>
      </article>
    )
  }
  const currency = snapshot?.currency ?? settingsCurrency
  const freshnessOf = (view: (typeof rows)[number]) => walletFreshness(view, now, refreshMinutes)
  const { total, networks: parts } = valueSummaries(rows, snapshot, freshnessOf)
  return (
    <article className={`card wallets-summary wallets-${total.freshness}`} aria-labelledby="wallets-summary-heading">
      <h3 id="wallets-summary-heading">Wallet value</h3>
      <p className={`figure figure-${total.freshness}`} data-testid="wallets-total">
        {valueWords(total.fiat, total.freshness, currency)}
        {total.partial && <span className="pill pill-warn">partial</span>}
      </p>
      <p className="detail">
        {rows.length} {rows.length === 1 ? 'wallet' : 'wallets'} on {parts.length} {parts.length === 1 ? 'network' : 'networks'}
        {total.partial && ' · some holdings have no price'}
      </p>
      <ul className="rows" aria-label="Value per network">
        {parts.map((part) => (
          <li key={part.network} className={`row network-value network-${part.freshness}`} data-testid="network-value">
            <span className="row-label">{networks.find((n) => n.id === part.network)?.name ?? part.network}</span>
            <span className={`row-kind provenance-${part.freshness}`}>{summaryProvenance(part, now)}</span>
            <span className="row-value">
              {valueWords(part.fiat, part.freshness, currency)}
              {part.partial && ' (partial)'}
            </span>
          </li>
        ))}
      </ul>
      <p className={`provenance provenance-${total.freshness}`} data-testid="wallets-provenance">
        {summaryProvenance(total, now)} · <a href={viewHashes.wallets}>See wallets</a>
      </p>
    </article>
  )
}
