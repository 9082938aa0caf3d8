import type { AlertRule } from '../rule.ts'
import { nodeWhere, watchedNodes } from './node-kit.ts'
import { minuteMs, span, threshold } from './rule-kit.ts'

/*
 * A watched node that is not running: its process gone, its container exited or restarting in a
 * loop, or its container removed. Operators of existing tools hear of this days later from an
 * explorer; here the grace is a few minutes, so an update that restarts the node says nothing.
 */

const advice: Record<string, string> = {
  stopped: 'Start it again (its service, container or app) and look at its last log lines for why it stopped.',
  restarting: 'It keeps restarting: read its logs (docker logs, journalctl -u) for the error that ends it.',
  missing: 'Its container is gone: recreate it with its compose file or run command, or remove the node here if you retired it.',
}

export const nodeDown: AlertRule = {
  id: 'node-down',
  name: 'Node down',
  explanation: 'A node you confirmed is not running (stopped, restarting in a loop, or its container removed) for some minutes.',
  severity: 'critical',
  thresholds: [{ key: 'graceMinutes', label: 'Down for at least', unit: 'min', default: 3, min: 0, max: 240 }],
  openAfterMs: (thresholds) => threshold(thresholds, 'graceMinutes') * minuteMs,
  resolveAfterMs: minuteMs,
  cooldownMs: 10 * minuteMs,
  evaluate(state, thresholds) {
    const grace = threshold(thresholds, 'graceMinutes')
    return watchedNodes(state)
      .filter((node) => node.state !== 'running')
      .map((node) => ({
        subject: node.id,
        title: `${node.networkName} node “${node.name}” is ${node.state}`,
        message: `${nodeWhere(node)} is ${node.state} (for ${span(state.now - node.since)}; your limit is ${String(grace)} min), so it earns nothing meanwhile. ${advice[node.state] ?? ''}`,
        figure: node.state,
        threshold: 'running',
        view: 'nodes' as const,
        network: node.network,
      }))
  },
  current(state) {
    const nodes = watchedNodes(state)
    if (nodes.length === 0) return null
    const down = nodes.filter((node) => node.state !== 'running')
    return down.length === 0 ? `all ${String(nodes.length)} running` : down.map((node) => `“${node.name}” ${node.state}`).join(', ')
  },
}
