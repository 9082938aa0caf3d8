import { useState, type ReactNode } from 'react'
import type { PlugSetting } from '../../../shared/contract/plugs.ts'
import { ConfirmRemove } from '../common/confirm-remove.tsx'
import { useDesk } from '../common/store-context.tsx'

/** The saved plugs; removing one asks once more, since its token goes with it. */
export function PlugList(): ReactNode {
  const plugs = useDesk((s) => s.plugs)
  const kinds = useDesk((s) => s.plugKinds)
  if (plugs.length === 0) return <p className="detail">No smart plug yet. A plug at the wall measures what the whole machine draws, PSU losses included.</p>
  const kindLabel = (kind: string): string => kinds.find((k) => k.kind === kind)?.label ?? kind
  return (
    <ul className="plug-list" aria-label="Smart plugs">
      {plugs.map((plug) => (
        <PlugRow key={plug.id} plug={plug} kindLabel={kindLabel(plug.kind)} />
      ))}
    </ul>
  )
}

function PlugRow({ plug, kindLabel }: { plug: PlugSetting; kindLabel: string }): ReactNode {
  const removePlug = useDesk((s) => s.removePlug)
  const [error, setError] = useState<string | null>(null)
  const target = plug.entityId ?? `outlet ${plug.channel}`
  return (
    <li className="plug-row">
      <div>
        <strong>{plug.label}</strong> <span className="detail">{kindLabel}</span>
        <p className="detail">
          {plug.address} · {target} · measures {plug.scope === 'wall' ? 'the whole machine' : 'one part'} · every {plug.pollMs / 1000} s
          {plug.hasSecret && ' · token saved'}
        </p>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <ConfirmRemove label={plug.label} question={`Remove ${plug.label}?`} className="plug-confirm" remove={() => removePlug(plug.id)} onOutcome={setError} />
    </li>
  )
}
