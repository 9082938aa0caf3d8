import { useState, type ReactNode } from 'react'
import type { NodeResources, NodeView } from '../../../shared/contract/nodes.ts'
import { whenWords } from '../alerts/alert-words.ts'
import { formatBytes, formatPercent, formatRate, formatWatts } from '../common/format.ts'
import { healthWords, matchWords, restartsWords, shortHash, sinceStateWords, wattsProvenance } from './node-words.ts'
import { ConfirmRemove } from '../common/confirm-remove.tsx'
import { NodeStateBadge } from './node-state-badge.tsx'
import { PostureList } from './posture-list.tsx'
import { useDesk } from '../common/store-context.tsx'

/** Shown for a figure core could not read this scan, so a blank never reads as zero. */
const notRead = 'not read'

/**
 * One watched node as core sees it: state and since when, what it uses, what it draws and how that
 * was found, its health endpoint's answer, its posture worst first, and its binary.
 */
export function NodeCard({ node, now, scanWords }: { node: NodeView; now: number; scanWords: string }): ReactNode {
  const removeNode = useDesk((s) => s.removeNode)
  const [error, setError] = useState<string | null>(null)
  const headingId = `node-${node.id}`
  return (
    <li className={`card node-card node-card-${node.state}`} aria-labelledby={headingId} data-testid="node-card" data-node={node.id} data-state={node.state}>
      <div className="node-head">
        <h3 id={headingId}>{node.name}</h3>
        <span className="pill">{node.networkName}</span>
        <NodeStateBadge state={node.state} testId="node-state" />
      </div>
      <p className="detail" data-testid="node-since">
        <span title="as far as core has watched">{sinceStateWords(node, now)}</span> · {restartsWords(node.restarts)}
      </p>
      <p className="detail node-where">
        {node.software} · {node.where}
      </p>
      <ResourceFacts resources={node.resources} container={node.match.kind === 'container'} />
      <dl className="node-facts">
        <div>
          <dt>Power</dt>
          <dd data-testid="node-watts">
            {node.watts ? (
              <>
                {formatWatts(node.watts.watts)} <span className={`pill ${node.watts.measuredWatts > 0 ? 'pill-measured' : 'pill-estimated'}`}>{wattsProvenance(node.watts)}</span>
                <span className="detail node-how">{node.watts.how}</span>
              </>
            ) : (
              <span className="detail">no share of the machine's watts yet (it is not running, or power is not read)</span>
            )}
          </dd>
        </div>
        {node.health && (
          <div>
            <dt>Health</dt>
            <dd data-testid="node-health" data-ok={node.health.ok}>
              <span aria-hidden="true">{node.health.ok ? '✓ ' : '✗ '}</span>
              {healthWords(node.health)}{' '}
              <span className="detail">
                ({node.health.url}, asked {whenWords(node.health.at, now)})
              </span>
            </dd>
          </div>
        )}
      </dl>
      <h4 className="node-subhead">Security posture</h4>
      <PostureList findings={node.posture} nodeName={node.name} />
      <BinaryLine node={node} onError={setError} />
      <div className="node-actions">
        <ConfirmRemove
          label={node.name}
          question={node.software !== 'added by hand' ? `Stop watching ${node.name}? A scan may offer it again.` : `Stop watching ${node.name}?`}
          className="confirm"
          remove={() => removeNode(node.id)}
          onOutcome={setError}
        />
        {error && (
          <span className="inline-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <p className="provenance" title={node.pids.length > 0 ? `pids ${node.pids.join(', ')}` : undefined}>
        {matchWords(node.match)} · {scanWords}
      </p>
    </li>
  )
}

/** CPU, memory, disk and network I/O, and GPUs with their memory; each figure core measured, or "not read". */
function ResourceFacts({ resources, container }: { resources: NodeResources; container: boolean }): ReactNode {
  const { cpuPercent, memoryBytes, diskReadBytesPerSecond: read, diskWriteBytesPerSecond: write, netRxBytesPerSecond: rx, netTxBytesPerSecond: tx } = resources
  const rate = (value: number | null): string => (value === null ? notRead : formatRate(value))
  return (
    <dl className="node-facts" data-testid="node-resources">
      <div>
        <dt>CPU</dt>
        <dd>{cpuPercent === null ? notRead : formatPercent(cpuPercent)}</dd>
      </div>
      <div>
        <dt>Memory</dt>
        <dd>{memoryBytes === null ? notRead : formatBytes(memoryBytes)}</dd>
      </div>
      <div>
        <dt>Disk</dt>
        <dd>{read === null && write === null ? notRead : `read ${rate(read)} · write ${rate(write)}`}</dd>
      </div>
      <div>
        <dt>Network</dt>
        <dd>
          {rx !== null || tx !== null ? `in ${rate(rx)} · out ${rate(tx)}` : container ? notRead : <span className="detail">shares the machine's interfaces (see Hardware)</span>}
        </dd>
      </div>
      <div>
        <dt>GPUs</dt>
        <dd>
          {resources.gpus.length === 0 ? (
            <span className="detail">none in use</span>
          ) : (
            resources.gpus.map((g) => (
              <span key={g.gpu} className="node-gpu">
                {g.gpu}: {g.memoryBytes === null ? `memory ${notRead}` : formatBytes(g.memoryBytes)}
                {g.utilizationPercent === null ? '' : ` · ${formatPercent(g.utilizationPercent)}`}
              </span>
            ))
          )}
        </dd>
      </div>
    </dl>
  )
}

/** The binary core hashed, and "Trust this version" once it changed since first seen. */
function BinaryLine({ node, onError }: { node: NodeView; onError: (error: string | null) => void }): ReactNode {
  const trust = useDesk((s) => s.trustNodeBinary)
  const [busy, setBusy] = useState(false)
  const { binary } = node
  if (!binary) return null
  const trustIt = async (): Promise<void> => {
    setBusy(true)
    const failure = await trust(node.id)
    setBusy(false)
    onError(failure?.message ?? null)
  }
  return (
    <div className={`node-binary${binary.changed ? ' node-binary-changed' : ''}`} data-testid="node-binary" data-changed={binary.changed}>
      <span className="detail">
        Binary <code>{binary.path}</code> · sha256{' '}
        <code title={binary.sha256} aria-label={`sha256 ${binary.sha256}`}>
          {shortHash(binary.sha256)}
        </code>
      </span>
      {binary.changed && (
        <>
          <span className="pill pill-warn">
            <span aria-hidden="true">▲ </span>changed since first seen
          </span>
          <button type="button" className="button button-small" disabled={busy} onClick={() => void trustIt()} aria-label={`Trust this version of ${node.name}`}>
            Trust this version
          </button>
        </>
      )}
    </div>
  )
}
