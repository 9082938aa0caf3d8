import { describe, expect, it, vi } from 'vitest'
import type { AlertsSettings } from '../../../src/shared/contract/alerts.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { alert, alertsSnapshot, channelStatus, fakeClient, ruleInfo, type Answer } from './fake-client.ts'

const connected = { status: 'connected', retryAt: null } as const
const withAlerts = (alerts: Partial<AlertsSettings>) => ({ settings: { ...defaultSettings, alerts: { ...defaultSettings.alerts, ...alerts } }, problem: null })
const ok = (value: unknown): Answer => ({ ok: true, value })
const clock = () => 500_000

describe('alerts slice', () => {
  it('reads the open alerts on connect and follows alerts.changed; the log is read only once the view asks', async () => {
    const first = alertsSnapshot([alert()])
    const fake = fakeClient({ 'alerts.snapshot': ok(first), 'alerts.list': ok([alert()]) })
    const store = createDeskStore(fake.client, clock)
    fake.connect(connected)
    await expect.poll(() => store.getState().alerts).toEqual(first)
    expect(fake.calls.some((c) => c.method === 'alerts.list')).toBe(false)

    const calm = alertsSnapshot([])
    fake.emit('alerts.changed', calm)
    expect(store.getState().alerts).toEqual(calm)
    expect(fake.calls.some((c) => c.method === 'alerts.list')).toBe(false)

    await store.getState().loadAlertLog()
    expect(store.getState().alertLog).toEqual({ items: [alert()], at: 500_000 })
    fake.emit('alerts.changed', first)
    await expect.poll(() => fake.calls.filter((c) => c.method === 'alerts.list')).toHaveLength(2)
  })

  it('keeps a pushed snapshot over a read that was on its way before it', async () => {
    let answer: (value: unknown) => void = () => undefined
    const fake = fakeClient({ 'alerts.snapshot': () => new Promise((resolve) => (answer = (value) => resolve({ ok: true, value }))) })
    const store = createDeskStore(fake.client, clock)
    const reading = store.getState().loadAlerts()
    const pushed = alertsSnapshot([alert({ id: 2 })], 400_000)
    fake.emit('alerts.changed', pushed)
    answer(alertsSnapshot([], 300_000))
    await reading
    expect(store.getState().alerts).toEqual(pushed)
  })

  it("says why core's alerts could not be read, keeping the last ones", async () => {
    const fake = fakeClient({ 'alerts.snapshot': { ok: false, error: { code: 'internal', message: 'alert log unreadable', retryable: true } } })
    const store = createDeskStore(fake.client, clock)
    fake.emit('alerts.changed', alertsSnapshot([alert()]))
    await store.getState().loadAlerts()
    expect(store.getState()).toMatchObject({ alertsError: 'alert log unreadable', alerts: { open: [{ id: 1 }] } })
  })

  it('shows the view the shell asks for', () => {
    const fake = fakeClient({})
    const navigate = vi.fn()
    createDeskStore(fake.client, clock, navigate)
    fake.emit('ui.navigate', { view: 'alerts' })
    expect(navigate).toHaveBeenCalledWith('alerts')
  })

  it('filters the log by state, network and rule, and shows only the newest answer', async () => {
    const answers: ((value: unknown) => void)[] = []
    const fake = fakeClient({ 'alerts.list': () => new Promise((resolve) => answers.push((value) => resolve({ ok: true, value }))) })
    const store = createDeskStore(fake.client, clock)
    const older = store.getState().setAlertLogFilter({ state: 'resolved' })
    const newer = store.getState().setAlertLogFilter({ network: 'grass', rule: 'rewards-stopped' })
    expect(fake.calls.map((c) => c.input)).toEqual([{ state: 'resolved' }, { state: 'resolved', network: 'grass', rule: 'rewards-stopped' }])
    answers[1]?.([alert({ id: 7, network: 'grass', rule: 'rewards-stopped' })])
    await newer
    answers[0]?.([alert({ id: 3 })])
    await older
    expect(store.getState().alertLog?.items.map((a) => a.id)).toEqual([7])
    const cleared = store.getState().setAlertLogFilter({ network: null, rule: null, state: 'all' })
    answers[2]?.([])
    await cleared
    expect(fake.calls.at(-1)?.input).toEqual({ state: 'all' })
  })

  it('acknowledges through core, then reads the open alerts (and the log when shown) again', async () => {
    const acked = alert({ ackedAt: 310_000 })
    const fake = fakeClient({ 'alerts.ack': ok(acked), 'alerts.snapshot': ok(alertsSnapshot([acked])), 'alerts.list': ok([acked]) })
    const store = createDeskStore(fake.client, clock)
    expect(await store.getState().ackAlert(1)).toBeNull()
    expect(fake.calls.map((c) => c.method)).toEqual(['alerts.ack', 'alerts.snapshot'])
    expect(fake.calls[0]?.input).toEqual({ id: 1 })
    expect(store.getState().alerts?.open[0]?.ackedAt).toBe(310_000)

    await store.getState().loadAlertLog()
    fake.calls.length = 0
    await store.getState().ackAlert(1)
    expect(fake.calls.map((c) => c.method).sort()).toEqual(['alerts.ack', 'alerts.list', 'alerts.snapshot'])

    const failing = fakeClient({ 'alerts.ack': { ok: false, error: { code: 'not-found', message: 'No open alert 9.', retryable: false } } })
    expect(await createDeskStore(failing.client, clock).getState().ackAlert(9)).toMatchObject({ message: 'No open alert 9.' })
    expect(failing.calls.map((c) => c.method)).toEqual(['alerts.ack'])
  })

  it("snoozes an alert, a network or everything, and shows core's answer", async () => {
    const snoozed = alertsSnapshot([alert({ snoozedUntil: 301_000 + 3_600_000 })])
    const fake = fakeClient({ 'alerts.snooze': ok(snoozed) })
    const store = createDeskStore(fake.client, clock)
    expect(await store.getState().snoozeAlerts({ scope: 'alert', id: 1, minutes: 60 })).toBeNull()
    expect(store.getState().alerts).toEqual(snoozed)
    await store.getState().snoozeAlerts({ scope: 'network', network: 'grass', minutes: 480 })
    await store.getState().snoozeAlerts({ scope: 'all', minutes: 1440 })
    expect(fake.calls.map((c) => c.input)).toEqual([
      { scope: 'alert', id: 1, minutes: 60 },
      { scope: 'network', network: 'grass', minutes: 480 },
      { scope: 'all', minutes: 1440 },
    ])
  })

  it('reads the rules, saves a threshold or a switch, and keeps the rules shown when core refuses', async () => {
    const saved = ruleInfo({ thresholds: [{ key: 'celsius', label: 'Limit', unit: '°C', value: 80, default: 85, min: 40, max: 110 }] })
    const fake = fakeClient({
      'alerts.rules': (input) =>
        JSON.stringify(input).includes('200')
          ? { ok: false, error: { code: 'invalid-input', message: 'rules.temperature-high.thresholds.celsius: at most 110', retryable: false, field: 'rules.temperature-high.thresholds.celsius' } }
          : { ok: true, value: Object.keys(input as object).length === 0 ? [ruleInfo()] : [saved] },
    })
    const store = createDeskStore(fake.client, clock)
    await store.getState().loadAlertRules()
    expect(store.getState().alertRules).toEqual({ items: [ruleInfo()], at: 500_000 })
    expect(await store.getState().saveAlertRules({ rules: { 'temperature-high': { thresholds: { celsius: 80 } } } })).toBeNull()
    expect(store.getState().alertRules?.items).toEqual([saved])
    const refused = await store.getState().saveAlertRules({ rules: { 'temperature-high': { thresholds: { celsius: 200 } } } })
    expect(refused).toMatchObject({ field: 'rules.temperature-high.thresholds.celsius' })
    expect(store.getState().alertRules?.items).toEqual([saved])
    expect(fake.calls.map((c) => c.input)).toEqual([{}, { rules: { 'temperature-high': { thresholds: { celsius: 80 } } } }, { rules: { 'temperature-high': { thresholds: { celsius: 200 } } } }])
  })

  it('takes quiet hours and standing snoozes from settings, and shows quiet hours once core saved them', async () => {
    const fake = fakeClient({ 'settings.get': ok(withAlerts({ snoozes: [{ scope: 'all', network: null, until: 900_000 }] })), 'alerts.rules': ok([ruleInfo()]) })
    const store = createDeskStore(fake.client, clock)
    fake.connect(connected)
    await expect.poll(() => store.getState().alertsSettings?.snoozes).toHaveLength(1)
    expect(await store.getState().saveAlertRules({ quietHours: { fromHour: 22, toHour: 7 } })).toBeNull()
    expect(store.getState().alertsSettings?.quietHours).toEqual({ fromHour: 22, toHour: 7 })
    expect(fake.calls.at(-1)).toEqual({ method: 'alerts.rules', input: { quietHours: { fromHour: 22, toHour: 7 } } })
  })

  it('reads rules and channels again when their settings change, once the view has them', async () => {
    const fake = fakeClient({ 'alerts.rules': ok([ruleInfo()]), 'alerts.channels': ok([]) })
    const store = createDeskStore(fake.client, clock)
    fake.emit('settings.changed', withAlerts({}))
    fake.emit('settings.changed', withAlerts({ quietHours: { fromHour: 1, toHour: 2 } }))
    expect(fake.calls).toEqual([])
    await store.getState().loadAlertRules()
    await store.getState().loadAlertChannels()
    fake.emit('settings.changed', withAlerts({ quietHours: { fromHour: 1, toHour: 2 } }))
    expect(fake.calls).toHaveLength(2)
    fake.emit('settings.changed', withAlerts({ quietHours: null }))
    expect(fake.calls.map((c) => c.method)).toEqual(['alerts.rules', 'alerts.channels', 'alerts.rules', 'alerts.channels'])
  })

  it('adds, tests and removes push channels through core', async () => {
    const phone = channelStatus()
    const fake = fakeClient({
      'alerts.channels': ok([]),
      'alerts.addChannel': ok([phone]),
      'alerts.removeChannel': { ok: false, error: { code: 'not-found', message: 'No channel "x".', retryable: false } },
      'alerts.testChannel': (input) => ({ ok: true, value: { ok: 'id' in (input as object), message: 'id' in (input as object) ? 'Sent.' : 'ntfy.sh answered 403 Forbidden' } }),
    })
    const store = createDeskStore(fake.client, clock)
    await store.getState().loadAlertChannels()
    expect(store.getState().alertChannels).toEqual({ items: [], at: 500_000 })
    const target = { kind: 'ntfy', topicUrl: 'https://ntfy.sh/rig-alerts', token: 'tk_secret' } as const
    expect(await store.getState().addAlertChannel({ label: 'My phone', minSeverity: 'critical', target })).toBeNull()
    expect(store.getState().alertChannels?.items).toEqual([phone])
    expect(await store.getState().testAlertChannel({ target })).toEqual({ ok: true, value: { ok: false, message: 'ntfy.sh answered 403 Forbidden' } })
    expect(await store.getState().testAlertChannel({ id: phone.channel.id })).toEqual({ ok: true, value: { ok: true, message: 'Sent.' } })
    expect(await store.getState().removeAlertChannel('x')).toMatchObject({ code: 'not-found' })
    expect(store.getState().alertChannels?.items).toEqual([phone])
    expect(fake.calls.map((c) => c.input)).toEqual([{}, { label: 'My phone', minSeverity: 'critical', target }, { target }, { id: phone.channel.id }, { id: 'x' }])
  })

  it('reads a list again on connect when the view asked for it while the connection was down', async () => {
    let up = false
    const fake = fakeClient({ 'alerts.list': () => (up ? { ok: true, value: [alert()] } : { ok: false, error: { code: 'upstream', message: 'The connection closed.', retryable: true } }) })
    const store = createDeskStore(fake.client, clock)
    await store.getState().loadAlertLog()
    expect(store.getState()).toMatchObject({ alertLog: null, alertLogError: 'The connection closed.' })
    up = true
    fake.connect(connected)
    await expect.poll(() => store.getState().alertLog?.items).toEqual([alert()])
    expect(store.getState().alertLogError).toBeNull()
  })

  it('reads the shown lists again after a reconnection, and lets go of alert events on dispose', async () => {
    const fake = fakeClient({ 'alerts.snapshot': ok(alertsSnapshot([])), 'alerts.list': ok([]), 'alerts.rules': ok([]), 'alerts.channels': ok([]) })
    const store = createDeskStore(fake.client, clock)
    await store.getState().loadAlertLog()
    await store.getState().loadAlertRules()
    fake.calls.length = 0
    fake.connect(connected)
    await expect.poll(() => fake.calls.map((c) => c.method).filter((m) => m.startsWith('alerts.')).sort()).toEqual(['alerts.list', 'alerts.rules', 'alerts.snapshot'])
    store.dispose()
    expect(fake.listenerCount()).toBe(0)
  })
})
