import type { PowerReading } from '../../../shared/contract/power.ts'
import { capped, type MetricSpec, sample } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * Watts: each power source's readings (a GPU's sensor, a RAPL package, a smart plug, the
 * estimate's parts) and the machine's figure as core chooses it (wall plug > measured
 * components > estimate), which is what profit charges. `measured` says which are read from
 * the machine and which are modelled, as the UI does. The readings overlap on purpose (a wall
 * plug includes the GPUs; the estimate models parts a sensor also reads), so the machine's
 * figure is its own metric, never a sum of these.
 */

const measured = (kind: 'measured' | 'estimated'): string => String(kind === 'measured')

/** Every source's readings that have a figure, devices past the cap left out. */
export function powerReadings(state: MetricsState): readonly PowerReading[] {
  const readings = (state.hardware?.power.sources ?? []).flatMap((status) => status.readings).filter((reading) => reading.watts !== null)
  return capped('powerDevices', readings)
}

export const powerMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_power_watts',
    help: 'Watts each power source reads now, by device. Sources overlap (a wall plug includes the GPUs, the estimate models parts a sensor also reads): the machine is depin_machine_power_watts.',
    type: 'gauge',
    labelNames: ['device', 'source', 'scope', 'measured'],
    samples: (state) =>
      powerReadings(state).flatMap((reading) =>
        sample({ device: reading.deviceId, source: reading.source, scope: reading.scope, measured: measured(reading.kind) }, reading.watts),
      ),
  },
  {
    name: 'depin_machine_power_watts',
    help: "The machine's watts as DePIN Desk charges them: a wall plug, else the measured components, else the estimate (basis).",
    type: 'gauge',
    labelNames: ['basis', 'measured'],
    samples: (state) => {
      const total = state.hardware?.power.total
      if (total === undefined || total.basis === 'none') return []
      return sample({ basis: total.basis, measured: measured(total.kind) }, total.totalWatts)
    },
  },
]
