import type { NetworkModule } from '../../networks/network-module.ts'
import type { AlertRule } from '../rule.ts'
import { balanceDropped } from './balance-dropped.ts'
import { diskFull } from './disk-full.ts'
import { fleetRigStale } from './fleet-rig-stale.ts'
import { gpuThrottling } from './gpu-throttling.ts'
import { nodeDown } from './node-down.ts'
import { nodeExposed } from './node-exposed.ts'
import { nodeRestarted } from './node-restarted.ts'
import { plugUnreachable } from './plug-unreachable.ts'
import { priceCrash } from './price-crash.ts'
import { rewardsStopped } from './rewards-stopped.ts'
import { staleData } from './stale-data.ts'
import { takeProfit } from './take-profit.ts'
import { temperature } from './temperature.ts'
import { unprofitable } from './unprofitable.ts'
import { wattsCap } from './watts-cap.ts'

/** Every rule that is no network's own, in the order the settings page lists them: money first, then data, nodes, then hardware. */
export const coreRules: readonly AlertRule[] = [
  rewardsStopped,
  unprofitable,
  priceCrash,
  takeProfit,
  balanceDropped,
  staleData,
  nodeDown,
  nodeRestarted,
  nodeExposed,
  fleetRigStale,
  temperature,
  gpuThrottling,
  diskFull,
  plugUnreachable,
  wattsCap,
]

/**
 * The rules the networks declare next to their readers. A network's rule carries its network and
 * an id under it ('bittensor.emission-zero'), so a snooze of the network silences it and two
 * networks never claim one id; a rule that breaks this is a bug, caught at startup.
 */
export function networkRules(networks: Iterable<NetworkModule> | ReadonlyMap<string, NetworkModule>): AlertRule[] {
  const modules = networks instanceof Map ? [...(networks as ReadonlyMap<string, NetworkModule>).values()] : [...(networks as Iterable<NetworkModule>)]
  const rules = modules.flatMap((module) => (module.alertRules ?? []).map((rule) => ({ module, rule })))
  const seen = new Set(coreRules.map((rule) => rule.id))
  for (const { module, rule } of rules) {
    const id = module.info.id
    if (rule.network !== id || !rule.id.startsWith(`${id}.`)) throw new Error(`alert rule ${rule.id} of ${id} must name network "${id}" and have an id "${id}.<rule>"`)
    if (seen.has(rule.id)) throw new Error(`alert rule ${rule.id} is declared twice`)
    seen.add(rule.id)
  }
  return rules.map(({ rule }) => rule)
}
