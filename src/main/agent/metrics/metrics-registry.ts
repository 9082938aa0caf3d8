import { Counter, Gauge, Registry } from 'prom-client'
import type { Currency } from '../../../shared/contract/wallets.ts'
import { alertMetrics } from './alerts.ts'
import { collectorMetrics } from './collectors.ts'
import { energyMetrics } from './energy.ts'
import { gpuMetrics } from './gpus.ts'
import { hardwareMetrics } from './hardware.ts'
import { metaMetrics } from './meta.ts'
import type { Labels, MetricSpec } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'
import { nodeMetrics } from './nodes.ts'
import { powerMetrics } from './power.ts'
import { profitMetrics } from './profit.ts'
import { walletMetrics } from './wallets.ts'

/*
 * GET /metrics: every family, in one prom-client Registry of the agent's own (never the global
 * one, which other code in the process could fill), each metric a Gauge or Counter that answers
 * from the state this scrape took. The registry is in its own module, loaded on the
 * first scrape: an agent nobody scrapes never loads prom-client.
 *
 * Currency goes in the name (`depin_network_net_usd`), not in a `currency` label. A metric has one
 * unit across all its series (prometheus.io/docs/practices/naming), and a currency is a unit:
 * with a label, sum() or rate() over a range in which the operator switched from USD to EUR
 * would silently add dollars to euros, where a new name starts new series. The names stay
 * bounded: one per currency core prices in (usd, eur, gbp, chf, cad, aud, jpy).
 */

/** Every family, in the order /metrics lists them; adding one is its file and one entry here. */
export const metricFamilies: Readonly<Record<string, readonly MetricSpec[]>> = {
  meta: metaMetrics,
  power: powerMetrics,
  energy: energyMetrics,
  hardware: hardwareMetrics,
  gpus: gpuMetrics,
  nodes: nodeMetrics,
  wallets: walletMetrics,
  profit: profitMetrics,
  alerts: alertMetrics,
  collectors: collectorMetrics,
}

/** A spec's exported name in a currency. */
export function metricName(spec: MetricSpec, currency: Currency): string {
  return spec.money === undefined ? spec.name : `${spec.name}_${currency}`
}

export type MetricsRegistry = {
  readonly contentType: string
  /** The text exposition of `state`: reads memory only. */
  render(state: MetricsState): Promise<string>
}

/*
 * prom-client's Gauge and Counter, answering from the state instead of from values set into
 * them: get() hands the registry each sample as it is. Setting every series into a Gauge at each
 * scrape (reset(), then set() per series, each hashing and validating its labels) cost about half
 * a scrape, and prom-client gives each value it stores a fresh `sharedLabels` object, which its
 * formatter caches in a WeakMap: one entry per series per scrape for the collector to sweep.
 * Here every value shares one empty object, so that cache hits. Labels are checked by the tests.
 */
const noSharedLabels = Object.freeze({})

type Exposed = { name: string; help: string; type: 'gauge' | 'counter'; aggregator: 'sum'; values: { labels: Labels; value: number; sharedLabels: object }[] }

function exposed(spec: MetricSpec, name: string, state: MetricsState): Exposed {
  const values = [...spec.samples(state)].map(({ labels, value }) => ({ labels, value, sharedLabels: noSharedLabels }))
  return { name, help: spec.help, type: spec.type, aggregator: 'sum', values }
}

// prom-client's typings give get() a numeric `MetricType` its JavaScript never has: the registry
// reads the type as the string 'gauge' or 'counter' (lib/registry.js), as exposed() writes it.
type GaugeAnswer = Awaited<ReturnType<Gauge['get']>>
type CounterAnswer = Awaited<ReturnType<Counter['get']>>

class StateGauge extends Gauge {
  answer: () => Exposed = () => {
    throw new Error('no state yet')
  }

  override get(): Promise<GaugeAnswer> {
    return Promise.resolve(this.answer() as unknown as GaugeAnswer)
  }
}

class StateCounter extends Counter {
  answer: () => Exposed = () => {
    throw new Error('no state yet')
  }

  override get(): Promise<CounterAnswer> {
    return Promise.resolve(this.answer() as unknown as CounterAnswer)
  }
}

function register(registry: Registry, spec: MetricSpec, name: string, current: () => MetricsState): void {
  const config = { name, help: spec.help, labelNames: [...spec.labelNames], registers: [registry] }
  const metric = spec.type === 'counter' ? new StateCounter(config) : new StateGauge(config)
  metric.answer = () => exposed(spec, name, current())
}

/*
 * What each family reads. Core replaces a snapshot whole when anything in it changes (its events
 * carry whole states), so a family whose inputs are the very objects of the last scrape would
 * write the same text: it is not formatted again. Money and wallets change every few minutes,
 * samples every second: most scrapes format only the hardware, nodes and the small families.
 * A family not listed (meta, collectors: they read the clock and counters) is formatted each time.
 */
const familyInputs: Readonly<Record<string, (state: MetricsState) => readonly unknown[]>> = {
  power: (state) => [state.hardware],
  energy: (state) => [state.hardware, state.energy],
  hardware: (state) => [state.hardware, state.monitoring.paused, state.monitoring.sampleIntervalMs],
  gpus: (state) => [state.hardware],
  nodes: (state) => [state.nodes],
  wallets: (state) => [state.wallets, state.currency],
  profit: (state) => [state.profit, state.currency],
  alerts: (state) => [state.alerts],
}

type Family = {
  registry: Registry
  inputs: ((state: MetricsState) => readonly unknown[]) | undefined
  last: { inputs: readonly unknown[]; text: string } | null
}

const same = (a: readonly unknown[], b: readonly unknown[]): boolean => a.length === b.length && a.every((item, i) => item === b[i])

function build(currency: Currency, current: () => MetricsState): Family[] {
  return Object.entries(metricFamilies).map(([family, specs]) => {
    const registry = new Registry()
    for (const spec of specs) register(registry, spec, metricName(spec, currency), current)
    return { registry, inputs: familyInputs[family], last: null }
  })
}

/** A family's text for `state`: the last one when its inputs are unchanged. */
function familyText(family: Family, state: MetricsState): Promise<string> {
  const inputs = family.inputs?.(state)
  if (inputs !== undefined && family.last !== null && same(inputs, family.last.inputs)) return Promise.resolve(family.last.text)
  // Registry.metrics() calls every metric's get() before its first await, so all see this state.
  return family.registry.metrics().then((text) => {
    family.last = inputs === undefined ? null : { inputs, text }
    return text
  })
}

export function createMetricsRegistry(): MetricsRegistry {
  let state: MetricsState | null = null
  const current = (): MetricsState => {
    if (state === null) throw new Error('metrics read outside a render')
    return state
  }
  let built: { currency: Currency; families: Family[] } | null = null
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async render(next) {
      // Names carry the currency: a new currency is a new set of metrics.
      if (built?.currency !== next.currency) built = { currency: next.currency, families: build(next.currency, current) }
      state = next
      const texts = built.families.map((family) => familyText(family, next))
      state = null
      // Each registry's text ends in a newline: joined by another, a blank line parts families as it parts metrics.
      return (await Promise.all(texts)).join('\n')
    },
  }
}
