import { useId, useState, type ReactNode } from 'react'
import type { NodeView } from '../../../shared/contract/nodes.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { NodeStateBadge } from './node-state-badge.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * A node a scan found and the operator has not answered for: what was found and where, a name
 * (core's suggestion, editable), Confirm and "Not mine".
 */
export function FoundNode({ node }: { node: NodeView }): ReactNode {
  const confirm = useDesk((s) => s.confirmNode)
  const dismiss = useDesk((s) => s.dismissNode)
  const [name, setName] = useState(node.name)
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const nameId = useId()
  const headingId = `found-${node.id}`
  const run = async (work: () => Promise<DeskErrorInfo | null>): Promise<void> => {
    setBusy(true)
    setError(await work())
    setBusy(false)
  }
  return (
    <li className="card found-node" aria-labelledby={headingId} data-testid="found-node" data-node={node.id}>
      <div className="node-head">
        <h3 id={headingId}>
          {node.software} <span className="detail">for {node.networkName}</span>
        </h3>
        <NodeStateBadge state={node.state} />
      </div>
      <p className="detail node-where">Found: {node.where}</p>
      <form
        className="found-form"
        aria-label={`Confirm ${node.software}, found: ${node.where}`}
        onSubmit={(event) => {
          event.preventDefault()
          void run(() => confirm(node.id, name))
        }}
      >
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} aria-invalid={errorFor(error, 'name') !== null} />
          <FieldError text={errorFor(error, 'name')} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || name.trim() === ''}>
            Confirm
          </button>
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => void run(() => dismiss(node.id))} title="Never offer it again">
            Not mine
          </button>
        </div>
        <FieldError text={error && error.field !== 'name' ? error.message : null} />
      </form>
    </li>
  )
}
