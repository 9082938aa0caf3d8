import { useState, type ReactNode } from 'react'
import { ownedHoldingKinds } from '../../../shared/contract/wallet-lists.ts'
import type { Currency, HoldingView, PriceQuote, WalletSetting, WalletView } from '../../../shared/contract/wallets.ts'
import { formatClock } from '../common/format.ts'
import { formatFiat, formatTokenAmount, formatUnits } from '../common/token-format.ts'
import { holdingKindWords, priceBasis, shortAddress, valueWords, walletFreshness, walletProvenance } from './wallet-words.ts'
import { BackfillPanel } from './backfill-panel.tsx'
import { ConfirmRemove } from '../common/confirm-remove.tsx'
import { CopyButton } from '../common/copy-button.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * One watched wallet: its name, address, what it holds and what that is worth, all as core
 * read and valued it, and where and when core read it; then its past, read from the chain.
 */
export function WalletCard({ view, currency, prices, now }: { view: WalletView; currency: Currency; prices: PriceQuote[]; now: number }): ReactNode {
  const refreshMinutes = useDesk((s) => s.walletRefreshMinutes)
  const state = walletFreshness(view, now, refreshMinutes)
  const { wallet } = view
  const headingId = `wallet-${wallet.id}`
  const owned = view.holdings.filter((h) => ownedHoldingKinds.includes(h.kind))
  const counters = view.holdings.filter((h) => !ownedHoldingKinds.includes(h.kind))
  const basis = priceBasis([...new Set(view.holdings.map((h) => h.token))], prices)
  // Facts are core's words ("3 active leases, 1 overdrawn"); the card only lists the summaries.
  const facts = (view.facts ?? []).filter((fact) => fact.summary).map((fact) => fact.words)
  return (
    <li className="wallet-item">
      <article className={`card wallet-card wallet-${state}`} aria-labelledby={headingId} data-testid="wallet" data-state={state}>
        <div className="wallet-head">
          <WalletName wallet={wallet} headingId={headingId} />
          <p className={`figure wallet-total figure-${state}`} data-testid="wallet-total">
            {valueWords(view.fiatTotal, state, currency)}
            {view.partial && <span className="pill pill-warn">partial</span>}
          </p>
        </div>
        <p className="wallet-address">
          <code title={wallet.address}>{shortAddress(wallet.address)}</code>
          <CopyButton text={wallet.address} label={`Copy address of ${wallet.label}`} />
        </p>
        {view.holdings.length === 0 ? (
          <p className="detail">{state === 'pending' ? 'Reading its balances…' : 'Nothing held on this address yet.'}</p>
        ) : (
          <table className="holdings" aria-label={`Holdings of ${wallet.label}`}>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {owned.map((holding, i) => (
                <HoldingRow key={`${holding.token}-${holding.kind}-${i}`} holding={holding} currency={currency} />
              ))}
              {counters.map((holding, i) => (
                <HoldingRow key={`${holding.token}-${holding.kind}-${i}`} holding={holding} currency={currency} counter />
              ))}
            </tbody>
          </table>
        )}
        {facts.length > 0 && (
          <p className="detail wallet-facts" data-testid="wallet-facts">
            {facts.join(' · ')}
          </p>
        )}
        {(view.partial || counters.length > 0 || basis) && (
          <p className="detail wallet-notes">
            {[
              view.partial && 'partial: some holdings have no price and are not in the value',
              counters.length > 0 && 'earned-to-date and per-epoch figures are not added to the value',
              basis && `prices: ${basis}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        )}
        <p
          className={`provenance provenance-${state}`}
          data-testid="wallet-provenance"
          title={view.fetchedAt === null ? undefined : `read at ${formatClock(view.fetchedAt)}`}
        >
          {walletProvenance(view, state, now)}
        </p>
        <BackfillPanel wallet={wallet} />
        <RemoveWallet wallet={wallet} />
      </article>
    </li>
  )
}

function HoldingRow({ holding, currency, counter = false }: { holding: HoldingView; currency: Currency; counter?: boolean }): ReactNode {
  return (
    <tr className={counter ? 'holding-counter' : undefined}>
      <th scope="row">{holding.token}</th>
      <td>
        {holdingKindWords[holding.kind]}
        {holding.detail && <span className="holding-detail"> · {holding.detail}</span>}
        {/* A balance a chain leaves out is just 0; a miner or counter it leaves out is gone (a UID deregistered). */}
        {counter && holding.kept && (
          <span className="pill pill-warn" title="held at 0: the last read no longer returned it">
            no longer listed
          </span>
        )}
      </td>
      <td className="num" title={`${formatUnits(holding.amount, holding.decimals)} ${holding.token}`}>
        {formatTokenAmount(holding.amount, holding.decimals)}
      </td>
      <td className="num">{holding.fiat === null ? 'no price' : formatFiat(holding.fiat, currency)}</td>
    </tr>
  )
}

/** The wallet's name, renamed in place. */
function WalletName({ wallet, headingId }: { wallet: WalletSetting; headingId: string }): ReactNode {
  const renameWallet = useDesk((s) => s.renameWallet)
  const [text, setText] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (label: string): Promise<void> => {
    setBusy(true)
    const failure = await renameWallet(wallet.id, label)
    setBusy(false)
    setError(failure?.message ?? null)
    if (!failure) setText(null)
  }
  return (
    <div className="wallet-name">
      <h4 id={headingId}>{wallet.label}</h4>
      {text === null ? (
        <button type="button" className="button button-small button-quiet" aria-label={`Rename ${wallet.label}`} onClick={() => setText(wallet.label)}>
          Rename
        </button>
      ) : (
        <form
          className="wallet-rename"
          aria-label={`Rename ${wallet.label}`}
          onSubmit={(event) => {
            event.preventDefault()
            void save(text)
          }}
        >
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setText(null)
            }}
            aria-label={`New name for ${wallet.label}`}
            aria-invalid={error !== null}
            maxLength={60}
            autoFocus
          />
          <button type="submit" className="button button-small" disabled={busy || text.trim() === ''}>
            Save name
          </button>
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setText(null)
              setError(null)
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/** Stop watching, asked once more; the rewards already recorded stay in the ledger. */
function RemoveWallet({ wallet }: { wallet: WalletSetting }): ReactNode {
  const removeWallet = useDesk((s) => s.removeWallet)
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="wallet-remove">
      <ConfirmRemove
        label={wallet.label}
        question={`Stop watching ${wallet.label}? Its recorded rewards stay.`}
        className="confirm"
        remove={() => removeWallet(wallet.id)}
        onOutcome={setError}
      />
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
