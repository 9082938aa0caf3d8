import { Decimal } from 'decimal.js'
import type { FleetNetworkNet, FleetRigView, FleetTotals } from '../../../shared/contract/fleet.ts'
import { nodeStates } from '../../../shared/contract/nodes.ts'
import { emptyNodeCounts } from './rig-figures.ts'

/*
 * The totals across rigs, pure. Only connected rigs are summed: a stale rig's last figures are
 * not current, so it is left out and named (DESIGN.md: stale data is never shown as current).
 * Money is summed exactly (decimal.js) and only within one currency.
 */

export function fleetTotals(rigs: readonly FleetRigView[]): FleetTotals {
  const summed = rigs.filter((view) => view.status === 'connected')
  const missing = rigs.filter((view) => view.status !== 'connected').map(leftOutWords)
  const nodes = emptyNodeCounts()
  for (const view of summed) for (const state of nodeStates) nodes[state] += view.nodes?.[state] ?? 0
  const money = moneyTotals(summed)
  return {
    rigs: rigs.length,
    reporting: summed.length,
    ...wattsTotals(rigs, summed),
    nodes,
    openAlerts: summed.reduce((sum, view) => sum + (view.openAlerts ?? 0), 0),
    ...money,
    partial: missing.length > 0 || money.partial,
    missing: [...missing, ...money.missing],
  }
}

function leftOutWords(view: FleetRigView): string {
  const why = view.reason === null ? '' : ` (${view.reason})`
  return `rig “${view.rig.name}” is ${view.status}${why}, left out`
}

function wattsTotals(rigs: readonly FleetRigView[], summed: readonly FleetRigView[]): Pick<FleetTotals, 'watts' | 'wattsKind' | 'wattsProvenance'> {
  const withWatts = summed.filter((view) => view.watts !== null && view.watts.watts !== null)
  const measured = withWatts.filter((view) => view.watts?.kind === 'measured').length
  const estimated = withWatts.length - measured
  const silent = summed.filter((view) => !withWatts.includes(view)).map((view) => `“${view.rig.name}”`)
  const leftOut = rigs.filter((view) => view.status !== 'connected').map((view) => `“${view.rig.name}” ${view.status}`)
  const parts = [`measured on ${String(measured)} of ${String(rigs.length)} rig${rigs.length === 1 ? '' : 's'}`]
  if (estimated > 0) parts.push(`estimated on ${String(estimated)}`)
  if (silent.length > 0) parts.push(`no watts from ${silent.join(', ')}`)
  const provenance = parts.join(', ') + (leftOut.length > 0 ? `; left out: ${leftOut.join(', ')}` : '')
  if (withWatts.length === 0) return { watts: null, wattsKind: 'none', wattsProvenance: provenance }
  const watts = withWatts.reduce((sum, view) => sum + (view.watts?.watts ?? 0), 0)
  return { watts, wattsKind: estimated > 0 ? 'estimated' : 'measured', wattsProvenance: provenance }
}

type Money = Pick<FleetTotals, 'currency' | 'networks' | 'today' | 'last30d'> & { partial: boolean; missing: string[] }

function moneyTotals(summed: readonly FleetRigView[]): Money {
  const missing = summed.filter((view) => view.profit === null).map((view) => `rig “${view.rig.name}” has not answered profit yet`)
  const withProfit = summed.flatMap((view) => (view.profit === null ? [] : [{ name: view.rig.name, profit: view.profit }]))
  const currencies = [...new Set(withProfit.map(({ profit }) => profit.currency))]
  if (currencies.length > 1) {
    missing.push(`rigs report in different currencies (${currencies.join(', ')}), so their money is not summed`)
    return { currency: null, networks: [], today: null, last30d: null, partial: true, missing }
  }
  for (const { name, profit } of withProfit) for (const words of profit.missing) missing.push(`“${name}”: ${words}`)
  const byNetwork = new Map<string, FleetNetworkNet[]>()
  for (const { profit } of withProfit) for (const net of profit.networks) byNetwork.set(net.network, [...(byNetwork.get(net.network) ?? []), net])
  const networks = [...byNetwork.values()].map((nets): FleetNetworkNet => {
    const first = nets[0] as FleetNetworkNet
    const today = sum(nets.map((net) => net.today))
    const last30d = sum(nets.map((net) => net.last30d))
    return { network: first.network, name: first.name, today: today.value, last30d: last30d.value, partial: today.partial || last30d.partial || nets.some((net) => net.partial) }
  })
  const today = sum(withProfit.map(({ profit }) => profit.today))
  const last30d = sum(withProfit.map(({ profit }) => profit.last30d))
  const partial = missing.length > 0 || today.partial || last30d.partial || withProfit.some(({ profit }) => profit.partial)
  return { currency: currencies[0] ?? null, networks, today: today.value, last30d: last30d.value, partial, missing }
}

/** An exact sum of the known figures; partial when one is unknown, null when none is known. */
// Contract decimals have up to 30 digits each side of the point: enough significant digits that no sum rounds.
const Exact = Decimal.clone({ precision: 80 })

export function sum(values: readonly (string | null)[]): { value: string | null; partial: boolean } {
  const known = values.filter((value): value is string => value !== null)
  if (known.length === 0) return { value: null, partial: values.length > 0 }
  const total = known.reduce((acc, value) => acc.plus(value), new Exact(0))
  return { value: total.isZero() ? '0' : total.toFixed(), partial: known.length < values.length }
}
