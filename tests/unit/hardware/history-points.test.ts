import { describe, expect, it } from 'vitest'
import type { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { derivedPoints, historyPoints, powerPoints } from '../../../src/main/core/hardware/history-points.ts'

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

describe('powerPoints', () => {
  const reading = (deviceId: string, source: string, watts: number, kind: 'measured' | 'estimated', scope: 'wall' | 'gpu' | 'cpu-package') =>
    ({ deviceId, label: deviceId, scope, watts, kind, source, at })
  const gpu = reading('nvidia:GPU-1', 'nvidia-smi', 300, 'measured', 'gpu')
  const cpu = reading('estimate:cpu', 'estimate', 65, 'estimated', 'cpu-package')
  const plug = reading('plug:rig', 'shelly-gen2', 2000, 'measured', 'wall')
  const sources = [
    { source: 'nvidia-smi', readings: [gpu], error: null, lastSuccessAt: at, durationMs: 0 },
    { source: 'estimate', readings: [cpu], error: null, lastSuccessAt: at, durationMs: 0 },
  ]

  it('keeps how much of each figure was measured, and by which source', () => {
    const total = { totalWatts: 365, kind: 'estimated' as const, basis: 'components' as const, sources: ['nvidia-smi', 'estimate'], readings: [gpu, cpu], at, reason: 'x' }
    expect(powerPoints({ total, sources }, 100).map((p) => [p.series.name, p.series.labels, p.value, p.provenance])).toEqual([
      ['power_watts', { device: 'nvidia:GPU-1' }, 300, { measured: 300, origin: 'nvidia-smi' }],
      ['power_watts', { device: 'estimate:cpu' }, 65, { measured: 0, origin: 'estimate' }],
      ['machine_power_watts', {}, 365, { measured: 300, origin: 'components: nvidia-smi + estimate' }],
    ])
  })

  it('counts a wall plug total as measured whole, and an estimate as not at all', () => {
    const wall = { totalWatts: 2000, kind: 'measured' as const, basis: 'wall' as const, sources: ['shelly-gen2'], readings: [plug], at, reason: 'x' }
    expect(powerPoints({ total: wall, sources: [] }, 100)[0]?.provenance).toEqual({ measured: 2000, origin: 'wall: shelly-gen2' })
    const guess = { totalWatts: 65, kind: 'estimated' as const, basis: 'estimate' as const, sources: ['estimate'], readings: [cpu], at, reason: 'x' }
    expect(powerPoints({ total: guess, sources: [] }, 100)[0]?.provenance).toEqual({ measured: 0, origin: 'estimate: estimate' })
  })
})

describe('derivedPoints', () => {
  it('keeps a node’s watts as its own device series, its measured part capped at the whole', () => {
    expect(derivedPoints([{ deviceId: 'node:miner', watts: 120, measuredWatts: 300, origin: 'node: GPU 0 (measured)' }, { deviceId: 'node:idle', watts: Number.NaN, measuredWatts: 0, origin: 'x' }], 1_800_000_000)).toEqual([
      { series: { name: 'power_watts', labels: { device: 'node:miner' } }, tsSeconds: 1_800_000_000, value: 120, provenance: { measured: 120, origin: 'node: GPU 0 (measured)' } },
    ])
  })
})
