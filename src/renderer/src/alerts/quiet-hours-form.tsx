import { useState, type ReactNode } from 'react'
import type { QuietHours } from '../../../shared/contract/alerts.ts'
import { hourChoices, quietWords } from './alert-words.ts'
import { useDesk } from '../common/store-context.tsx'

/** Quiet hours, local time: alerts still open and show, but nothing is pushed or notified. */
export function QuietHoursForm(): ReactNode {
  const settings = useDesk((s) => s.alertsSettings)
  if (!settings) return null
  const saved = settings.quietHours
  return (
    <article className="card settings-card" aria-labelledby="quiet-hours-heading">
      <h3 id="quiet-hours-heading">Quiet hours</h3>
      <p className="detail" data-testid="quiet-now">
        {quietWords(saved)}
      </p>
      <QuietEditor key={JSON.stringify(saved)} saved={saved} />
    </article>
  )
}

function QuietEditor({ saved }: { saved: QuietHours | null }): ReactNode {
  const save = useDesk((s) => s.saveAlertRules)
  const [on, setOn] = useState(saved !== null)
  const [hours, setHours] = useState<QuietHours>(saved ?? { fromHour: 22, toHour: 7 })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const unchanged = on ? saved !== null && saved.fromHour === hours.fromHour && saved.toHour === hours.toHour : saved === null
  const hourSelect = (which: keyof QuietHours, label: string): ReactNode => (
    <label className="field-label">
      {label}
      <select value={hours[which]} disabled={!on} onChange={(e) => setHours({ ...hours, [which]: Number(e.target.value) })}>
        {hourChoices.map((h) => (
          <option key={h.value} value={h.value}>
            {h.label}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      className="quiet-form"
      aria-label="Quiet hours"
      onSubmit={(event) => {
        event.preventDefault()
        setBusy(true)
        void save({ quietHours: on ? hours : null }).then((failure) => {
          setBusy(false)
          setError(failure?.message ?? null)
        })
      }}
    >
      <label className="switch">
        <input type="checkbox" role="switch" checked={on} onChange={(e) => setOn(e.target.checked)} />
        <span>Quiet hours</span>
      </label>
      {hourSelect('fromHour', 'From')}
      {hourSelect('toHour', 'Until')}
      <button type="submit" className="button button-small button-primary" disabled={busy || unchanged}>
        Save
      </button>
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}
