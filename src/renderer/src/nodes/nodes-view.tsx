import './nodes.css'
import { useEffect, type ReactNode } from 'react'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import { formatClock, freshness, freshnessWords } from '../common/format.ts'
import { machineWords } from './node-words.ts'
import { FoundNode } from './found-node.tsx'
import { NodeAddForm } from './node-add-form.tsx'
import { NodeCard } from './node-card.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useNow } from '../common/use-now.ts'

/** The view asks again once per scan while open, so its figures and their freshness hold whatever core pushes. */
const minimumAskMs = 2000

/**
 * Nodes tab: the DePIN node software on this machine. What a scan found waits for the operator to
 * confirm it; each watched node has a card; one can be added by hand. Core finds, measures and
 * judges every node.
 */
export function NodesView(): ReactNode {
  const load = useDesk((s) => s.loadNodes)
  const everyMs = useDesk((s) => s.nodesScanIntervalMs)
  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), Math.max(minimumAskMs, everyMs))
    return () => clearInterval(timer)
  }, [load, everyMs])
  return (
    <div className="view nodes-view">
      <NodesOverview />
      <FoundNodes />
      <WatchedNodes />
      <section aria-labelledby="add-node-heading">
        <h2 id="add-node-heading">Add a node by hand</h2>
        <p className="detail">For node software core does not recognise, or to watch one by its container, systemd unit or status page.</p>
        <article className="card">
          <NodeAddForm />
        </article>
      </section>
    </div>
  )
}

/** "scanned 12:00:05 · live", "stale since 12:00:05", or not current while the connection is down. */
function useScanWords(snapshot: NodesSnapshot | null): { text: string; stale: boolean } {
  const now = useNow(5000)
  const everyMs = useDesk((s) => s.nodesScanIntervalMs)
  const connected = useDesk((s) => s.connection.status === 'connected')
  if (snapshot?.scannedAt == null) return { text: 'not scanned yet', stale: false }
  const state = freshness(snapshot.scannedAt, now, everyMs, false)
  const down = connected ? '' : ' · not current: the connection to core is down'
  return { text: `scanned by core ${formatClock(snapshot.scannedAt)} · ${freshnessWords(state, snapshot.scannedAt)}${down}`, stale: state === 'stale' || !connected }
}

/** When core last scanned, what this machine is, what the scan could not read, and what to do when nothing is watched. */
function NodesOverview(): ReactNode {
  const nodes = useDesk((s) => s.nodes)
  const error = useDesk((s) => s.nodesError)
  const scan = useScanWords(nodes)
  const nothing = nodes !== null && nodes.nodes.length === 0
  return (
    <section aria-labelledby="nodes-heading">
      <div className="section-head">
        <h2 id="nodes-heading">Nodes</h2>
        {nodes && (
          <p className={`provenance history-updated${scan.stale ? ' provenance-stale' : ''}`} data-testid="nodes-provenance">
            {scan.text}
          </p>
        )}
      </div>
      {error && (
        <p className="inline-warning" role="alert">
          {nodes ? `Showing the last nodes core sent: ${error}` : `Could not read the nodes: ${error}`}
        </p>
      )}
      {!nodes && !error && <p className="empty">Waiting for core's scan of this machine…</p>}
      {nodes && <MachineFacts snapshot={nodes} />}
      {nothing && (
        <p className="empty" data-testid="nodes-empty">
          {nodes.scannedAt === null
            ? 'No node yet: core has not scanned this machine. Its first scan comes within seconds.'
            : 'No node found or watched. Start your node software and the next scan offers it here to confirm, or add it by hand below.'}
        </p>
      )}
    </section>
  )
}

/** Node software a scan recognised, waiting for the operator: shown only while there is some. */
function FoundNodes(): ReactNode {
  const nodes = useDesk((s) => s.nodes)
  const found = nodes?.nodes.filter((n) => !n.confirmed) ?? []
  if (found.length === 0) return null
  return (
    <section aria-labelledby="found-nodes-heading">
      <h2 id="found-nodes-heading">Found on this machine</h2>
      <p className="detail">Node software the scan recognised. Confirm each one that is yours to watch it; "Not mine" hides it for good.</p>
      <ul className="node-cards" aria-label="Found nodes">
        {found.map((node) => (
          <FoundNode key={node.id} node={node} />
        ))}
      </ul>
    </section>
  )
}

/** One card per node the operator confirmed or added. */
function WatchedNodes(): ReactNode {
  const nodes = useDesk((s) => s.nodes)
  const now = useNow(15_000)
  const scan = useScanWords(nodes)
  const watched = nodes?.nodes.filter((n) => n.confirmed) ?? []
  if (!nodes || watched.length === 0) return null
  return (
    <section aria-labelledby="watched-nodes-heading">
      <h2 id="watched-nodes-heading">Watched</h2>
      <ul className="node-cards" aria-label="Watched nodes">
        {watched.map((node) => (
          <NodeCard key={node.id} node={node} now={Math.max(now, nodes.scannedAt ?? 0)} scanWords={scan.text} />
        ))}
      </ul>
    </section>
  )
}

/** What this machine is (it bears on every node's posture), and the parts of the scan that could not be read. */
function MachineFacts({ snapshot }: { snapshot: NodesSnapshot }): ReactNode {
  return (
    <div className="machine-facts">
      <p className="detail machine-line" data-testid="machine-line" data-kind={snapshot.machine.kind}>
        {machineWords(snapshot.machine)}
      </p>
      {snapshot.problems.length > 0 && (
        <div className="inline-warning" data-testid="scan-problems">
          <p>What the scan could not read:</p>
          <ul>
            {snapshot.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
