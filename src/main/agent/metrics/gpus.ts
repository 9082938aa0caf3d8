import type { Gpu } from '../../../shared/contract/hardware.ts'
import { bool, capped, type Labels, type MetricSpec, sample, text } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * Each GPU as its driver reports it (nvidia-smi's stream, amdgpu's hwmon). `gpu` is its index
 * in the driver's order, `device` its stable id (`nvidia:GPU-<uuid>`, `amd:<pci slot>`: the same
 * as depin_power_watts' device), `name` the model. A figure the driver did not report (`[N/A]`)
 * is left out. Clock-event reasons are NVML's names, a fixed set.
 */

type Labelled = { gpu: Gpu; labels: Labels }

function gpus(state: MetricsState): Labelled[] {
  return capped('gpus', state.hardware?.gpus ?? []).map((gpu, index) => ({ gpu, labels: { gpu: String(index), device: gpu.id, name: text(gpu.name) } }))
}

const mib = 1024 * 1024
const labelNames = ['gpu', 'device', 'name'] as const

function perGpu(name: string, help: string, value: (gpu: Gpu) => number | null): MetricSpec {
  return { name, help, type: 'gauge', labelNames, samples: (state) => gpus(state).flatMap(({ gpu, labels }) => sample(labels, value(gpu))) }
}

const scaled = (value: number | null, factor: number): number | null => (value === null ? null : value * factor)

export const gpuMetrics: readonly MetricSpec[] = [
  perGpu('depin_gpu_utilization_ratio', 'Share of time the GPU was busy (0 to 1).', (gpu) => scaled(gpu.utilizationPercent, 0.01)),
  perGpu('depin_gpu_temperature_celsius', 'GPU core temperature.', (gpu) => gpu.temperatureCelsius),
  perGpu('depin_gpu_power_watts', 'Watts the GPU draws, from its own sensor.', (gpu) => gpu.powerWatts),
  perGpu('depin_gpu_power_limit_watts', 'The power limit the GPU holds to.', (gpu) => gpu.powerLimitWatts),
  perGpu('depin_gpu_fan_speed_ratio', 'Fan speed as a share of its maximum (0 to 1).', (gpu) => scaled(gpu.fanPercent, 0.01)),
  perGpu('depin_gpu_memory_used_bytes', 'GPU memory in use.', (gpu) => scaled(gpu.memoryUsedMib, mib)),
  perGpu('depin_gpu_memory_size_bytes', 'GPU memory installed.', (gpu) => scaled(gpu.memoryTotalMib, mib)),
  perGpu('depin_gpu_clock_hertz', 'Graphics clock.', (gpu) => scaled(gpu.clockMhz, 1e6)),
  perGpu('depin_gpu_stale', '1 when the driver has not reported this GPU for three sampling intervals.', (gpu) => bool(gpu.stale)),
  {
    name: 'depin_gpu_clock_event_active',
    help: 'A clock-slowdown reason the driver reports active now (NVML names: sw_thermal_slowdown, hw_power_brake_slowdown, sw_power_cap, ...), 1 while it lasts.',
    type: 'gauge',
    labelNames: [...labelNames, 'reason'],
    samples: (state) => gpus(state).flatMap(({ gpu, labels }) => (gpu.throttleReasons ?? []).map((reason) => ({ labels: { ...labels, reason }, value: 1 }))),
  },
]
