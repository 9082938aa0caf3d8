import { z } from 'zod'

/** Where a figure came from; every figure the UI shows carries one. */
export const Provenance = z.object({
  /** `measured`: read from the machine; `estimated`: derived from a model. */
  kind: z.enum(['measured', 'estimated']),
  /** The reader that produced it, e.g. `systeminformation`. */
  source: z.string(),
  /** Epoch milliseconds when it was read. */
  at: z.number().int(),
})

export const NetworkInterfaceRate = z.object({
  name: z.string(),
  rxBytesPerSecond: z.number().nonnegative(),
  txBytesPerSecond: z.number().nonnegative(),
})

export const HardwareSample = z.object({
  provenance: Provenance,
  /** Time the read took, so a slow source is visible as data. */
  durationMs: z.number().nonnegative(),
  cpu: z.object({ loadPercent: z.number().min(0).max(100), cores: z.number().int().positive() }),
  memory: z.object({
    usedBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
  }),
  /** Null on the first sample: a rate needs two readings. */
  network: z
    .object({
      rxBytesPerSecond: z.number().nonnegative(),
      txBytesPerSecond: z.number().nonnegative(),
      interfaces: z.array(NetworkInterfaceRate),
    })
    .nullable(),
  uptimeSeconds: z.number().nonnegative(),
})

export type HardwareSample = z.infer<typeof HardwareSample>
