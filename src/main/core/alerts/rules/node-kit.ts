import type { NodeView } from '../../../../shared/contract/nodes.ts'
import type { AlertState } from '../rule.ts'

/** The nodes the operator confirmed or added: a node a scan merely found says nothing until it is confirmed. */
export function watchedNodes(state: AlertState): NodeView[] {
  return state.nodes?.nodes.filter((node) => node.confirmed) ?? []
}

export const nodeWhere = (node: NodeView): string => `${node.networkName} node “${node.name}” (${node.where})`
