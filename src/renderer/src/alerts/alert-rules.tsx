import { useState, type ReactNode } from 'react'
import type { AlertRuleInfo, RuleThreshold } from '../../../shared/contract/alerts.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import { severityWords } from './alert-words.ts'
import { formatClock } from '../common/format.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * One row per rule: what it watches (one line), on or off, and each threshold with its unit and
 * bounds beside the figure the rule watches now, so the operator sees how close things are.
 */
export function AlertRules(): ReactNode {
  const rules = useDesk((s) => s.alertRules)
  const error = useDesk((s) => s.alertRulesError)
  const networks = useDesk((s) => s.networks)
  return (
    <article className="card settings-card" aria-labelledby="alert-rules-heading">
      <h3 id="alert-rules-heading">Rules</h3>
      {error && (
        <p className="inline-error" role="alert">
          {rules ? `Showing the rules as last read: ${error}` : `Could not read the rules: ${error}`}
        </p>
      )}
      {!rules && !error && <p className="empty">Reading the rules…</p>}
      {rules && (
        <>
          <ul className="rule-rows" aria-label="Alert rules">
            {rules.items.map((rule) => (
              // A saved change starts the row afresh from what core kept.
              <RuleRow key={`${rule.id}:${JSON.stringify(rule.thresholds.map((t) => t.value))}`} rule={rule} networkName={networks.find((n) => n.id === rule.network)?.name ?? rule.network} />
            ))}
          </ul>
          <p className="provenance">current figures from core · read at {formatClock(rules.at)}</p>
        </>
      )}
    </article>
  )
}

function RuleRow({ rule, networkName }: { rule: AlertRuleInfo; networkName: string | null }): ReactNode {
  const save = useDesk((s) => s.saveAlertRules)
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(rule.thresholds.map((t) => [t.key, String(t.value)])))
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const changed = rule.thresholds.some((t) => drafts[t.key] !== String(t.value))
  const numbers = Object.fromEntries(rule.thresholds.map((t) => [t.key, Number(drafts[t.key])]))
  const valid = Object.values(numbers).every((n) => Number.isFinite(n)) && rule.thresholds.every((t) => drafts[t.key]?.trim() !== '')
  const run = async (change: Parameters<typeof save>[0]): Promise<void> => {
    setBusy(true)
    setError(await save(change))
    setBusy(false)
  }
  const headingId = `rule-${rule.id.replace('.', '-')}`
  return (
    <li className={`rule-row${rule.enabled ? '' : ' rule-off'}`} data-testid="rule-row" data-rule={rule.id} aria-labelledby={headingId}>
      <div className="rule-head">
        <h4 id={headingId}>{rule.name}</h4>
        <span className={`pill pill-${rule.severity}`}>{severityWords[rule.severity]}</span>
        {networkName && <span className="pill">{networkName}</span>}
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={rule.enabled}
            disabled={busy}
            aria-label={`${rule.name} enabled`}
            onChange={(e) => void run({ rules: { [rule.id]: { enabled: e.target.checked } } })}
          />
          <span>{rule.enabled ? 'On' : 'Off'}</span>
        </label>
      </div>
      <p className="detail">{rule.explanation}</p>
      <p className="rule-current" data-testid="rule-current">
        Now: {rule.current ?? 'nothing to judge yet'}
      </p>
      {rule.thresholds.length > 0 && (
        <form
          className="rule-thresholds"
          aria-label={`${rule.name} thresholds`}
          onSubmit={(event) => {
            event.preventDefault()
            void run({ rules: { [rule.id]: { thresholds: numbers } } })
          }}
        >
          {rule.thresholds.map((t) => (
            <ThresholdField key={t.key} threshold={t} value={drafts[t.key] ?? ''} error={errorFor(error, `rules.${rule.id}.thresholds.${t.key}`)} onChange={(value) => setDrafts({ ...drafts, [t.key]: value })} />
          ))}
          <div className="form-actions">
            <button type="submit" className="button button-small button-primary" disabled={busy || !changed || !valid}>
              Save
            </button>
            {changed && (
              <button type="button" className="button button-small button-quiet" onClick={() => setDrafts(Object.fromEntries(rule.thresholds.map((t) => [t.key, String(t.value)])))}>
                Undo
              </button>
            )}
          </div>
        </form>
      )}
      {error && !rule.thresholds.some((t) => errorFor(error, `rules.${rule.id}.thresholds.${t.key}`) !== null) && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
    </li>
  )
}

function ThresholdField({ threshold, value, error, onChange }: { threshold: RuleThreshold; value: string; error: string | null; onChange: (value: string) => void }): ReactNode {
  const { label, unit, min, max } = threshold
  return (
    <label className="field threshold-field">
      <span>
        {label} ({unit})
      </span>
      <input type="number" inputMode="decimal" min={min} max={max} step="any" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error !== null} />
      <span className="detail">
        {min}–{max} {unit} · default {threshold.default}
      </span>
      <FieldError text={error} />
    </label>
  )
}
