/**
 * What every power source reports, one module per source (nvidia-smi, amdgpu hwmon, RAPL,
 * each smart plug protocol, the estimate). An error is data: a source that cannot read says
 * why in `error` and stays in the list, so the UI can show it and the fix.
 */

/** What the watts cover: the whole machine at the wall, or one component inside it. */
export type PowerScope = 'wall' | 'gpu' | 'cpu-package' | 'component'

export type PowerReading = {
  /** Stable id of the device measured, e.g. `nvidia:GPU-3f1c…`, `rapl:package-0`, `shelly:192.168.1.20#0`. */
  deviceId: string
  /** Human name, e.g. "NVIDIA GeForce RTX 4090", "CPU package 0", "Rig plug". */
  label: string
  scope: PowerScope
  /** Null when the device answered but could not give a figure this time (e.g. `[N/A]`). */
  watts: number | null
  /** Lifetime energy counter in joules when the source has one (RAPL, Shelly aenergy, NVML). */
  energyJoules?: number
  kind: 'measured' | 'estimated'
  /** The module that produced it: 'nvidia-smi', 'amdgpu-hwmon', 'rapl', 'shelly-gen1', ... */
  source: string
  /** Epoch milliseconds of the reading. */
  at: number
}

/**
 * Why a source has no reading. `unavailable` is "nothing of this kind here" (no NVIDIA GPU,
 * no RAPL zones): not a fault, no alert. `failed` is a real fault (timeout, garbage, 401):
 * data goes stale and, after a grace period, an alert is raised. `permission` carries the fix.
 */
export type PowerSourceError = {
  kind: 'unavailable' | 'failed' | 'permission'
  message: string
  /** What the operator can do, e.g. the udev rule that makes energy_uj readable. */
  fix?: string
}

export type PowerSourceStatus = {
  source: string
  readings: PowerReading[]
  error: PowerSourceError | null
  /** Epoch milliseconds of the last successful read, null if never. */
  lastSuccessAt: number | null
  durationMs: number
}

/** A polled source: one `read()` per tick. Streaming sources (nvidia-smi) keep their latest state and answer from it. */
export type PowerSource = {
  readonly id: string
  read(): Promise<PowerSourceStatus>
  dispose(): Promise<void>
}
