/**
 * The three resolutions history keeps and the pure math that picks one for a query
 * (Netdata's tiers: every query is served from the coarsest tier that still gives enough
 * points; see research/perf_anchors.md section 5).
 */

const daySeconds = 86_400

export type Tier = {
  name: 'raw' | '1m' | '1h'
  table: 'samples_raw' | 'samples_1m' | 'samples_1h'
  stepSeconds: number
  retentionSeconds: number
}

/** Finest first; each tier is rolled up from the one before it. */
export const tiers: readonly Tier[] = [
  { name: 'raw', table: 'samples_raw', stepSeconds: 1, retentionSeconds: 7 * daySeconds },
  { name: '1m', table: 'samples_1m', stepSeconds: 60, retentionSeconds: 365 * daySeconds },
  { name: '1h', table: 'samples_1h', stepSeconds: 3600, retentionSeconds: Number.POSITIVE_INFINITY },
]

/**
 * Where a tier's rows are complete: `[keptFromSeconds, rolledUpToSeconds)`. Below it, prune
 * deleted them; from `rolledUpToSeconds` on, rollup has not reached them yet (raw: never).
 */
export type TierCoverage = { keptFromSeconds: number; rolledUpToSeconds: number }

/** A slice of the query range that one tier serves. */
export type QuerySegment = { tierIndex: number; fromSeconds: number; toSeconds: number }

export type QueryPlan = { tierIndex: number; widthSeconds: number; segments: QuerySegment[] }

export function floorTo(valueSeconds: number, stepSeconds: number): number {
  return Math.floor(valueSeconds / stepSeconds) * stepSeconds
}

function ceilTo(valueSeconds: number, stepSeconds: number): number {
  return Math.ceil(valueSeconds / stepSeconds) * stepSeconds
}

/** Buckets start at multiples of the width, so a chart that pans keeps its buckets. */
export function bucketCount(fromSeconds: number, toSeconds: number, widthSeconds: number): number {
  return Math.floor((toSeconds - 1) / widthSeconds) - Math.floor(fromSeconds / widthSeconds) + 1
}

/**
 * The narrowest bucket width, a multiple of the tier's step, for which `[from, to)` spans at
 * most `maxPoints` buckets. Epoch-aligned buckets can straddle both ends, hence the fallback.
 */
export function bucketWidthSeconds(fromSeconds: number, toSeconds: number, maxPoints: number, stepSeconds: number): number {
  const spanSeconds = toSeconds - fromSeconds
  const tight = ceilTo(Math.ceil(spanSeconds / maxPoints), stepSeconds)
  if (bucketCount(fromSeconds, toSeconds, tight) <= maxPoints) return tight
  // With width >= span / (maxPoints - 1) at most maxPoints buckets can intersect the range.
  return maxPoints > 1 ? ceilTo(Math.ceil(spanSeconds / (maxPoints - 1)), stepSeconds) : ceilTo(toSeconds, stepSeconds)
}

/** The coarsest tier that still gives `maxPoints`, or a coarser one if it no longer reaches back. */
export function chooseTier(fromSeconds: number, toSeconds: number, maxPoints: number, coverage: readonly TierCoverage[]): number {
  const idealSeconds = Math.ceil((toSeconds - fromSeconds) / maxPoints)
  let index = tiers.findLastIndex((tier) => tier.stepSeconds <= idealSeconds)
  if (index < 0) index = 0
  while (index < tiers.length - 1 && fromSeconds < (coverage[index]?.keptFromSeconds ?? 0)) index++
  return index
}

/**
 * Serves the range from the chosen tier where it is rolled up and from finer tiers after
 * that, so a query never misses the minutes and hours rollup has not reached yet.
 */
export function planQuery(
  fromSeconds: number,
  toSeconds: number,
  maxPoints: number,
  coverage: readonly TierCoverage[],
): QueryPlan {
  const tierIndex = chooseTier(fromSeconds, toSeconds, maxPoints, coverage)
  const stepSeconds = tiers[tierIndex]?.stepSeconds ?? 1
  const startSeconds = floorTo(fromSeconds, stepSeconds)
  const segments: QuerySegment[] = []
  for (let index = tierIndex; index >= 0; index--) {
    const coarserUpTo = index === tierIndex ? startSeconds : (coverage[index + 1]?.rolledUpToSeconds ?? startSeconds)
    const segment = {
      tierIndex: index,
      fromSeconds: Math.max(startSeconds, coarserUpTo),
      toSeconds: Math.min(toSeconds, coverage[index]?.rolledUpToSeconds ?? toSeconds),
    }
    if (segment.fromSeconds < segment.toSeconds) segments.push(segment)
  }
  return { tierIndex, widthSeconds: bucketWidthSeconds(fromSeconds, toSeconds, maxPoints, stepSeconds), segments }
}

/**
 * Where prune may cut a tier: its retention, but never past what the next tier has rolled
 * up (raw that is not yet in the minute tier is all there is of it), aligned to that
 * tier's step so a late point never re-rolls a half-deleted bucket.
 */
export function pruneCutoffSeconds(nowSeconds: number, tierIndex: number, coverage: readonly TierCoverage[]): number {
  const tier = tiers[tierIndex]
  const next = tiers[tierIndex + 1]
  if (!tier || !next || !Number.isFinite(tier.retentionSeconds)) return 0
  const retainedFrom = floorTo(nowSeconds - tier.retentionSeconds, next.stepSeconds)
  return Math.max(0, Math.min(retainedFrom, coverage[tierIndex + 1]?.rolledUpToSeconds ?? 0))
}
