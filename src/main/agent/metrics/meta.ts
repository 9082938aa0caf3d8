import { collectorsOf } from './collectors.ts'
import { type CappedFamily, type MetricSpec, overCap } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'
import { holdingsOverCap } from './wallets.ts'

/*
 * About the export itself: which version answers, and how many items each label cap left out,
 * so a cap that bites is visible rather than silent.
 */

function leftOut(state: MetricsState): Record<CappedFamily, number> {
  const hardware = state.hardware
  return {
    nodes: overCap('nodes', state.nodes?.nodes.length ?? 0),
    wallets: overCap('wallets', state.wallets?.wallets.length ?? 0),
    holdingsPerWallet: holdingsOverCap(state),
    tokens: overCap('tokens', state.wallets?.prices.length ?? 0),
    gpus: overCap('gpus', hardware?.gpus.length ?? 0),
    temperatures: overCap('temperatures', hardware?.temperatures.length ?? 0),
    disks: overCap('disks', hardware?.disks.length ?? 0),
    powerDevices: overCap('powerDevices', (hardware?.power.sources ?? []).flatMap((s) => s.readings).filter((r) => r.watts !== null).length),
    collectors: overCap('collectors', collectorsOf(state).length),
  }
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

export const metaMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_build_info',
    help: 'The DePIN Desk version that answers; always 1.',
    type: 'gauge',
    labelNames: ['version'],
    samples: (state) => [{ labels: { version: state.version }, value: 1 }],
  },
  {
    name: 'depin_metrics_capped_items',
    help: 'Items left without series of their own by a label cap, by family (nodes past 64, wallets past 64, holdings_per_wallet past 16, ...).',
    type: 'gauge',
    labelNames: ['family'],
    samples: (state) => Object.entries(leftOut(state)).map(([family, value]) => ({ labels: { family: snake(family) }, value })),
  },
]
