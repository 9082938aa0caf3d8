import { useEffect, type ReactNode } from 'react'
import { viewHashes } from '../app/route.ts'
import { useDesk } from '../common/store-context.tsx'
import { FoundNode } from '../nodes/found-node.tsx'
import { NodeStateBadge } from '../nodes/node-state-badge.tsx'

/** Core scans on its own cadence; the step asks again at most this often while it is shown. */
const minimumAskMs = 2000

/**
 * Step 6: the node software core's scan found on this machine, each to confirm (nodes.confirm) or
 * wave off, and those already watched. The Nodes view's own cards.
 */
export function NodesStep({ active }: { active: boolean }): ReactNode {
  const load = useDesk((s) => s.loadNodes)
  const everyMs = useDesk((s) => s.nodesScanIntervalMs)
  const nodes = useDesk((s) => s.nodes)
  useEffect(() => {
    if (!active) return
    void load()
    const timer = setInterval(() => void load(), Math.max(minimumAskMs, everyMs))
    return () => clearInterval(timer)
  }, [active, load, everyMs])
  if (nodes === null) return <p className="empty">Waiting for core's scan of this machine…</p>
  const found = nodes.nodes.filter((n) => !n.confirmed)
  const watched = nodes.nodes.filter((n) => n.confirmed)
  return (
    <>
      {found.length > 0 && (
        <ul className="node-cards" aria-label="Found nodes">
          {found.map((node) => (
            <FoundNode key={node.id} node={node} />
          ))}
        </ul>
      )}
      {watched.length > 0 && (
        <ul className="wizard-checklist" aria-label="Watched nodes">
          {watched.map((node) => (
            <li key={node.id}>
              <span className="wizard-checklist-text">
                <strong>{node.name}</strong> <span className="detail">{node.software} for {node.networkName}</span>
              </span>
              <NodeStateBadge state={node.state} />
            </li>
          ))}
        </ul>
      )}
      {nodes.nodes.length === 0 && (
        <p className="empty" data-testid="setup-nodes-empty">
          {nodes.scannedAt === null
            ? 'Core has not scanned this machine yet; its first scan comes within seconds.'
            : 'No node software found on this machine. That is fine for wallets whose node runs elsewhere.'}
        </p>
      )}
      <p className="detail">
        Node software core does not recognise can be added by hand in <a href={viewHashes.nodes}>Nodes</a>.
      </p>
    </>
  )
}
