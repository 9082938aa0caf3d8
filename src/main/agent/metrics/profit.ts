import type { NetworkProfit, ProfitFigures, ProfitSnapshot } from '../../../shared/contract/profit.ts'
import { decimal, type Labels, type MetricSpec, type Sample, sample, seconds } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * Per-network money as core's profit summary computes it, over its windows (`today`, `7d`,
 * `30d`, `all`): revenue (rewards valued at receipt), costs by kind, net, and the energy the
 * network was charged for. A figure core cannot know (no tariff: electricity unknown) is left
 * out, never 0. The totals over every network are their own metrics (depin_profit_*).
 */

const joulesPerKwh = 3_600_000

/** The summary to export: none from a what-if, nor one in a currency the operator just left. */
function current(state: MetricsState): ProfitSnapshot | null {
  const snapshot = state.profit.snapshot
  return snapshot === null || snapshot.whatIf !== null || snapshot.currency !== state.currency ? null : snapshot
}

/** Each network's windows, and the totals' under the same shape. */
function windows(state: MetricsState, scope: 'network' | 'total'): { labels: Labels; figures: ProfitFigures }[] {
  const snapshot = current(state)
  if (snapshot === null) return []
  if (scope === 'total') return snapshot.total.map((figures) => ({ labels: { window: figures.window }, figures }))
  return snapshot.networks.flatMap((network) => network.windows.map((figures) => ({ labels: { network: network.network, window: figures.window }, figures })))
}

function perWindow(scope: 'network' | 'total', value: (figures: ProfitFigures) => number | null) {
  return (state: MetricsState): Sample[] => windows(state, scope).flatMap(({ labels, figures }) => sample(labels, value(figures)))
}

function costs(scope: 'network' | 'total') {
  return (state: MetricsState): Sample[] =>
    windows(state, scope).flatMap(({ labels, figures }) => [
      ...sample({ ...labels, cost: 'electricity' }, decimal(figures.electricity)),
      ...sample({ ...labels, cost: 'amortization' }, decimal(figures.amortization)),
      ...sample({ ...labels, cost: 'other' }, decimal(figures.otherCosts)),
    ])
}

function energy(state: MetricsState): Sample[] {
  return windows(state, 'network').flatMap(({ labels, figures }) => {
    if (figures.kwh === null) return []
    const estimated = Math.min(figures.kwh, figures.estimatedKwh ?? figures.kwh)
    return [
      { labels: { ...labels, measured: 'true' }, value: (figures.kwh - estimated) * joulesPerKwh },
      { labels: { ...labels, measured: 'false' }, value: estimated * joulesPerKwh },
    ]
  })
}

function perNetwork(value: (network: NetworkProfit) => number | null, labels: (network: NetworkProfit) => Labels = (network) => ({ network: network.network })) {
  return (state: MetricsState): Sample[] => {
    const snapshot = current(state)
    if (snapshot === null) return []
    return snapshot.networks.flatMap((network) => sample(labels(network), value(network)))
  }
}

const payback = (network: NetworkProfit): number | null => (network.payback.state === 'paid' || network.payback.state === 'on-track' ? seconds(network.payback.at) : null)

export const profitMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_network_revenue',
    help: "A network's rewards over the window, each valued at the price when it was received.",
    type: 'gauge',
    money: true,
    labelNames: ['network', 'window'],
    samples: perWindow('network', (f) => decimal(f.revenue)),
  },
  {
    name: 'depin_network_cost',
    help: "A network's costs over the window by kind: electricity (its kWh at the tariff), amortization of its hardware, other monthly costs.",
    type: 'gauge',
    money: true,
    labelNames: ['network', 'window', 'cost'],
    samples: costs('network'),
  },
  {
    name: 'depin_network_net',
    help: 'Revenue less every cost over the window; absent while a cost is unknown (no tariff).',
    type: 'gauge',
    money: true,
    labelNames: ['network', 'window'],
    samples: perWindow('network', (f) => decimal(f.net)),
  },
  {
    name: 'depin_network_net_per_day',
    help: 'Net over the window divided by its days.',
    type: 'gauge',
    money: true,
    labelNames: ['network', 'window'],
    samples: perWindow('network', (f) => decimal(f.netPerDay)),
  },
  {
    name: 'depin_network_energy_joules',
    help: 'Energy the network was charged for over the window (its devices, its node, its share of the rest), measured or estimated.',
    type: 'gauge',
    labelNames: ['network', 'window', 'measured'],
    samples: energy,
  },
  {
    name: 'depin_network_break_even_price',
    help: "The token price at which the last 30 days' rewards pay the last 30 days' costs.",
    type: 'gauge',
    money: true,
    labelNames: ['network', 'token'],
    samples: perNetwork(
      (network) => decimal(network.breakEvenPrice),
      (network) => ({ network: network.network, token: network.token }),
    ),
  },
  {
    name: 'depin_network_break_even_kwh_price',
    help: 'The electricity price per kWh at which the last 30 days net to 0.',
    type: 'gauge',
    money: true,
    labelNames: ['network'],
    samples: perNetwork((network) => decimal(network.breakEvenKwhPrice)),
  },
  {
    name: 'depin_network_payback_timestamp_seconds',
    help: 'When the hardware paid for itself, or will at the current rate; absent when never or unknown.',
    type: 'gauge',
    labelNames: ['network'],
    samples: perNetwork(payback),
  },
  {
    name: 'depin_profit_revenue',
    help: 'Every network together: rewards over the window, valued at receipt.',
    type: 'gauge',
    money: true,
    labelNames: ['window'],
    samples: perWindow('total', (f) => decimal(f.revenue)),
  },
  {
    name: 'depin_profit_cost',
    help: 'Every network together: costs over the window by kind.',
    type: 'gauge',
    money: true,
    labelNames: ['window', 'cost'],
    samples: costs('total'),
  },
  {
    name: 'depin_profit_net',
    help: 'Every network together: revenue less every cost over the window.',
    type: 'gauge',
    money: true,
    labelNames: ['window'],
    samples: perWindow('total', (f) => decimal(f.net)),
  },
]
