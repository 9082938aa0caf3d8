import { useState, type ReactNode } from 'react'
import type { SnoozeRequest } from '../../../shared/contract/alerts.ts'
import { snoozeChoices } from './alert-words.ts'
import { useDesk } from '../common/store-context.tsx'

/** A scope the control offers, with its name in words ("this alert", "all Grass alerts"). */
export type SnoozeScope = { label: string; request: (minutes: number) => SnoozeRequest }

/**
 * "Snooze": opens to a choice of scope (when there is more than one) and 1 h / 8 h / 24 h.
 * Core holds the snooze; the alert stays open and listed, only notifications wait.
 */
export function SnoozeControl({ scopes, label, onOutcome }: { scopes: SnoozeScope[]; label: string; onOutcome: (error: string | null) => void }): ReactNode {
  const snooze = useDesk((s) => s.snoozeAlerts)
  const [opened, setOpened] = useState(false)
  const [scopeIndex, setScopeIndex] = useState(0)
  const [busy, setBusy] = useState(false)
  const scope = scopes[scopeIndex] ?? scopes[0]
  if (!opened || !scope) {
    return (
      <button type="button" className="button button-small" aria-label={label} onClick={() => setOpened(true)}>
        {label}
      </button>
    )
  }
  const choose = async (minutes: number): Promise<void> => {
    setBusy(true)
    const failure = await snooze(scope.request(minutes))
    setBusy(false)
    setOpened(false)
    onOutcome(failure?.message ?? null)
  }
  return (
    <span className="snooze-choices" role="group" aria-label={label}>
      {scopes.length > 1 ? (
        <select aria-label="What to snooze" value={scopeIndex} onChange={(e) => setScopeIndex(Number(e.target.value))}>
          {scopes.map((s, i) => (
            <option key={s.label} value={i}>
              {s.label}
            </option>
          ))}
        </select>
      ) : (
        <span className="detail">{scope.label} for</span>
      )}
      {snoozeChoices.map(({ minutes, label: length }) => (
        <button key={minutes} type="button" className="button button-small" disabled={busy} aria-label={`Snooze ${scope.label} for ${length}`} onClick={() => void choose(minutes)}>
          {length}
        </button>
      ))}
      <button type="button" className="button button-small button-quiet" onClick={() => setOpened(false)}>
        Cancel
      </button>
    </span>
  )
}
