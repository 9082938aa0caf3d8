import { z } from 'zod'

/** Prometheus' label name grammar: the history store keys series by it and refuses any other name. */
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Core's own labels are few and short (`device="nvidia:GPU-…"`); the store escapes any text in a value. */
const maxLabels = 16

/**
 * Label names are checked here, not as the record's key schema, so the refusal says which name
 * and why (shortened: a name is outside text) instead of zod's bare "Invalid key in record".
 */
const Labels = z.record(z.string(), z.string().max(200)).superRefine((labels, ctx) => {
  const names = Object.keys(labels)
  if (names.length > maxLabels) ctx.addIssue({ code: 'custom', message: `at most ${String(maxLabels)} labels` })
  const bad = names.find((name) => !labelName.test(name))
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(bad.slice(0, 40))} is not a label name: letters, digits and _, not starting with a digit` })
  }
})

/** A stored time series: a metric name and its labels, as in Prometheus. */
export const SeriesRef = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a metric name: lower case, digits and _'),
  labels: Labels.default({}),
})

export const HistoryQuery = z.strictObject({
  series: SeriesRef,
  fromMs: z.number().int().nonnegative(),
  toMs: z.number().int().nonnegative(),
  /** The most buckets to answer with; each bucket carries min, avg and max. */
  maxPoints: z.number().int().min(1).max(5000).default(1000),
})

export const HistoryBucket = z.object({
  /** Start of the bucket, epoch ms. */
  at: z.number(),
  min: z.number(),
  avg: z.number(),
  max: z.number(),
  count: z.number().int(),
  /**
   * Power series: the mean of the watts a source measured over the same samples; avg − measuredAvg
   * was estimated. 0 where nothing was measured, for samples kept before provenance was (they
   * count as estimated), and for series that are not watts.
   */
  measuredAvg: z.number().optional(),
})

export const HistoryAnswer = z.object({
  buckets: z.array(HistoryBucket),
  /** Width of each bucket in ms: 1 s raw, 1 min or 1 h rollups, or a multiple. */
  bucketMs: z.number(),
})
export type HistoryAnswer = z.infer<typeof HistoryAnswer>

/** Energy used over a range: watts integrated over time, per hour. */
export const EnergyQuery = z.strictObject({
  fromMs: z.number().int().nonnegative(),
  toMs: z.number().int().nonnegative(),
  /** A device's id (see PowerReading.deviceId); the machine's chosen total when absent. */
  deviceId: z.string().max(200).optional(),
})

export const EnergyAnswer = z.object({
  kwh: z.number(),
  /** Of `kwh`, drawn while a source measured the watts. */
  measuredKwh: z.number().optional(),
  /** Of `kwh`, drawn while the watts were estimated (and history kept before provenance was: it cannot say). */
  estimatedKwh: z.number().optional(),
  hours: z.array(
    z.object({
      hourStartMs: z.number(),
      kwh: z.number(),
      coveredSeconds: z.number(),
      /** Of the hour's kWh, estimated; absent from an answer that cannot tell, which counts as all estimated. */
      estimatedKwh: z.number().optional(),
    }),
  ),
  /** Stretches with no reading for longer than three sampling intervals: not interpolated. */
  gaps: z.array(z.object({ fromMs: z.number(), toMs: z.number() })),
})
export type EnergyAnswer = z.infer<typeof EnergyAnswer>
