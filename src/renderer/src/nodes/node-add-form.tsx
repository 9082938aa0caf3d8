import { useId, useState, type ReactNode } from 'react'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import { matchField, matchKinds, matchOf, type MatchKind } from './node-words.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/** `network` null: the first network core lists. */
type Draft = { name: string; network: NetworkId | null; kind: MatchKind; value: string }

const emptyDraft: Draft = { name: '', network: null, kind: 'process', value: '' }

/**
 * "Add a node by hand": a name, its network, and how core recognises it. Every check is core's;
 * its refusal shows beside the field it names.
 */
export function NodeAddForm(): ReactNode {
  const networks = useDesk((s) => s.networks)
  const addNode = useDesk((s) => s.addNode)
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [added, setAdded] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = { name: useId(), network: useId(), kind: useId(), value: useId() }
  if (networks.length === 0) return <p className="empty">Waiting for the networks core knows…</p>
  const network = draft.network ?? networks[0]?.id ?? ''
  const kind = matchKinds.find((k) => k.kind === draft.kind) ?? matchKinds[0]
  const valueField = matchField(draft.kind)
  const edit = (patch: Partial<Draft>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    setError(null)
    setAdded(null)
  }
  const add = async (): Promise<void> => {
    setBusy(true)
    const failure = await addNode({ name: draft.name, network, match: matchOf(draft.kind, draft.value) })
    setBusy(false)
    setError(failure)
    if (failure) return
    setAdded(draft.name.trim())
    setDraft(emptyDraft)
  }
  // Core names the match's own key ("match.pattern"); a refusal of the match as a whole shows beside the value too.
  const valueError = errorFor(error, valueField) ?? errorFor(error, 'match') ?? errorFor(error, 'match.kind')
  const shown = ['name', 'network', valueField, 'match', 'match.kind']
  return (
    <form
      className="node-add-form"
      aria-label="Add a node by hand"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={draft.name} maxLength={60} placeholder="Subnet 19 miner" onChange={(e) => edit({ name: e.target.value })} aria-invalid={errorFor(error, 'name') !== null} />
        <FieldError text={errorFor(error, 'name')} />
      </div>
      <div className="field">
        <label htmlFor={ids.network}>Network</label>
        <select id={ids.network} value={network} onChange={(e) => edit({ network: e.target.value })} aria-invalid={errorFor(error, 'network') !== null}>
          {networks.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <FieldError text={errorFor(error, 'network')} />
      </div>
      <div className="field">
        <label htmlFor={ids.kind}>Recognise it by</label>
        <select id={ids.kind} value={draft.kind} onChange={(e) => edit({ kind: matchKinds.find((k) => k.kind === e.target.value)?.kind ?? 'process', value: '' })}>
          {matchKinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-wide">
        <label htmlFor={ids.value}>{kind.valueLabel}</label>
        <input
          id={ids.value}
          className="node-match-value"
          value={draft.value}
          placeholder={kind.placeholder}
          onChange={(e) => edit({ value: e.target.value })}
          aria-describedby={`${ids.value}-hint`}
          aria-invalid={valueError !== null}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
        />
        <span id={`${ids.value}-hint`} className="detail">
          {kind.hint}
        </span>
        <FieldError text={valueError} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || draft.name.trim() === '' || draft.value.trim() === ''}>
          Add node
        </button>
        <span className="detail">Core looks for it on its next scan; nothing is sent anywhere.</span>
      </div>
      <FieldError text={error && !shown.includes(error.field ?? '') ? error.message : null} />
      {added && (
        <p className="form-outcome" role="status" data-testid="node-added">
          {added} added: its card is above, with its state from the next scan.
        </p>
      )}
    </form>
  )
}
