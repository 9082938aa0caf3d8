import type { Alert, AlertSeverity, AlertsSnapshot, AlertView } from '../../shared/contract/alerts.ts'
import type { EventHub } from '../core/event-hub.ts'
import type { Logger } from '../core/log.ts'
import type { ShellNotification, ShellNotificationConstructor, ShellNotificationOptions } from './shell-electron.ts'

export type AlertNotifierOptions = {
  Notification: ShellNotificationConstructor
  events: EventHub
  /** Urgency is a Linux notion (freedesktop's); elsewhere it changes how a toast behaves, so it is left out. */
  platform: NodeJS.Platform
  /** The app icon, shown beside the text where the desktop shows one. */
  iconPath?: string
  /** A click on a notification: bring the window up on the view that explains it. */
  onClick: (view: AlertView) => void
  log: Logger
}

/** More fresh alerts than this at once (a start after a long night) become one summary notification. */
export const notifyAtOnce = 4
/** Notifications kept referenced for their click; Electron drops the click of one that was garbage-collected. */
const liveLimit = 50

const urgencyOf: Record<AlertSeverity, NonNullable<ShellNotificationOptions['urgency']>> = {
  info: 'low',
  warning: 'normal',
  critical: 'critical',
}
const severityRank: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 }

/** A native notification for each alert core says is due one (AlertsSnapshot.fresh). */
export class AlertNotifier {
  readonly #options: AlertNotifierOptions
  readonly #unsubscribe: () => void
  /** Each shown notification and what removes its listeners. */
  readonly #live = new Map<ShellNotification, () => void>()

  constructor(options: AlertNotifierOptions) {
    this.#options = options
    this.#unsubscribe = options.events.subscribe((event, payload) => {
      if (event === 'alerts.changed') this.#notify((payload as AlertsSnapshot).fresh)
    })
  }

  dispose(): void {
    this.#unsubscribe()
    for (const detach of [...this.#live.values()]) detach()
  }

  #notify(fresh: readonly Alert[]): void {
    if (fresh.length === 0) return
    if (!this.#options.Notification.isSupported()) {
      this.#options.log.debug(`no notification service: ${fresh.length} alert(s) shown in the tray and the app only`)
      return
    }
    const individually = fresh.length <= notifyAtOnce ? fresh : fresh.slice(0, notifyAtOnce - 1)
    for (const alert of individually) {
      this.#show({ title: alert.title, body: alert.message, severity: alert.severity, view: alert.view })
    }
    const rest = fresh.slice(individually.length)
    if (rest.length > 0) {
      this.#show({
        title: `${rest.length} more alerts`,
        body: rest.map((alert) => alert.title).join('\n'),
        severity: rest.reduce<AlertSeverity>((worst, alert) => (severityRank[alert.severity] > severityRank[worst] ? alert.severity : worst), 'info'),
        view: 'alerts',
      })
    }
  }

  #show(note: { title: string; body: string; severity: AlertSeverity; view: AlertView }): void {
    const { Notification, platform, iconPath, onClick, log } = this.#options
    const notification = new Notification({
      title: note.title,
      body: note.body,
      ...(platform === 'linux' ? { urgency: urgencyOf[note.severity] } : {}),
      ...(iconPath === undefined ? {} : { icon: iconPath }),
    })
    const onNotificationClick = (): void => {
      detach()
      onClick(note.view)
    }
    const onClose = (): void => detach()
    const onFailed = (_event: unknown, error: string): void => {
      detach()
      log.warn(`the notification "${note.title}" could not be shown: ${error}`)
    }
    const detach = (): void => {
      notification.off('click', onNotificationClick)
      notification.off('close', onClose)
      notification.off('failed', onFailed)
      this.#live.delete(notification)
    }
    notification.on('click', onNotificationClick)
    notification.on('close', onClose)
    notification.on('failed', onFailed)
    this.#live.set(notification, detach)
    // The oldest first: a Map iterates in insertion order.
    if (this.#live.size > liveLimit) this.#live.values().next().value?.()
    notification.show()
  }
}
