import type { AlertsSnapshot } from '../../../shared/contract/alerts.ts'
import type { FleetNetworkNet, FleetRigProfit, FleetWatts, NodeCounts } from '../../../shared/contract/fleet.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { nodeStates, type NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { ProfitFigures, ProfitSnapshot } from '../../../shared/contract/profit.ts'

/* A remote rig's contract answers boiled down to what the Fleet view shows of it. Pure. */

export function wattsOf(sample: HardwareSample): FleetWatts {
  const { total } = sample.power
  return { watts: total.totalWatts, kind: total.kind, reason: total.reason, at: total.at }
}

/** Nodes the rig's operator watches (confirmed or added by hand), by state; found-but-unconfirmed ones are not theirs yet. */
export function nodeCountsOf(snapshot: NodesSnapshot): NodeCounts {
  const counts = emptyNodeCounts()
  for (const node of snapshot.nodes) if (node.confirmed) counts[node.state] += 1
  return counts
}

export function emptyNodeCounts(): NodeCounts {
  return Object.fromEntries(nodeStates.map((state) => [state, 0])) as NodeCounts
}

export function openAlertsOf(snapshot: AlertsSnapshot): number {
  return snapshot.open.length
}

export function profitOf(snapshot: ProfitSnapshot): FleetRigProfit {
  const today = windowOf(snapshot.total, 'today')
  const last30d = windowOf(snapshot.total, '30d')
  const networks = snapshot.networks.map((network): FleetNetworkNet => {
    const t = windowOf(network.windows, 'today')
    const m = windowOf(network.windows, '30d')
    return { network: network.network, name: network.name, today: t?.net ?? null, last30d: m?.net ?? null, partial: isPartial(t) || isPartial(m) }
  })
  const missing = [...new Set([...(today?.missing ?? []), ...(last30d?.missing ?? [])])]
  return {
    currency: snapshot.currency,
    at: snapshot.at,
    networks,
    today: today?.net ?? null,
    last30d: last30d?.net ?? null,
    partial: isPartial(today) || isPartial(last30d),
    missing,
  }
}

function windowOf(figures: readonly ProfitFigures[], window: ProfitFigures['window']): ProfitFigures | undefined {
  return figures.find((figure) => figure.window === window)
}

function isPartial(figure: ProfitFigures | undefined): boolean {
  return figure === undefined || figure.net === null || figure.missing.length > 0
}
