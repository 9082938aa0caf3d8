import type { Logger } from '../core/log.ts'
import type { ShellBrowserWindow, ShellBrowserWindowConstructor } from './shell-electron.ts'

export type WindowControllerOptions = {
  BrowserWindow: ShellBrowserWindowConstructor
  preloadPath: string
  /** The page: app://desk/ or, in development, the dev server. */
  url: string
  iconPath: string
  log: Logger
}

export const windowTitle = 'DePIN Desk'

/**
 * The one app window. Closing it hides it (the tray keeps the app running) until the app
 * is quitting. What it may navigate to or open is web-contents-guard.ts's business, which
 * covers every webContents, this window's included.
 */
export class WindowController {
  readonly #options: WindowControllerOptions
  #window: ShellBrowserWindow | undefined
  #quitting = false

  constructor(options: WindowControllerOptions) {
    this.#options = options
  }

  /** Brings the window up, creating it again if it was destroyed. */
  show(): void {
    const window = this.#alive()
    if (window === undefined) {
      this.#create()
      return
    }
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  /** Pushes a message to the page; dropped while there is no live window. */
  send(channel: string, payload: unknown): void {
    const window = this.#alive()
    if (window !== undefined && !window.webContents.isDestroyed()) window.webContents.send(channel, payload)
  }

  /** From now on closing the window closes it instead of hiding it. */
  markQuitting(): void {
    this.#quitting = true
  }

  dispose(): void {
    this.#quitting = true
    const window = this.#alive()
    this.#window = undefined
    window?.destroy()
  }

  #alive(): ShellBrowserWindow | undefined {
    return this.#window !== undefined && !this.#window.isDestroyed() ? this.#window : undefined
  }

  #create(): void {
    const { BrowserWindow, preloadPath, url, iconPath, log } = this.#options
    const window = new BrowserWindow({
      title: windowTitle,
      width: 1200,
      height: 800,
      minWidth: 760,
      minHeight: 520,
      backgroundColor: '#0f1115',
      icon: iconPath,
      autoHideMenuBar: true,
      // Shown on ready-to-show, so the user never sees an empty frame.
      show: false,
      // Written out here, literally, even where it is Electron's default: a reader and a
      // scanner (Electronegativity reads this call) see the policy, and a changed default
      // upstream cannot loosen it. The window-controller test pins every value.
      webPreferences: {
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        webSecurity: true,
        webviewTag: false,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        spellcheck: false,
        preload: preloadPath,
      },
    })
    this.#window = window
    window.once('ready-to-show', () => window.show())
    window.on('page-title-updated', (event) => event.preventDefault())
    window.on('close', (event) => {
      if (this.#quitting) return
      event.preventDefault()
      window.hide()
    })
    window.on('closed', () => {
      if (this.#window === window) this.#window = undefined
    })
    window.loadURL(url).catch((error: unknown) => log.error(`could not load ${url}`, error))
  }
}
