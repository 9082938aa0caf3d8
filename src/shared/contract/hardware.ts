import { z } from 'zod'
import { PowerSnapshot } from './power.ts'

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

/** A temperature sensor, e.g. hwmon `k10temp` "Tctl" or an ACPI thermal zone. */
export const Temperature = z.object({
  /** Stable id: `hwmon:<chip>/<input>` or `thermal:<zone>`. */
  sensor: z.string(),
  label: z.string(),
  kind: z.enum(['cpu', 'gpu', 'disk', 'other']),
  celsius: z.number(),
})
export type Temperature = z.infer<typeof Temperature>

/** Space on a volume that holds data (the root, the data dir, big mounts). */
export const DiskUsage = z.object({
  mount: z.string(),
  device: z.string(),
  usedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
})
export type DiskUsage = z.infer<typeof DiskUsage>

/** Laptops and UPS-backed rigs: null where the machine has no battery. */
export const Battery = z.object({
  percent: z.number().min(0).max(100).nullable(),
  charging: z.boolean().nullable(),
  onAc: z.boolean().nullable(),
})
export type Battery = z.infer<typeof Battery>

/** One GPU as its driver reports it; null fields were not reported (`[N/A]`). */
export const Gpu = z.object({
  /** `nvidia:<uuid>` or `amd:<pci slot>`. */
  id: z.string(),
  vendor: z.enum(['nvidia', 'amd']),
  name: z.string(),
  utilizationPercent: z.number().nullable(),
  temperatureCelsius: z.number().nullable(),
  powerWatts: z.number().nullable(),
  powerLimitWatts: z.number().nullable(),
  fanPercent: z.number().nullable(),
  memoryUsedMib: z.number().nullable(),
  memoryTotalMib: z.number().nullable(),
  clockMhz: z.number().nullable(),
  /** Active clock-slowdown reasons (e.g. `sw_thermal_slowdown`); null when not reported. */
  throttleReasons: z.array(z.string()).nullable(),
  at: z.number(),
  /** True when the driver has not reported for three intervals. */
  stale: z.boolean(),
})
export type Gpu = z.infer<typeof Gpu>

export const HardwareSample = z.object({
  provenance: Provenance,
  /** Time the read took, so a slow source is visible as data. */
  durationMs: z.number().nonnegative(),
  cpu: z.object({
    loadPercent: z.number().min(0).max(100),
    cores: z.number().int().positive(),
    /** One entry per logical core; empty where the reader cannot tell. */
    perCorePercent: z.array(z.number().min(0).max(100)),
  }),
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
  temperatures: z.array(Temperature),
  disks: z.array(DiskUsage),
  battery: Battery.nullable(),
  gpus: z.array(Gpu),
  power: PowerSnapshot,
})

export type HardwareSample = z.infer<typeof HardwareSample>
