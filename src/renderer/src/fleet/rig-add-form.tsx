import { useId, useState, type ReactNode } from 'react'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'
import { splitPastedAddress } from './fleet-words.ts'

type Draft = { name: string; url: string; token: string }

const emptyDraft: Draft = { name: '', url: '', token: '' }
const fields = ['name', 'url', 'token']

/**
 * "Watch a rig": its name, its agent's address and its token. Core checks that the agent answers
 * and accepts the token before saving anything; its refusal shows beside the field it names, and
 * what was typed stays.
 */
export function RigAddForm(): ReactNode {
  const addRig = useDesk((s) => s.addRig)
  const error = useDesk((s) => s.fleetAddError)
  const clearError = useDesk((s) => s.clearFleetAddError)
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [showToken, setShowToken] = useState(false)
  const [outcome, setOutcome] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = { name: useId(), url: useId(), token: useId() }
  const edit = (patch: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    if (error !== null) clearError()
    setOutcome(null)
  }
  const editUrl = (text: string): void => {
    // The address the agent prints carries its token after '#token=': that part belongs in the hidden field.
    const pasted = splitPastedAddress(text)
    if (pasted.token === null) edit({ url: text })
    else {
      edit({ url: pasted.url, token: pasted.token })
      setOutcome('The token in that address was moved to the token field.')
    }
  }
  const add = async (): Promise<void> => {
    setBusy(true)
    setOutcome(null)
    const token = draft.token.trim()
    const failure = await addRig({ name: draft.name, url: draft.url, token: token === '' ? null : token })
    setBusy(false)
    if (failure) return
    setOutcome(`${draft.name.trim()} added: its card is above, connecting.`)
    setDraft(emptyDraft)
    setShowToken(false)
  }
  const invalid = (field: string): boolean => errorFor(error, field) !== null
  return (
    <form
      className="rig-add-form"
      aria-label="Watch a rig"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={draft.name} maxLength={60} placeholder="rig-01" onChange={(e) => edit({ name: e.target.value })} aria-invalid={invalid('name')} autoComplete="off" />
        <FieldError text={errorFor(error, 'name')} />
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Agent address</label>
        <input
          id={ids.url}
          value={draft.url}
          maxLength={300}
          placeholder="http://rig-01.lan:7420"
          onChange={(e) => editUrl(e.target.value)}
          aria-invalid={invalid('url')}
          aria-describedby={`${ids.url}-hint`}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
        <span id={`${ids.url}-hint`} className="detail">
          As the agent printed it; a pasted <code>#token=…</code> fills the token.
        </span>
        <FieldError text={errorFor(error, 'url')} />
      </div>
      <div className="field">
        <label htmlFor={ids.token}>Token</label>
        <span className="rig-token">
          <input
            id={ids.token}
            type={showToken ? 'text' : 'password'}
            value={draft.token}
            maxLength={200}
            onChange={(e) => edit({ token: e.target.value })}
            aria-invalid={invalid('token')}
            aria-describedby={`${ids.token}-hint`}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="button" className="button button-small button-quiet" aria-pressed={showToken} onClick={() => setShowToken((shown) => !shown)}>
            {showToken ? 'Hide' : 'Show'}
            <span className="sr-only"> token</span>
          </button>
        </span>
        <span id={`${ids.token}-hint`} className="detail">
          From <code>agent-token</code> in the rig’s data directory; kept in this machine’s secret store.
        </span>
        <FieldError text={errorFor(error, 'token')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || draft.name.trim() === '' || draft.url.trim() === ''}>
          {busy ? 'Checking…' : 'Add rig'}
        </button>
        <span className="detail">Core checks that the agent answers and accepts the token before saving anything.</span>
      </div>
      <FieldError text={error && !fields.includes(error.field ?? '') ? error.message : null} />
      {outcome && (
        <p className="form-outcome" role="status" data-testid="rig-added">
          {outcome}
        </p>
      )}
    </form>
  )
}
