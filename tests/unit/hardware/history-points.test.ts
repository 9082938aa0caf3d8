import { describe, expect, it } from 'vitest'
import type { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { historyPoints } from '../../../src/main/core/hardware/history-points.ts'

const at = 1_795_500_000_500

const sample: HardwareSample = {
  provenance: { kind: 'measured', source: 'procfs', at },
  durationMs: 1,
  cpu: { loadPercent: 12.5, cores: 2, perCorePercent: [10, 15] },
  memory: { usedBytes: 1000, totalBytes: 4000 },
  network: { rxBytesPerSecond: 10, txBytesPerSecond: 20, interfaces: [] },
  uptimeSeconds: 100,
  temperatures: [{ sensor: 'hwmon:k10temp/temp1', label: 'Tctl', kind: 'cpu', celsius: 55 }],
  disks: [],
  battery: null,
  gpus: [
    {
      id: 'nvidia:GPU-1', vendor: 'nvidia', name: 'RTX 4090', utilizationPercent: 97, temperatureCelsius: 71, powerWatts: 430,
      powerLimitWatts: 450, fanPercent: null, memoryUsedMib: 1, memoryTotalMib: 2, clockMhz: 2500, throttleReasons: [], at, stale: false,
    },
    {
      id: 'nvidia:GPU-2', vendor: 'nvidia', name: 'RTX 4090', utilizationPercent: 5, temperatureCelsius: 40, powerWatts: 20,
      powerLimitWatts: 450, fanPercent: null, memoryUsedMib: 1, memoryTotalMib: 2, clockMhz: 2500, throttleReasons: [], at, stale: true,
    },
  ],
  power: {
    total: { totalWatts: 430, kind: 'measured', basis: 'components', sources: ['nvidia-smi'], readings: [], at, reason: 'x' },
    sources: [
      {
        source: 'nvidia-smi',
        readings: [
          { deviceId: 'nvidia:GPU-1', label: 'RTX 4090', scope: 'gpu', watts: 430, kind: 'measured', source: 'nvidia-smi', at },
          { deviceId: 'nvidia:GPU-3', label: 'RTX 4090', scope: 'gpu', watts: null, kind: 'measured', source: 'nvidia-smi', at },
        ],
        error: null,
        lastSuccessAt: at,
        durationMs: 0,
      },
    ],
  },
}

describe('historyPoints', () => {
  it('keeps each figure the charts draw, at the whole second, skipping unknowns and stale GPUs', () => {
    const points = historyPoints(sample)
    expect(new Set(points.map((p) => p.tsSeconds))).toEqual(new Set([1_795_500_000]))
    expect(points.map((p) => [p.series.name, p.series.labels, p.value])).toEqual([
      ['cpu_load_percent', {}, 12.5],
      ['memory_used_bytes', {}, 1000],
      ['network_receive_bytes_per_second', {}, 10],
      ['network_transmit_bytes_per_second', {}, 20],
      ['temperature_celsius', { sensor: 'hwmon:k10temp/temp1' }, 55],
      ['gpu_utilization_percent', { gpu: 'nvidia:GPU-1' }, 97],
      ['gpu_temperature_celsius', { gpu: 'nvidia:GPU-1' }, 71],
      ['power_watts', { device: 'nvidia:GPU-1' }, 430],
      ['machine_power_watts', {}, 430],
    ])
  })
})
