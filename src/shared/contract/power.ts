import { z } from 'zod'

/** What the watts cover: the whole machine at the wall, or one component inside it. */
export const PowerScope = z.enum(['wall', 'gpu', 'cpu-package', 'component'])
export type PowerScope = z.infer<typeof PowerScope>

export const PowerReading = z.object({
  /** Stable id of the device measured, e.g. `nvidia:GPU-3f1c…`, `rapl:package-0`, `plug:rig`. */
  deviceId: z.string(),
  label: z.string(),
  scope: PowerScope,
  /** Null when the device answered but had no figure this time (e.g. `[N/A]`). */
  watts: z.number().nullable(),
  /** Lifetime (or since-start) energy counter in joules, where the source has one. */
  energyJoules: z.number().optional(),
  kind: z.enum(['measured', 'estimated']),
  /** The module that produced it: 'nvidia-smi', 'amdgpu-hwmon', 'rapl', 'shelly-gen2', 'estimate', ... */
  source: z.string(),
  at: z.number(),
})
export type PowerReading = z.infer<typeof PowerReading>

/**
 * Why a source has no reading. `unavailable`: nothing of this kind here (no NVIDIA GPU, no
 * RAPL zones), not a fault. `failed`: a real fault (timeout, garbage, 401). `permission`:
 * readable with the `fix`.
 */
export const PowerSourceError = z.object({
  kind: z.enum(['unavailable', 'failed', 'permission']),
  message: z.string(),
  fix: z.string().optional(),
})
export type PowerSourceError = z.infer<typeof PowerSourceError>

export const PowerSourceStatus = z.object({
  source: z.string(),
  readings: z.array(PowerReading),
  error: PowerSourceError.nullable(),
  lastSuccessAt: z.number().nullable(),
  durationMs: z.number(),
})
export type PowerSourceStatus = z.infer<typeof PowerSourceStatus>

/** The machine's watts and where they came from: wall plug > measured components > estimate. */
export const PowerChoice = z.object({
  totalWatts: z.number().nullable(),
  kind: z.enum(['measured', 'estimated']),
  basis: z.enum(['wall', 'components', 'estimate', 'none']),
  sources: z.array(z.string()),
  readings: z.array(PowerReading),
  /** The oldest reading summed: the total is never fresher than its parts. */
  at: z.number().nullable(),
  /** For the UI, e.g. "wall plug (Rig plug) · measured". */
  reason: z.string(),
})
export type PowerChoice = z.infer<typeof PowerChoice>

export const PowerSnapshot = z.object({
  total: PowerChoice,
  sources: z.array(PowerSourceStatus),
})
export type PowerSnapshot = z.infer<typeof PowerSnapshot>
