import type { PowerChoice } from '../../../shared/contract/power.ts'
import { type MetricSpec, sample } from './metric-spec.ts'
import type { EnergyTotals } from './metrics-state.ts'
import { powerReadings } from './power.ts'

/*
 * Energy as counters: the machine's joules since the agent started (each sample's watts times
 * the sampling interval, the rule core's history and kWh figures follow: hardware/energy.ts),
 * split by whether the watts were measured; and the lifetime counters some devices keep
 * themselves (a Shelly's or Tasmota's total), as the device reports them. A counter that goes
 * back (an agent restart, a plug reset) is a reset Prometheus' rate() and increase() allow for.
 */

/** The totals after one more sample: `choice` stood for `intervalMs`. Pure, so the meter is tested on its own. */
export function addSample(totals: EnergyTotals, choice: PowerChoice, intervalMs: number): EnergyTotals {
  if (choice.totalWatts === null || choice.basis === 'none' || !(choice.totalWatts >= 0) || !(intervalMs > 0)) return totals
  const joules = (choice.totalWatts * intervalMs) / 1000
  return choice.kind === 'measured'
    ? { ...totals, measuredJoules: totals.measuredJoules + joules }
    : { ...totals, estimatedJoules: totals.estimatedJoules + joules }
}

export const energyMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_energy_joules_total',
    help: 'Joules the machine drew since the agent started (its watts at each sample times the sampling interval), measured or estimated.',
    type: 'counter',
    labelNames: ['measured'],
    samples: (state) => [
      { labels: { measured: 'true' }, value: state.energy.measuredJoules },
      { labels: { measured: 'false' }, value: state.energy.estimatedJoules },
    ],
  },
  {
    name: 'depin_device_energy_joules_total',
    help: "A device's own lifetime energy counter (a smart plug's total), as the device reports it.",
    type: 'counter',
    labelNames: ['device', 'source'],
    samples: (state) => powerReadings(state).flatMap((reading) => sample({ device: reading.deviceId, source: reading.source }, reading.energyJoules)),
  },
]
