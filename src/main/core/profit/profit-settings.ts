import type { NetworkCosts, ProfitSettings, TariffPeriod } from '../../../shared/contract/profit.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import { DeskError } from '../errors.ts'
import { networkNamed, type NetworkRegistry } from '../networks/index.ts'
import { tariffGaps } from './tariff.ts'

/*
 * The profit commands as settings transformations: each takes the settings and answers the next
 * ones, or throws a DeskError naming the field. The method schemas have already checked shapes
 * and ranges; what is checked here is what a schema cannot see.
 */

export type TariffInput = { tariff: readonly TariffPeriod[]; timeZone: string | null }
export type CostsInput = { network: NetworkId; costs: NetworkCosts }
export type AttributionInput = {
  devices: Readonly<Record<string, NetworkId>>
  shares: Readonly<Record<NetworkId, number>>
  idleBaselineWatts: number | null
  /** Absent: the mode stays as it is. */
  mode?: 'manual' | 'nodes' | undefined
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

function invalid(field: string, message: string): DeskError {
  return new DeskError('invalid-input', `${field}: ${message}`, { field })
}

function withProfit(settings: Settings, profit: Partial<ProfitSettings>): Settings {
  return { ...settings, profit: { ...settings.profit, ...profit } }
}

/** The zone's canonical name ("europe/berlin" → "Europe/Berlin"), or a DeskError when Intl knows no such zone. */
function checkTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    throw invalid('timeZone', `"${zone}" is not a time zone; use an IANA name like Europe/Berlin, or none for this machine's`)
  }
}

const clock = (hour: number): string => `${String(hour).padStart(2, '0')}:00`

function checkPeriodHours(period: TariffPeriod, field: string): void {
  const { label, fromHour, toHour } = period
  if (fromHour === toHour) throw invalid(`${field}.toHour`, `"${label}" starts and ends at ${clock(fromHour)}; a period covers at least one hour`)
  if (fromHour > toHour) {
    throw invalid(
      `${field}.toHour`,
      `"${label}" runs from ${clock(fromHour)} past midnight to ${clock(toHour)}; enter it as two periods, ${clock(fromHour)}–24:00 and 00:00–${clock(toHour)}`,
    )
  }
}

/** Each hour of the week has one price: the first hour two periods share is named. */
function checkOverlaps(periods: readonly TariffPeriod[]): void {
  const owner = new Map<number, number>()
  periods.forEach((period, index) => {
    for (const day of period.days) {
      for (let hour = period.fromHour; hour < period.toHour; hour++) {
        const slot = day * 24 + hour
        const first = owner.get(slot)
        if (first !== undefined) {
          const other = periods[first]?.label ?? ''
          throw invalid(`tariff.${index}`, `"${period.label}" and "${other}" both price ${weekdays[day] ?? ''} ${clock(hour)}–${clock(hour + 1)}; each hour of the week has one price`)
        }
        owner.set(slot, index)
      }
    }
  })
}

/** The tariff and its zone. An empty tariff means no price is known: electricity is then "unknown". */
export function setTariff(settings: Settings, input: TariffInput): Settings {
  const periods = input.tariff.map((period, index) => {
    checkPeriodHours(period, `tariff.${index}`)
    return { ...period, days: [...new Set(period.days)].sort((a, b) => a - b) }
  })
  checkOverlaps(periods)
  const gaps = periods.length === 0 ? null : tariffGaps(periods)
  if (gaps !== null) throw invalid('tariff', `${gaps}; give every hour of the week a price (a flat rate is one period of every day, 00:00–24:00)`)
  const timeZone = input.timeZone === null || input.timeZone.trim() === '' ? null : checkTimeZone(input.timeZone.trim())
  return withProfit(settings, { tariff: periods, timeZone })
}

/** "2025-06-16"; years past 9999 print as "+275760-09-13" (the schema keeps `ms` inside a Date's range). */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().split('T')[0] ?? ''
}

/** One network's costs, replacing what it had. `now` decides what "in the future" means. */
export function setCosts(settings: Settings, networks: NetworkRegistry, input: CostsInput, now: number = Date.now()): Settings {
  networkNamed(networks, input.network)
  const { costs } = input
  if (costs.purchasedAt !== null && costs.purchasedAt > now) {
    throw invalid('costs.purchasedAt', `${isoDay(costs.purchasedAt)} is in the future; give the day the hardware was bought`)
  }
  if (costs.hardwareCost !== null && costs.purchasedAt === null && !costs.alreadyOwned) {
    throw invalid('costs.purchasedAt', 'give the purchase date with the hardware cost: amortization and payback start there')
  }
  const labels = new Set<string>()
  costs.monthlyCosts.forEach(({ label }, index) => {
    if (labels.has(label)) throw invalid(`costs.monthlyCosts.${index}.label`, `"${label}" is listed twice; give each monthly cost its own name`)
    labels.add(label)
  })
  return withProfit(settings, { costs: { ...settings.profit.costs, [input.network]: costs } })
}

function checkNetwork(networks: NetworkRegistry, id: string, field: string): void {
  if (!networks.has(id)) throw invalid(field, `DePIN Desk has no network "${id}"; it knows ${[...networks.keys()].join(', ')}`)
}

/** Which device serves which network, how the rest of the machine is shared, and the idle baseline. */
export function setAttribution(settings: Settings, networks: NetworkRegistry, input: AttributionInput): Settings {
  for (const [deviceId, network] of Object.entries(input.devices)) {
    if (deviceId.trim() === '') throw invalid('devices', 'a device has no id; use the id its power readings carry, like nvidia:GPU-…')
    checkNetwork(networks, network, `devices.${deviceId}`)
  }
  const shares = Object.entries(input.shares)
  for (const [network] of shares) checkNetwork(networks, network, `shares.${network}`)
  // All-zero weights would leave the machine's watts to no one; empty is how "split evenly" is said.
  if (shares.length > 0 && shares.every(([, weight]) => weight === 0)) {
    throw invalid('shares', 'every share is 0, so no network would carry the machine; give one a share, or clear them all to split evenly')
  }
  return withProfit(settings, { devices: { ...input.devices }, shares: { ...input.shares }, idleBaselineWatts: input.idleBaselineWatts, mode: input.mode ?? settings.profit.mode })
}
