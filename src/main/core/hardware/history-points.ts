import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { HistoryPoint, Series } from '../store/history-store.ts'

/** The series the machine total is kept under; energy.summary integrates it. */
export const machinePowerSeries: Series = { name: 'machine_power_watts', labels: {} }

export const devicePowerSeries = (deviceId: string): Series => ({ name: 'power_watts', labels: { device: deviceId } })

/** What of a sample is kept as history: one point per figure the charts draw. */
export function historyPoints(sample: HardwareSample): HistoryPoint[] {
  const tsSeconds = Math.floor(sample.provenance.at / 1000)
  const points: HistoryPoint[] = []
  const add = (name: string, value: number | null | undefined, labels: Record<string, string> = {}): void => {
    if (value !== null && value !== undefined && Number.isFinite(value)) points.push({ series: { name, labels }, tsSeconds, value })
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
  for (const reading of sample.power.sources.flatMap((s) => s.readings)) {
    add(devicePowerSeries(reading.deviceId).name, reading.watts, devicePowerSeries(reading.deviceId).labels)
  }
  add(machinePowerSeries.name, sample.power.total.totalWatts)
  return points
}
