import type { ReactNode } from 'react'
import { currencies } from '../../../shared/contract/wallet-lists.ts'
import { useDesk } from '../common/store-context.tsx'
import type { LeaveCheck } from './use-wizard-nav.ts'

const currencyNames = new Intl.DisplayNames(undefined, { type: 'currency' })

/** Step 1: the currency every figure is shown in, as radio buttons (arrow keys move between them). */
export function CurrencyStep(): ReactNode {
  const saved = useDesk((s) => s.currency)
  const draft = useDesk((s) => s.wizardDraft.currency)
  const edit = useDesk((s) => s.editWizardDraft)
  const chosen = draft ?? saved
  return (
    <fieldset className="wizard-choices wizard-currencies">
      <legend>Your currency</legend>
      {currencies.map((c) => (
        <label key={c} className="wizard-choice">
          <input type="radio" name="setup-currency" value={c} checked={c === chosen} onChange={() => edit({ currency: c })} />
          <span>
            <strong>{c.toUpperCase()}</strong> {currencyNames.of(c.toUpperCase())}
          </span>
        </label>
      ))}
    </fieldset>
  )
}

/** Next saves the currency when it was changed here. */
export function useCurrencyLeave(): LeaveCheck {
  const draft = useDesk((s) => s.wizardDraft.currency)
  const saved = useDesk((s) => s.currency)
  return () => Promise.resolve(draft === null || draft === saved ? { ok: true } : { ok: true, patch: { currency: draft } })
}
