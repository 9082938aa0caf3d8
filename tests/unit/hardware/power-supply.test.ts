import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batteryOf, readBattery, readPowerSupplies, type PowerSupply } from '../../../src/main/core/hardware/linux/power-supply.ts'

function supply(sysRoot: string, name: string, files: Record<string, string>): void {
  const dir = join(sysRoot, 'class/power_supply', name)
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), `${text}\n`)
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'desk-psu-'))

/** A laptop as its kernel lists it: BAT0, the AC adapter, and a wireless mouse's own battery. */
function laptop(): string {
  const sysRoot = fresh()
  supply(sysRoot, 'BAT0', { type: 'Battery', scope: 'System', status: 'Discharging', capacity: '81', present: '1', technology: 'Li-ion' })
  supply(sysRoot, 'AC', { type: 'Mains', online: '0' })
  supply(sysRoot, 'hidpp_battery_0', { type: 'Battery', scope: 'Device', status: 'Discharging', capacity: '5' })
  return sysRoot
}

const battery = (status: string | null, capacityPercent: number | null = 50): PowerSupply => ({ type: 'Battery', scope: null, capacityPercent, status, online: null })
const mains = (online: boolean | null): PowerSupply => ({ type: 'Mains', scope: null, capacityPercent: null, status: null, online })
const usb = (online: boolean): PowerSupply => ({ type: 'USB', scope: null, capacityPercent: null, status: null, online })

describe('readPowerSupplies', () => {
  it('reads type, scope, capacity, status and online of each supply', async () => {
    const supplies = await readPowerSupplies(laptop())
    expect(supplies).toContainEqual({ type: 'Battery', scope: 'System', capacityPercent: 81, status: 'Discharging', online: null })
    expect(supplies).toContainEqual({ type: 'Mains', scope: null, capacityPercent: null, status: null, online: false })
    expect(supplies).toHaveLength(3)
  })

  it('finds none where the class is absent', async () => {
    expect(await readPowerSupplies('/nonexistent/sys')).toEqual([])
  })
})

describe('readBattery', () => {
  it('shows the machine battery, not the mouse, on battery power', async () => {
    expect(await readBattery(laptop())).toEqual({ percent: 81, charging: false, onAc: false })
  })

  it('sees the adapter plugged in', async () => {
    const sysRoot = laptop()
    supply(sysRoot, 'AC', { type: 'Mains', online: '1' })
    supply(sysRoot, 'BAT0', { type: 'Battery', status: 'Charging', capacity: '82' })
    expect(await readBattery(sysRoot)).toEqual({ percent: 82, charging: true, onAc: true })
  })

  it('is null on a desktop or server: no battery, or only a peripheral one', async () => {
    const desktop = fresh()
    expect(await readBattery(desktop)).toBeNull()
    supply(desktop, 'hidpp_battery_0', { type: 'Battery', scope: 'Device', capacity: '90' })
    supply(desktop, 'ucsi-source-psy-USBC000:001', { type: 'USB', online: '0' })
    expect(await readBattery(desktop)).toBeNull()
    expect(await readBattery('/nonexistent/sys')).toBeNull()
  })
})

describe('batteryOf', () => {
  it.each<[string, PowerSupply[], ReturnType<typeof batteryOf>]>([
    ['charging on AC', [battery('Charging', 40), mains(true)], { percent: 40, charging: true, onAc: true }],
    ['full on AC', [battery('Full', 100), mains(true)], { percent: 100, charging: false, onAc: true }],
    ['held below full by a charge threshold', [battery('Not charging', 80), mains(true)], { percent: 80, charging: false, onAc: true }],
    ['powered through USB-C, adapter out', [battery('Charging'), mains(false), usb(true)], { percent: 50, charging: true, onAc: true }],
    ['no adapter listed, discharging', [battery('Discharging')], { percent: 50, charging: false, onAc: false }],
    ['no adapter listed, full', [battery('Full')], { percent: 50, charging: false, onAc: true }],
    ['status unknown', [battery('Unknown', null)], { percent: null, charging: null, onAc: null }],
    ['two batteries, one charging', [battery('Charging', 20), battery('Discharging', 60), mains(true)], { percent: 40, charging: true, onAc: true }],
    ['no battery', [mains(true)], null],
  ])('%s', (_, supplies, expected) => {
    expect(batteryOf(supplies)).toEqual(expected)
  })
})
