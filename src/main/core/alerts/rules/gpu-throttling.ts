import type { Gpu } from '../../../../shared/contract/hardware.ts'
import type { AlertRule, AlertState, Finding, Thresholds } from '../rule.ts'
import { minuteMs, num, sampleOf, threshold } from './rule-kit.ts'

/*
 * A GPU slowing its clocks for heat or power, from the driver's clock-event reasons (NVML
 * nvmlClocksEventReason*: docs.nvidia.com/deploy/nvml-api/group__nvmlClocksEventReasons.html).
 * Heat and the power brake (a PSU or cable fault signalled on the board) always count. The
 * software power cap is how a GPU under full load normally runs, often set on purpose, so it
 * counts only when the operator asks (`powerCap` 1). AMD and older drivers report no reasons:
 * for them only the power cap can be seen, as the draw reaching the power limit.
 */

const heat = new Set(['sw_thermal_slowdown', 'hw_thermal_slowdown', 'hw_slowdown'])
const brake = 'hw_power_brake_slowdown'
const softCap = 'sw_power_cap'

const words: Record<string, string> = {
  sw_thermal_slowdown: 'driver thermal slowdown',
  hw_thermal_slowdown: 'hardware thermal slowdown',
  hw_slowdown: 'hardware slowdown (heat or power brake)',
  [brake]: 'power brake (PSU or power cable)',
  [softCap]: 'at its power cap',
}

/** Draw within 2 % of the limit counts as at the limit: the driver holds it just under. */
const atLimitShare = 0.98

function reasonsOf(gpu: Gpu, thresholds: Thresholds): string[] {
  const capCounts = threshold(thresholds, 'powerCap') >= 1
  if (gpu.throttleReasons === null) {
    const atLimit = gpu.powerWatts !== null && gpu.powerLimitWatts !== null && gpu.powerLimitWatts > 0 && gpu.powerWatts >= gpu.powerLimitWatts * atLimitShare
    return capCounts && atLimit ? [softCap] : []
  }
  return gpu.throttleReasons.filter((reason) => heat.has(reason) || reason === brake || (capCounts && reason === softCap))
}

function watched(state: AlertState): Gpu[] {
  return sampleOf(state)?.gpus.filter((gpu) => !gpu.stale) ?? []
}

export const gpuThrottling: AlertRule = {
  id: 'gpu-throttling',
  name: 'GPU throttling',
  explanation: 'A GPU slowing its clocks for heat or a power fault for some minutes: it earns less for the same electricity.',
  severity: 'warning',
  thresholds: [
    { key: 'minutes', label: 'For at least', unit: 'min', default: 5, min: 0, max: 120 },
    { key: 'powerCap', label: 'Also alert at the power cap (1 = yes)', unit: '', default: 0, min: 0, max: 1 },
  ],
  openAfterMs: (thresholds) => threshold(thresholds, 'minutes') * minuteMs,
  resolveAfterMs: 5 * minuteMs,
  cooldownMs: 30 * minuteMs,
  evaluate(state, thresholds) {
    return watched(state).flatMap((gpu): Finding[] => {
      const reasons = reasonsOf(gpu, thresholds)
      if (reasons.length === 0) return []
      const said = reasons.map((reason) => words[reason] ?? reason).join(', ')
      const thermal = reasons.some((reason) => heat.has(reason))
      const power = gpu.powerWatts === null ? '' : ` drawing ${num(gpu.powerWatts, 0)} W${gpu.powerLimitWatts === null ? '' : ` of its ${num(gpu.powerLimitWatts, 0)} W limit`}`
      const temp = gpu.temperatureCelsius === null ? '' : ` at ${num(gpu.temperatureCelsius, 0)} °C`
      const fix = thermal ? 'Improve cooling (fans, airflow, dust) or lower its power limit.' : reasons.includes(brake) ? 'Check the PSU and the GPU power cables.' : 'Raise its power limit if the cooling allows, or ignore this if the cap is yours.'
      return [
        {
          subject: gpu.id,
          title: `GPU ${gpu.name} is throttling`,
          message: `GPU ${gpu.name} on this machine is slowing its clocks: ${said}${temp}${power}. ${fix}`,
          figure: said,
          threshold: 'no heat or power slowdown',
          view: 'hardware',
        },
      ]
    })
  },
  current(state, thresholds) {
    const gpus = watched(state)
    if (gpus.length === 0) return null
    const slowed = gpus.filter((gpu) => reasonsOf(gpu, thresholds).length > 0)
    return slowed.length === 0 ? `${gpus.length} GPU${gpus.length === 1 ? '' : 's'} at full clocks` : `${slowed.map((gpu) => gpu.name).join(', ')} throttling`
  },
}
