import type { StateCreator } from 'zustand/vanilla'
import type { NewNode, NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

export type NodesSlice = {
  /** The nodes on this machine as core last sent them; null until core has answered. */
  nodes: NodesSnapshot | null
  /** Why the last read failed (the last snapshot, if any, stays shown). */
  nodesError: string | null
  /** How often core scans, from settings: a snapshot older than three scans is stale. */
  nodesScanIntervalMs: number
  applyNodesSnapshot: (snapshot: NodesSnapshot) => void
  applyNodesSettings: (settings: Settings) => void
  /** Asks core again; an answer overtaken by a newer ask or a pushed snapshot is dropped. */
  loadNodes: () => Promise<void>
  /** A node a scan found is the operator's, under `name`. */
  confirmNode: (id: string, name: string) => Promise<DeskErrorInfo | null>
  /** "Not mine": core never offers it again. */
  dismissNode: (id: string) => Promise<DeskErrorInfo | null>
  addNode: (node: NewNode) => Promise<DeskErrorInfo | null>
  removeNode: (id: string) => Promise<DeskErrorInfo | null>
  /** The changed binary is a version the operator installed. */
  trustNodeBinary: (id: string) => Promise<DeskErrorInfo | null>
}

export const initialNodes: Pick<NodesSlice, 'nodes' | 'nodesError' | 'nodesScanIntervalMs'> = { nodes: null, nodesError: null, nodesScanIntervalMs: 5000 }

export const createNodesSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], NodesSlice> =>
  (set, get) => {
    let asked = 0
    /** Every command answers the snapshot as it now stands: shown at once, before nodes.changed comes. */
    const applied = (result: Envelope<NodesSnapshot>): DeskErrorInfo | null => {
      if (!result.ok) return result.error
      get().applyNodesSnapshot(result.value)
      return null
    }
    return {
      ...initialNodes,
      applyNodesSnapshot: (nodes) => {
        // A snapshot from core now is newer than any read still on its way.
        asked += 1
        set({ nodes, nodesError: null })
      },
      applyNodesSettings: (settings) => set({ nodesScanIntervalMs: settings.nodes.scanIntervalMs }),
      loadNodes: async () => {
        const mine = ++asked
        const result = await client.callSafe('nodes.list', {})
        if (mine !== asked) return
        set(result.ok ? { nodes: result.value, nodesError: null } : { nodesError: result.error.message })
      },
      confirmNode: async (id, name) => applied(await client.callSafe('nodes.confirm', { id, name, mine: true })),
      dismissNode: async (id) => applied(await client.callSafe('nodes.confirm', { id, mine: false })),
      addNode: async (node) => applied(await client.callSafe('nodes.add', node)),
      removeNode: async (id) => applied(await client.callSafe('nodes.remove', { id })),
      trustNodeBinary: async (id) => applied(await client.callSafe('nodes.trustBinary', { id })),
    }
  }
