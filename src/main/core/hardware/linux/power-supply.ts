import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Battery } from '../../../../shared/contract/hardware.ts'

/*
 * Battery and AC from /sys/class/power_supply/<name>/: `type` (Battery, Mains, USB, UPS…),
 * `scope`, `capacity` (percent), `status` (Charging, Discharging, Full, Not charging,
 * Unknown) and `online`.
 */

export type PowerSupply = {
  type: string
  /** `Device` for a peripheral's own battery (a wireless mouse), which does not power the machine. */
  scope: string | null
  capacityPercent: number | null
  status: string | null
  /** `online` non-zero: 1 online, 2 online with a programmable voltage (USB PD). */
  online: boolean | null
}

/** The machine's battery as the contract shows it; null when it has none. */
export function batteryOf(supplies: readonly PowerSupply[]): Battery | null {
  const batteries = supplies.filter((s) => s.type === 'Battery' && s.scope !== 'Device')
  if (batteries.length === 0) return null
  const capacities = batteries.flatMap((b) => (b.capacityPercent === null ? [] : [b.capacityPercent]))
  const statuses = batteries.flatMap((b) => (b.status === null || b.status === 'Unknown' ? [] : [b.status]))
  return {
    // Two batteries (some ThinkPads) show as the mean of their percentages, alike whatever their size.
    percent: capacities.length === 0 ? null : capacities.reduce((sum, c) => sum + c, 0) / capacities.length,
    charging: statuses.length === 0 ? null : statuses.includes('Charging'),
    onAc: onExternalPower(supplies, statuses),
  }
}

function onExternalPower(supplies: readonly PowerSupply[], batteryStatuses: readonly string[]): boolean | null {
  const external = supplies.filter((s) => (s.type === 'Mains' || s.type === 'USB') && s.online !== null)
  if (external.length > 0) return external.some((s) => s.online === true)
  // No adapter listed: a battery that is not discharging is on external power.
  return batteryStatuses.length === 0 ? null : !batteryStatuses.includes('Discharging')
}

/** Every supply under <sysRoot>/class/power_supply; a file that cannot be read is null. */
export async function readPowerSupplies(sysRoot: string): Promise<PowerSupply[]> {
  const classDir = join(sysRoot, 'class/power_supply')
  const names = await readdir(classDir).catch(() => [])
  const supplies = await Promise.all(
    names.map(async (name): Promise<PowerSupply | null> => {
      const file = (attribute: string): Promise<string | null> =>
        readFile(join(classDir, name, attribute), 'utf8').then((text) => text.trim(), () => null)
      const [type, scope, capacity, status, online] = await Promise.all([
        file('type'),
        file('scope'),
        file('capacity'),
        file('status'),
        file('online'),
      ])
      if (type === null) return null
      return {
        type,
        scope,
        capacityPercent: percent(capacity),
        status,
        online: online !== null && /^\d+$/.test(online) ? Number(online) > 0 : null,
      }
    }),
  )
  return supplies.filter((supply) => supply !== null)
}

function percent(text: string | null): number | null {
  if (text === null || text === '') return null
  const value = Number(text)
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : null
}

/** The machine's battery now, from a fresh walk of power_supply (a handful of small reads). */
export async function readBattery(sysRoot = '/sys'): Promise<Battery | null> {
  return batteryOf(await readPowerSupplies(sysRoot))
}
