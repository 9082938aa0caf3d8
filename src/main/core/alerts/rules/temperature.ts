import type { AlertRule, AlertState, Finding, Thresholds } from '../rule.ts'
import { minuteMs, num, sampleOf, threshold } from './rule-kit.ts'

/*
 * A sensor at or over its limit for N minutes (the engine waits them out). GPUs run hotter than
 * CPUs by design, so each kind has its own limit; disks have theirs. 10 °C past the limit is
 * critical: that is where drivers and firmware start cutting clocks or shutting down.
 */

type Reading = { subject: string; label: string; kind: 'cpu' | 'gpu' | 'disk'; celsius: number }

const limitKey = { cpu: 'cpuCelsius', gpu: 'gpuCelsius', disk: 'diskCelsius' } as const
const criticalAbove = 10

/** Every sensor a limit applies to; a GPU is read from its driver, or from hwmon only when no driver reports GPUs. */
function readings(state: AlertState): Reading[] {
  const sample = sampleOf(state)
  if (sample === null) return []
  const gpus = sample.gpus.flatMap((gpu): Reading[] => (gpu.stale || gpu.temperatureCelsius === null ? [] : [{ subject: gpu.id, label: gpu.name, kind: 'gpu', celsius: gpu.temperatureCelsius }]))
  const sensors = sample.temperatures.flatMap((t): Reading[] => {
    if (t.kind === 'other' || (t.kind === 'gpu' && sample.gpus.length > 0)) return []
    return [{ subject: t.sensor, label: t.label, kind: t.kind, celsius: t.celsius }]
  })
  return [...gpus, ...sensors]
}

const limitOf = (reading: Reading, thresholds: Thresholds): number => threshold(thresholds, limitKey[reading.kind])

export const temperature: AlertRule = {
  id: 'temperature',
  name: 'Temperature too high',
  explanation: 'A CPU, GPU or disk sensor at or over its limit for some minutes: heat shortens hardware life and makes drivers slow the node down.',
  severity: 'warning',
  thresholds: [
    { key: 'gpuCelsius', label: 'GPU limit', unit: '°C', default: 83, min: 50, max: 110 },
    { key: 'cpuCelsius', label: 'CPU limit', unit: '°C', default: 90, min: 50, max: 110 },
    { key: 'diskCelsius', label: 'Disk limit', unit: '°C', default: 60, min: 35, max: 90 },
    { key: 'minutes', label: 'For at least', unit: 'min', default: 5, min: 0, max: 120 },
  ],
  openAfterMs: (thresholds) => threshold(thresholds, 'minutes') * minuteMs,
  resolveAfterMs: 5 * minuteMs,
  cooldownMs: 30 * minuteMs,
  evaluate(state, thresholds) {
    return readings(state).flatMap((reading): Finding[] => {
      const limit = limitOf(reading, thresholds)
      if (reading.celsius < limit) return []
      const kind = reading.kind.toUpperCase()
      return [
        {
          subject: reading.subject,
          ...(reading.celsius >= limit + criticalAbove ? { severity: 'critical' as const } : {}),
          title: `${kind} ${reading.label} is at ${num(reading.celsius, 0)} °C`,
          message: `${kind} sensor “${reading.label}” on this machine reads ${num(reading.celsius, 0)} °C, at or over your ${num(limit, 0)} °C limit. Check the fans and airflow, clean the dust filters, or lower the ${reading.kind === 'gpu' ? 'GPU power limit' : 'load'}.`,
          figure: `${num(reading.celsius, 0)} °C`,
          threshold: `${num(limit, 0)} °C`,
          view: 'hardware',
        },
      ]
    })
  },
  current(state, thresholds) {
    const all = readings(state)
    if (all.length === 0) return null
    // The reading closest to its own limit is the one worth showing.
    const nearest = all.reduce((a, b) => (b.celsius - limitOf(b, thresholds) > a.celsius - limitOf(a, thresholds) ? b : a))
    return `${nearest.kind.toUpperCase()} ${nearest.label} at ${num(nearest.celsius, 0)} °C, limit ${num(limitOf(nearest, thresholds), 0)} °C`
  },
}
