import { useEffect, type ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'
import { WalletForm } from '../wallets/wallet-form.tsx'
import { useChosenInfo } from './networks-step.tsx'
import type { LeaveCheck } from './use-wizard-nav.ts'

/**
 * Step 3: a wallet for each network chosen. The Wallets view's own form: core checks the address
 * as it is typed, and refuses (and clears) a pasted seed phrase or key.
 */
export function WalletsStep(): ReactNode {
  const chosen = useChosenInfo()
  const wallets = useDesk((s) => s.walletSettings)
  const draftNetwork = useDesk((s) => s.walletDraft.network)
  const edit = useDesk((s) => s.editWalletDraft)
  const first = chosen[0]?.id ?? null
  const offered = chosen.some((n) => n.id === draftNetwork)
  // The form offers the chosen networks only, so its draft starts on one of them.
  useEffect(() => {
    if (first !== null && !offered) edit({ network: first })
  }, [first, offered, edit])
  if (chosen.length === 0) return <p className="empty">No network chosen: go Back one step and choose the ones you run.</p>
  return (
    <>
      <ul className="wizard-checklist" aria-label="Wallets per network">
        {chosen.map((n) => {
          const mine = (wallets ?? []).filter((w) => w.network === n.id)
          return (
            <li key={n.id} data-testid="setup-network-wallets" data-network={n.id} data-done={mine.length > 0}>
              <span className={mine.length > 0 ? 'wizard-mark wizard-mark-ok' : 'wizard-mark'} aria-hidden="true">
                {mine.length > 0 ? '✓' : '○'}
              </span>
              <span className="wizard-checklist-text">
                <strong>{n.name}</strong>: {mine.length > 0 ? `watching ${mine.map((w) => w.label).join(', ')}` : 'no wallet yet'}
              </span>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  edit({ network: n.id })
                  document.getElementById('wallet-address')?.focus()
                }}
              >
                Add a wallet for {n.name}
              </button>
            </li>
          )
        })}
      </ul>
      <article className="card">
        <WalletForm only={chosen.map((n) => n.id)} />
      </article>
    </>
  )
}

/** Next adds the wallet left in the form when core accepted its address; a half-typed one is named first. */
export function useWalletsLeave(): LeaveCheck {
  const draft = useDesk((s) => s.walletDraft)
  const feedback = useDesk((s) => s.draftFeedback)
  const addWallet = useDesk((s) => s.addWallet)
  return async () => {
    if (draft.address.trim() === '') return { ok: true }
    if (feedback?.tone === 'ok' && draft.label.trim() !== '') {
      if (await addWallet()) return { ok: true }
      return { ok: false, text: 'The wallet in the form was not added: core says why under it.', soft: true }
    }
    return {
      ok: false,
      text: 'The address in the form is not added: give it a name and an address the check accepts, then “Add wallet”. Press Next again to go on without it.',
      soft: true,
    }
  }
}
