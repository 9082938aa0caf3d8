/**
 * What core sees of the history database. The SQLite file behind it is one implementation
 * (sqlite-history.ts); the worker client (history-client.ts) is the same store across a
 * thread boundary, so heavy queries never stall the sampling loop.
 */

/** One time series: a metric name with its unit in it, and labels that tell sources apart. */
export type Series = {
  name: string
  labels: Readonly<Record<string, string>>
}

export type HistoryPoint = {
  series: Series
  /** Whole Unix seconds. */
  tsSeconds: number
  value: number
  /** Watts only: how much of `value` was measured (the rest was estimated) and where it came from. */
  provenance?: PointProvenance
}

/**
 * Where a power sample's watts came from. Absent on a point, the sample counts as estimated:
 * energy is called measured only where a source measured it.
 */
export type PointProvenance = {
  /** The part of the value that was measured, from 0 (all estimated) to the value (all measured). */
  measured: number
  /** The basis and sources, e.g. "wall: shelly-gen2", "components: nvidia-smi + estimate". */
  origin: string
}

export type HistoryQuery = {
  series: Series
  /** Inclusive. The range snaps outward to the step of the tier that serves it. */
  fromSeconds: number
  /** Exclusive. */
  toSeconds: number
  /** The answer never holds more buckets than this. */
  maxPoints: number
}

/** One bucket of the answer; `tsSeconds` is where the bucket starts. */
export type HistoryBucket = {
  tsSeconds: number
  min: number
  avg: number
  max: number
  /** Raw samples the bucket summarises. */
  count: number
  /** Watts: the mean of the measured part over the same samples; avg − measuredAvg was estimated. */
  measuredAvg: number
}

/** Rows written by one rollup, per tier; small once the store keeps up. */
export type RollupResult = { minuteRows: number; hourRows: number }

export type HistoryStore = {
  /** Buffers in memory; nothing touches disk until `flush`. */
  append(points: readonly HistoryPoint[]): void
  /** Writes the buffer in one transaction and answers how many points it wrote. */
  flush(): number
  query(query: HistoryQuery): HistoryBucket[]
  /** Folds complete minutes into the 1-minute tier and complete hours into the 1-hour tier. */
  rollup(nowSeconds: number): RollupResult
  /** Deletes what fell out of retention and answers how many rows went. */
  prune(nowSeconds: number): number
  close(): void
}

/** The same store across a thread boundary: appends still only buffer; the rest answers later. */
export type HistoryStoreAsync = {
  append(points: readonly HistoryPoint[]): void
  flush(): Promise<number>
  query(query: HistoryQuery): Promise<HistoryBucket[]>
  rollup(nowSeconds: number): Promise<RollupResult>
  prune(nowSeconds: number): Promise<number>
  close(): Promise<void>
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * The stable text that names a series in the file: Prometheus exposition syntax with the
 * labels sorted, so `{a, b}` and `{b, a}` are one series and the key reads well in SQL.
 */
export function seriesKey(series: Series): string {
  if (!metricName.test(series.name)) throw new RangeError(`invalid metric name ${JSON.stringify(series.name)}`)
  const names = Object.keys(series.labels).sort()
  if (names.length === 0) return series.name
  const pairs = names.map((name) => {
    if (!labelName.test(name)) throw new RangeError(`invalid label name ${JSON.stringify(name)} on ${series.name}`)
    return `${name}="${escapeLabelValue(series.labels[name] ?? '')}"`
  })
  return `${series.name}{${pairs.join(',')}}`
}

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')
}

/** Throws on a point SQLite would refuse, so one bad sample never fails a whole flush. */
export function assertValidPoint(point: HistoryPoint): void {
  if (!Number.isSafeInteger(point.tsSeconds) || point.tsSeconds < 0) {
    throw new RangeError(`tsSeconds must be whole non-negative seconds, got ${String(point.tsSeconds)}`)
  }
  if (!Number.isFinite(point.value)) {
    throw new RangeError(`value must be a finite number, got ${String(point.value)} for ${seriesKey(point.series)}`)
  }
  if (point.provenance !== undefined && !Number.isFinite(point.provenance.measured)) {
    throw new RangeError(`the measured part must be a finite number, got ${String(point.provenance.measured)} for ${seriesKey(point.series)}`)
  }
}
