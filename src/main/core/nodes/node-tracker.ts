import type { NodeState } from '../../../shared/contract/nodes.ts'

/*
 * A node's state over scans: what one scan saw becomes running, restarting, stopped or missing,
 * with since when and how many restarts core has seen. A restart is the node's anchor (its
 * main process, or its container) starting again at another time than before: a crash that a
 * supervisor undid between two scans counts, as does a stop and start.
 */

/** What one scan saw of a node. */
export type NodeSighting = {
  state: NodeState
  /** When the node's main process or container started; null when nothing runs. */
  startedAtMs: number | null
}

export type TrackedNode = {
  state: NodeState
  since: number
  restarts: number
  startedAtMs: number | null
}

export function trackNode(previous: TrackedNode | undefined, seen: NodeSighting, now: number): TrackedNode {
  if (previous === undefined) {
    // First sight: a running node has been running since it started, not since we looked.
    const since = seen.state === 'running' && seen.startedAtMs !== null ? Math.min(seen.startedAtMs, now) : now
    return { state: seen.state, since, restarts: 0, startedAtMs: seen.startedAtMs }
  }
  const startedAgain = seen.startedAtMs !== null && previous.startedAtMs !== null && seen.startedAtMs !== previous.startedAtMs
  const restarts = previous.restarts + (startedAgain ? 1 : 0)
  const startedAtMs = seen.startedAtMs ?? previous.startedAtMs
  if (seen.state === previous.state && !startedAgain) return { ...previous, startedAtMs }
  const since = seen.state === 'running' && seen.startedAtMs !== null ? Math.min(Math.max(seen.startedAtMs, previous.since), now) : now
  return { state: seen.state, since, restarts, startedAtMs }
}
