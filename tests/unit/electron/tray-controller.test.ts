import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MonitoringControl } from '../../../src/main/core/app.ts'
import type { Dispatch } from '../../../src/main/core/contract/dispatcher.ts'
import { EventHub } from '../../../src/main/core/event-hub.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { netMinAgeMs, netRefreshMs, TrayController } from '../../../src/main/electron/tray-controller.ts'
import { trayIconPaths } from '../../../src/main/electron/tray-icons.ts'
import type { AlertsSnapshot } from '../../../src/shared/contract/alerts.ts'
import type { MonitoringState } from '../../../src/shared/contract/app.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { FakeMenu, FakeTray } from '../../fakes/electron.ts'
import { alert, at, profit, snapshot } from './alerts-fixture.ts'

type Answer = (payload: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>

let running: TrayController | undefined
afterEach(() => running?.dispose())

/** Core as the tray sees it: a dispatch answering from `answers`, a real EventHub, a monitor. */
function setup(options: { answers?: Record<string, Answer>; platform?: NodeJS.Platform } = {}) {
  const events = new EventHub()
  const calls: Array<{ method: string; payload: unknown }> = []
  const answers: Record<string, Answer> = {
    'alerts.snapshot': () => ({ ok: true, value: snapshot([]) }),
    'profit.summary': () => ({ ok: true, value: profit('1.234') }),
    'alerts.snooze': () => ({ ok: true, value: snapshot([]) }),
    ...options.answers,
  }
  const dispatch: Dispatch = async (method, payload) => {
    calls.push({ method, payload })
    const answer = answers[method]
    if (answer === undefined) return { ok: false, error: { code: 'not-found', message: `Unknown method "${method}".`, retryable: false } }
    return answer(payload)
  }
  const state: MonitoringState = { paused: false, sampleIntervalMs: 1000 }
  const monitor: MonitoringControl = {
    get state() {
      return state
    },
    async setPaused(paused) {
      state.paused = paused
      events.emit('monitoring.changed', { ...state })
      return { ...state }
    },
  }
  const clock = { now: at, ticks: [] as Array<() => void>, everyMs: 0, stopped: false }
  const trays: FakeTray[] = []
  const onOpen = vi.fn()
  const onShowView = vi.fn()
  const onQuit = vi.fn()
  const listenersBefore = events.listenerCount
  const controller = new TrayController({
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image)
        trays.push(this)
      }
    },
    Menu: { buildFromTemplate: (template) => new FakeMenu(template) },
    iconPath: trayIconPaths('/opt/depin-desk/resources', options.platform ?? 'linux'),
    dispatch,
    monitor,
    events,
    onOpen,
    onShowView,
    onQuit,
    log: silentLogger,
    now: () => clock.now,
    repeat: (ms, tick) => {
      clock.everyMs = ms
      clock.ticks.push(tick)
      return () => {
        clock.stopped = true
      }
    },
  })
  running = controller
  const tray = trays[0]!
  const calledWith = (method: string) => calls.filter((call) => call.method === method)
  const changed = (alerts: AlertsSnapshot) => events.emit('alerts.changed', alerts)
  return { controller, tray, events, calls, calledWith, changed, clock, monitor, state, onOpen, onShowView, onQuit, listenersBefore }
}

const menuOf = (tray: FakeTray) => tray.menu?.template.map((item) => item.label ?? `(${item.type})`)

describe('TrayController: the icon', () => {
  it('starts green, with the Linux PNG', () => {
    const { tray } = setup()
    expect(tray.image).toBe('/opt/depin-desk/resources/tray-green.png')
  })

  it.each([
    [null, 'tray-green.png'],
    ['info', 'tray-green.png'],
    ['warning', 'tray-amber.png'],
    ['critical', 'tray-red.png'],
  ] as const)('shows worst %s as %s', async (worst, file) => {
    const { tray, changed } = setup()
    await vi.waitFor(() => expect(tray.tooltip).toContain('No open alerts'))
    changed(snapshot(worst === null ? [] : [alert(1, worst)]))
    expect(tray.image).toBe(`/opt/depin-desk/resources/${file}`)
  })

  it('goes by the worst alert not snoozed, and back to green when alerts clear', () => {
    const { tray, changed } = setup()
    changed(snapshot([alert(1, 'critical', { snoozedUntil: at + 3_600_000 }), alert(2, 'warning')]))
    expect(tray.image).toMatch(/tray-amber\.png$/)
    changed(snapshot([alert(1, 'critical')], [], at + 1))
    expect(tray.image).toMatch(/tray-red\.png$/)
    changed(snapshot([], [], at + 2))
    expect(tray.image).toMatch(/tray-green\.png$/)
  })

  it('sets a new image only when the colour changes', () => {
    const { tray, changed } = setup()
    changed(snapshot([alert(1, 'warning')]))
    changed(snapshot([alert(1, 'warning'), alert(2, 'warning')], [], at + 1))
    changed(snapshot([alert(2, 'info')], [], at + 2))
    expect(tray.images.map((path) => path.split('/').at(-1))).toEqual(['tray-green.png', 'tray-amber.png', 'tray-green.png'])
  })

  it('uses the macOS template image and the Windows icon on those systems', () => {
    const mac = setup({ platform: 'darwin' })
    mac.changed(snapshot([alert(1, 'critical')]))
    expect(mac.tray.images.map((path) => path.split('/').at(-1))).toEqual(['tray-greenTemplate.png', 'tray-redTemplate.png'])
    mac.controller.dispose()
    const windows = setup({ platform: 'win32' })
    windows.changed(snapshot([alert(1, 'warning')]))
    expect(windows.tray.images.map((path) => path.split('/').at(-1))).toEqual(['tray-green.ico', 'tray-amber.ico'])
  })

  it('shows what core holds before any alerts.changed', async () => {
    const { tray } = setup({ answers: { 'alerts.snapshot': () => ({ ok: true, value: snapshot([alert(4, 'critical')]) }) } })
    await vi.waitFor(() => expect(tray.image).toMatch(/tray-red\.png$/))
  })

  it('keeps a newer alerts.changed over a slower first read', async () => {
    let answer: (value: Envelope<unknown>) => void = () => undefined
    const { tray, changed } = setup({ answers: { 'alerts.snapshot': () => new Promise((resolve) => (answer = resolve)) } })
    changed(snapshot([alert(1, 'warning')]))
    answer({ ok: true, value: snapshot([alert(2, 'critical')]) })
    await new Promise((resolve) => setImmediate(resolve))
    expect(tray.image).toMatch(/tray-amber\.png$/)
  })
})

describe('TrayController: the tooltip', () => {
  it('shows today\'s net and the worst open alert', async () => {
    const { tray, changed } = setup()
    changed(snapshot([alert(1, 'warning'), alert(2, 'critical', { title: 'Grass wallet “Rig 1” stopped earning' })]))
    await vi.waitFor(() => expect(tray.tooltip).toBe('DePIN Desk\nNet today: +$1.23\nCritical: Grass wallet “Rig 1” stopped earning'))
  })

  it('says why the net is unknown', async () => {
    const { tray } = setup({ answers: { 'profit.summary': () => ({ ok: true, value: profit(null, ['no electricity price']) }) } })
    await vi.waitFor(() => expect(tray.tooltip).toBe('DePIN Desk\nNet today unknown: no electricity price\nNo open alerts'))
  })

  it('says so when profit.summary fails', async () => {
    const { tray } = setup({
      answers: { 'profit.summary': () => ({ ok: false, error: { code: 'internal', message: 'history unreadable', retryable: true } }) },
    })
    await vi.waitFor(() => expect(tray.tooltip).toContain('Net today unknown: history unreadable'))
  })

  it('fetches the net again every few minutes', async () => {
    let net = '1'
    const { tray, clock, calledWith } = setup({ answers: { 'profit.summary': () => ({ ok: true, value: profit(net) }) } })
    await vi.waitFor(() => expect(tray.tooltip).toContain('+$1.00'))
    expect(clock.everyMs).toBe(netRefreshMs)
    net = '-2.5'
    clock.ticks[0]!()
    await vi.waitFor(() => expect(tray.tooltip).toContain('-$2.50'))
    expect(calledWith('profit.summary')).toHaveLength(2)
  })

  it('on alerts.changed shows the alert at once and fetches the net only when it is a minute old', async () => {
    const { tray, clock, changed, calledWith } = setup()
    await vi.waitFor(() => expect(tray.tooltip).toContain('+$1.23'))
    changed(snapshot([alert(1, 'warning')]))
    expect(tray.tooltip).toContain('Warning: Alert 1')
    expect(calledWith('profit.summary')).toHaveLength(1)
    clock.now += netMinAgeMs
    changed(snapshot([alert(1, 'warning')], [], at + 1))
    expect(calledWith('profit.summary')).toHaveLength(2)
  })

  it('counts snoozed alerts when none is awake', () => {
    const { tray, changed } = setup()
    const later = at + 3_600_000
    changed(snapshot([alert(1, 'critical', { snoozedUntil: later }), alert(2, 'warning', { snoozedUntil: later })]))
    expect(tray.tooltip).toMatch(/2 open alerts, all snoozed$/)
  })
})

describe('TrayController: the menu', () => {
  it('has Open, Pause and Quit, and says when no alert is open', async () => {
    const { tray } = setup()
    await vi.waitFor(() => expect(tray.labels()).toContain('No open alerts'))
    expect(menuOf(tray)).toEqual(['Open DePIN Desk', 'Pause monitoring', '(separator)', 'No open alerts', '(separator)', 'Quit'])
    expect(tray.item('No open alerts').enabled).toBe(false)
    expect(tray.item('Pause monitoring')).toMatchObject({ type: 'checkbox', checked: false })
  })

  it('lists the open alerts worst first, each with Show and Snooze 1 h', () => {
    const { tray, changed } = setup()
    changed(snapshot([alert(1, 'info'), alert(2, 'critical'), alert(3, 'warning')]))
    expect(tray.labels()).toEqual(['Open DePIN Desk', 'Pause monitoring', 'Critical: Alert 2', 'Warning: Alert 3', 'Info: Alert 1', 'Quit'])
    expect(tray.labels('Critical: Alert 2')).toEqual(['Show', 'Snooze 1 h'])
  })

  it('snoozes an alert for an hour through alerts.snooze', async () => {
    const { tray, changed, calledWith } = setup()
    changed(snapshot([alert(7, 'critical')]))
    tray.click('Critical: Alert 7', 'Snooze 1 h')
    await vi.waitFor(() => expect(calledWith('alerts.snooze')).toEqual([{ method: 'alerts.snooze', payload: { scope: 'alert', id: 7, minutes: 60 } }]))
  })

  it('opens the window on the alert\'s view', () => {
    const { tray, changed, onShowView } = setup()
    changed(snapshot([alert(7, 'warning', { view: 'wallets' })]))
    tray.click('Warning: Alert 7', 'Show')
    expect(onShowView).toHaveBeenCalledWith('wallets')
  })

  it('lists eight alerts, snoozed ones last, and then one item for all of them', () => {
    const { tray, changed, onShowView } = setup()
    const open = Array.from({ length: 10 }, (_, index) =>
      alert(index + 1, index < 2 ? 'critical' : 'warning', index === 0 ? { snoozedUntil: at + 60_000 } : {}),
    )
    changed(snapshot(open))
    const listed = tray.labels().slice(2, -1)
    expect(listed).toHaveLength(9)
    expect(listed[0]).toBe('Critical: Alert 2')
    expect(listed.at(-1)).toBe('All 10 open alerts…')
    expect(listed).not.toContain('Critical: Alert 1 (snoozed)')
    changed(snapshot(open.slice(0, 3), [], at + 1))
    expect(tray.labels().at(-2)).toBe('Critical: Alert 1 (snoozed)')
    changed(snapshot(open, [], at + 2))
    tray.click('All 10 open alerts…')
    expect(onShowView).toHaveBeenCalledWith('alerts')
  })

  it('pauses the monitor and ticks the checkbox, then resumes it', async () => {
    const { tray, monitor } = setup()
    tray.click('Pause monitoring')
    await vi.waitFor(() => expect(tray.item('Pause monitoring').checked).toBe(true))
    expect(monitor.state.paused).toBe(true)
    tray.click('Pause monitoring')
    await vi.waitFor(() => expect(tray.item('Pause monitoring').checked).toBe(false))
  })

  it('follows a pause that came from the page', () => {
    const { tray, events, state } = setup()
    state.paused = true
    events.emit('monitoring.changed', { ...state })
    expect(tray.item('Pause monitoring').checked).toBe(true)
  })

  it('opens the window from the menu and from a click on the icon, and quits from the menu', () => {
    const { tray, onOpen, onQuit } = setup()
    tray.click('Open DePIN Desk')
    tray.emit('click')
    tray.click('Quit')
    expect(onOpen).toHaveBeenCalledTimes(2)
    expect(onQuit).toHaveBeenCalledOnce()
  })
})

describe('TrayController: dispose', () => {
  it('destroys the tray, stops listening and stops the refresh', () => {
    const { controller, tray, events, clock, listenersBefore } = setup()
    controller.dispose()
    expect(tray.destroyed).toBe(true)
    expect(events.listenerCount).toBe(listenersBefore)
    expect(clock.stopped).toBe(true)
  })

  it('leaves the destroyed tray alone when a late answer comes in', async () => {
    let answer: (value: Envelope<unknown>) => void = () => undefined
    const { controller, tray } = setup({ answers: { 'profit.summary': () => new Promise((resolve) => (answer = resolve)) } })
    controller.dispose()
    answer({ ok: true, value: profit('1') })
    await new Promise((resolve) => setImmediate(resolve))
    expect(tray.tooltip).not.toContain('Net today')
  })
})
