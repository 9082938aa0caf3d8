/*
 * Which network used the machine's energy in one hour. A device (a GPU) assigned to a network
 * gives it that device's kWh; the rest of the machine is split by share weights. Full cost
 * hands out every kWh the machine drew; for hardware already owned only the kWh above the
 * idle baseline count (the marginal cost of running the network at all).
 */

export type AttributionInput = {
  /** The machine's kWh this hour; null: no power measured. */
  machineKwh: number | null
  /** Each power device's kWh this hour, by deviceId. */
  deviceKwh: Readonly<Record<string, number>>
  /** Which network each device serves. */
  deviceNetworks: Readonly<Record<string, string>>
  /** The networks that share the machine. */
  networks: readonly string[]
  /** Weights of the rest of the machine per network; empty: evenly. */
  shares: Readonly<Record<string, number>>
  /** The idle draw over this hour, in kWh; null: not given. */
  idleBaselineKwh: number | null
  /** Networks on hardware already owned: charged marginally. */
  owned: ReadonlySet<string>
}

/** What describeAttribution needs: the settings, not one hour's energy. */
export type AttributionRules = Pick<AttributionInput, 'deviceNetworks' | 'networks' | 'shares' | 'owned'> & {
  idleBaselineWatts: number | null
}

function checkKwh(what: string, kwh: number): void {
  if (!Number.isFinite(kwh) || kwh < 0) throw new RangeError(`${what} used ${kwh} kWh; energy is a finite number of 0 or more`)
}

/** Each network's weight of the rest: the given shares (a missing one is 0), or all equal when none is given or all are 0. */
function restWeights(networks: readonly string[], shares: Readonly<Record<string, number>>): Map<string, number> {
  const given = Object.keys(shares).length > 0
  const weights = new Map(networks.map((network) => [network, given ? (shares[network] ?? 0) : 1]))
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0)
  // Weights that give the rest to no listed network would lose the machine's kWh: split evenly instead.
  if (total <= 0) return new Map(networks.map((network) => [network, 1 / networks.length]))
  return new Map([...weights].map(([network, weight]) => [network, weight / total]))
}

/** Devices' kWh per listed network; devices of other networks are left to the rest. */
function deviceKwhByNetwork(input: AttributionInput): { byNetwork: Map<string, number>; total: number } {
  const listed = new Set(input.networks)
  const byNetwork = new Map<string, number>()
  let total = 0
  for (const [deviceId, kwh] of Object.entries(input.deviceKwh)) {
    checkKwh(`device ${deviceId}`, kwh)
    const network = input.deviceNetworks[deviceId]
    if (network === undefined || !listed.has(network)) continue
    byNetwork.set(network, (byNetwork.get(network) ?? 0) + kwh)
    total += kwh
  }
  return { byNetwork, total }
}

/**
 * Each listed network's kWh for one hour; null where it cannot be known (no machine power, or
 * owned hardware without an idle baseline). Without owned networks the kWh add up to the
 * machine's: when the devices read more than the machine, they are scaled down to it.
 */
export function attributeHour(input: AttributionInput): Record<string, number | null> {
  const { machineKwh, networks, idleBaselineKwh } = input
  const result: Record<string, number | null> = {}
  if (machineKwh === null) {
    for (const network of networks) result[network] = null
    return result
  }
  checkKwh('the machine', machineKwh)
  if (idleBaselineKwh !== null) checkKwh('the idle baseline', idleBaselineKwh)
  const devices = deviceKwhByNetwork(input)
  // The machine's meter is what is paid for; GPUs' own power sensors can read above it.
  const deviceScale = devices.total > machineKwh ? machineKwh / devices.total : 1
  const rest = Math.max(0, machineKwh - devices.total)
  const weights = restWeights(networks, input.shares)
  // The part of each kWh above idle; an owned network carries its share of just that.
  const aboveIdle = idleBaselineKwh === null ? null : machineKwh === 0 ? 0 : Math.max(0, machineKwh - idleBaselineKwh) / machineKwh
  for (const network of networks) {
    const full = (devices.byNetwork.get(network) ?? 0) * deviceScale + rest * (weights.get(network) ?? 0)
    if (!input.owned.has(network)) result[network] = full
    else result[network] = aboveIdle === null ? null : full * aboveIdle
  }
  return result
}

/** A node's measured watts are kept as the power series of device `node:<id>` (nodes/node-power.ts). */
export const nodeDeviceId = (nodeId: string): string => `node:${nodeId}`

/**
 * The attribution profit uses: the operator's devices and shares, or in 'nodes' mode each
 * confirmed node's measured watts as a device of its network (its GPUs and CPU time are in
 * them, so the GPUs' manual assignments step aside), with the shares for the rest.
 */
export function effectiveAttribution<P extends { devices: Readonly<Record<string, string>>; mode: 'manual' | 'nodes' }>(profit: P, nodes: readonly { id: string; network: string }[]): P {
  if (profit.mode !== 'nodes' || nodes.length === 0) return profit
  return { ...profit, devices: Object.fromEntries(nodes.map((node) => [nodeDeviceId(node.id), node.network])) }
}

function deviceLabel(deviceId: string): string {
  if (deviceId.startsWith('node:')) return `node ${deviceId.slice('node:'.length)} (its measured watts)`
  return /^(nvidia|amdgpu):/.test(deviceId) ? `GPU ${deviceId}` : `device ${deviceId}`
}

function percent(fraction: number): string {
  const value = fraction * 100
  if (value > 0 && value < 0.1) return '< 0.1 %'
  return `${String(Number(value.toFixed(1)))} %`
}

/** How a network's kWh are found, in words: "GPU nvidia:GPU-1 + 50 % of the rest", "above the 80 W idle baseline". */
export function describeAttribution(network: string, rules: AttributionRules & { mode?: 'manual' | 'nodes' }): string {
  const mode = rules.mode === 'nodes' && Object.keys(rules.deviceNetworks).some((id) => id.startsWith('node:')) ? 'by node (measured)' : 'manual'
  return `${mode}: ${describeSplit(network, rules)}`
}

function describeSplit(network: string, rules: AttributionRules): string {
  if (!rules.networks.includes(network)) return 'no power attributed: the network does not share this machine'
  const listed = new Set(rules.networks)
  const devices = Object.keys(rules.deviceNetworks).filter((deviceId) => rules.deviceNetworks[deviceId] === network).sort()
  const anyDevice = Object.values(rules.deviceNetworks).some((n) => listed.has(n))
  const share = restWeights(rules.networks, rules.shares).get(network) ?? 0
  const parts = devices.map(deviceLabel)
  if (share >= 1) parts.push(anyDevice ? 'all of the rest' : 'the whole machine')
  else if (share > 0) parts.push(`${percent(share)} of ${anyDevice ? 'the rest' : 'the machine'}`)
  const how = parts.length === 0 ? 'nothing: no device and no share of the machine' : parts.join(' + ')
  if (!rules.owned.has(network)) return how
  if (rules.idleBaselineWatts === null) return `${how}; hardware already owned, but with no idle baseline set its watts above idle are unknown`
  return `${how}, only above the ${String(rules.idleBaselineWatts)} W idle baseline (hardware already owned)`
}
