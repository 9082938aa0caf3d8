import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAlertSystem, type AlertSystem, type AlertSystemOptions, type GatheredState, type PushDelivery } from '../../../src/main/core/alerts/alerts-capability.ts'
import type { AlertRule, AlertState, Finding } from '../../../src/main/core/alerts/rule.ts'
import { createDispatcher, type MethodHandlers } from '../../../src/main/core/contract/dispatcher.ts'
import { createLogger } from '../../../src/main/core/log.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import type { Alert, AlertsSnapshot } from '../../../src/shared/contract/alerts.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import type { WalletsSnapshot } from '../../../src/shared/contract/wallets.ts'

/*
 * The alerts capability end to end, short of real rules and channels: fake rules over a fake
 * gather, a clock that moves only when told, the alert log on a real file, and every handler
 * called through the dispatcher, so inputs pass the contract's schemas first.
 */

const s = 1_000
const min = 60 * s
const hour = 60 * min
const day = 24 * hour
const t0 = Date.UTC(2026, 0, 5, 12, 0)

type World = { plugDown: boolean; hot: boolean; wallets: WalletsSnapshot | null }
type Flags = { plugDown: boolean; hot: boolean }

/**
 * Rules are pure: what the fake ones judge comes in the state, as a new "sample" at every
 * evaluation like the sampler's, so the capability's memo of findings never mistakes them.
 */
const flags = (state: AlertState): Flags => (state.hardware as unknown as Flags | null) ?? { plugDown: false, hot: false }
const sampleOf = (world: World): HardwareSample => ({ plugDown: world.plugDown, hot: world.hot }) as unknown as HardwareSample

function plugRule(): AlertRule {
  return {
    id: 'plug-unreachable',
    name: 'Plug unreachable',
    explanation: 'A smart plug that stops answering leaves the machine’s watts unmeasured.',
    severity: 'warning',
    thresholds: [{ key: 'minutes', label: 'Unreachable for', unit: 'min', default: 2, min: 1, max: 60 }],
    openAfterMs: (th) => (th.minutes ?? 2) * min,
    resolveAfterMs: 5 * min,
    cooldownMs: 30 * min,
    evaluate: (state): Finding[] =>
      flags(state).plugDown
        ? [{ subject: 'plug-rig', title: 'Plug “Rig” unreachable', message: 'Plug “Rig” does not answer. Check its Wi-Fi.', figure: 'no answer', threshold: 'unreachable for 2 min', view: 'hardware', host: '192.168.1.20' }]
        : [],
    current: (state) => (flags(state).plugDown ? 'Rig: no answer' : 'Rig: answering'),
  }
}

function walletRule(): AlertRule {
  return {
    id: 'rewards-stopped',
    name: 'Rewards stopped',
    explanation: 'No reward for longer than the network pays.',
    severity: 'critical',
    thresholds: [{ key: 'hours', label: 'No reward for', unit: 'h', default: 24, min: 1, max: 720 }],
    openAfterMs: () => 0,
    resolveAfterMs: 0,
    cooldownMs: 0,
    evaluate: (state): Finding[] =>
      flags(state).hot ? [{ subject: 'wallet-a', title: 'Grass “Rig 1” stopped earning', message: 'No reward for 30 h.', figure: '30 h', threshold: '24 h', view: 'wallets', network: 'grass', walletId: 'wallet-a' }] : [],
    current: () => null,
  }
}

const brokenRule: AlertRule = {
  id: 'broken',
  name: 'Broken',
  explanation: 'Throws at every evaluation.',
  severity: 'info',
  thresholds: [],
  openAfterMs: () => 0,
  resolveAfterMs: 0,
  cooldownMs: 0,
  evaluate: () => {
    throw new Error('the rule fell over')
  },
  current: () => {
    throw new Error('the rule fell over')
  },
}

function walletsWith(prices: Record<string, string>, currency: 'usd' | 'eur' = 'usd'): WalletsSnapshot {
  return {
    currency,
    wallets: [],
    total: { fiat: null, partial: false },
    networks: [],
    prices: Object.entries(prices).map(([token, price]) => ({ token, currency, price, source: 'coingecko', at: t0, freshness: 'live', warning: null, change24hPct: null })),
    refreshing: false,
    at: t0,
  }
}

const dirs: string[] = []
const systems: AlertSystem[] = []
afterEach(async () => {
  for (const system of systems.splice(0)) await system.stop()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  vi.useRealTimers()
})

type HarnessOptions = Partial<Omit<AlertSystemOptions, 'settings' | 'rules'>> & { rules?: AlertRule[]; world?: World; settings?: Settings; clock?: { now: number } }

function harness(options: HarnessOptions = {}) {
  const { world: givenWorld, settings: givenSettings, clock: givenClock, rules: givenRules, ...overrides } = options
  const world: World = givenWorld ?? { plugDown: false, hot: false, wallets: null }
  const clock = givenClock ?? { now: t0 }
  let settings: Settings = givenSettings ?? defaultSettings
  const emitted: AlertsSnapshot[] = []
  const delivered: Alert[][] = []
  const logLines: string[] = []
  const seen: AlertState[] = []
  const rules = givenRules ?? [plugRule(), walletRule(), brokenRule]
  const capture: AlertRule = {
    ...brokenRule,
    id: 'capture',
    evaluate: (state) => {
      // Reads the sample, so it runs at every evaluation.
      if (state.hardware !== null) seen.push({ ...state })
      return []
    },
  }
  const all = [...rules, capture]
  const gather = async (): Promise<GatheredState> => ({
    hardware: sampleOf(world),
    paused: false,
    historyProblem: null,
    nodes: null,
    wallets: world.wallets,
    rewards: [],
    profit: null,
    networks: new Map(),
    previousHoldings: new Map(),
  })
  const system = createAlertSystem({
    dataDir: undefined,
    log: createLogger('debug', (line) => logLines.push(line)),
    settings: () => settings,
    saveSettings: (next) => {
      settings = next
      return next
    },
    secrets: createMemorySecretStore(),
    emit: (_event, snapshot) => emitted.push(snapshot),
    gather,
    intervalMs: () => 1_000,
    now: () => clock.now,
    offset: () => 0,
    delivery: { deliver: (alerts) => delivered.push(alerts) },
    ...overrides,
    rules: () => all,
  })
  systems.push(system)
  const dispatch = createDispatcher(system.handlers as unknown as MethodHandlers, (method, error) => logLines.push(`unexpected ${method}: ${String(error)}`))
  const call = async <T,>(method: string, input: unknown = {}): Promise<T> => {
    const answer = await dispatch(method, input)
    if (!answer.ok) throw new Error(`${method} failed: ${answer.error.message}`)
    return answer.value as T
  }
  const refuse = async (method: string, input: unknown): Promise<Extract<Envelope<unknown>, { ok: false }>['error']> => {
    const answer = await dispatch(method, input)
    if (answer.ok) throw new Error(`${method} was accepted: ${JSON.stringify(answer.value)}`)
    return answer.error
  }
  const at = async (ms: number): Promise<AlertsSnapshot> => {
    clock.now = ms
    return system.evaluate()
  }
  return { system, world, clock, emitted, delivered, logLines, seen, call, refuse, at, settings: () => settings }
}

describe('alerts capability', () => {
  it('opens after the minimum duration, tells the windows only when something changed, and delivers fresh alerts', async () => {
    const h = harness()
    h.world.plugDown = true
    await h.at(t0)
    expect(h.emitted).toHaveLength(0)
    const opened = await h.at(t0 + 2 * min)
    expect(opened.open).toHaveLength(1)
    expect(opened.fresh.map((a) => a.rule)).toEqual(['plug-unreachable'])
    expect(h.emitted).toHaveLength(1)
    expect(h.delivered).toEqual([[expect.objectContaining({ rule: 'plug-unreachable', since: t0, message: 'Plug “Rig” does not answer. Check its Wi-Fi. Since 5 Jan 12:00.' })]])
    // Seen again with nothing new: no event, no push, nothing fresh.
    expect((await h.at(t0 + 2 * min + s)).fresh).toEqual([])
    await h.at(t0 + 2 * min + 2 * s)
    expect(h.emitted).toHaveLength(1)
    expect(h.delivered).toHaveLength(1)
    const snapshot = await h.call<AlertsSnapshot>('alerts.snapshot')
    expect(snapshot.counts).toEqual({ open: 1, snoozed: 0, worst: 'warning' })
    expect(snapshot.fresh).toEqual([])
  })

  it('resolves by itself, says so, pushes the resolution of a pushed alert, and keeps it in the log', async () => {
    const h = harness()
    h.world.plugDown = true
    await h.at(t0)
    await h.at(t0 + 2 * min)
    h.world.plugDown = false
    await h.at(t0 + 3 * min)
    const after = await h.at(t0 + 8 * min)
    expect(after.open).toEqual([])
    expect(h.delivered[1]).toEqual([expect.objectContaining({ state: 'resolved', resolvedAt: t0 + 8 * min })])
    const log = await h.call<Alert[]>('alerts.list', { state: 'resolved' })
    expect(log).toHaveLength(1)
    expect(log[0]?.message).toMatch(/^Resolved by itself 5 Jan 12:08: clear since 5 Jan 12:03/)
  })

  it('logs a throwing rule once and skips it; the other rules still run', async () => {
    const h = harness()
    h.world.hot = true
    await h.at(t0)
    await h.at(t0 + s)
    await h.at(t0 + 2 * s)
    expect(h.logLines.filter((line) => line.includes('alert rule broken failed'))).toHaveLength(1)
    const snapshot = await h.call<AlertsSnapshot>('alerts.snapshot')
    expect(snapshot.open.map((a) => a.rule)).toEqual(['rewards-stopped'])
  })

  it('acknowledges through the contract: still open, no longer counted nor pushed', async () => {
    const h = harness()
    h.world.hot = true
    await h.at(t0)
    const id = (await h.call<AlertsSnapshot>('alerts.snapshot')).open[0]?.id
    const acked = await h.call<Alert>('alerts.ack', { id })
    expect(acked).toMatchObject({ id, state: 'open', ackedAt: t0 })
    const snapshot = h.emitted.at(-1)
    expect(snapshot?.counts).toEqual({ open: 0, snoozed: 0, worst: null })
    expect(snapshot?.open.map((a) => a.id)).toEqual([id])
    await h.at(t0 + hour)
    expect(h.delivered).toHaveLength(1)
    expect(await h.refuse('alerts.ack', { id: 999 })).toMatchObject({ code: 'not-found', field: 'id' })
    expect(await h.refuse('alerts.ack', { id: 'one' })).toMatchObject({ code: 'invalid-input', field: 'id' })
  })

  it('snoozes one alert, a network or all through the contract; standing snoozes go to settings', async () => {
    const h = harness({ settings: { ...defaultSettings, alerts: { ...defaultSettings.alerts, quietHours: { fromHour: 12, toHour: 13 } } } })
    h.world.hot = true
    h.world.plugDown = true
    await h.at(t0)
    await h.at(t0 + 2 * min)
    // In quiet hours: open, counted, nothing pushed yet.
    expect(h.delivered).toHaveLength(0)
    const open = (await h.call<AlertsSnapshot>('alerts.snapshot')).open
    const plug = open.find((a) => a.rule === 'plug-unreachable')
    const one = await h.call<AlertsSnapshot>('alerts.snooze', { scope: 'alert', id: plug?.id, minutes: 120 })
    expect(one.counts).toEqual({ open: 2, snoozed: 1, worst: 'critical' })
    const net = await h.call<AlertsSnapshot>('alerts.snooze', { scope: 'network', network: 'grass', minutes: 90 })
    expect(net.counts).toEqual({ open: 2, snoozed: 2, worst: null })
    expect(h.settings().alerts.snoozes).toEqual([{ scope: 'network', network: 'grass', until: t0 + 2 * min + 90 * min }])
    await h.call('alerts.snooze', { scope: 'all', minutes: 30 })
    await h.call('alerts.snooze', { scope: 'all', minutes: 60 })
    expect(h.settings().alerts.snoozes.filter((x) => x.scope === 'all')).toEqual([{ scope: 'all', network: null, until: t0 + 62 * min }])
    // Quiet hours end at 13:00 but the snoozes still hold; the network snooze ends at 13:32, the alert's at 14:02.
    await h.at(t0 + hour + 10 * min)
    expect(h.delivered).toHaveLength(0)
    await h.at(t0 + 92 * min)
    expect(h.delivered.flat().map((a) => a.rule)).toEqual(['rewards-stopped'])
    await h.at(t0 + 122 * min)
    expect(h.delivered.flat().map((a) => a.rule)).toEqual(['rewards-stopped', 'plug-unreachable'])
    expect(await h.refuse('alerts.snooze', { scope: 'alert', id: 999, minutes: 5 })).toMatchObject({ code: 'not-found', field: 'id' })
    expect(await h.refuse('alerts.snooze', { scope: 'all', minutes: 0 })).toMatchObject({ code: 'invalid-input', field: 'minutes' })
    expect(await h.refuse('alerts.snooze', { scope: 'network', network: 'Not a network', minutes: 5 })).toMatchObject({ field: 'network' })
  })

  it('tells the windows when a snooze ends, though nothing else changed', async () => {
    const h = harness()
    h.world.hot = true
    await h.at(t0)
    const id = (await h.call<AlertsSnapshot>('alerts.snapshot')).open[0]?.id
    await h.call('alerts.snooze', { scope: 'alert', id, minutes: 10 })
    expect(h.emitted.at(-1)?.counts).toEqual({ open: 1, snoozed: 1, worst: null })
    const events = h.emitted.length
    await h.at(t0 + 5 * min)
    await h.at(t0 + 10 * min - 1)
    expect(h.emitted).toHaveLength(events)
    await h.at(t0 + 10 * min)
    expect(h.emitted).toHaveLength(events + 1)
    expect(h.emitted.at(-1)?.counts).toEqual({ open: 1, snoozed: 0, worst: 'critical' })
    // Notified before the snooze, so not again after it.
    expect(h.delivered).toHaveLength(1)
  })

  it('answers the rules with thresholds and current values, saves changes, and refuses what it does not know, naming the field', async () => {
    const h = harness()
    h.world.plugDown = true
    await h.at(t0)
    const rules = await h.call<{ id: string; enabled: boolean; current: string | null; thresholds: { key: string; value: number }[] }[]>('alerts.rules')
    expect(rules.map((r) => r.id)).toEqual(['plug-unreachable', 'rewards-stopped', 'broken', 'capture'])
    expect(rules[0]).toMatchObject({ enabled: true, current: 'Rig: no answer', thresholds: [{ key: 'minutes', value: 2, default: 2, min: 1, max: 60 }] })
    // A rule whose `current` throws is still listed.
    expect(rules[2]?.current).toBeNull()
    const saved = await h.call<typeof rules>('alerts.rules', { rules: { 'plug-unreachable': { thresholds: { minutes: 10 } }, broken: { enabled: false } }, quietHours: { fromHour: 22, toHour: 7 } })
    expect(saved[0]?.thresholds[0]?.value).toBe(10)
    expect(saved[2]?.enabled).toBe(false)
    expect(h.settings().alerts.rules).toEqual({ 'plug-unreachable': { thresholds: { minutes: 10 } }, broken: { enabled: false } })
    expect(h.settings().alerts.quietHours).toEqual({ fromHour: 22, toHour: 7 })
    // The new minimum applies: 2 min is no longer enough.
    expect((await h.at(t0 + 2 * min)).open).toEqual([])
    expect((await h.at(t0 + 10 * min)).open).toHaveLength(1)
    // Enabling again keeps the threshold; null turns quiet hours off.
    await h.call('alerts.rules', { rules: { 'plug-unreachable': { enabled: true } }, quietHours: null })
    expect(h.settings().alerts.rules['plug-unreachable']).toEqual({ enabled: true, thresholds: { minutes: 10 } })
    expect(h.settings().alerts.quietHours).toBeNull()

    expect(await h.refuse('alerts.rules', { rules: { 'no-such-rule': { enabled: false } } })).toMatchObject({ code: 'invalid-input', field: 'rules.no-such-rule' })
    expect(await h.refuse('alerts.rules', { rules: { 'plug-unreachable': { thresholds: { watts: 5 } } } })).toMatchObject({
      code: 'invalid-input',
      field: 'rules.plug-unreachable.thresholds.watts',
    })
    const bounds = await h.refuse('alerts.rules', { rules: { 'plug-unreachable': { thresholds: { minutes: 61 } } } })
    expect(bounds).toMatchObject({ code: 'invalid-input', field: 'rules.plug-unreachable.thresholds.minutes' })
    expect(bounds.message).toContain('between 1 min and 60 min')
    expect(await h.refuse('alerts.rules', { quietHours: { fromHour: 24, toHour: 7 } })).toMatchObject({ field: 'quietHours.fromHour' })
    expect(await h.refuse('alerts.rules', { rules: { 'Bad Id': {} } })).toMatchObject({ code: 'invalid-input' })
    expect(await h.refuse('alerts.rules', { colour: 'red' })).toMatchObject({ field: 'colour' })
    // Nothing refused was saved.
    expect(h.settings().alerts.rules['plug-unreachable']).toEqual({ enabled: true, thresholds: { minutes: 10 } })
  })

  it('turns a rule off: its open alert resolves at the next evaluation', async () => {
    const h = harness()
    h.world.hot = true
    await h.at(t0)
    await h.call('alerts.rules', { rules: { 'rewards-stopped': { enabled: false } } })
    const after = await h.at(t0 + s)
    expect(after.open).toEqual([])
    const [ended] = await h.call<Alert[]>('alerts.list', { rule: 'rewards-stopped' })
    expect(ended?.message).toMatch(/its rule is no longer checked/)
  })

  it('lists the log through the contract, with the engine’s current copy of open alerts', async () => {
    const h = harness()
    h.world.hot = true
    await h.at(t0)
    h.world.plugDown = true
    await h.at(t0 + min)
    await h.at(t0 + 3 * min)
    h.world.hot = false
    await h.at(t0 + 4 * min)
    expect((await h.call<Alert[]>('alerts.list')).map((a) => [a.rule, a.state])).toEqual([
      ['plug-unreachable', 'open'],
      ['rewards-stopped', 'resolved'],
    ])
    const open = await h.call<Alert[]>('alerts.list', { state: 'open' })
    expect(open[0]?.lastSeenAt).toBe(t0 + 4 * min)
    expect(await h.call<Alert[]>('alerts.list', { network: 'grass' })).toHaveLength(1)
    expect(await h.call<Alert[]>('alerts.list', { fromMs: t0 + 2 * min })).toHaveLength(1)
    expect(await h.refuse('alerts.list', { state: 'snoozed' })).toMatchObject({ code: 'invalid-input', field: 'state' })
    expect(await h.refuse('alerts.list', { limit: 0 })).toMatchObject({ field: 'limit' })
  })

  it('keeps open alerts, first sightings and prices across a restart, and prunes old resolved alerts on start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-alerts-cap-'))
    dirs.push(dataDir)
    const world: World = { plugDown: true, hot: true, wallets: walletsWith({ GRASS: '2.00' }) }
    const clock = { now: t0 }
    const first = harness({ dataDir, world, clock })
    await first.at(t0)
    await first.at(t0 + min)
    world.hot = false
    await first.at(t0 + 90 * s)
    expect((await first.call<AlertsSnapshot>('alerts.snapshot')).open).toEqual([])
    await first.system.stop()
    systems.splice(systems.indexOf(first.system), 1)

    // Restarted 30 s later: the plug's first sighting (t0) holds, so it opens at t0 + 2 min and is pushed once.
    const second = harness({ dataDir, world, clock })
    const opened = await second.at(t0 + 2 * min)
    expect(opened.open).toEqual([expect.objectContaining({ rule: 'plug-unreachable', since: t0, id: 2 })])
    expect(second.delivered).toHaveLength(1)
    expect(second.seen.at(-1)?.priceHistory).toEqual([{ at: t0, prices: { GRASS: '2.00' } }])
    await second.system.stop()
    systems.splice(systems.indexOf(second.system), 1)

    const third = harness({ dataDir, world, clock })
    await third.at(t0 + 3 * min)
    expect(third.delivered).toHaveLength(0)
    expect((await third.call<AlertsSnapshot>('alerts.snapshot')).open.map((a) => a.id)).toEqual([2])
    await third.system.stop()
    systems.splice(systems.indexOf(third.system), 1)

    // 91 days on: the resolved alert is past the default 90 days' retention; the open one stays.
    clock.now = t0 + 91 * day
    const fourth = harness({ dataDir, world, clock })
    expect((await fourth.call<Alert[]>('alerts.list')).map((a) => a.id)).toEqual([2])
  })

  it('keeps a price point per 5 minutes at most, over the last 25 hours, in the current currency', async () => {
    const world: World = { plugDown: false, hot: false, wallets: walletsWith({ GRASS: '2.00' }) }
    const h = harness({ world })
    await h.at(t0)
    await h.at(t0 + min)
    world.wallets = walletsWith({ GRASS: '1.90' })
    await h.at(t0 + 5 * min)
    expect(h.seen.at(-1)?.priceHistory).toEqual([
      { at: t0, prices: { GRASS: '2.00' } },
      { at: t0 + 5 * min, prices: { GRASS: '1.90' } },
    ])
    await h.at(t0 + 25 * hour + 2 * min)
    expect(h.seen.at(-1)?.priceHistory.map((p) => p.at)).toEqual([t0 + 5 * min, t0 + 25 * hour + 2 * min])
    // A manual override is the operator's, not the market's.
    world.wallets = { ...walletsWith({}), prices: [{ token: 'GRASS', currency: 'usd', price: '9', source: 'manual', at: t0, freshness: 'manual', warning: null, change24hPct: null }] }
    await h.at(t0 + 26 * hour)
    expect(h.seen.at(-1)?.priceHistory.map((p) => p.at)).toEqual([t0 + 25 * hour + 2 * min])
  })

  it('runs a rule over slow state only when that state changed, or once a minute for its clock', async () => {
    let runs = 0
    const rewards: GatheredState['rewards'] = []
    const ledgerRule: AlertRule = {
      ...brokenRule,
      id: 'ledger',
      evaluate: (state) => {
        runs++
        return state.rewards.length > 0 || state.now < 0 ? [] : []
      },
    }
    let ledger = rewards
    const h = harness({
      rules: [ledgerRule],
      gather: async () => ({ hardware: null, paused: false, historyProblem: null, nodes: null, wallets: null, rewards: ledger, profit: null, networks: new Map(), previousHoldings: new Map() }),
    })
    for (let i = 0; i < 30; i++) await h.at(t0 + i * s)
    expect(runs).toBe(1)
    await h.at(t0 + min)
    expect(runs).toBe(2)
    ledger = []
    await h.at(t0 + min + s)
    expect(runs).toBe(3)
  })

  it('never runs two evaluations at once; a call during one is answered by the next', async () => {
    let inFlight = 0
    let most = 0
    let release: (() => void) | undefined
    const h = harness({
      gather: async () => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise<void>((resolve) => (release = resolve))
        inFlight--
        return { hardware: null, paused: false, historyProblem: null, nodes: null, wallets: null, rewards: [], profit: null, networks: new Map(), previousHoldings: new Map() }
      },
    })
    const a = h.system.evaluate()
    const b = h.system.evaluate()
    const c = h.system.evaluate()
    expect(b).toBe(c)
    release?.()
    await a
    await vi.waitFor(() => expect(inFlight).toBe(1))
    release?.()
    await Promise.all([b, c])
    expect(most).toBe(1)
  })

  it('skips an evaluation whose state cannot be gathered, keeping the alerts it has', async () => {
    let fail = false
    const world: World = { plugDown: false, hot: true, wallets: null }
    const h = harness({
      world,
      gather: async () => {
        if (fail) throw new Error('wallets are not loaded')
        return { hardware: sampleOf(world), paused: false, historyProblem: null, nodes: null, wallets: null, rewards: [], profit: null, networks: new Map(), previousHoldings: new Map() }
      },
    })
    await h.at(t0)
    fail = true
    world.hot = false
    const skipped = await h.at(t0 + s)
    expect(skipped.open).toHaveLength(1)
    expect(h.logLines.some((line) => line.includes('could not be gathered'))).toBe(true)
  })

  it('evaluates on a timer at the sampling cadence until stopped', async () => {
    vi.useFakeTimers({ now: t0 })
    const clock = { now: t0 }
    let gathers = 0
    const h = harness({
      clock,
      intervalMs: () => 1_000,
      gather: async () => {
        gathers++
        return { hardware: null, paused: false, historyProblem: null, nodes: null, wallets: null, rewards: [], profit: null, networks: new Map(), previousHoldings: new Map() }
      },
    })
    await h.system.start()
    await vi.advanceTimersByTimeAsync(10_500)
    expect(gathers).toBe(11)
    await h.system.stop()
    systems.splice(systems.indexOf(h.system), 1)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(gathers).toBe(11)
  })

  it('hands the channel methods to the push channels', async () => {
    const calls: unknown[][] = []
    const fake: PushDelivery = {
      deliver: (alerts) => calls.push(['deliver', alerts.map((a) => a.rule)]),
      channels: () => [],
      addChannel: async (input) => (calls.push(['add', input.label]), []),
      removeChannel: async (id) => (calls.push(['remove', id]), []),
      testChannel: async () => ({ ok: true, message: 'sent' }),
      dispose: () => calls.push(['dispose']),
    }
    const withChannel: Settings = {
      ...defaultSettings,
      alerts: { ...defaultSettings.alerts, channels: [{ id: 'channel-abcd1234', kind: 'ntfy', label: 'Phone', host: 'ntfy.sh', minSeverity: 'warning' }] },
    }
    const h = harness({ push: async () => fake, settings: withChannel })
    expect(await h.call('alerts.channels')).toEqual([])
    await h.call('alerts.addChannel', { label: 'Phone', target: { kind: 'ntfy', topicUrl: 'https://ntfy.sh/desk-test' } })
    await h.call('alerts.removeChannel', { id: 'channel-abcd1234' })
    expect(await h.call('alerts.testChannel', { id: 'channel-abcd1234' })).toEqual({ ok: true, message: 'sent' })
    expect(await h.refuse('alerts.addChannel', { label: '', target: { kind: 'ntfy', topicUrl: 'x' } })).toMatchObject({ field: 'label' })
    expect(calls).toEqual([
      ['add', 'Phone'],
      ['remove', 'channel-abcd1234'],
    ])
  })

  it('pushes through the channels when no other delivery is given', async () => {
    const delivered: string[][] = []
    const fake: PushDelivery = {
      deliver: (alerts) => delivered.push(alerts.map((a) => a.rule)),
      channels: () => [],
      addChannel: async () => [],
      removeChannel: async () => [],
      testChannel: async () => ({ ok: true, message: 'sent' }),
      dispose: () => undefined,
    }
    const world: World = { plugDown: false, hot: true, wallets: null }
    const withChannel: Settings = {
      ...defaultSettings,
      alerts: { ...defaultSettings.alerts, channels: [{ id: 'channel-abcd1234', kind: 'ntfy', label: 'Phone', host: 'ntfy.sh', minSeverity: 'warning' }] },
    }
    let built = 0
    const h = harness({ world, settings: withChannel, push: async () => (built++, fake), delivery: undefined })
    await h.at(t0)
    await vi.waitFor(() => expect(delivered).toEqual([['rewards-stopped']]))
    expect(built).toBe(1)
  })

  it('never loads the channels to push when none is configured', async () => {
    let built = 0
    const world: World = { plugDown: false, hot: true, wallets: null }
    const h = harness({ world, push: async () => (built++, expect.unreachable()), delivery: undefined })
    expect((await h.at(t0)).fresh).toHaveLength(1)
    expect(built).toBe(0)
  })
})
