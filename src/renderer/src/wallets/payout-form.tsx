import { useState, type ReactNode } from 'react'
import type { RewardEntry } from '../../../shared/contract/wallets.ts'
import { localDay, payoutChoice } from '../store/rewards-slice.ts'
import { formatUnits } from '../common/token-format.ts'
import { useDesk } from '../common/store-context.tsx'
import { errorFor, FieldError } from '../common/field-error.tsx'

const fields = ['walletId', 'token', 'amount', 'at']

/**
 * "Record a payout": a reward the chain cannot show (paid off-chain, or to an exchange). The
 * amount is typed in tokens and sent in base units; core values it and books it as entered by you.
 */
export function PayoutForm(): ReactNode {
  const wallets = useDesk((s) => s.walletSettings)
  const networks = useDesk((s) => s.networks)
  const draft = useDesk((s) => s.payoutDraft)
  const error = useDesk((s) => s.payoutError)
  const busy = useDesk((s) => s.payoutBusy)
  const edit = useDesk((s) => s.editPayoutDraft)
  const record = useDesk((s) => s.recordPayout)
  const [recorded, setRecorded] = useState<{ entry: RewardEntry; label: string } | null>(null)
  const choice = payoutChoice(draft, wallets ?? [], networks)
  if (!choice) return <p className="empty">Add a wallet first: a payout is recorded against one.</p>
  const { wallet, network, token } = choice
  const fieldError = (field: string): string | null => errorFor(error ?? null, field)
  const otherError = error && !fields.includes(error.field ?? '') ? error.message : null
  const submit = async (): Promise<void> => {
    const entry = await record()
    setRecorded(entry && { entry, label: wallet.label })
  }
  return (
    <form
      className="payout-form"
      aria-label="Record a payout"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <div className="field">
        <label htmlFor="payout-wallet">Wallet</label>
        <select id="payout-wallet" value={wallet.id} onChange={(e) => edit({ walletId: e.target.value })} aria-invalid={fieldError('walletId') !== null}>
          {(wallets ?? []).map((w) => (
            <option key={w.id} value={w.id}>
              {w.label} ({networks.find((n) => n.id === w.network)?.name ?? w.network})
            </option>
          ))}
        </select>
        <FieldError text={fieldError('walletId')} />
      </div>
      <div className="field">
        <label htmlFor="payout-token">Token</label>
        <select id="payout-token" value={token?.symbol ?? ''} onChange={(e) => edit({ token: e.target.value })} aria-invalid={fieldError('token') !== null}>
          {(network?.tokens ?? []).map((t) => (
            <option key={t.symbol} value={t.symbol}>
              {t.symbol} · {t.name}
            </option>
          ))}
        </select>
        <FieldError text={fieldError('token')} />
      </div>
      <div className="field">
        <label htmlFor="payout-amount">Amount</label>
        <input
          id="payout-amount"
          value={draft.amount}
          onChange={(e) => edit({ amount: e.target.value })}
          inputMode="decimal"
          placeholder="e.g. 1.5"
          autoComplete="off"
          aria-describedby="payout-amount-hint"
          aria-invalid={fieldError('amount') !== null}
        />
        <span id="payout-amount-hint" className="detail">
          {token ? `in ${token.symbol}, up to ${token.decimals} decimals` : 'in tokens'}
        </span>
        <FieldError text={fieldError('amount')} />
      </div>
      <div className="field">
        <label htmlFor="payout-date">Date</label>
        <input id="payout-date" type="date" value={draft.date} max={localDay(Date.now())} onChange={(e) => edit({ date: e.target.value })} aria-invalid={fieldError('at') !== null} />
        <FieldError text={fieldError('at')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || draft.amount.trim() === ''}>
          Record payout
        </button>
        <span className="detail">For a payout the chain cannot show, such as one paid off-chain. It is valued at the current price.</span>
      </div>
      <FieldError text={otherError} />
      {recorded && draft.amount === '' && (
        <p className="form-outcome" role="status" data-testid="payout-recorded">
          Recorded {formatUnits(recorded.entry.amount, recorded.entry.decimals)} {recorded.entry.token} for {recorded.label}: it is listed above.
        </p>
      )}
    </form>
  )
}
