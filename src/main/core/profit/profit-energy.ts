import type { EnergyAnswer } from '../../../shared/contract/history.ts'
import type { ProfitSettings } from '../../../shared/contract/profit.ts'
import { attributeHour } from './attribution.ts'
import type { NetworkHour } from './electricity.ts'

/*
 * Each network's kWh per hour over one span, from the power history: one query for the machine
 * and one per assigned device, split hour by hour. A network takes part from the hour it
 * started (its purchase, first reward or wallet), so one added later does not take its share of
 * the months before it.
 */

export type EnergySource = (fromMs: number, toMs: number, deviceId?: string) => Promise<EnergyAnswer>

/** A network sharing the machine since `sinceMs`. */
export type Member = { network: string; sinceMs: number }

export type Attributed = { hours: NetworkHour[] } | { hours: null; reason: string }

export type NetworkEnergy = {
  /** Starts of the hours the machine's power history has any data for, ascending. */
  measured: readonly number[]
  byNetwork: ReadonlyMap<string, Attributed>
}

/** What one window of a network gets: its hours, or why they cannot be known. */
export type WindowEnergy = { hours: NetworkHour[] | null; hoursWithoutData: number; noPowerReason?: string }

export const hourMs = 3_600_000

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Why a network's kWh cannot be known whatever the history holds, or null. */
function unknownBecause(network: string, members: readonly Member[], profit: ProfitSettings): string | null {
  if (profit.costs[network]?.alreadyOwned === true && profit.idleBaselineWatts === null) {
    return 'hardware already owned, but no idle baseline is set, so its watts above idle are unknown'
  }
  const hasDevice = Object.values(profit.devices).includes(network)
  const given = Object.keys(profit.shares).length > 0
  const listedWeight = members.reduce((sum, member) => sum + (profit.shares[member.network] ?? 0), 0)
  // With weights given that reach some network, a network at 0 and without a device gets nothing: unknown, not 0.
  if (!hasDevice && given && listedWeight > 0 && (profit.shares[network] ?? 0) === 0) {
    return 'no power is attributed to it: no device serves it and its share of the machine is 0'
  }
  return null
}

async function readHistory(energy: EnergySource, fromMs: number, toMs: number, deviceIds: readonly string[]): Promise<{ machine: EnergyAnswer; devices: EnergyAnswer[] }> {
  const [machine, ...devices] = await Promise.all([energy(fromMs, toMs), ...deviceIds.map((id) => energy(fromMs, toMs, id))])
  return { machine, devices }
}

export async function networkEnergy(energy: EnergySource, span: { fromMs: number; toMs: number }, members: readonly Member[], profit: ProfitSettings): Promise<NetworkEnergy> {
  const byNetwork = new Map<string, Attributed>()
  const listed = new Set(members.map((member) => member.network))
  const deviceIds = Object.keys(profit.devices).filter((id) => listed.has(profit.devices[id] ?? ''))
  let history: { machine: EnergyAnswer; devices: EnergyAnswer[] } | null = null
  if (span.toMs > span.fromMs && members.length > 0) {
    try {
      history = await readHistory(energy, span.fromMs, span.toMs, deviceIds)
    } catch (error) {
      const reason = `the power history could not be read (${errorText(error)})`
      for (const member of members) byNetwork.set(member.network, { hours: null, reason })
      return { measured: [], byNetwork }
    }
  }
  const perDevice = new Map<number, Record<string, number>>()
  history?.devices.forEach((answer, index) => {
    const id = deviceIds[index] ?? ''
    for (const hour of answer.hours) perDevice.set(hour.hourStartMs, { ...perDevice.get(hour.hourStartMs), [id]: hour.kwh })
  })
  const counted: NetworkHour[][] = members.map(() => [])
  const measured: number[] = []
  const owned = new Set(members.filter((member) => profit.costs[member.network]?.alreadyOwned === true).map((member) => member.network))
  const hours = [...(history?.machine.hours ?? [])].filter((hour) => hour.coveredSeconds > 0).sort((a, b) => a.hourStartMs - b.hourStartMs)
  for (const hour of hours) {
    measured.push(hour.hourStartMs)
    const active = members.filter((member) => member.sinceMs < hour.hourStartMs + hourMs).map((member) => member.network)
    if (active.length === 0) continue
    // The baseline is drawn over the part of the hour that was measured, as the machine's kWh are.
    const coveredHours = Math.min(hour.coveredSeconds, 3600) / 3600
    const shares = attributeHour({
      machineKwh: hour.kwh,
      deviceKwh: perDevice.get(hour.hourStartMs) ?? {},
      deviceNetworks: profit.devices,
      networks: active,
      shares: profit.shares,
      idleBaselineKwh: profit.idleBaselineWatts === null ? null : (profit.idleBaselineWatts * coveredHours) / 1000,
      owned,
    })
    const estimated = estimatedFraction(hour)
    members.forEach((member, index) => {
      const kwh = shares[member.network]
      if (typeof kwh === 'number') counted[index]?.push({ hourStartMs: hour.hourStartMs, kwh, estimatedKwh: kwh * estimated })
    })
  }
  members.forEach((member, index) => {
    const reason = unknownBecause(member.network, members, profit)
    byNetwork.set(member.network, reason === null ? { hours: counted[index] ?? [] } : { hours: null, reason })
  })
  return { measured, byNetwork }
}

/**
 * The part of the machine's kWh that hour drawn while its watts were estimated. A network's
 * kWh are its share of the machine's, so they are taken to be as estimated as the machine's
 * that hour (a device's own split is not carried through attribution). An answer that cannot
 * tell counts as all estimated.
 */
function estimatedFraction(hour: EnergyAnswer['hours'][number]): number {
  if (hour.estimatedKwh === undefined) return 1
  return hour.kwh > 0 ? Math.min(1, Math.max(0, hour.estimatedKwh / hour.kwh)) : 0
}

/** Hour slots whose start lies in [fromMs, toMs): the hours a window is made of. */
function slotsIn(fromMs: number, toMs: number): number {
  return Math.max(0, Math.ceil(toMs / hourMs) - Math.ceil(fromMs / hourMs))
}

function countIn(sorted: readonly number[], fromMs: number, toMs: number): number {
  return sorted.filter((start) => start >= fromMs && start < toMs).length
}

/** A network's hours of [fromMs, toMs); a window with no power data at all has unknown electricity, not 0. */
export function windowEnergy(energy: NetworkEnergy, network: string, fromMs: number, toMs: number): WindowEnergy {
  const slots = slotsIn(fromMs, toMs)
  const measured = countIn(energy.measured, fromMs, toMs)
  const attributed = energy.byNetwork.get(network) ?? { hours: null, reason: 'no power is attributed to it' }
  if (attributed.hours === null) return { hours: null, hoursWithoutData: slots - measured, noPowerReason: attributed.reason }
  if (slots > 0 && measured === 0) return { hours: null, hoursWithoutData: slots, noPowerReason: 'no power was recorded in this window' }
  const hours = attributed.hours.filter((hour) => hour.hourStartMs >= fromMs && hour.hourStartMs < toMs)
  return { hours, hoursWithoutData: slots - measured }
}
