import { describe, expect, it } from 'vitest'
import type { ProfitSnapshot } from '../../../src/shared/contract/profit.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import {
  breakEvenKwhWords,
  breakEvenWords,
  compareDecimal,
  dailyColumns,
  daysWords,
  electricityWords,
  formatMoney,
  missingNotes,
  moneyOr,
  paybackWords,
  powerDevices,
  powerWords,
  sliderScale,
  sliderText,
} from '../../../src/renderer/src/profit/profit-words.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient, networkProfit, profitFigures, profitSnapshot, sample, walletSetting, walletsSnapshot } from './fake-client.ts'

const ok = <T>(value: T): Envelope<T> => ({ ok: true, value })
const refused = (message: string, field: string): Envelope<never> => ({ ok: false, error: { code: 'invalid-input', message, field, retryable: false } })
const settingsWith = (patch: Partial<Settings['profit']> = {}, rest: Partial<Settings> = {}): Settings => ({
  ...defaultSettings,
  ...rest,
  profit: { ...defaultSettings.profit, ...patch },
})
const flat = { label: 'Flat rate', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }
const connected = { status: 'connected', retryAt: null } as const

/** An answer the test releases when it wants, to put replies out of order. */
function later<T>(value: Envelope<T>) {
  let release = (): void => undefined
  const answer = () =>
    new Promise<Envelope<T>>((resolve) => {
      release = () => resolve(value)
    })
  return { answer, release: () => release() }
}

const summaryCalls = (calls: { method: string }[]) => calls.filter((c) => c.method === 'profit.summary').length

describe('profit slice', () => {
  it('asks for the summary on connect and again when a wallet read lands', async () => {
    let answer = profitSnapshot({ at: 1_000 })
    const fake = fakeClient({ 'profit.summary': () => ok(answer), 'settings.get': ok({ settings: settingsWith(), problem: null }) })
    const store = createDeskStore(fake.client)
    expect(store.getState().profit).toBeNull()
    fake.connect(connected)
    await expect.poll(() => store.getState().profit?.at).toBe(1_000)
    expect(store.getState().profitSettings).toEqual(defaultSettings.profit)

    answer = profitSnapshot({ at: 2_000 })
    fake.emit('wallets.updated', walletsSnapshot([], 2_000))
    await expect.poll(() => store.getState().profit?.at).toBe(2_000)
    expect(summaryCalls(fake.calls)).toBe(2)
  })

  it('keeps the last figures and says why when core fails, and drops an answer overtaken by a newer ask', async () => {
    const slow = later(ok(profitSnapshot({ at: 1_000 })))
    let reply: () => Envelope<ProfitSnapshot> | Promise<Envelope<ProfitSnapshot>> = slow.answer
    const fake = fakeClient({ 'profit.summary': () => reply() })
    const store = createDeskStore(fake.client)
    const first = store.getState().loadProfit()
    reply = () => ok(profitSnapshot({ at: 2_000 }))
    await store.getState().loadProfit()
    slow.release()
    await first
    expect(store.getState().profit?.at).toBe(2_000)

    reply = () => ({ ok: false, error: { code: 'internal', message: 'history is not readable yet', retryable: true } })
    await store.getState().loadProfit()
    expect(store.getState()).toMatchObject({ profit: { at: 2_000 }, profitError: 'history is not readable yet' })
  })

  it('asks again when a settings change touches what the figures stand on, and not for one that does not', async () => {
    const fake = fakeClient({ 'profit.summary': ok(profitSnapshot()), 'settings.get': ok({ settings: settingsWith(), problem: null }) })
    const store = createDeskStore(fake.client)
    fake.connect(connected)
    await expect.poll(() => store.getState().profitSettings).not.toBeNull()
    await expect.poll(() => summaryCalls(fake.calls)).toBe(1)

    fake.emit('settings.changed', { settings: settingsWith({}, { monitoring: { paused: true, sampleIntervalMs: 1000 } }), problem: null })
    expect(summaryCalls(fake.calls)).toBe(1)
    for (const settings of [
      settingsWith({ tariff: [flat] }),
      settingsWith({ tariff: [flat] }, { currency: 'eur' }),
      settingsWith({ tariff: [flat] }, { currency: 'eur', wallets: [walletSetting()] }),
      settingsWith({ tariff: [flat] }, { currency: 'eur', wallets: [walletSetting()], prices: { overrides: { GRASS: '3' } } }),
    ]) {
      const before = summaryCalls(fake.calls)
      fake.emit('settings.changed', { settings, problem: null })
      expect(summaryCalls(fake.calls)).toBe(before + 1)
    }
    expect(store.getState().profitSettings?.tariff).toEqual([flat])
  })

  it('saves the tariff, costs and attribution through core, then shows the summary at them', async () => {
    let saved = settingsWith()
    const fake = fakeClient({
      'profit.setTariff': (input) => {
        saved = settingsWith({ ...saved.profit, ...(input as Pick<Settings['profit'], 'tariff' | 'timeZone'>) })
        return ok({ settings: saved, problem: null })
      },
      'profit.setCosts': (input) => {
        const { network, costs } = input as { network: string; costs: Settings['profit']['costs'][string] }
        saved = settingsWith({ ...saved.profit, costs: { [network]: costs } })
        return ok({ settings: saved, problem: null })
      },
      'profit.setAttribution': (input) => {
        saved = settingsWith({ ...saved.profit, ...(input as object) })
        return ok({ settings: saved, problem: null })
      },
      'profit.summary': () => ok(profitSnapshot({ at: fake.calls.length })),
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().setTariff([flat], 'Europe/Berlin')).toBeNull()
    expect(store.getState().profitSettings).toMatchObject({ tariff: [flat], timeZone: 'Europe/Berlin' })
    const costs = { hardwareCost: '1800', purchasedAt: Date.UTC(2025, 0, 1), lifetimeMonths: 36, monthlyCosts: [{ label: 'Hosting', amount: '10' }], alreadyOwned: false }
    expect(await store.getState().setCosts('grass', costs)).toBeNull()
    expect(store.getState().profitSettings?.costs).toEqual({ grass: costs })
    const attribution = { devices: { 'nvidia:GPU-3f1c': 'grass' }, shares: { grass: 1, akash: 2 }, idleBaselineWatts: 80 }
    expect(await store.getState().setAttribution(attribution)).toBeNull()
    expect(store.getState().profitSettings).toMatchObject(attribution)
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['profit.setTariff', { tariff: [flat], timeZone: 'Europe/Berlin' }],
      ['profit.summary', {}],
      ['profit.setCosts', { network: 'grass', costs }],
      ['profit.summary', {}],
      ['profit.setAttribution', attribution],
      ['profit.summary', {}],
    ])
    // Each summary says how many calls came before it: the last is the one shown.
    expect(store.getState().profit?.at).toBe(6)
  })

  it("sends the attribution mode when one is chosen, and by node counts the watched nodes among the summary's inputs", async () => {
    const fake = fakeClient({ 'profit.setAttribution': ok({ settings: settingsWith({ mode: 'nodes' }), problem: null }), 'profit.summary': ok(profitSnapshot()) })
    const store = createDeskStore(fake.client)
    expect(await store.getState().setAttribution({ devices: {}, shares: {}, idleBaselineWatts: null, mode: 'nodes' })).toBeNull()
    expect(fake.calls[0]).toEqual({ method: 'profit.setAttribution', input: { devices: {}, shares: {}, idleBaselineWatts: null, mode: 'nodes' } })
    expect(store.getState().profitSettings?.mode).toBe('nodes')

    const miner = { id: 'bittensor-miner:1', name: 'SN19 miner', network: 'bittensor', software: 'bittensor-miner', match: { kind: 'process', pattern: 'miner' }, addedAt: 1 } as const
    const withNodes = (mode: 'manual' | 'nodes', nodes: (typeof miner)[]): Settings => settingsWith({ mode }, { nodes: { ...defaultSettings.nodes, nodes } })
    const emitted = (settings: Settings): number => {
      const before = summaryCalls(fake.calls)
      fake.emit('settings.changed', { settings, problem: null })
      return summaryCalls(fake.calls) - before
    }
    expect(emitted(withNodes('nodes', [miner]))).toBe(1)
    expect(emitted(withNodes('nodes', [miner]))).toBe(0)
    expect(emitted(withNodes('manual', [miner]))).toBe(1)
    // Manual shares stand on no node: confirming one changes no figure.
    expect(emitted(withNodes('manual', []))).toBe(0)
  })

  it("hands back core's refusal with the field it names, and changes nothing", async () => {
    const fake = fakeClient({ 'profit.setTariff': refused('tariff.0.pricePerKwh: a decimal number like 1.25', 'tariff.0.pricePerKwh') })
    const store = createDeskStore(fake.client)
    const failure = await store.getState().setTariff([{ ...flat, pricePerKwh: '0,30' }], null)
    expect(failure).toMatchObject({ code: 'invalid-input', field: 'tariff.0.pricePerKwh', message: 'tariff.0.pricePerKwh: a decimal number like 1.25' })
    expect(store.getState().profitSettings).toBeNull()
    expect(fake.calls.map((c) => c.method)).toEqual(['profit.setTariff'])
  })

  it('sends only the what-if prices that are set, shows the newest answer, and resets', async () => {
    const slow = later(ok(profitSnapshot({ at: 1, whatIf: { pricePerKwh: '0.5', tokenPrices: {} } })))
    let reply: (input: unknown) => Envelope<ProfitSnapshot> | Promise<Envelope<ProfitSnapshot>> = slow.answer
    const fake = fakeClient({ 'profit.whatIf': (input) => reply(input) })
    const store = createDeskStore(fake.client)
    store.getState().editWhatIf({ pricePerKwh: '0.5' })
    const first = store.getState().runWhatIf()
    store.getState().editWhatIf({ token: { symbol: 'GRASS', price: '3' } })
    reply = (input) => ok(profitSnapshot({ at: 2, whatIf: { pricePerKwh: '0.5', tokenPrices: (input as { tokenPrices: Record<string, string> }).tokenPrices } }))
    await store.getState().runWhatIf()
    slow.release()
    await first
    expect(store.getState().whatIf?.at).toBe(2)
    expect(fake.calls.map((c) => c.input)).toEqual([
      { pricePerKwh: '0.5', tokenPrices: {} },
      { pricePerKwh: '0.5', tokenPrices: { GRASS: '3' } },
    ])

    // Clearing a field takes that price out; clearing every one ends the what-if without a call.
    store.getState().editWhatIf({ pricePerKwh: '' })
    expect(store.getState().whatIfDraft).toEqual({ pricePerKwh: null, tokenPrices: { GRASS: '3' } })
    store.getState().editWhatIf({ token: { symbol: 'GRASS', price: null } })
    await store.getState().runWhatIf()
    expect(store.getState().whatIf).toBeNull()
    expect(fake.calls).toHaveLength(2)

    // Reset drops an answer still on its way.
    const pending = later(ok(profitSnapshot({ at: 3 })))
    reply = pending.answer
    store.getState().editWhatIf({ pricePerKwh: '0.1' })
    const inFlight = store.getState().runWhatIf()
    store.getState().resetWhatIf()
    pending.release()
    await inFlight
    expect(store.getState()).toMatchObject({ whatIf: null, whatIfDraft: { pricePerKwh: null, tokenPrices: {} }, whatIfError: null })
  })

  it("shows core's refusal of a what-if price and keeps the draft", async () => {
    const fake = fakeClient({ 'profit.whatIf': refused('pricePerKwh: a decimal number like 1.25', 'pricePerKwh') })
    const store = createDeskStore(fake.client)
    store.getState().editWhatIf({ pricePerKwh: '0.' })
    await store.getState().runWhatIf()
    expect(store.getState()).toMatchObject({ whatIf: null, whatIfError: { field: 'pricePerKwh' }, whatIfDraft: { pricePerKwh: '0.' } })
  })

  it('recomputes a what-if after a settings change, since it stands on them too', async () => {
    const fake = fakeClient({
      'profit.setTariff': ok({ settings: settingsWith({ tariff: [flat] }), problem: null }),
      'profit.summary': ok(profitSnapshot()),
      'profit.whatIf': ok(profitSnapshot({ whatIf: { pricePerKwh: null, tokenPrices: { GRASS: '3' } } })),
    })
    const store = createDeskStore(fake.client)
    store.getState().editWhatIf({ token: { symbol: 'GRASS', price: '3' } })
    await store.getState().setTariff([flat], null)
    expect(fake.calls.map((c) => c.method).sort()).toEqual(['profit.setTariff', 'profit.summary', 'profit.whatIf'])
    expect(store.getState().whatIf?.whatIf).toEqual({ pricePerKwh: null, tokenPrices: { GRASS: '3' } })
  })
})

describe('profit words', () => {
  it('formats signed money exactly, and unknown as unknown, never 0', () => {
    expect(formatMoney('-4.1', 'usd', 'en-US')).toBe('-$4.10')
    expect(formatMoney('1234.565', 'usd', 'en-US')).toBe('$1,234.57')
    expect(formatMoney('-0.001', 'usd', 'en-US')).toBe('$0.00')
    expect(formatMoney('123456789012345678901234.99', 'eur', 'en-US')).toBe('€123,456,789,012,345,678,901,234.99')
    expect(moneyOr(null, 'usd')).toBe('unknown')
    expect(electricityWords(profitFigures('30d', { electricity: null, kwh: null }), 'usd')).toBe('electricity unknown')
    expect(electricityWords(profitFigures('30d', { electricity: '0', kwh: 0 }), 'usd')).toMatch(/^\$0\.00 · 0\.00 kWh$/)
  })

  it('compares decimals exactly, past what a float can tell apart', () => {
    expect(compareDecimal('0.30000000000000000001', '0.3')).toBe(1)
    expect(compareDecimal('1.25', '1.250')).toBe(0)
    expect(compareDecimal('-2', '1')).toBe(-1)
    expect(compareDecimal('-0', '0')).toBe(0)
    expect(compareDecimal('10', '9.99')).toBe(1)
    expect(compareDecimal('abc', '1')).toBeNull()
  })

  it("says whether today's price covers the break-even one", () => {
    expect(breakEvenWords(networkProfit({ breakEvenPrice: '0.83', currentPrice: '1.25' }), 'usd')).toEqual({ text: 'break-even $0.83 · now $1.25', verdict: 'covers' })
    expect(breakEvenWords(networkProfit({ breakEvenPrice: '1.25', currentPrice: '1.25' }), 'usd').verdict).toBe('covers')
    expect(breakEvenWords(networkProfit({ breakEvenPrice: '1.2500001', currentPrice: '1.25' }), 'usd').verdict).toBe('short')
    expect(breakEvenWords(networkProfit({ breakEvenPrice: null }), 'usd')).toEqual({ text: 'break-even GRASS price unknown', verdict: null })
    expect(breakEvenWords(networkProfit({ breakEvenPrice: '0.83', currentPrice: null }), 'usd')).toEqual({ text: 'break-even $0.83 · no GRASS price now', verdict: null })
    expect(breakEvenKwhWords('0.3394', 'usd')).toBe('break-even at $0.3394/kWh')
    expect(breakEvenKwhWords('-0.12', 'usd')).toBe('loses money even with free electricity')
    expect(breakEvenKwhWords(null, 'usd')).toBe('break-even electricity price unknown')
  })

  it('words payback in each of its states', () => {
    expect(paybackWords({ state: 'never', reason: 'the 30-day net is negative' })).toBe('never at current rates: the 30-day net is negative')
    expect(paybackWords({ state: 'unknown', reason: 'no hardware cost set' })).toBe('payback unknown: no hardware cost set')
    expect(paybackWords({ state: 'paid', at: Date.UTC(2025, 5, 1, 12) })).toMatch(/^paid back on .*2025/)
    expect(paybackWords({ state: 'on-track', at: Date.UTC(2027, 0, 15, 12) })).toMatch(/^pays back by .*2027/)
  })

  it("says where the watts came from, in core's words", () => {
    expect(powerWords({ kind: 'measured', reason: 'wall plug (Rig plug) · measured' })).toBe('power: wall plug (Rig plug) · measured')
    expect(powerWords({ kind: 'estimated', reason: 'model estimate (CPU)' })).toBe('power: model estimate (CPU) · estimated')
    expect(powerWords({ kind: 'none', reason: 'no sample yet' })).toBe('no power reading: no sample yet')
  })

  it('lists each missing note once', () => {
    const a = profitFigures('today', { missing: ['electricity unknown: no tariff set', 'estimated power'] })
    const b = profitFigures('30d', { missing: ['estimated power', 'partial: 2 rewards have no price'] })
    expect(missingNotes([a, null, b])).toEqual(['electricity unknown: no tariff set', 'estimated power', 'partial: 2 rewards have no price'])
  })

  it('plots a day without a figure as a gap, not as zero', () => {
    const [x, total, grass] = dailyColumns(profitSnapshot().daily.slice(2, 5), ['grass'])
    expect(x).toEqual([2, 3, 4].map((i) => (Date.UTC(2026, 0, 1) + i * 86_400_000 + 43_200_000) / 1000))
    expect(total).toEqual([0.05, null, 0.05])
    expect(grass).toEqual([0.05, null, 0.05])
    expect(dailyColumns([{ dayStartMs: 0, net: '-1.5', byNetwork: {} }], ['akash'])[2]).toEqual([null])
  })

  it('turns slider positions into plain decimal strings', () => {
    expect(sliderScale(0.9)).toEqual({ max: 0.9, step: 0.0001, digits: 4 })
    expect(sliderScale(11.725)).toEqual({ max: 11.73, step: 0.01, digits: 2 })
    expect(sliderScale(0)).toEqual({ max: 1, step: 0.001, digits: 3 })
    expect(sliderText(0.28500000000000003, 3)).toBe('0.285')
    expect(sliderText(0.5, 3)).toBe('0.5')
    expect(sliderText(0.0000001, 7)).toBe('0.0000001')
    expect(sliderText(12, 0)).toBe('12')
  })

  it('offers every GPU and power device of the latest sample, and the ones settings still name', () => {
    const rig = sample(1_000, 5)
    rig.gpus = [0, 1].map((i) => ({ ...gpu, id: `nvidia:GPU-${i}` }))
    rig.power.total.readings = [{ deviceId: 'plug:rig', label: 'Rig plug', scope: 'wall', watts: 612, kind: 'measured', source: 'shelly-gen2', at: 1 }]
    rig.power.sources = [{ source: 'nvidia-smi', readings: [{ deviceId: 'nvidia:GPU-0', label: 'RTX 4090', scope: 'gpu', watts: 402, kind: 'measured', source: 'nvidia-smi', at: 1 }], error: null, lastSuccessAt: 1, durationMs: 0 }]
    expect(powerDevices(rig, { 'nvidia:GPU-gone': 'akash' })).toEqual([
      { id: 'nvidia:GPU-0', label: 'NVIDIA GeForce RTX 4090 #1', detail: 'GPU' },
      { id: 'nvidia:GPU-1', label: 'NVIDIA GeForce RTX 4090 #2', detail: 'GPU' },
      { id: 'plug:rig', label: 'Rig plug', detail: 'wall plug' },
      { id: 'nvidia:GPU-gone', label: 'nvidia:GPU-gone', detail: 'not in the latest sample' },
    ])
    expect(powerDevices(null, {})).toEqual([])
  })

  it('words weekdays as ranges where it can', () => {
    expect(daysWords([0, 1, 2, 3, 4, 5, 6])).toBe('every day')
    expect(daysWords([5, 1, 2, 3, 4])).toBe('Mon–Fri')
    expect(daysWords([0, 6])).toBe('Sun, Sat')
  })
})

const gpu = {
  id: 'nvidia:GPU-0',
  vendor: 'nvidia' as const,
  name: 'NVIDIA GeForce RTX 4090',
  utilizationPercent: 97,
  temperatureCelsius: 70,
  powerWatts: 402,
  powerLimitWatts: 450,
  fanPercent: 50,
  memoryUsedMib: 1,
  memoryTotalMib: 2,
  clockMhz: 2520,
  throttleReasons: [],
  at: 1,
  stale: false,
}
