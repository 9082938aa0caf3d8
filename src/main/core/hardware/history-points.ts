import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { PowerChoice, PowerSnapshot } from '../../../shared/contract/power.ts'
import type { HistoryPoint, PointProvenance, Series } from '../store/history-store.ts'

/** The series the machine total is kept under; energy.summary integrates it. */
export const machinePowerSeries: Series = { name: 'machine_power_watts', labels: {} }

export const devicePowerSeries = (deviceId: string): Series => ({ name: 'power_watts', labels: { device: deviceId } })

/** What of a sample is kept as history: one point per figure the charts draw. */
export function historyPoints(sample: HardwareSample): HistoryPoint[] {
  const tsSeconds = Math.floor(sample.provenance.at / 1000)
  const points: HistoryPoint[] = []
  const add = (name: string, value: number | null | undefined, labels: Record<string, string> = {}): void => {
    if (isFigure(value)) points.push({ series: { name, labels }, tsSeconds, value })
  }
  add('cpu_load_percent', sample.cpu.loadPercent)
  add('memory_used_bytes', sample.memory.usedBytes)
  add('network_receive_bytes_per_second', sample.network?.rxBytesPerSecond)
  add('network_transmit_bytes_per_second', sample.network?.txBytesPerSecond)
  for (const t of sample.temperatures) add('temperature_celsius', t.celsius, { sensor: t.sensor })
  for (const gpu of sample.gpus.filter((g) => !g.stale)) {
    add('gpu_utilization_percent', gpu.utilizationPercent, { gpu: gpu.id })
    add('gpu_temperature_celsius', gpu.temperatureCelsius, { gpu: gpu.id })
  }
  return [...points, ...powerPoints(sample.power, tsSeconds)]
}

/**
 * Each device's watts and the machine's total, each with how much of it was measured and
 * from where, so energy can be split into measured and estimated kWh later.
 */
export function powerPoints(power: PowerSnapshot, tsSeconds: number): HistoryPoint[] {
  const points: HistoryPoint[] = []
  for (const reading of power.sources.flatMap((s) => s.readings)) {
    if (!isFigure(reading.watts)) continue
    const provenance = { measured: reading.kind === 'measured' ? reading.watts : 0, origin: reading.source }
    points.push({ series: devicePowerSeries(reading.deviceId), tsSeconds, value: reading.watts, provenance })
  }
  const total = power.total
  if (isFigure(total.totalWatts)) {
    points.push({ series: machinePowerSeries, tsSeconds, value: total.totalWatts, provenance: totalProvenance(total, total.totalWatts) })
  }
  return points
}

/** Watts of a device that no power source reads, derived from one that does (a node's share of the machine). */
export type DerivedWatts = { deviceId: string; watts: number; measuredWatts: number; origin: string }

/** Derived watts of one sample, kept as devices of their own. */
export function derivedPoints(derived: readonly DerivedWatts[], tsSeconds: number): HistoryPoint[] {
  return derived
    .filter((entry) => isFigure(entry.watts))
    .map((entry) => ({ series: devicePowerSeries(entry.deviceId), tsSeconds, value: entry.watts, provenance: { measured: Math.min(entry.watts, entry.measuredWatts), origin: entry.origin } }))
}

/** A total is measured whole, or in its measured parts (a component sum filled by the estimate). */
function totalProvenance(total: PowerChoice, watts: number): PointProvenance {
  const measuredParts = total.readings.filter((r) => r.kind === 'measured').reduce((sum, r) => sum + (r.watts ?? 0), 0)
  return {
    measured: total.kind === 'measured' ? watts : Math.min(watts, measuredParts),
    origin: `${total.basis}: ${total.sources.join(' + ')}`,
  }
}

function isFigure(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value)
}
