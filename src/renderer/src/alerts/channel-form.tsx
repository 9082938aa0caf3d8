import { useState, type ReactNode } from 'react'
import type { AlertSeverity, PushChannelKind, PushChannelTarget } from '../../../shared/contract/alerts.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import { channelKinds, channelKindWords, severityOrder, severityWords } from './alert-words.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/** What each kind asks for: its fields, in the words of the service's own docs. */
type FieldSpec = { key: string; label: string; placeholder: string; secret: boolean; optional?: boolean }

const kindFields: Record<PushChannelKind, FieldSpec[]> = {
  ntfy: [
    { key: 'topicUrl', label: 'Topic URL', placeholder: 'https://ntfy.sh/my-rig-alerts', secret: false },
    { key: 'token', label: 'Access token', placeholder: 'tk_…', secret: true, optional: true },
  ],
  telegram: [
    { key: 'botToken', label: 'Bot token', placeholder: '123456:ABC-DEF…', secret: true },
    { key: 'chatId', label: 'Chat id', placeholder: '-1001234567890', secret: false },
  ],
  discord: [{ key: 'webhookUrl', label: 'Webhook URL', placeholder: 'https://discord.com/api/webhooks/…', secret: false }],
  webhook: [{ key: 'url', label: 'Webhook URL', placeholder: 'https://hooks.slack.com/services/…', secret: false }],
}

type Draft = { kind: PushChannelKind; fields: Record<string, string>; label: string; minSeverity: AlertSeverity }

const emptyDraft: Draft = { kind: 'ntfy', fields: {}, label: '', minSeverity: 'warning' }

type Outcome = { tone: 'ok'; text: string } | { tone: 'error'; error: DeskErrorInfo } | null

/** The target as the contract spells it; an empty optional field is left out. */
function targetOf(draft: Draft): PushChannelTarget {
  const value = (key: string): string => (draft.fields[key] ?? '').trim()
  switch (draft.kind) {
    case 'ntfy':
      return { kind: 'ntfy', topicUrl: value('topicUrl'), ...(value('token') === '' ? {} : { token: value('token') }) }
    case 'telegram':
      return { kind: 'telegram', botToken: value('botToken'), chatId: value('chatId') }
    case 'discord':
      return { kind: 'discord', webhookUrl: value('webhookUrl') }
    case 'webhook':
      return { kind: 'webhook', url: value('url') }
  }
}

/**
 * "Add a push channel": the kind's own fields, a name and the least severity it hears of. "Send
 * test" sends one message through the draft without saving it; core checks everything and keeps
 * the address and token in the secret store.
 */
export function ChannelForm(): ReactNode {
  const add = useDesk((s) => s.addAlertChannel)
  const test = useDesk((s) => s.testAlertChannel)
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [busy, setBusy] = useState(false)
  const specs = kindFields[draft.kind]
  const complete = specs.every((f) => f.optional === true || (draft.fields[f.key] ?? '').trim() !== '')
  const error = outcome?.tone === 'error' ? outcome.error : null
  const fieldError = (key: string): string | null => errorFor(error, `target.${key}`) ?? errorFor(error, key)
  const run = async (work: () => Promise<Outcome>): Promise<void> => {
    setBusy(true)
    setOutcome(await work())
    setBusy(false)
  }
  const sendTest = (): Promise<void> =>
    run(async () => {
      const result = await test({ target: targetOf(draft) })
      if (!result.ok) return { tone: 'error', error: result.error }
      return result.value.ok ? { tone: 'ok', text: result.value.message } : { tone: 'error', error: { code: 'upstream', message: result.value.message, retryable: true } }
    })
  const save = (): Promise<void> =>
    run(async () => {
      const failure = await add({ label: draft.label.trim(), minSeverity: draft.minSeverity, target: targetOf(draft) })
      if (failure) return { tone: 'error', error: failure }
      setDraft(emptyDraft)
      return { tone: 'ok', text: `${draft.label.trim()} added: alerts of ${severityWords[draft.minSeverity].toLowerCase()} and worse are pushed to it.` }
    })
  const known = specs.some((f) => fieldError(f.key) !== null) || errorFor(error, 'label') !== null

  return (
    <form
      className="channel-form"
      aria-label="Add a push channel"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <label className="field">
        <span>Kind</span>
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: channelKinds.find((k) => k === e.target.value) ?? 'ntfy', fields: {} })}>
          {channelKinds.map((kind) => (
            <option key={kind} value={kind}>
              {channelKindWords[kind]}
            </option>
          ))}
        </select>
      </label>
      {specs.map((spec) => (
        <label key={`${draft.kind}-${spec.key}`} className="field">
          <span>
            {spec.label}
            {spec.optional === true && <span className="detail"> (if the topic is protected)</span>}
          </span>
          <input
            type={spec.secret ? 'password' : 'text'}
            autoComplete="off"
            spellCheck={false}
            value={draft.fields[spec.key] ?? ''}
            placeholder={spec.placeholder}
            aria-invalid={fieldError(spec.key) !== null}
            onChange={(e) => setDraft({ ...draft, fields: { ...draft.fields, [spec.key]: e.target.value } })}
          />
          <FieldError text={fieldError(spec.key)} />
        </label>
      ))}
      <label className="field">
        <span>Name</span>
        <input value={draft.label} placeholder="My phone" aria-invalid={errorFor(error, 'label') !== null} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
        <FieldError text={errorFor(error, 'label')} />
      </label>
      <label className="field">
        <span>Push alerts of</span>
        <select value={draft.minSeverity} onChange={(e) => setDraft({ ...draft, minSeverity: severityOrder.find((v) => v === e.target.value) ?? 'warning' })}>
          {severityOrder.map((severity) => (
            <option key={severity} value={severity}>
              {severityWords[severity]} and worse
            </option>
          ))}
        </select>
      </label>
      <div className="form-actions">
        <button type="button" className="button" disabled={busy || !complete} onClick={() => void sendTest()}>
          Send test
        </button>
        <button type="submit" className="button button-primary" disabled={busy || !complete || draft.label.trim() === ''}>
          Add channel
        </button>
        <span className="detail">The address and token are kept in the secret store, never in settings or backups.</span>
      </div>
      {outcome?.tone === 'ok' && (
        <p className="form-outcome" role="status" data-testid="channel-outcome">
          {outcome.text}
        </p>
      )}
      {error && !known && (
        <p className="inline-error" role="alert" data-testid="channel-outcome">
          {error.message}
        </p>
      )}
    </form>
  )
}
