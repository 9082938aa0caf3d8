import { afterEach, describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../src/main/core/event-hub.ts'
import { silentLogger, type Logger } from '../../../src/main/core/log.ts'
import { AlertNotifier, notifyAtOnce } from '../../../src/main/electron/alert-notifier.ts'
import { createFakeElectron } from '../../fakes/electron.ts'
import { alert, snapshot } from './alerts-fixture.ts'

let running: AlertNotifier | undefined
afterEach(() => running?.dispose())

function setup(options: { supported?: boolean; platform?: NodeJS.Platform; log?: Logger } = {}) {
  const fake = createFakeElectron({ notificationsSupported: options.supported ?? true })
  const events = new EventHub()
  const onClick = vi.fn()
  const notifier = new AlertNotifier({
    Notification: fake.electron.Notification,
    events,
    platform: options.platform ?? 'linux',
    iconPath: '/opt/depin-desk/resources/icon.png',
    onClick,
    log: options.log ?? silentLogger,
  })
  running = notifier
  return { notifier, events, onClick, notifications: fake.notifications }
}

describe('AlertNotifier', () => {
  it('shows a notification for each fresh alert, with its title and message', () => {
    const { events, notifications } = setup()
    const first = alert(1, 'critical', { title: 'Rig 1 plug unreachable', message: 'The plug at 10.0.0.7 has not answered for 12 min.' })
    const second = alert(2, 'warning')
    events.emit('alerts.changed', snapshot([first, second, alert(3, 'info')], [first, second]))
    expect(notifications.map((note) => note.options)).toEqual([
      {
        title: 'Rig 1 plug unreachable',
        body: 'The plug at 10.0.0.7 has not answered for 12 min.',
        urgency: 'critical',
        icon: '/opt/depin-desk/resources/icon.png',
      },
      { title: 'Alert 2', body: second.message, urgency: 'normal', icon: '/opt/depin-desk/resources/icon.png' },
    ])
    expect(notifications.every((note) => note.shown)).toBe(true)
  })

  it('notifies nothing for a snapshot with no fresh alerts', () => {
    const { events, notifications } = setup()
    events.emit('alerts.changed', snapshot([alert(1, 'critical')]))
    expect(notifications).toEqual([])
  })

  it('maps severity to urgency on Linux only', () => {
    const linux = setup()
    linux.events.emit('alerts.changed', snapshot([], [alert(1, 'info')]))
    expect(linux.notifications[0]?.options.urgency).toBe('low')
    linux.notifier.dispose()
    for (const platform of ['darwin', 'win32'] as const) {
      const other = setup({ platform })
      other.events.emit('alerts.changed', snapshot([], [alert(1, 'critical')]))
      expect(other.notifications[0]?.options).not.toHaveProperty('urgency')
      other.notifier.dispose()
    }
  })

  it('on click asks for the alert\'s view', () => {
    const { events, notifications, onClick } = setup()
    events.emit('alerts.changed', snapshot([], [alert(1, 'warning', { view: 'wallets' }), alert(2, 'critical', { view: 'hardware' })]))
    notifications[0]!.click()
    expect(onClick).toHaveBeenCalledExactlyOnceWith('wallets')
    expect(notifications[0]!.listenerCount('click')).toBe(0)
  })

  it('notifies nothing where Notification is not supported, and says so in the log', () => {
    const debug = vi.fn()
    const { events, notifications } = setup({ supported: false, log: { ...silentLogger, debug } })
    events.emit('alerts.changed', snapshot([], [alert(1, 'critical')]))
    expect(notifications).toEqual([])
    expect(debug).toHaveBeenCalledOnce()
  })

  it('sums up a burst in one notification that opens the Alerts view', () => {
    const { events, notifications, onClick } = setup()
    const fresh = Array.from({ length: notifyAtOnce + 3 }, (_, index) => alert(index + 1, index === 5 ? 'critical' : 'warning'))
    events.emit('alerts.changed', snapshot(fresh, fresh))
    expect(notifications).toHaveLength(notifyAtOnce)
    const summary = notifications.at(-1)!
    expect(summary.options).toMatchObject({ title: '4 more alerts', body: 'Alert 4\nAlert 5\nAlert 6\nAlert 7', urgency: 'critical' })
    summary.click()
    expect(onClick).toHaveBeenCalledWith('alerts')
  })

  it('logs a notification the desktop failed to show', () => {
    const warn = vi.fn()
    const { events, notifications } = setup({ log: { ...silentLogger, warn } })
    events.emit('alerts.changed', snapshot([], [alert(1, 'critical')]))
    notifications[0]!.emit('failed', {}, 'no D-Bus session')
    expect(warn).toHaveBeenCalledWith('the notification "Alert 1" could not be shown: no D-Bus session')
  })

  it('on dispose stops listening and detaches from the notifications it showed', () => {
    const { notifier, events, notifications, onClick } = setup()
    const before = events.listenerCount
    events.emit('alerts.changed', snapshot([], [alert(1, 'critical')]))
    notifier.dispose()
    expect(events.listenerCount).toBe(before - 1)
    expect(['click', 'close', 'failed'].map((event) => notifications[0]!.listenerCount(event))).toEqual([0, 0, 0])
    notifications[0]!.click()
    events.emit('alerts.changed', snapshot([], [alert(2, 'critical')]))
    expect(onClick).not.toHaveBeenCalled()
    expect(notifications).toHaveLength(1)
  })
})
