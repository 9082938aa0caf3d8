import type { Gpu } from '../../../shared/contract/hardware.ts'
import type { AmdGpu } from './power/amdgpu-hwmon.ts'
import type { NvidiaGpuTelemetry } from './power/nvidia-smi-stream.ts'

/** Every GPU in the contract's one shape, whichever driver reported it. */
export function contractGpus(nvidia: readonly NvidiaGpuTelemetry[], amd: readonly AmdGpu[], now: number, staleAfterMs: number): Gpu[] {
  return [
    ...nvidia.map((gpu) => ({
      id: `nvidia:${gpu.uuid}`,
      vendor: 'nvidia' as const,
      name: gpu.name,
      utilizationPercent: gpu.utilizationPercent,
      temperatureCelsius: gpu.temperatureCelsius,
      powerWatts: gpu.powerWatts,
      powerLimitWatts: gpu.powerLimitWatts,
      fanPercent: gpu.fanPercent,
      memoryUsedMib: gpu.memoryUsedMib,
      memoryTotalMib: gpu.memoryTotalMib,
      clockMhz: gpu.smClockMhz,
      throttleReasons: gpu.throttleReasons,
      at: gpu.at,
      stale: gpu.stale,
    })),
    ...amd.map((gpu) => ({
      id: `amd:${gpu.pciSlot ?? gpu.card}`,
      vendor: 'amd' as const,
      name: gpu.pciId === null ? `AMD GPU (${gpu.card})` : `AMD GPU ${gpu.pciId}`,
      utilizationPercent: null,
      temperatureCelsius: gpu.temperatureCelsius,
      powerWatts: gpu.watts,
      powerLimitWatts: gpu.powerCapWatts,
      fanPercent: null,
      memoryUsedMib: null,
      memoryTotalMib: null,
      clockMhz: null,
      throttleReasons: null,
      at: gpu.at,
      stale: now - gpu.at > staleAfterMs,
    })),
  ]
}
