import { useId, useState, type ReactNode } from 'react'
import type { ProfitSettings } from '../../../shared/contract/profit.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { NetworkId, NetworkInfo } from '../../../shared/contract/wallets.ts'
import { powerDevices } from './profit-words.ts'
import { viewHashes } from '../app/route.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

type Network = { id: NetworkId; name: string }

type Mode = ProfitSettings['mode']

type AttributionDraft = { mode: Mode; devices: Record<string, NetworkId>; shares: Record<NetworkId, string>; idle: string }

const modeChoices: { mode: Mode; label: string; explanation: string }[] = [
  { mode: 'manual', label: 'Manual shares', explanation: "The devices and shares below split the machine's watts between networks." },
  {
    mode: 'nodes',
    label: 'By node (measured)',
    explanation: "Each watched node's GPUs and its part of the CPU's watts (by CPU time) go to its network; the devices and shares below split only what no node accounts for.",
  },
]

const toDraft = (s: ProfitSettings): AttributionDraft => ({
  mode: s.mode,
  devices: { ...s.devices },
  shares: Object.fromEntries(Object.entries(s.shares).map(([n, w]) => [n, String(w)])),
  idle: s.idleBaselineWatts === null ? '' : String(s.idleBaselineWatts),
})

const refused = (field: string, message: string): DeskErrorInfo => ({ code: 'invalid-input', message, field, retryable: false })

/** A typed number, or why it is not one; blank is "not given". */
function numberOf(text: string): number | null | undefined {
  const typed = text.trim()
  if (typed === '') return null
  return /^\d+(\.\d+)?$/.test(typed) ? Number(typed) : undefined
}

/**
 * Which network each GPU or power device serves, how the rest of the machine's watts are shared,
 * and the idle baseline for hardware already owned. Devices come from the latest hardware sample.
 */
export function AttributionForm({ networks }: { networks: readonly Network[] }): ReactNode {
  const saved = useDesk((s) => s.profitSettings)
  const [outcome, setOutcome] = useState(false)
  if (!saved) return null
  const key = JSON.stringify([saved.mode, saved.devices, saved.shares, saved.idleBaselineWatts])
  return (
    <article className="card settings-card" aria-labelledby="attribution-heading">
      <h3 id="attribution-heading">Power attribution</h3>
      <AttributionEditor key={key} saved={saved} networks={networks} onSaved={setOutcome} />
      {outcome && (
        <p className="form-outcome" role="status" data-testid="attribution-saved">
          Saved: each network's electricity follows it.
        </p>
      )}
    </article>
  )
}

function AttributionEditor({ saved, networks, onSaved }: { saved: ProfitSettings; networks: readonly Network[]; onSaved: (ok: boolean) => void }): ReactNode {
  const latest = useDesk((s) => s.latest)
  const known = useDesk((s) => s.networks)
  const setAttribution = useDesk((s) => s.setAttribution)
  const [draft, setDraft] = useState(() => toDraft(saved))
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const idleId = useId()
  const devices = powerDevices(latest, saved.devices)
  const choices = networkChoices(networks, known)
  const edit = (patch: Partial<AttributionDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }))
    setError(null)
    onSaved(false)
  }
  const save = async (): Promise<void> => {
    const shares: Record<NetworkId, number> = {}
    for (const [network, text] of Object.entries(draft.shares)) {
      const weight = numberOf(text)
      if (weight === undefined) {
        setError(refused(`shares.${network}`, 'a share is a weight like 1 or 0.5; leave it blank to split evenly'))
        return
      }
      if (weight !== null) shares[network] = weight
    }
    const idle = numberOf(draft.idle)
    if (idle === undefined) {
      setError(refused('idleBaselineWatts', 'the idle baseline is in watts, e.g. 80'))
      return
    }
    setBusy(true)
    const failure = await setAttribution({ mode: draft.mode, devices: draft.devices, shares, idleBaselineWatts: idle })
    setBusy(false)
    setError(failure)
    onSaved(failure === null)
  }
  const shown = (field: string | undefined): boolean => field === 'idleBaselineWatts' || field === 'mode' || /^(devices|shares)\./.test(field ?? '')
  return (
    <form
      className="attribution-form"
      aria-label="Power attribution"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <ModeChoice mode={draft.mode} error={errorFor(error, 'mode')} choose={(mode) => edit({ mode })} />
      <div className="field-wide attribution-devices">
        <span className="field-title">Devices</span>
        {devices.length === 0 ? (
          <span className="detail">No GPU or power meter in the latest hardware sample: the machine's watts are shared as below.</span>
        ) : (
          <ul className="device-list">
            {devices.map((device) => (
              <li key={device.id} className="device-row">
                <label className="field">
                  <span>Network for {device.label}</span>
                  <select
                    value={draft.devices[device.id] ?? ''}
                    onChange={(e) => {
                      const others = Object.entries(draft.devices).filter(([id]) => id !== device.id)
                      edit({ devices: Object.fromEntries(e.target.value === '' ? others : [...others, [device.id, e.target.value]]) })
                    }}
                    aria-invalid={errorFor(error, `devices.${device.id}`) !== null}
                  >
                    <option value="">Shared (split as below)</option>
                    {choices.map((n) => (
                      <option key={n.id} value={n.id}>
                        {n.name}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="detail" title={device.id}>
                  {device.detail}
                </span>
                <FieldError text={errorFor(error, `devices.${device.id}`)} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="field-wide attribution-shares">
        <span className="field-title">Shares of the rest</span>
        <span className="detail">Weights for the watts no device above accounts for; all blank: split evenly among the networks with wallets.</span>
        <div className="share-fields">
          {networks.map((n) => (
            <label key={n.id} className="field">
              <span>Share of {n.name}</span>
              <input
                value={draft.shares[n.id] ?? ''}
                onChange={(e) => edit({ shares: { ...draft.shares, [n.id]: e.target.value } })}
                inputMode="decimal"
                placeholder="even"
                aria-invalid={errorFor(error, `shares.${n.id}`) !== null}
              />
              <FieldError text={errorFor(error, `shares.${n.id}`)} />
            </label>
          ))}
        </div>
      </div>
      <div className="field">
        <label htmlFor={idleId}>Idle baseline (W)</label>
        <input
          id={idleId}
          value={draft.idle}
          onChange={(e) => edit({ idle: e.target.value })}
          inputMode="decimal"
          placeholder="e.g. 80"
          aria-describedby={`${idleId}-hint`}
          aria-invalid={errorFor(error, 'idleBaselineWatts') !== null}
        />
        <span id={`${idleId}-hint`} className="detail">
          The machine's draw doing nothing; hardware you already own is charged only above it.
        </span>
        <FieldError text={errorFor(error, 'idleBaselineWatts')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Save attribution
        </button>
      </div>
      <FieldError text={error && !shown(error.field) ? error.message : null} />
    </form>
  )
}

/** The networks a device can serve: those with wallets first, then every other network core knows. */
function networkChoices(networks: readonly Network[], known: readonly NetworkInfo[]): Network[] {
  return [...networks, ...known.filter((k) => !networks.some((n) => n.id === k.id)).map((k) => ({ id: k.id, name: k.name }))]
}

/** Manual shares, or each watched node's measured watts first; one line says what the chosen mode does. */
function ModeChoice({ mode, error, choose }: { mode: Mode; error: string | null; choose: (mode: Mode) => void }): ReactNode {
  const watched = useDesk((s) => s.nodes?.nodes.filter((n) => n.confirmed).length ?? null)
  const explanationId = useId()
  const chosen = modeChoices.find((c) => c.mode === mode) ?? modeChoices[0]
  return (
    <fieldset className="field-wide attribution-mode" aria-describedby={explanationId}>
      <legend className="field-title">Attribution</legend>
      <div className="mode-choices">
        {modeChoices.map((choice) => (
          <label key={choice.mode} className="mode-choice">
            <input type="radio" name={`${explanationId}-mode`} value={choice.mode} checked={mode === choice.mode} onChange={() => choose(choice.mode)} />
            {choice.label}
          </label>
        ))}
      </div>
      <span id={explanationId} className="detail" data-testid="attribution-mode-explanation">
        {chosen?.explanation}
        {mode === 'nodes' && watched === 0 && (
          <>
            {' '}
            No node is watched yet: confirm yours on the <a href={viewHashes.nodes}>Nodes tab</a>.
          </>
        )}
      </span>
      <FieldError text={error} />
    </fieldset>
  )
}
