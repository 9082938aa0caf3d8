import type { AlertRule } from '../rule.ts'
import { nodeWhere, watchedNodes } from './node-kit.ts'
import { minuteMs } from './rule-kit.ts'

/*
 * A watched node newly reachable from the network: it listens on a non-loopback address, or its
 * container shares the host's network. Each exposure is its own subject, so a port opened
 * later is news even when another was open before. Judged from /proc and Docker only.
 */

const exposureRules = new Set(['listens-publicly', 'container-host-network'])

export const nodeExposed: AlertRule = {
  id: 'node-exposed',
  name: 'Node exposed',
  explanation: 'A node you confirmed listens on an address other machines can reach, or shares the host network: check that only the ports it needs are open.',
  severity: 'warning',
  thresholds: [],
  openAfterMs: () => minuteMs,
  resolveAfterMs: 5 * minuteMs,
  cooldownMs: 60 * minuteMs,
  evaluate(state) {
    return watchedNodes(state).flatMap((node) =>
      node.posture
        .filter((finding) => exposureRules.has(finding.rule))
        .map((finding) => ({
          subject: `${node.id}|${finding.evidence}`,
          title: `${node.networkName} node “${node.name}” is reachable from the network`,
          message: `${nodeWhere(node)}: ${finding.title} (${finding.evidence}). ${finding.why} ${finding.fix}`,
          figure: finding.evidence,
          threshold: 'loopback only, or a port you meant to open',
          view: 'nodes' as const,
          network: node.network,
        })),
    )
  },
  current(state) {
    const nodes = watchedNodes(state)
    if (nodes.length === 0) return null
    const exposed = nodes.filter((node) => node.posture.some((finding) => exposureRules.has(finding.rule)))
    return exposed.length === 0 ? 'no node reachable from the network' : `${exposed.map((node) => `“${node.name}”`).join(', ')} reachable`
  },
}
