import type { AlertRule, AlertState } from '../rule.ts'
import { minuteMs, num, sampleOf, threshold } from './rule-kit.ts'

/*
 * The whole machine drawing more than a cap the operator sets (a circuit's rating, a solar
 * budget). There is no sensible default cap, so 0 means off and the rule is quiet until set.
 */

function totalWatts(state: AlertState): { watts: number; reason: string } | null {
  const total = sampleOf(state)?.power.total
  return total?.totalWatts == null ? null : { watts: total.totalWatts, reason: total.reason }
}

export const wattsCap: AlertRule = {
  id: 'watts-cap',
  name: 'Machine over its watts cap',
  explanation: 'The machine’s total draw over a cap you set for some minutes (0 = off): a breaker, a PSU or an energy budget.',
  severity: 'warning',
  thresholds: [
    { key: 'capWatts', label: 'Cap (0 = off)', unit: 'W', default: 0, min: 0, max: 100_000 },
    { key: 'minutes', label: 'For at least', unit: 'min', default: 5, min: 0, max: 120 },
  ],
  openAfterMs: (thresholds) => threshold(thresholds, 'minutes') * minuteMs,
  resolveAfterMs: 5 * minuteMs,
  cooldownMs: 30 * minuteMs,
  evaluate(state, thresholds) {
    const cap = threshold(thresholds, 'capWatts')
    const total = totalWatts(state)
    if (cap <= 0 || total === null || total.watts <= cap) return []
    return [
      {
        subject: 'machine',
        title: `This machine draws ${num(total.watts, 0)} W`,
        message: `This machine draws ${num(total.watts, 0)} W (${total.reason}), over your ${num(cap, 0)} W cap. Lower the GPU power limits or move a workload before the breaker or PSU gives out.`,
        figure: `${num(total.watts, 0)} W`,
        threshold: `${num(cap, 0)} W`,
        view: 'hardware',
      },
    ]
  },
  current(state, thresholds) {
    const total = totalWatts(state)
    if (total === null) return null
    const cap = threshold(thresholds, 'capWatts')
    return cap <= 0 ? `${num(total.watts, 0)} W, cap off` : `${num(total.watts, 0)} W, cap ${num(cap, 0)} W`
  },
}
