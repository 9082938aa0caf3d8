import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EnergyAnswer } from '../../../src/shared/contract/history.ts'
import { NetworkCosts, ProfitSnapshot, type ProfitFigures, type ProfitSettings, type ProfitWindow, type TariffPeriod } from '../../../src/shared/contract/profit.ts'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { PriceQuote } from '../../../src/shared/contract/wallets.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { createProfitService, type PowerProvenance } from '../../../src/main/core/profit/profit-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'

/*
 * The profit service against a real ledger, the real network modules and a power history made
 * of synthetic hours. Every expected figure is worked out by hand in the comment beside it.
 */

const hourMs = 3_600_000
const dayMs = 86_400_000
/** The first wallet was added here; every synthetic series starts here too. */
const T0 = Date.UTC(2025, 4, 1)
/** Noon UTC: "today" (in UTC) is 12 hours old, "all" is 45.5 days. */
const now = Date.UTC(2025, 5, 15, 12)
const todayStart = Date.UTC(2025, 5, 15)
const everyDay = [0, 1, 2, 3, 4, 5, 6]
const measured: PowerProvenance = { kind: 'measured', reason: 'wall plug' }

type Hour = { kwh: number; coveredSeconds: number; estimatedKwh?: number } | null
type HourSeries = (hourStartMs: number) => Hour

/** `kwh` every hour from T0 to now, all measured. */
const steady =
  (kwh: number): HourSeries =>
  (start) =>
    start >= T0 && start < now ? { kwh, coveredSeconds: 3600, estimatedKwh: 0 } : null

/** The power history as energy.summary answers it: only the hours that hold data. */
function history(machine: HourSeries, devices: Record<string, HourSeries> = {}) {
  const calls: { fromMs: number; toMs: number; deviceId: string | undefined }[] = []
  const energy = (fromMs: number, toMs: number, deviceId?: string): Promise<EnergyAnswer> => {
    calls.push({ fromMs, toMs, deviceId })
    const series = deviceId === undefined ? machine : devices[deviceId]
    const hours: EnergyAnswer['hours'] = []
    for (let start = Math.floor(fromMs / hourMs) * hourMs; start < toMs; start += hourMs) {
      const hour = series?.(start) ?? null
      if (hour !== null) hours.push({ hourStartMs: start, ...hour })
    }
    return Promise.resolve({ kwh: hours.reduce((sum, hour) => sum + hour.kwh, 0), hours, gaps: [] })
  }
  return { energy, calls }
}

const flat = (pricePerKwh: string): TariffPeriod[] => [{ label: 'Flat', pricePerKwh, days: everyDay, fromHour: 0, toHour: 24 }]
const costs = (patch: Partial<NetworkCosts>): NetworkCosts => ({ ...NetworkCosts.parse({}), ...patch })

function settingsWith(walletNetworks: string[], profit: Partial<ProfitSettings>): Settings {
  return {
    ...defaultSettings,
    wallets: walletNetworks.map((network, index) => ({ id: `wallet-0000000${index}`, network, address: `${network}-address`, label: network, addedAt: T0 })),
    profit: { ...defaultSettings.profit, timeZone: 'UTC', ...profit },
  }
}

let ledger: LedgerStore
beforeEach(() => {
  ledger = LedgerStore.open(':memory:')
})
afterEach(() => {
  ledger.close()
})

/** One reward a day at 06:00 UTC from T0 to today: 46 in all, 30 in the last 30 days, 7 in 7 days, 1 today. */
function dailyRewards(network: string, token: string, amount: bigint, decimals: number, price: string, fiat: string): void {
  for (let at = T0 + 6 * hourMs; at < now; at += dayMs) {
    ledger.addReward({
      network,
      walletId: 'wallet-00000000',
      address: `${network}-address`,
      token,
      amount: amount.toString(),
      decimals,
      at,
      price,
      fiat,
      currency: 'usd',
      source: 'balance-delta',
      classification: 'reward',
      rule: 'growth of everything owned in the token',
    })
  }
}

function service(settings: Settings, energy: ReturnType<typeof history>['energy'], prices: Record<string, string> = {}, power = measured) {
  const quote = (symbol: string): PriceQuote | null => {
    const price = prices[symbol]
    return price === undefined ? null : { token: symbol, currency: 'usd', price, source: 'manual', at: now, freshness: 'manual', warning: null, change24hPct: null }
  }
  return createProfitService({
    settings: () => settings,
    rewards: (fromMs, toMs) => ledger.rewards({ fromMs, toMs, limit: 1_000_000 }),
    quote,
    energy,
    power: () => power,
    networks,
    now: () => now,
    localZone: () => 'Pacific/Auckland',
  })
}

/** Grass: 10 GRASS a day at 2 = 20 a day in the ledger; with the machine at 2 kWh every hour and 0.25 a kWh, 12 a day of electricity. */
function grassRig(profit: Partial<ProfitSettings> = {}): Settings {
  return settingsWith(['grass'], { tariff: flat('0.25'), ...profit })
}

beforeEach(() => {
  dailyRewards('grass', 'GRASS', 10_000_000_000n, 9, '2', '20')
})

const windowOf = (figures: readonly ProfitFigures[], window: ProfitWindow): ProfitFigures | undefined => figures.find((f) => f.window === window)

describe('profit summary', () => {
  it('works out a simple rig to the cent: 20 a day of rewards, 12 a day of electricity, net 8 a day', async () => {
    const { energy } = history(steady(2))
    const snapshot = await service(grassRig(), energy, { GRASS: '2.5' }).summary()
    const [grass] = snapshot.networks
    const noHardware = 'no hardware cost given: amortization counted as 0'
    expect(grass?.windows).toEqual([
      // 12 h: one reward (20); 24 kWh × 0.25 = 6; net 14, i.e. 28 a day.
      { window: 'today', fromMs: todayStart, toMs: now, days: 0.5, revenue: '20', revenueAtToday: '25', kwh: 24, estimatedKwh: 0, electricity: '6', amortization: null, otherCosts: '0', net: '14', netPerDay: '28', missing: [noHardware] },
      // 7 rewards = 140 (70 GRASS × 2.5 = 175 today); 168 h × 2 kWh = 336 kWh × 0.25 = 84; net 56 = 8 a day.
      { window: '7d', fromMs: now - 7 * dayMs, toMs: now, days: 7, revenue: '140', revenueAtToday: '175', kwh: 336, estimatedKwh: 0, electricity: '84', amortization: null, otherCosts: '0', net: '56', netPerDay: '8', missing: [noHardware] },
      { window: '30d', fromMs: now - 30 * dayMs, toMs: now, days: 30, revenue: '600', revenueAtToday: '750', kwh: 1440, estimatedKwh: 0, electricity: '360', amortization: null, otherCosts: '0', net: '240', netPerDay: '8', missing: [noHardware] },
      // Since the wallet was added: 45.5 days, 46 rewards = 920; 1092 h × 2 × 0.25 = 546; 374 / 45.5 = 8.21978022 a day.
      { window: 'all', fromMs: T0, toMs: now, days: 45.5, revenue: '920', revenueAtToday: '1150', kwh: 2184, estimatedKwh: 0, electricity: '546', amortization: null, otherCosts: '0', net: '374', netPerDay: '8.21978022', missing: [noHardware] },
    ])
    expect(grass).toMatchObject({ network: 'grass', name: 'Grass', token: 'GRASS', currentPrice: '2.5', attribution: 'manual: the whole machine' })
    expect(grass?.payback).toEqual({ state: 'unknown', reason: 'no hardware cost given' })
    // The total of one network is that network, its sentences named.
    expect(windowOf(snapshot.total, '7d')).toEqual({ ...windowOf(grass?.windows ?? [], '7d'), missing: [`Grass: ${noHardware}`] })
    expect(snapshot).toMatchObject({ currency: 'usd', at: now, power: measured, whatIf: null })
    expect(ProfitSnapshot.safeParse(snapshot).error).toBeUndefined()
  })

  it('charts the last 30 local days, today included so far', async () => {
    const { energy } = history(steady(2))
    const { daily } = await service(grassRig(), energy).summary()
    expect(daily).toHaveLength(30)
    expect(daily[0]?.dayStartMs).toBe(todayStart - 29 * dayMs)
    // A whole day: 20 − 24 × 2 × 0.25 = 8; today so far: 20 − 6 = 14.
    expect(daily.slice(0, 29).every((day) => day.net === '8' && day.byNetwork.grass === '8')).toBe(true)
    expect(daily[29]).toEqual({ dayStartMs: todayStart, net: '14', byNetwork: { grass: '14' } })
  })

  it('puts the break-even token price at the costs over the tokens, and the kWh price where the month nets 0', async () => {
    const { energy } = history(steady(2))
    const [grass] = (await service(grassRig(), energy).summary()).networks
    // 30 days: 360 of electricity over 300 GRASS = 1.2; 600 of revenue over 1440 kWh = 0.41666667.
    expect(grass?.breakEvenPrice).toBe('1.2')
    expect(grass?.breakEvenKwhPrice).toBe('0.41666667')
  })

  it('counts other tokens at today’s price towards the break-even of the main one', async () => {
    // Helium: 1 HNT (at 5) and 1000 IOT (at 0.001) a day; 0.25 kWh an hour at 0.25 = 1.5 a day; hosting one average month's worth a month.
    dailyRewards('helium', 'HNT', 100_000_000n, 8, '5', '5')
    dailyRewards('helium', 'IOT', 1_000_000_000n, 6, '0.001', '1')
    const settings = settingsWith(['helium'], { tariff: flat('0.25'), costs: { helium: costs({ monthlyCosts: [{ label: 'Hosting', amount: '30.436875' }] }) } })
    const { energy } = history(steady(0.25))
    const rig = service(settings, energy, { HNT: '4', IOT: '0.001' })
    const [helium] = (await rig.summary()).networks
    const thirty = windowOf(helium?.windows ?? [], '30d')
    expect(thirty).toMatchObject({ electricity: '45', otherCosts: '30', revenue: '180', revenueAtToday: '150' })
    // (45 + 30 − 30 of IOT) / 30 HNT = 1.5.
    expect(helium).toMatchObject({ token: 'HNT', currentPrice: '4', breakEvenPrice: '1.5' })
    // At that price the month nets exactly 0.
    const atBreakEven = await rig.whatIf({ tokenPrices: { HNT: '1.5' } })
    expect(windowOf(atBreakEven.networks[0]?.windows ?? [], '30d')?.net).toBe('0')
  })

  it('dates the payback from what was earned before amortization, at the last 30 days’ rate', async () => {
    const { energy } = history(steady(2))
    const purchase = { purchasedAt: T0, lifetimeMonths: 36 }
    const onTrack = (await service(grassRig({ costs: { grass: costs({ hardwareCost: '1000', ...purchase }) } }), energy).summary()).networks[0]
    // Earned since the purchase: 920 − 546 = 374; 626 left at 8 a day = 78.25 days.
    expect(onTrack?.payback).toEqual({ state: 'on-track', at: now + 78.25 * dayMs })
    // 1000 over 36 months (1096 days from 2025-05-01): 30 days = 27.37226277, so the month nets 212.62773723.
    expect(windowOf(onTrack?.windows ?? [], '30d')).toMatchObject({ amortization: '27.37226277', net: '212.62773723' })

    // 187 is half of the 374 earned in 45.5 days: paid back 22.75 days in.
    const paid = (await service(grassRig({ costs: { grass: costs({ hardwareCost: '187', ...purchase }) } }), energy).summary()).networks[0]
    expect(paid?.payback).toEqual({ state: 'paid', at: T0 + 22.75 * dayMs })

    // At 0.5 a kWh the rig spends 24 a day for 20 of rewards.
    const losing = (await service(grassRig({ tariff: flat('0.5'), costs: { grass: costs({ hardwareCost: '1000', ...purchase }) } }), energy).summary()).networks[0]
    expect(losing?.payback).toEqual({ state: 'never', reason: 'never at current rates: it loses 4.00 USD a day' })
    expect(windowOf(losing?.windows ?? [], '7d')?.netPerDay).toMatch(/^-4\.\d+$/)
  })

  it('says electricity is unknown without a tariff, and never counts it as 0', async () => {
    const { energy } = history(steady(2))
    const snapshot = await service(grassRig({ tariff: [] }), energy).summary()
    const today = windowOf(snapshot.networks[0]?.windows ?? [], 'today')
    expect(today).toMatchObject({ revenue: '20', kwh: 24, electricity: null, net: null, netPerDay: null })
    expect(today?.missing).toContain('electricity unknown: no electricity price is set')
    expect(windowOf(snapshot.total, 'today')).toMatchObject({ electricity: null, net: null })
    expect(windowOf(snapshot.total, 'today')?.missing).toContain('Grass: electricity unknown: no electricity price is set')
    expect(snapshot.networks[0]).toMatchObject({ breakEvenPrice: null, breakEvenKwhPrice: '0.41666667' })
    expect(snapshot.daily.every((day) => day.net === null)).toBe(true)
  })

  it('says electricity is unknown where no power was recorded, and counts the hours a window lacks', async () => {
    // Today: nothing from 02:00 to 05:00, half of 05:00–06:00 (1 kWh), 2 kWh in the other 8 hours.
    const gappy: HourSeries = (start) => {
      if (start >= todayStart + 2 * hourMs && start < todayStart + 5 * hourMs) return null
      if (start === todayStart + 5 * hourMs) return { kwh: 1, coveredSeconds: 1800, estimatedKwh: 0 }
      return steady(2)(start)
    }
    const today = windowOf((await service(grassRig(), history(gappy).energy).summary()).networks[0]?.windows ?? [], 'today')
    expect(today).toMatchObject({ kwh: 17, electricity: '4.25', net: '15.75' })
    expect(today?.missing).toContain('no power data for 3 h of this window: their electricity is not counted')

    const none: PowerProvenance = { kind: 'none', reason: 'no power source' }
    const blank = await service(grassRig(), history(() => null).energy, {}, none).summary()
    expect(blank.power).toEqual(none)
    expect(windowOf(blank.networks[0]?.windows ?? [], '7d')).toMatchObject({ kwh: null, electricity: null, net: null })
    expect(windowOf(blank.networks[0]?.windows ?? [], '7d')?.missing).toContain('electricity unknown: no power was recorded in this window')
  })

  it('names the estimated share of each window from its history, not from the watts now', async () => {
    // Measured throughout, but for 20 hours two days ago when the plug was away and the estimate stood in.
    const awayFrom = todayStart - 2 * dayMs
    const plugAway: HourSeries = (start) => {
      const hour = steady(2)(start)
      return hour !== null && start >= awayFrom && start < awayFrom + 20 * hourMs ? { ...hour, estimatedKwh: 2 } : hour
    }
    const snapshot = await service(grassRig(), history(plugAway).energy).summary()
    const windows = snapshot.networks[0]?.windows ?? []
    // 7 days: 40 of 336 kWh estimated = 11.9 %; today none, so today says nothing of it.
    expect(windowOf(windows, '7d')).toMatchObject({ kwh: 336, estimatedKwh: 40, electricity: '84' })
    expect(windowOf(windows, '7d')?.missing).toContain("electricity 12 % estimated: 40 of 336 kWh were drawn while the machine's watts were estimated, not measured")
    expect(windowOf(windows, 'today')).toMatchObject({ estimatedKwh: 0 })
    expect(windowOf(windows, 'today')?.missing.join()).not.toContain('estimated')
    expect(windowOf(snapshot.total, '7d')?.missing).toContain("Grass: electricity 12 % estimated: 40 of 336 kWh were drawn while the machine's watts were estimated, not measured")

    // A fully measured history is not tagged by an estimated sample now; the page still says where the watts come from now.
    const estimatedNow: PowerProvenance = { kind: 'estimated', reason: 'from CPU load and the GPU’s TDP' }
    const measuredPast = await service(grassRig(), history(steady(2)).energy, {}, estimatedNow).summary()
    expect(measuredPast.power).toEqual(estimatedNow)
    expect(windowOf(measuredPast.networks[0]?.windows ?? [], '7d')).toMatchObject({ electricity: '84', estimatedKwh: 0 })
    expect(windowOf(measuredPast.networks[0]?.windows ?? [], '7d')?.missing.join()).not.toContain('estimated')
  })

  it('starts today at midnight in the tariff’s zone', async () => {
    const snapshot = await service(grassRig({ timeZone: 'Asia/Kolkata' }), history(steady(2)).energy).summary()
    const today = windowOf(snapshot.networks[0]?.windows ?? [], 'today')
    // Midnight in Kolkata is 18:30 UTC the day before: 17 whole hours start after it (34 kWh), and one reward.
    expect(today).toMatchObject({ fromMs: Date.UTC(2025, 5, 14, 18, 30), kwh: 34, electricity: '8.5', revenue: '20', net: '11.5' })
  })
})

describe('attribution', () => {
  it('charges hardware already owned only above the idle baseline, and no amortization', async () => {
    // 0.25 kWh an hour (250 W), idle 50 W: each network's half is 0.125 kWh; owned Grass pays for 80 % of it.
    const settings = settingsWith(['grass', 'nosana'], {
      tariff: flat('0.25'),
      idleBaselineWatts: 50,
      costs: { grass: costs({ hardwareCost: '500', purchasedAt: T0, alreadyOwned: true }) },
    })
    const snapshot = await service(settings, history(steady(0.25)).energy).summary()
    const [grass, nosana] = snapshot.networks
    const grassToday = windowOf(grass?.windows ?? [], 'today')
    expect(grassToday?.kwh).toBeCloseTo(1.2, 9)
    expect(grassToday).toMatchObject({ electricity: '0.3', amortization: '0' })
    expect(windowOf(nosana?.windows ?? [], 'today')).toMatchObject({ kwh: 1.5, electricity: '0.375' })
    expect(grass?.attribution).toBe('manual: 50 % of the machine, only above the 50 W idle baseline (hardware already owned)')
    expect(grass?.payback).toEqual({ state: 'unknown', reason: 'hardware already owned: nothing to pay back' })

    const noBaseline = await service({ ...settings, profit: { ...settings.profit, idleBaselineWatts: null } }, history(steady(0.25)).energy).summary()
    const unknown = windowOf(noBaseline.networks[0]?.windows ?? [], 'today')
    expect(unknown).toMatchObject({ kwh: null, electricity: null, net: null })
    expect(unknown?.missing).toContain('electricity unknown: hardware already owned, but no idle baseline is set, so its watts above idle are unknown')
    expect(windowOf(noBaseline.networks[1]?.windows ?? [], 'today')).toMatchObject({ kwh: 1.5, electricity: '0.375' })
  })

  it('gives a GPU’s kWh to its network and splits the rest, from one history query each', async () => {
    // The machine draws 0.5 kWh an hour, its GPU 0.3 of it for Nosana; the other 0.2 is shared evenly.
    const gpu = 'nvidia:GPU-5c6b2f5e-0d1a-4a8e-9f1b-3f2c0e7d9a11'
    const { energy, calls } = history(steady(0.5), { [gpu]: steady(0.3) })
    const settings = settingsWith(['grass', 'nosana'], { tariff: flat('0.25'), devices: { [gpu]: 'nosana' } })
    const [grass, nosana] = (await service(settings, energy).summary()).networks
    const nosanaToday = windowOf(nosana?.windows ?? [], 'today')
    const grassToday = windowOf(grass?.windows ?? [], 'today')
    // 12 h × 0.4 = 4.8 kWh → 1.2; 12 h × 0.1 = 1.2 kWh → 0.3.
    expect(nosanaToday?.kwh).toBeCloseTo(4.8, 9)
    expect(nosanaToday?.electricity).toBe('1.2')
    expect(grassToday?.kwh).toBeCloseTo(1.2, 9)
    expect(grassToday?.electricity).toBe('0.3')
    expect(nosana?.attribution).toBe(`manual: GPU ${gpu} + 50 % of the rest`)
    expect(grass?.attribution).toBe('manual: 50 % of the rest')
    expect(calls).toEqual([
      { fromMs: T0, toMs: now, deviceId: undefined },
      { fromMs: T0, toMs: now, deviceId: gpu },
    ])
  })

  it('says a network with no device and a share of 0 has unknown electricity, not 0', async () => {
    const settings = settingsWith(['grass', 'nosana'], { tariff: flat('0.25'), shares: { grass: 1, nosana: 0 } })
    const [grass, nosana] = (await service(settings, history(steady(0.5)).energy).summary()).networks
    expect(windowOf(grass?.windows ?? [], 'today')).toMatchObject({ kwh: 6, electricity: '1.5' })
    expect(windowOf(nosana?.windows ?? [], 'today')).toMatchObject({ kwh: null, electricity: null })
    expect(windowOf(nosana?.windows ?? [], 'today')?.missing).toContain(
      'electricity unknown: no power is attributed to it: no device serves it and its share of the machine is 0',
    )
  })

  it('lists a network with costs but no wallet, and shares the machine with it only from its purchase', async () => {
    // Helium bought 10 days before now: before that Grass carries the whole machine (2 kWh an hour), after it half.
    const settings = grassRig({ costs: { helium: costs({ hardwareCost: '300', purchasedAt: now - 10 * dayMs }) } })
    const snapshot = await service(settings, history(steady(2)).energy).summary()
    expect(snapshot.networks.map((n) => n.network)).toEqual(['grass', 'helium'])
    const [grass, helium] = snapshot.networks
    expect(windowOf(helium?.windows ?? [], 'all')).toMatchObject({ fromMs: now - 10 * dayMs, kwh: 240, electricity: '60', revenue: '0' })
    // 30 days: 20 days alone (960 kWh) and 10 days shared (240 kWh).
    expect(windowOf(grass?.windows ?? [], '30d')).toMatchObject({ kwh: 1200, electricity: '300' })
    expect(windowOf(snapshot.total, '30d')).toMatchObject({ kwh: 1440, electricity: '360' })
  })
})

describe('last reward and next due', () => {
  it('names each network’s latest reward from the ledger, and when its cadence says the next is due', async () => {
    // Grass pays on no schedule; Akash about every 24 h, and its last reward came 30 h ago: 6 h late.
    ledger.addReward({
      network: 'akash',
      walletId: 'wallet-00000001',
      address: 'akash-address',
      token: 'AKT',
      amount: '1500000',
      decimals: 6,
      at: now - 30 * hourMs,
      price: '2',
      fiat: '3',
      currency: 'usd',
      source: 'balance-delta',
      classification: 'reward',
      rule: 'growth of everything owned in the token',
    })
    // A transfer after it is not a reward: the last reward stays the one before.
    ledger.addReward({
      network: 'akash',
      walletId: 'wallet-00000001',
      address: 'akash-address',
      token: 'AKT',
      amount: '9000000',
      decimals: 6,
      at: now - hourMs,
      price: '2',
      fiat: '18',
      currency: 'usd',
      source: 'balance-delta',
      classification: 'transfer',
      rule: null,
    })
    const settings = settingsWith(['grass', 'akash', 'bittensor'], { tariff: flat('0.25') })
    const [grass, akash, bittensor] = (await service(settings, history(steady(2)).energy).summary()).networks
    // Grass's latest: today's 06:00 reward of 10 GRASS, worth 20 when received.
    expect(grass).toMatchObject({ lastReward: { at: todayStart + 6 * hourMs, token: 'GRASS', amount: '10000000000', decimals: 9, fiat: '20' }, nextRewardDueAt: null })
    expect(akash).toMatchObject({ lastReward: { at: now - 30 * hourMs, token: 'AKT', amount: '1500000', decimals: 6, fiat: '3' }, nextRewardDueAt: now - 6 * hourMs })
    // No reward yet: one tempo (1.2 h = 72 min) after the wallet was added.
    expect(bittensor).toMatchObject({ lastReward: null, nextRewardDueAt: T0 + 72 * 60_000 })
  })

  it('leaves the value out of a reward valued in another currency when received', async () => {
    ledger.addReward({
      network: 'grass',
      walletId: 'wallet-00000000',
      address: 'grass-address',
      token: 'GRASS',
      amount: '5000000000',
      decimals: 9,
      at: now - 1000,
      price: '1.8',
      fiat: '9',
      currency: 'eur',
      source: 'native',
      classification: 'reward',
      rule: null,
    })
    const [grass] = (await service(grassRig(), history(steady(2)).energy).summary()).networks
    expect(grass?.lastReward).toEqual({ at: now - 1000, token: 'GRASS', amount: '5000000000', decimals: 9, fiat: null })
  })
})

describe('what-if', () => {
  it('recomputes at another kWh price and token price, and saves nothing', async () => {
    const settings = grassRig()
    const saved = structuredClone(settings)
    const rig = service(settings, history(steady(2)).energy, { GRASS: '2.5' })
    const whatIf = await rig.whatIf({ pricePerKwh: '0.5', tokenPrices: { GRASS: '3' } })
    // 10 GRASS × 3 = 30 a day against 48 kWh × 0.5 = 24: net 6 a day.
    expect(windowOf(whatIf.networks[0]?.windows ?? [], '7d')).toMatchObject({ revenue: '210', revenueAtToday: '210', electricity: '168', net: '42', netPerDay: '6' })
    expect(whatIf.networks[0]?.currentPrice).toBe('3')
    expect(whatIf.whatIf).toEqual({ pricePerKwh: '0.5', tokenPrices: { GRASS: '3' } })
    expect(settings).toEqual(saved)
    const after = await rig.summary()
    expect(windowOf(after.networks[0]?.windows ?? [], '7d')).toMatchObject({ revenue: '140', net: '56' })
    expect(after.whatIf).toBeNull()
  })

  it('prices electricity with the what-if rate where no tariff is set', async () => {
    const whatIf = await service(grassRig({ tariff: [] }), history(steady(2)).energy).whatIf({ pricePerKwh: '0.25', tokenPrices: {} })
    expect(windowOf(whatIf.networks[0]?.windows ?? [], '7d')).toMatchObject({ electricity: '84', net: '56' })
    expect(whatIf.whatIf).toEqual({ pricePerKwh: '0.25', tokenPrices: {} })
  })
})
