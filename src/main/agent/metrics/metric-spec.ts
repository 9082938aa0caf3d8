import type { MetricsState } from './metrics-state.ts'

/*
 * One metric as data: its name, help, type, labels, and the series it has in a state. The
 * registry turns each into a prom-client Gauge or Counter whose collect() asks for the series, so
 * a family file is a list of these and nothing else (node_exporter's one collector per file).
 */

export type Labels = Readonly<Record<string, string>>
export type Sample = { labels: Labels; value: number }

export type MetricSpec = {
  /**
   * `depin_` and the unit last. A money metric gives the name without its currency: the
   * registry appends the settings currency (`depin_network_net` → `depin_network_net_usd`).
   */
  name: string
  help: string
  type: 'gauge' | 'counter'
  labelNames: readonly string[]
  /** True: the value is in the settings currency, and so is the end of the name. */
  money?: true
  samples(state: MetricsState): Iterable<Sample>
}

/** A sample, or none when the figure is unknown: an unknown figure is left out, never 0. */
export function sample(labels: Labels, value: number | null | undefined): Sample[] {
  return value === null || value === undefined || !Number.isFinite(value) ? [] : [{ labels, value }]
}

/** A decimal string from core (fiat, prices) as a number for display; null stays null. */
export function decimal(text: string | null | undefined): number | null {
  return text === null || text === undefined ? null : Number(text)
}

/** Milliseconds since the epoch as Prometheus' seconds. */
export function seconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : ms / 1000
}

export const bool = (value: boolean): number => (value ? 1 : 0)

/** How many items have each label set (`labelsOf` must name its labels in one order). */
export function countBy<T>(items: Iterable<T>, labelsOf: (item: T) => Labels): Sample[] {
  const counts = new Map<string, Sample>()
  for (const item of items) {
    const labels = labelsOf(item)
    const key = Object.values(labels).join('\u0000')
    const entry = counts.get(key)
    if (entry === undefined) counts.set(key, { labels, value: 1 })
    else entry.value += 1
  }
  return [...counts.values()]
}

/** Base units and decimals as whole tokens, exact to a double's precision ("1500000", 6 → 1.5). */
export function tokens(amount: string, decimals: number): number {
  if (decimals === 0) return Number(amount)
  const padded = amount.padStart(decimals + 1, '0')
  return Number(`${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`)
}

/*
 * Label caps. Every label value comes from a bounded set (the network registry, the currencies,
 * the alert rules) or from a list core holds whose length is capped here: the first `cap` items
 * get their own series and the rest are counted in depin_metrics_capped_items{family}. No
 * address is ever a label (wallets are named by their id), and free text (a node's or wallet's
 * name) appears only on an `_info` series under the same cap, cut to `maxTextLength`.
 */
export const caps = {
  nodes: 64,
  wallets: 64,
  holdingsPerWallet: 16,
  tokens: 64,
  gpus: 16,
  temperatures: 64,
  disks: 32,
  powerDevices: 64,
  collectors: 128,
} as const

export type CappedFamily = keyof typeof caps

export const maxTextLength = 60

export const text = (value: string): string => (value.length <= maxTextLength ? value : `${value.slice(0, maxTextLength - 1)}…`)

/** The first `caps[family]` items. */
export function capped<T>(family: CappedFamily, items: readonly T[]): readonly T[] {
  return items.length <= caps[family] ? items : items.slice(0, caps[family])
}

/** How many items of a list the cap left out. */
export function overCap(family: CappedFamily, count: number): number {
  return Math.max(0, count - caps[family])
}
