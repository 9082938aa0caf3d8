import type { AlertRule } from '../rule.ts'
import { nodeWhere, watchedNodes } from './node-kit.ts'
import { minuteMs, num, threshold, when } from './rule-kit.ts'

/*
 * A watched node that started again: a crash its supervisor undid, an update, a reboot. One
 * restart is information; the alert stays open for the window after it, so a node that keeps
 * crashing shows as one open alert rather than a stream of them.
 */

export const nodeRestarted: AlertRule = {
  id: 'node-restarted',
  name: 'Node restarted',
  explanation: 'A node you confirmed started again since DePIN Desk began watching it: a crash, an update or a reboot.',
  severity: 'info',
  thresholds: [{ key: 'windowMinutes', label: 'Show a restart for', unit: 'min', default: 30, min: 5, max: 1440 }],
  openAfterMs: () => 0,
  resolveAfterMs: minuteMs,
  cooldownMs: 5 * minuteMs,
  evaluate(state, thresholds) {
    const windowMs = threshold(thresholds, 'windowMinutes') * minuteMs
    return watchedNodes(state)
      .filter((node) => node.state === 'running' && node.restarts > 0 && state.now - node.since < windowMs)
      .map((node) => ({
        subject: node.id,
        title: `${node.networkName} node “${node.name}” restarted`,
        message: `${nodeWhere(node)} started again at ${when(node.since)}; ${num(node.restarts, 0)} restart${node.restarts === 1 ? '' : 's'} since DePIN Desk began watching it. If you did not restart or update it, read its logs for the crash.`,
        figure: `${num(node.restarts, 0)} restart${node.restarts === 1 ? '' : 's'}`,
        threshold: 'no restart',
        view: 'nodes' as const,
        network: node.network,
      }))
  },
  current(state) {
    const nodes = watchedNodes(state)
    if (nodes.length === 0) return null
    const restarts = nodes.reduce((sum, node) => sum + node.restarts, 0)
    return `${num(restarts, 0)} restart${restarts === 1 ? '' : 's'} seen`
  },
}
