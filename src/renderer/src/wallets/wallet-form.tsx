import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { NetworkId, NetworkInfo } from '../../../shared/contract/wallets.ts'
import type { DraftFeedback } from '../store/wallets-slice.ts'
import { useDesk } from '../common/store-context.tsx'
import { FieldError } from '../common/field-error.tsx'

/** Core is asked once typing pauses this long, or at once on a paste. */
const checkDelayMs = 300

/**
 * "Add a wallet": core checks the address as it is typed and says what it thinks under the
 * field; a pasted seed phrase or private key is refused by core and cleared from the form.
 */
export function WalletForm({ only }: { only?: readonly NetworkId[] }): ReactNode {
  const everyNetwork = useDesk((s) => s.networks)
  // The setup wizard offers only the networks the operator said they run.
  const networks = only ? everyNetwork.filter((n) => only.includes(n.id)) : everyNetwork
  const draft = useDesk((s) => s.walletDraft)
  const feedback = useDesk((s) => s.draftFeedback)
  const error = useDesk((s) => s.walletFormError)
  const busy = useDesk((s) => s.walletBusy)
  const edit = useDesk((s) => s.editWalletDraft)
  const check = useDesk((s) => s.checkWalletDraft)
  const addWallet = useDesk((s) => s.addWallet)
  const [added, setAdded] = useState<string | null>(null)
  const pasted = useRef(false)

  useEffect(() => {
    if (draft.address.trim() === '') return
    const timer = setTimeout(() => void check(), pasted.current ? 0 : checkDelayMs)
    pasted.current = false
    return () => clearTimeout(timer)
  }, [draft.network, draft.address, check])

  const network = networks.find((n) => n.id === draft.network) ?? networks[0]
  if (!network) return <p className="empty">Waiting for the networks core knows…</p>
  const fieldError = (field: string): string | null => (error?.field === field ? error.message : null)
  const otherError = error && !['network', 'address', 'label'].includes(error.field ?? '') ? error.message : null
  const add = async (): Promise<void> => {
    const label = draft.label.trim()
    if (await addWallet()) setAdded(label)
  }

  return (
    <form
      className="wallet-form"
      aria-label="Add a wallet"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <div className="field">
        <label htmlFor="wallet-network">Network</label>
        <select id="wallet-network" value={network.id} onChange={(e) => edit({ network: networks.find((n) => n.id === e.target.value)?.id ?? network.id })} aria-invalid={fieldError('network') !== null}>
          {networks.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name} ({n.tokens.map((t) => t.symbol).join(', ')})
            </option>
          ))}
        </select>
        <FieldError text={fieldError('network')} />
      </div>
      <NetworkFacts network={network} />
      <div className="field field-wide">
        <label htmlFor="wallet-address">Address</label>
        <input
          id="wallet-address"
          value={draft.address}
          onChange={(e) => edit({ address: e.target.value })}
          onPaste={() => (pasted.current = true)}
          placeholder={network.addressHint}
          aria-describedby="wallet-address-feedback"
          aria-invalid={feedback?.tone === 'error' || feedback?.tone === 'refused' || fieldError('address') !== null}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
        <AddressFeedback feedback={feedback} typed={draft.address} />
        <FieldError text={fieldError('address')} />
      </div>
      <div className="field">
        <label htmlFor="wallet-label">Name</label>
        <input
          id="wallet-label"
          value={draft.label}
          onChange={(e) => edit({ label: e.target.value })}
          placeholder="Rig 1 rewards"
          maxLength={60}
          aria-invalid={fieldError('label') !== null}
        />
        <FieldError text={fieldError('label')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || feedback?.tone !== 'ok' || draft.label.trim() === ''}>
          Add wallet
        </button>
        <span className="detail">Watch-only: a public address is all DePIN Desk needs, never a seed phrase or key.</span>
      </div>
      <FieldError text={otherError} />
      {added && draft.address === '' && (
        <p className="form-outcome" role="status" data-testid="wallet-added">
          {added} added: it is listed above, with its balances once core has read them.
        </p>
      )}
    </form>
  )
}

/** What to paste for the chosen network, what it holds and how it pays. */
function NetworkFacts({ network }: { network: NetworkInfo }): ReactNode {
  return (
    <dl className="network-facts" aria-label={`About ${network.name}`}>
      <div>
        <dt>Paste</dt>
        <dd>{network.addressHint}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {network.tokens.map((t) => (
            <span key={t.symbol} className="network-token">
              <strong>{t.symbol}</strong> {t.name} · {t.where}
            </span>
          ))}
        </dd>
      </div>
      <div>
        <dt>Pays</dt>
        <dd>{network.payout.note}</dd>
      </div>
      <div>
        <dt>Rewards</dt>
        <dd>{network.rewards.note}</dd>
      </div>
    </dl>
  )
}

function AddressFeedback({ feedback, typed }: { feedback: DraftFeedback | null; typed: string }): ReactNode {
  if (!feedback) return <span id="wallet-address-feedback" />
  if (feedback.tone === 'refused') {
    return (
      <span id="wallet-address-feedback" className="field-refused" role="alert" data-testid="address-feedback" data-tone="refused">
        {feedback.text} The field has been cleared; nothing was saved.
      </span>
    )
  }
  if (feedback.tone === 'error') {
    return (
      <span id="wallet-address-feedback" className="field-error" role="status" data-testid="address-feedback" data-tone="error">
        {feedback.text}
      </span>
    )
  }
  const normalised = feedback.address !== typed.trim() ? ` It is saved as ${feedback.address}.` : ''
  return (
    <span id="wallet-address-feedback" className="field-ok" role="status" data-testid="address-feedback" data-tone="ok">
      Looks right.{normalised}
      {feedback.note && ` ${feedback.note}`}
    </span>
  )
}
