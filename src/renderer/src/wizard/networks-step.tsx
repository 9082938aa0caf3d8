import type { ReactNode } from 'react'
import type { NetworkId, NetworkInfo } from '../../../shared/contract/wallets.ts'
import { useDesk } from '../common/store-context.tsx'
import type { LeaveCheck } from './use-wizard-nav.ts'

/** The networks chosen so far: the draft, else what was saved, else those with a wallet already watched. */
export function useChosenNetworks(): NetworkId[] {
  const draft = useDesk((s) => s.wizardDraft.networks)
  const saved = useDesk((s) => s.onboarding?.networks ?? null)
  const wallets = useDesk((s) => s.walletSettings)
  if (draft !== null) return draft
  if (saved !== null && saved.length > 0) return saved
  return [...new Set((wallets ?? []).map((w) => w.network))]
}

/** The chosen networks as core lists them (name, tokens, what to paste), in core's order. */
export function useChosenInfo(): NetworkInfo[] {
  const all = useDesk((s) => s.networks)
  const chosen = useChosenNetworks()
  return all.filter((n) => chosen.includes(n.id))
}

/** Step 2: which networks the operator runs, each with what it needs from them and how it pays. */
export function NetworksStep(): ReactNode {
  const networks = useDesk((s) => s.networks)
  const chosen = useChosenNetworks()
  const edit = useDesk((s) => s.editWizardDraft)
  if (networks.length === 0) return <p className="empty">Waiting for the networks core knows…</p>
  const toggle = (id: NetworkId): void => edit({ networks: chosen.includes(id) ? chosen.filter((n) => n !== id) : networks.map((n) => n.id).filter((n) => n === id || chosen.includes(n)) })
  return (
    <fieldset className="wizard-choices wizard-networks">
      <legend>The networks you run</legend>
      {networks.map((n) => (
        <label key={n.id} className="wizard-network" data-network={n.id}>
          <input type="checkbox" checked={chosen.includes(n.id)} onChange={() => toggle(n.id)} aria-describedby={`setup-needs-${n.id}`} />
          <span className="wizard-network-body">
            <strong>{n.name}</strong> <span className="detail">{n.tokens.map((t) => t.symbol).join(', ')}</span>
            <span id={`setup-needs-${n.id}`} className="wizard-needs">
              <span>Needs: {n.addressHint}</span>
              <span>Pays: {n.payout.note}</span>
              <span>Rewards: {n.rewards.note}</span>
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  )
}

/** Next saves the choice; with none chosen there is nothing for the later steps to ask about. */
export function useNetworksLeave(): LeaveCheck {
  const chosen = useChosenNetworks()
  const saved = useDesk((s) => s.onboarding?.networks ?? null)
  return () => {
    if (chosen.length === 0) return Promise.resolve({ ok: false, text: 'Choose at least one network you run (or “Skip setup” to look around first).', soft: false })
    if (chosen.join() === saved?.join()) return Promise.resolve({ ok: true })
    return Promise.resolve({ ok: true, patch: { onboarding: { networks: chosen } } })
  }
}
