import type { MonitoringControl } from '../core/app.ts'
import type { EventHub } from '../core/event-hub.ts'
import type { Logger } from '../core/log.ts'
import type { ShellMenuBuilder, ShellTray, ShellTrayConstructor } from './shell-electron.ts'

export type TrayControllerOptions = {
  Tray: ShellTrayConstructor
  Menu: ShellMenuBuilder
  iconPath: string
  monitor: MonitoringControl
  events: EventHub
  onOpen: () => void
  onQuit: () => void
  log: Logger
}

export const trayTooltip = 'DePIN Desk'

/** The tray icon: opens the window, pauses or resumes monitoring, quits. */
export class TrayController {
  readonly #options: TrayControllerOptions
  readonly #tray: ShellTray
  readonly #unsubscribe: () => void

  constructor(options: TrayControllerOptions) {
    this.#options = options
    this.#tray = new options.Tray(options.iconPath)
    this.#tray.setToolTip(trayTooltip)
    // Some Linux trays never report a click; the menu's first item covers them.
    this.#tray.on('click', () => options.onOpen())
    this.#rebuildMenu()
    // The checkbox follows the monitor however it was paused: from here or from the page.
    this.#unsubscribe = options.events.subscribe((event) => {
      if (event === 'monitoring.changed') this.#rebuildMenu()
    })
  }

  dispose(): void {
    this.#unsubscribe()
    if (!this.#tray.isDestroyed()) this.#tray.destroy()
  }

  #rebuildMenu(): void {
    const { Menu, monitor, onOpen, onQuit } = this.#options
    // Linux shows only a context menu, and only after setContextMenu: set it on every change.
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open DePIN Desk', click: onOpen },
        { label: 'Pause monitoring', type: 'checkbox', checked: monitor.state.paused, click: () => this.#togglePaused() },
        { type: 'separator' },
        { label: 'Quit', click: onQuit },
      ]),
    )
  }

  #togglePaused(): void {
    const { monitor, log } = this.#options
    monitor.setPaused(!monitor.state.paused).catch((error: unknown) => log.error('could not toggle monitoring', error))
  }
}
