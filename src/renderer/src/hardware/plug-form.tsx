import { useState, type ReactNode } from 'react'
import type { PlugKindInfo } from '../../../shared/contract/plugs.ts'
import { formatWatts } from '../common/format.ts'
import { useDesk } from '../common/store-context.tsx'

type Draft = { kind: string; address: string; channel: string; entityId: string; secret: string; label: string; scope: 'wall' | 'component' }

type Outcome = { tone: 'ok' | 'error'; text: string; field?: string | undefined } | null

const emptyDraft: Draft = { kind: '', address: '', channel: '0', entityId: '', secret: '', label: '', scope: 'wall' }

/** "Add a plug": every check is core's; the form shows what core said, next to the field it named. */
export function PlugForm(): ReactNode {
  const kinds = useDesk((s) => s.plugKinds)
  const testPlug = useDesk((s) => s.testPlug)
  const addPlug = useDesk((s) => s.addPlug)
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [outcome, setOutcome] = useState<Outcome>(null)
  const [busy, setBusy] = useState(false)
  if (kinds.length === 0) return null
  const kind: PlugKindInfo = kinds.find((k) => k.kind === draft.kind) ?? (kinds[0] as PlugKindInfo)
  const set = (field: keyof Draft) => (value: string) => setDraft({ ...draft, [field]: value })

  const device = {
    kind: kind.kind,
    address: draft.address,
    ...(kind.target === 'channel' ? { channel: Number(draft.channel) } : { entityId: draft.entityId }),
    ...(kind.secret !== 'none' && draft.secret !== '' ? { secret: draft.secret } : {}),
  }
  const run = async (work: () => Promise<Outcome>): Promise<void> => {
    setBusy(true)
    setOutcome(await work())
    setBusy(false)
  }
  const test = (): Promise<void> =>
    run(async () => {
      const result = await testPlug(device)
      if (!result.ok) return { tone: 'error', text: result.error.message, field: result.error.field }
      const { model, name, watts } = result.value
      return { tone: 'ok', text: `Found ${model}${name ? ` (${name})` : ''}, drawing ${watts === null ? 'an unknown amount' : formatWatts(watts)} now.` }
    })
  const add = (): Promise<void> =>
    run(async () => {
      const failure = await addPlug({ ...device, label: draft.label, scope: draft.scope })
      if (failure) return { tone: 'error', text: failure.message, field: failure.field }
      setDraft(emptyDraft)
      return { tone: 'ok', text: `${draft.label} added; its first reading comes within seconds.` }
    })
  const invalid = (field: string): boolean => outcome?.tone === 'error' && outcome.field === field

  return (
    <form
      className="plug-form"
      aria-label="Add a smart plug"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <label>
        Kind
        <select value={kind.kind} onChange={(e) => set('kind')(e.target.value)}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Address
        <input value={draft.address} onChange={(e) => set('address')(e.target.value)} placeholder={`192.168.1.20 or plug.local:${kind.defaultPort}`} aria-invalid={invalid('address')} required />
      </label>
      {kind.target === 'channel' ? (
        <label>
          Outlet
          <input type="number" min={0} max={63} value={draft.channel} onChange={(e) => set('channel')(e.target.value)} aria-invalid={invalid('channel')} />
        </label>
      ) : (
        <label>
          Power sensor
          <input value={draft.entityId} onChange={(e) => set('entityId')(e.target.value)} placeholder="sensor.rig_plug_power" aria-invalid={invalid('entityId')} />
        </label>
      )}
      {kind.secret !== 'none' && (
        <label>
          {kind.secretLabel ?? 'Password'}
          {kind.secret === 'optional' && <span className="detail"> (if set)</span>}
          <input type="password" autoComplete="off" value={draft.secret} onChange={(e) => set('secret')(e.target.value)} aria-invalid={invalid('secret')} />
        </label>
      )}
      <label>
        Name
        <input value={draft.label} onChange={(e) => set('label')(e.target.value)} placeholder="Rig plug" aria-invalid={invalid('label')} />
      </label>
      <label>
        It measures
        <select value={draft.scope} onChange={(e) => set('scope')(e.target.value)}>
          <option value="wall">the whole machine (plug at the wall)</option>
          <option value="component">one part of the machine</option>
        </select>
      </label>
      <div className="plug-actions">
        <button type="button" className="button" disabled={busy || draft.address === ''} onClick={() => void test()}>
          Test connection
        </button>
        <button type="submit" className="button button-primary" disabled={busy || draft.address === '' || draft.label.trim() === ''}>
          Add plug
        </button>
      </div>
      {outcome && (
        <p className={outcome.tone === 'ok' ? 'plug-outcome' : 'inline-error'} role={outcome.tone === 'ok' ? 'status' : 'alert'} data-testid="plug-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  )
}
