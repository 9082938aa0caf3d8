import type { AlertsSnapshot, AlertView } from '../../shared/contract/alerts.ts'
import type { MonitoringControl } from '../core/app.ts'
import type { Dispatch } from '../core/contract/dispatcher.ts'
import type { EventHub } from '../core/event-hub.ts'
import type { Logger } from '../core/log.ts'
import { callCore } from './core-call.ts'
import type { ShellMenuBuilder, ShellTray, ShellTrayConstructor } from './shell-electron.ts'
import { alertMenuItems } from './tray-alert-menu.ts'
import { trayColour, type TrayColour } from './tray-icons.ts'
import { todayNetLine, trayTooltip, unknownNetLine } from './tray-tooltip.ts'

/** Repeats `tick` every `ms` until the returned function is called. */
export type Repeat = (ms: number, tick: () => void) => () => void

export type TrayControllerOptions = {
  Tray: ShellTrayConstructor
  Menu: ShellMenuBuilder
  /** The image of each colour for this OS: tray-icons.ts's trayIconPaths. */
  iconPath: (colour: TrayColour) => string
  /** Core's dispatch: alerts.snapshot and profit.summary to show, alerts.snooze from the menu. */
  dispatch: Dispatch
  monitor: MonitoringControl
  events: EventHub
  onOpen: () => void
  /** Brings the window up on a view: an alert's Show item. */
  onShowView: (view: AlertView) => void
  onQuit: () => void
  log: Logger
  /** How often today's net is fetched again on its own. */
  netRefreshMs?: number
  now?: () => number
  repeat?: Repeat
}

export const netRefreshMs = 5 * 60_000
/** alerts.changed may come every sample: it refreshes the net only when the last fetch is older than this. */
export const netMinAgeMs = 60_000
export const snoozeMinutes = 60

const repeatEvery: Repeat = (ms, tick) => {
  const timer = setInterval(tick, ms)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * The tray icon: green, amber or red with the worst open alert not snoozed; a tooltip with
 * today's net and that alert; a menu to open the window, see and snooze the open alerts,
 * pause or resume monitoring, and quit.
 */
export class TrayController {
  readonly #options: TrayControllerOptions
  readonly #tray: ShellTray
  readonly #unsubscribe: () => void
  readonly #stopRefresh: () => void
  readonly #now: () => number
  #colour: TrayColour = 'green'
  #alerts: AlertsSnapshot | undefined
  #netLine: string | undefined
  #netAskedAt = Number.NEGATIVE_INFINITY
  #netInFlight = false
  #disposed = false

  constructor(options: TrayControllerOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#tray = new options.Tray(options.iconPath(this.#colour))
    this.#showTooltip()
    // Some Linux trays never report a click; the menu's first item covers them.
    this.#tray.on('click', () => options.onOpen())
    this.#rebuildMenu()
    // The checkbox follows the monitor however it was paused: from here or from the page.
    this.#unsubscribe = options.events.subscribe((event, payload) => {
      if (event === 'monitoring.changed') this.#rebuildMenu()
      if (event === 'alerts.changed') this.#showAlerts(payload as AlertsSnapshot)
    })
    this.#stopRefresh = (options.repeat ?? repeatEvery)(options.netRefreshMs ?? netRefreshMs, () => void this.#refreshNet())
    this.#loadAlerts()
    void this.#refreshNet()
  }

  dispose(): void {
    this.#disposed = true
    this.#unsubscribe()
    this.#stopRefresh()
    if (!this.#tray.isDestroyed()) this.#tray.destroy()
  }

  /** Until the first alerts.changed: what core holds now. */
  #loadAlerts(): void {
    callCore(this.#options.dispatch, 'alerts.snapshot', {}).then(
      // A slow first read must not undo an alerts.changed that came before it.
      (snapshot) => {
        if (this.#alerts === undefined) this.#showAlerts(snapshot)
      },
      (error: unknown) => this.#options.log.warn('the tray could not read the open alerts', error),
    )
  }

  #showAlerts(snapshot: AlertsSnapshot): void {
    if (this.#disposed) return
    this.#alerts = snapshot
    const colour = trayColour(snapshot.counts.worst)
    if (colour !== this.#colour) {
      this.#colour = colour
      this.#tray.setImage(this.#options.iconPath(colour))
    }
    this.#rebuildMenu()
    this.#showTooltip()
    if (this.#now() - this.#netAskedAt >= netMinAgeMs) void this.#refreshNet()
  }

  async #refreshNet(): Promise<void> {
    if (this.#netInFlight) return
    this.#netInFlight = true
    this.#netAskedAt = this.#now()
    try {
      this.#netLine = todayNetLine(await callCore(this.#options.dispatch, 'profit.summary', {}))
    } catch (error) {
      this.#netLine = unknownNetLine(error instanceof Error ? error.message : String(error))
    } finally {
      this.#netInFlight = false
    }
    this.#showTooltip()
  }

  #showTooltip(): void {
    if (!this.#disposed) this.#tray.setToolTip(trayTooltip(this.#netLine, this.#alerts))
  }

  #rebuildMenu(): void {
    if (this.#disposed) return
    const { Menu, monitor, onOpen, onShowView, onQuit } = this.#options
    const alertItems = alertMenuItems(this.#alerts, { snooze: (id) => this.#snooze(id), show: onShowView })
    // Linux shows only a context menu, and only after setContextMenu: set it on every change.
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open DePIN Desk', click: onOpen },
        { label: 'Pause monitoring', type: 'checkbox', checked: monitor.state.paused, click: () => this.#togglePaused() },
        ...(alertItems.length === 0 ? [] : [{ type: 'separator' as const }, ...alertItems]),
        { type: 'separator' },
        { label: 'Quit', click: onQuit },
      ]),
    )
  }

  #snooze(id: number): void {
    // Core answers with alerts.changed, which redraws the tray.
    callCore(this.#options.dispatch, 'alerts.snooze', { scope: 'alert', id, minutes: snoozeMinutes }).catch((error: unknown) =>
      this.#options.log.warn(`could not snooze alert ${id}`, error),
    )
  }

  #togglePaused(): void {
    const { monitor, log } = this.#options
    monitor.setPaused(!monitor.state.paused).catch((error: unknown) => log.error('could not toggle monitoring', error))
  }
}
