import { useState, type ReactNode } from 'react'
import type { NetworkCosts } from '../../../shared/contract/profit.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import { localDay } from '../store/rewards-slice.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

type CostsDraft = { hardwareCost: string; purchased: string; lifetime: string; monthly: { label: string; amount: string }[]; alreadyOwned: boolean }

const noCosts: NetworkCosts = { hardwareCost: null, purchasedAt: null, lifetimeMonths: 36, monthlyCosts: [], alreadyOwned: false }

const toDraft = (c: NetworkCosts): CostsDraft => ({
  hardwareCost: c.hardwareCost ?? '',
  purchased: c.purchasedAt === null ? '' : localDay(c.purchasedAt),
  lifetime: String(c.lifetimeMonths),
  monthly: c.monthlyCosts.map((m) => ({ ...m })),
  alreadyOwned: c.alreadyOwned,
})

const refused = (field: string, message: string): DeskErrorInfo => ({ code: 'invalid-input', message, field, retryable: false })

/** The typed form as core takes it; the two fields a browser cannot hand over as text are checked here. */
function toCosts(draft: CostsDraft): { ok: true; costs: NetworkCosts } | { ok: false; error: DeskErrorInfo } {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(draft.purchased)
  if (draft.purchased !== '' && !day) return { ok: false, error: refused('costs.purchasedAt', 'pick the day you bought it') }
  const lifetime = draft.lifetime.trim()
  if (!/^\d+$/.test(lifetime)) return { ok: false, error: refused('costs.lifetimeMonths', 'the lifetime is a whole number of months, e.g. 36') }
  return {
    ok: true,
    costs: {
      hardwareCost: draft.hardwareCost.trim() === '' ? null : draft.hardwareCost.trim(),
      // Amortization starts on the local day of purchase.
      purchasedAt: day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime() : null,
      lifetimeMonths: Number(lifetime),
      monthlyCosts: draft.monthly.map((m) => ({ label: m.label.trim(), amount: m.amount.trim() })),
      alreadyOwned: draft.alreadyOwned,
    },
  }
}

/** Each network's hardware and running costs, one form per network with a wallet. */
export function NetworkCostsForms({ networks }: { networks: readonly { id: NetworkId; name: string }[] }): ReactNode {
  const saved = useDesk((s) => s.profitSettings?.costs ?? null)
  const [savedFor, setSavedFor] = useState<NetworkId | null>(null)
  if (saved === null) return null
  return (
    <article className="card settings-card" aria-labelledby="costs-heading">
      <h3 id="costs-heading">Costs per network</h3>
      {networks.length === 0 && <p className="empty">Add a wallet first: costs are kept per network.</p>}
      {networks.map((n) => {
        const costs = saved[n.id] ?? noCosts
        // Saved costs start the form afresh from what core kept.
        return (
          <NetworkCostsForm
            key={`${n.id}:${JSON.stringify(costs)}`}
            network={n.id}
            name={n.name}
            costs={costs}
            saved={savedFor === n.id}
            onSaved={(ok) => setSavedFor(ok ? n.id : null)}
          />
        )
      })}
    </article>
  )
}

type FormProps = { network: NetworkId; name: string; costs: NetworkCosts; saved: boolean; onSaved: (ok: boolean) => void }

function NetworkCostsForm({ network, name, costs, saved, onSaved }: FormProps): ReactNode {
  const setCosts = useDesk((s) => s.setCosts)
  const unit = useDesk((s) => s.currency).toUpperCase()
  const [draft, setDraft] = useState(() => toDraft(costs))
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const edit = (patch: Partial<CostsDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    setError(null)
  }
  const editMonthly = (index: number, patch: Partial<CostsDraft['monthly'][number]>): void =>
    edit({ monthly: draft.monthly.map((m, i) => (i === index ? { ...m, ...patch } : m)) })
  const save = async (): Promise<void> => {
    onSaved(false)
    const parsed = toCosts(draft)
    if (!parsed.ok) {
      setError(parsed.error)
      return
    }
    setBusy(true)
    const failure = await setCosts(network, parsed.costs)
    setBusy(false)
    setError(failure)
    onSaved(failure === null)
  }
  const at = (field: string): string | null => errorFor(error, `costs.${field}`)
  const known = /^costs\.(hardwareCost|purchasedAt|lifetimeMonths|alreadyOwned|monthlyCosts\.\d+\.(label|amount))$/.test(error?.field ?? '')
  return (
    <form
      className="costs-form"
      aria-label={`Costs of ${name}`}
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <h4>{name}</h4>
      <div className="field">
        <label className="field-label">
          <span>Hardware cost ({unit})</span>
          <input value={draft.hardwareCost} onChange={(e) => edit({ hardwareCost: e.target.value })} inputMode="decimal" placeholder="e.g. 1800" aria-invalid={at('hardwareCost') !== null} />
        </label>
        <FieldError text={at('hardwareCost')} />
      </div>
      <div className="field">
        <label className="field-label">
          <span>Purchase date</span>
          <input type="date" value={draft.purchased} onChange={(e) => edit({ purchased: e.target.value })} aria-invalid={at('purchasedAt') !== null} />
        </label>
        <FieldError text={at('purchasedAt')} />
      </div>
      <div className="field">
        <label className="field-label">
          <span>Lifetime (months)</span>
          <input value={draft.lifetime} onChange={(e) => edit({ lifetime: e.target.value })} inputMode="numeric" aria-invalid={at('lifetimeMonths') !== null} />
        </label>
        <FieldError text={at('lifetimeMonths')} />
      </div>
      <div className="field field-check">
        <label className="check">
          <input type="checkbox" checked={draft.alreadyOwned} onChange={(e) => edit({ alreadyOwned: e.target.checked })} />
          Hardware I already own
        </label>
        <span className="detail">Charged only the watts above the idle baseline, and no amortization.</span>
        <FieldError text={at('alreadyOwned')} />
      </div>
      <div className="monthly-costs field-wide">
        <span className="field-title">Monthly costs</span>
        {draft.monthly.length === 0 && <span className="detail">Hosting, an internet share, licences: each a monthly amount.</span>}
        {draft.monthly.map((m, i) => (
          <div key={i} className="monthly-cost" role="group" aria-label={`Monthly cost ${i + 1}`}>
            <div className="field">
              <label className="field-label">
                <span>Label</span>
                <input value={m.label} onChange={(e) => editMonthly(i, { label: e.target.value })} maxLength={40} placeholder="Hosting" aria-invalid={at(`monthlyCosts.${i}.label`) !== null} />
              </label>
              <FieldError text={at(`monthlyCosts.${i}.label`)} />
            </div>
            <div className="field">
              <label className="field-label">
                <span>Per month ({unit})</span>
                <input value={m.amount} onChange={(e) => editMonthly(i, { amount: e.target.value })} inputMode="decimal" placeholder="e.g. 10" aria-invalid={at(`monthlyCosts.${i}.amount`) !== null} />
              </label>
              <FieldError text={at(`monthlyCosts.${i}.amount`)} />
            </div>
            <button type="button" className="button button-small button-quiet" onClick={() => edit({ monthly: draft.monthly.filter((_, j) => j !== i) })}>
              Remove monthly cost {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" disabled={draft.monthly.length >= 20} onClick={() => edit({ monthly: [...draft.monthly, { label: '', amount: '' }] })}>
          Add monthly cost
        </button>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-label={`Save costs of ${name}`}>
          Save costs
        </button>
        {saved && (
          <span className="form-outcome" role="status" data-testid="costs-saved">
            Saved: the figures above use these costs.
          </span>
        )}
      </div>
      <FieldError text={error && !known ? error.message : null} />
    </form>
  )
}
