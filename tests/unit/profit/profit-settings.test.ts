import { describe, expect, it } from 'vitest'
import { NetworkCosts, type TariffPeriod } from '../../../src/shared/contract/profit.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { DeskError } from '../../../src/main/core/errors.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { setAttribution, setCosts, setTariff } from '../../../src/main/core/profit/profit-settings.ts'

const everyDay = [0, 1, 2, 3, 4, 5, 6]
const known = 'grass, helium, akash, aethir, bittensor, filecoin, render, nosana'
const now = Date.UTC(2025, 5, 15, 12)

function period(label: string, fromHour: number, toHour: number, days: number[] = everyDay, pricePerKwh = '0.25'): TariffPeriod {
  return { label, pricePerKwh, days, fromHour, toHour }
}

function thrown(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run()
  } catch (error) {
    if (error instanceof DeskError) return { code: error.code, field: error.field, message: error.message }
    throw error
  }
  throw new Error('expected a DeskError')
}

const costs = (patch: Partial<NetworkCosts> = {}): NetworkCosts => ({ ...NetworkCosts.parse({}), ...patch })

describe('setTariff', () => {
  it('saves a flat rate and a time-of-use schedule, with days in order and the zone in its canonical spelling', () => {
    const flat = setTariff(defaultSettings, { tariff: [period('Flat', 0, 24)], timeZone: null })
    expect(flat.profit.tariff).toEqual([period('Flat', 0, 24)])
    expect(flat.profit.timeZone).toBeNull()

    const tou = setTariff(defaultSettings, {
      tariff: [period('Night', 0, 7, [6, 0, 1, 2, 3, 4, 5, 5], '0.18'), period('Day', 7, 22, everyDay, '0.32'), period('Late', 22, 24, everyDay, '0.18')],
      timeZone: 'europe/berlin',
    })
    expect(tou.profit.tariff.map((p) => [p.label, p.days, p.fromHour, p.toHour, p.pricePerKwh])).toEqual([
      ['Night', everyDay, 0, 7, '0.18'],
      ['Day', everyDay, 7, 22, '0.32'],
      ['Late', everyDay, 22, 24, '0.18'],
    ])
    expect(tou.profit.timeZone).toBe('Europe/Berlin')
    expect(defaultSettings.profit.tariff).toEqual([])
  })

  it('clears the tariff: no price is known then, which is not a price of 0', () => {
    const set = setTariff(defaultSettings, { tariff: [period('Flat', 0, 24)], timeZone: 'UTC' })
    const cleared = setTariff(set, { tariff: [], timeZone: '  ' })
    expect(cleared.profit.tariff).toEqual([])
    expect(cleared.profit.timeZone).toBeNull()
  })

  it('keeps the rest of the settings as they were', () => {
    const before = { ...defaultSettings, currency: 'eur' as const, profit: { ...defaultSettings.profit, idleBaselineWatts: 80 } }
    const after = setTariff(before, { tariff: [period('Flat', 0, 24)], timeZone: null })
    expect(after.currency).toBe('eur')
    expect(after.profit.idleBaselineWatts).toBe(80)
  })

  it.each<[string, TariffPeriod[], string | null, string, string]>([
    ['a period of no hours', [period('Flat', 6, 6)], null, 'tariff.0.toHour', 'tariff.0.toHour: "Flat" starts and ends at 06:00; a period covers at least one hour'],
    [
      'a period past midnight',
      [period('Day', 6, 22), period('Night', 22, 6)],
      null,
      'tariff.1.toHour',
      'tariff.1.toHour: "Night" runs from 22:00 past midnight to 06:00; enter it as two periods, 22:00–24:00 and 00:00–06:00',
    ],
    [
      'two prices for one hour',
      [period('Flat', 0, 24), period('Weekend', 10, 12, [6])],
      null,
      'tariff.1',
      'tariff.1: "Weekend" and "Flat" both price Saturday 10:00–11:00; each hour of the week has one price',
    ],
    ['a zone Intl does not know', [period('Flat', 0, 24)], 'Europe/Berln', 'timeZone', 'timeZone: "Europe/Berln" is not a time zone; use an IANA name like Europe/Berlin, or none for this machine\'s'],
    ['a made-up zone', [period('Flat', 0, 24)], 'Mars/Olympus_Mons', 'timeZone', 'timeZone: "Mars/Olympus_Mons" is not a time zone; use an IANA name like Europe/Berlin, or none for this machine\'s'],
  ])('refuses %s, naming the field', (_, tariff, timeZone, field, message) => {
    expect(thrown(() => setTariff(defaultSettings, { tariff, timeZone }))).toEqual({ code: 'invalid-input', field, message })
  })

  it.each<[string, TariffPeriod[], string]>([
    ['weekdays only', [period('Weekdays', 0, 24, [1, 2, 3, 4, 5])], 'no price for Sat–Sun 00:00–24:00'],
    [
      'nights left out on weekdays',
      [period('Day', 7, 22, [1, 2, 3, 4, 5]), period('Weekend', 0, 24, [0, 6])],
      'no price for Mon–Fri 00:00–07:00, 22:00–24:00',
    ],
  ])('refuses a schedule that leaves hours without a price (%s), saying which', (_, tariff, gaps) => {
    expect(thrown(() => setTariff(defaultSettings, { tariff, timeZone: null }))).toEqual({
      code: 'invalid-input',
      field: 'tariff',
      message: `tariff: ${gaps}; give every hour of the week a price (a flat rate is one period of every day, 00:00–24:00)`,
    })
  })
})

describe('setCosts', () => {
  it('saves one network’s costs and keeps the others', () => {
    const grass = costs({ hardwareCost: '1200', purchasedAt: Date.UTC(2025, 0, 1), monthlyCosts: [{ label: 'Internet', amount: '10' }] })
    const first = setCosts(defaultSettings, networks, { network: 'grass', costs: grass }, now)
    const second = setCosts(first, networks, { network: 'akash', costs: costs({ alreadyOwned: true }) }, now)
    expect(second.profit.costs).toEqual({ grass, akash: costs({ alreadyOwned: true }) })
    expect(defaultSettings.profit.costs).toEqual({})
  })

  it('takes hardware already owned without a purchase date (it is not amortized), and a purchase date of today', () => {
    expect(setCosts(defaultSettings, networks, { network: 'grass', costs: costs({ hardwareCost: '800', alreadyOwned: true }) }, now).profit.costs.grass?.hardwareCost).toBe('800')
    expect(setCosts(defaultSettings, networks, { network: 'grass', costs: costs({ purchasedAt: now }) }, now).profit.costs.grass?.purchasedAt).toBe(now)
  })

  it.each<[string, string, NetworkCosts, string, string]>([
    ['an unknown network', 'iotex', costs(), 'network', `network: DePIN Desk has no network "iotex"; it knows ${known}`],
    [
      'a purchase date in the future',
      'grass',
      costs({ hardwareCost: '100', purchasedAt: Date.UTC(2025, 5, 16) }),
      'costs.purchasedAt',
      'costs.purchasedAt: 2025-06-16 is in the future; give the day the hardware was bought',
    ],
    [
      'a hardware cost without a purchase date',
      'grass',
      costs({ hardwareCost: '100' }),
      'costs.purchasedAt',
      'costs.purchasedAt: give the purchase date with the hardware cost: amortization and payback start there',
    ],
    [
      'one monthly cost twice',
      'helium',
      costs({ monthlyCosts: [{ label: 'Hosting', amount: '5' }, { label: 'Data', amount: '2' }, { label: 'Hosting', amount: '7' }] }),
      'costs.monthlyCosts.2.label',
      'costs.monthlyCosts.2.label: "Hosting" is listed twice; give each monthly cost its own name',
    ],
  ])('refuses %s, naming the field', (_, network, input, field, message) => {
    expect(thrown(() => setCosts(defaultSettings, networks, { network, costs: input }, now))).toEqual({ code: 'invalid-input', field, message })
  })
})

describe('setAttribution', () => {
  it('saves devices, shares and the idle baseline together', () => {
    const input = { devices: { 'nvidia:GPU-1': 'akash', 'nvidia:GPU-2': 'render' }, shares: { grass: 1, akash: 3 }, idleBaselineWatts: 65 }
    const saved = setAttribution(defaultSettings, networks, input)
    expect(saved.profit).toMatchObject(input)
    expect(setAttribution(saved, networks, { devices: {}, shares: {}, idleBaselineWatts: null }).profit).toMatchObject({ devices: {}, shares: {}, idleBaselineWatts: null })
  })

  it.each<[string, Record<string, string>, Record<string, number>, string, string]>([
    ['a device for an unknown network', { 'nvidia:GPU-1': 'ionet' }, {}, 'devices.nvidia:GPU-1', `devices.nvidia:GPU-1: DePIN Desk has no network "ionet"; it knows ${known}`],
    ['a device without an id', { ' ': 'akash' }, {}, 'devices', 'devices: a device has no id; use the id its power readings carry, like nvidia:GPU-…'],
    ['a share for an unknown network', {}, { grass: 1, storj: 1 }, 'shares.storj', `shares.storj: DePIN Desk has no network "storj"; it knows ${known}`],
    ['shares that are all 0', {}, { grass: 0, helium: 0 }, 'shares', 'shares: every share is 0, so no network would carry the machine; give one a share, or clear them all to split evenly'],
  ])('refuses %s, naming the field', (_, devices, shares, field, message) => {
    expect(thrown(() => setAttribution(defaultSettings, networks, { devices, shares, idleBaselineWatts: null }))).toEqual({ code: 'invalid-input', field, message })
  })
})
