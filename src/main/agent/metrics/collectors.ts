import { bool, capped, caps, type MetricSpec, sample, seconds } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * Each source of data's health as data (node_exporter's node_scrape_collector_success): up or
 * not, when it last worked, how long its last read took, and its failures counted. A source
 * that has nothing to read here (no NVIDIA GPU, no RAPL zones) is `unavailable`, not failing,
 * and is left out, as is one not read yet. Collectors:
 *   hardware            the 1 s sample (down when the last is three intervals old, unless paused)
 *   power:<source id>   each power source: nvidia-smi, rapl, amdgpu-hwmon, estimate, a plug's id
 *   wallet:<wallet id>  each wallet's chain reads (up: not stale)
 *   prices              the price feeds (down while a price is cached after the feeds failed)
 *   nodes               the node scan (down while part of it, e.g. Docker, cannot be read)
 *   profit              the agent's own asks for core's profit summary
 */

export type CollectorStatus = {
  collector: string
  up: boolean
  lastSuccessAt: number | null
  durationMs: number | null
}

function hardware(state: MetricsState): CollectorStatus[] {
  const sample = state.hardware
  if (sample === null) return []
  const at = sample.provenance.at
  const fresh = state.monitoring.paused || state.at - at <= 3 * state.monitoring.sampleIntervalMs
  return [{ collector: 'hardware', up: fresh, lastSuccessAt: at, durationMs: sample.durationMs }]
}

function power(state: MetricsState): CollectorStatus[] {
  return (state.hardware?.power.sources ?? []).flatMap((status): CollectorStatus[] => {
    if (status.error?.kind === 'unavailable' || (status.error === null && status.lastSuccessAt === null)) return []
    return [{ collector: `power:${status.source}`, up: status.error === null, lastSuccessAt: status.lastSuccessAt, durationMs: status.durationMs }]
  })
}

function wallets(state: MetricsState): CollectorStatus[] {
  return capped('wallets', state.wallets?.wallets ?? []).flatMap((view): CollectorStatus[] =>
    view.freshness === 'pending' ? [] : [{ collector: `wallet:${view.wallet.id}`, up: view.freshness === 'live', lastSuccessAt: view.fetchedAt, durationMs: null }],
  )
}

function prices(state: MetricsState): CollectorStatus[] {
  const fed = (state.wallets?.prices ?? []).filter((quote) => quote.freshness !== 'manual')
  if (fed.length === 0) return []
  const newest = Math.max(...fed.map((quote) => quote.at))
  return [{ collector: 'prices', up: fed.every((quote) => quote.freshness === 'live'), lastSuccessAt: newest, durationMs: null }]
}

function nodes(state: MetricsState): CollectorStatus[] {
  const snapshot = state.nodes
  if (snapshot === null || snapshot.scannedAt === null) return []
  return [{ collector: 'nodes', up: snapshot.problems.length === 0, lastSuccessAt: snapshot.scannedAt, durationMs: null }]
}

function profit(state: MetricsState): CollectorStatus[] {
  const { snapshot, failedAt } = state.profit
  if (snapshot === null && failedAt === null) return []
  const lastSuccessAt = snapshot?.at ?? null
  return [{ collector: 'profit', up: failedAt === null || (lastSuccessAt !== null && lastSuccessAt > failedAt), lastSuccessAt, durationMs: null }]
}

/** Every collector with a status now, under the cap. */
export function collectorsOf(state: MetricsState): readonly CollectorStatus[] {
  return [...hardware(state), ...power(state), ...wallets(state), ...prices(state), ...nodes(state), ...profit(state)]
}

export function cappedCollectors(state: MetricsState): readonly CollectorStatus[] {
  return capped('collectors', collectorsOf(state))
}

export const collectorMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_collector_up',
    help: '1 when the collector’s last read worked, 0 when it failed (a source with nothing to read here is not listed).',
    type: 'gauge',
    labelNames: ['collector'],
    samples: (state) => cappedCollectors(state).map((c) => ({ labels: { collector: c.collector }, value: bool(c.up) })),
  },
  {
    name: 'depin_collector_last_success_timestamp_seconds',
    help: 'When the collector last read successfully.',
    type: 'gauge',
    labelNames: ['collector'],
    samples: (state) => cappedCollectors(state).flatMap((c) => sample({ collector: c.collector }, seconds(c.lastSuccessAt))),
  },
  {
    name: 'depin_collector_duration_seconds',
    help: 'How long the collector’s last read took.',
    type: 'gauge',
    labelNames: ['collector'],
    samples: (state) => cappedCollectors(state).flatMap((c) => sample({ collector: c.collector }, seconds(c.durationMs))),
  },
  {
    name: 'depin_collector_errors_total',
    help: 'Failed reads the agent has seen since it started, per collector.',
    type: 'counter',
    labelNames: ['collector'],
    samples: (state) => {
      const listed = cappedCollectors(state).map((c) => c.collector)
      // A collector no longer listed (a plug removed) keeps its count, within the same cap.
      const seen = new Set(listed)
      const gone = [...state.collectorErrors.keys()].filter((name) => !seen.has(name))
      const names = [...listed, ...gone.slice(0, Math.max(0, caps.collectors - listed.length))]
      return names.map((collector) => ({ labels: { collector }, value: state.collectorErrors.get(collector) ?? 0 }))
    },
  },
]
