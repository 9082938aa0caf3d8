/** NVML's clock-event reasons as an operator reads them (names as core reports them, see nvidia-smi-csv.ts). */
const throttleWords: Record<string, string> = {
  gpu_idle: 'idle',
  applications_clocks_setting: 'application clock limit',
  sw_power_cap: 'power cap',
  hw_slowdown: 'hardware slowdown',
  sync_boost: 'sync boost',
  sw_thermal_slowdown: 'too hot (driver slowdown)',
  hw_thermal_slowdown: 'too hot (hardware slowdown)',
  hw_power_brake_slowdown: 'power brake',
  display_clock_setting: 'display clock limit',
  unknown: 'other reason',
}

/** Readable words for each reason; a reason this list does not know keeps its name, spaced out. */
export function throttleReasonWords(reasons: readonly string[]): string[] {
  return reasons.map((reason) => throttleWords[reason] ?? reason.replaceAll('_', ' '))
}
