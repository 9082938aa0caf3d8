import { alertSeverities } from '../../../shared/contract/alerts.ts'
import { bool, countBy, type MetricSpec, sample } from './metric-spec.ts'

/*
 * The app's own alerts as data: how many are open, by rule, network and severity. A rule id is
 * from core's registry of rules and a network from its registry of networks, so both are
 * bounded; what an alert is about (a wallet, a sensor, a plug) is counted, never a label. An
 * open alert that is snoozed or acknowledged still counts: its condition still holds.
 */

export const alertMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_alerts_open',
    help: 'Open alerts by severity (snoozed ones included: their condition still holds).',
    type: 'gauge',
    labelNames: ['severity'],
    samples: (state) => {
      if (state.alerts === null) return []
      const open = state.alerts.open
      return alertSeverities.map((severity) => ({ labels: { severity }, value: open.filter((alert) => alert.severity === severity).length }))
    },
  },
  {
    name: 'depin_alert_active',
    help: "Open alerts of one of the app's rules, by network ('' for none) and severity.",
    type: 'gauge',
    labelNames: ['rule', 'network', 'severity'],
    samples: (state) => countBy(state.alerts?.open ?? [], (alert) => ({ rule: alert.rule, network: alert.network ?? '', severity: alert.severity })),
  },
  {
    name: 'depin_alerts_snoozed',
    help: 'Open alerts not notified until their snooze ends.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => sample({}, state.alerts?.counts.snoozed),
  },
  {
    name: 'depin_alerts_quiet',
    help: '1 during quiet hours: alerts open and show, nothing is pushed.',
    type: 'gauge',
    labelNames: [],
    samples: (state) => (state.alerts === null ? [] : [{ labels: {}, value: bool(state.alerts.quiet) }]),
  },
]
