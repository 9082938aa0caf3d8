import type { FleetRigView } from '../../../../shared/contract/fleet.ts'
import type { AlertRule, AlertState } from '../rule.ts'
import { minuteMs, span, threshold } from './rule-kit.ts'

/*
 * A watched rig (another agent, issue 13) that stopped answering: its figures are left out of
 * the fleet's totals, and whatever runs there goes unwatched. The grace is the engine's minimum
 * duration, so an agent restarting for an update says nothing.
 */

function staleRigs(state: AlertState): FleetRigView[] {
  return (state.fleet?.rigs ?? []).filter((view) => view.status === 'stale')
}

export const fleetRigStale: AlertRule = {
  // No dot in the id: a dotted id is a network's own rule, silenced by that network's snooze (rules/index.ts).
  id: 'fleet-rig-stale',
  name: 'Rig not answering',
  explanation: 'Another agent you watch in the fleet stopped answering: its watts, nodes and money are left out of the fleet’s totals.',
  severity: 'warning',
  thresholds: [{ key: 'graceSeconds', label: 'Silent for at least', unit: 's', default: 60, min: 0, max: 3600 }],
  openAfterMs: (thresholds) => threshold(thresholds, 'graceSeconds') * 1000,
  resolveAfterMs: minuteMs,
  cooldownMs: 10 * minuteMs,
  evaluate(state) {
    return staleRigs(state).map((view) => {
      const last = view.lastSeenAt === null ? 'it has not answered since DePIN Desk started' : `it last answered ${span(state.now - view.lastSeenAt)} ago`
      return {
        subject: view.rig.id,
        title: `Rig “${view.rig.name}” is not answering`,
        message: `The agent of rig “${view.rig.name}” (${view.rig.url}) does not answer (${view.reason ?? 'no reason given'}); ${last}. Its figures are left out of the fleet’s totals meanwhile. Check that the machine is on and its agent runs (systemctl status depin-desk-agent), and that the network between you lets its port through.`,
        figure: view.reason ?? 'stale',
        threshold: 'answers',
        view: 'fleet' as const,
        host: new URL(view.rig.url).host,
      }
    })
  },
  current(state) {
    const rigs = state.fleet?.rigs ?? []
    if (rigs.length === 0) return null
    const stale = staleRigs(state)
    return stale.length === 0 ? `all ${String(rigs.length)} rigs answer` : `${stale.map((view) => `“${view.rig.name}”`).join(', ')} not answering`
  },
}
