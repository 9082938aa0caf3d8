import type { Logger } from '../core/log.ts'
import type { ShellBrowserWindow, ShellBrowserWindowConstructor, ShellWebContents } from './shell-electron.ts'
import { secureWebPreferences } from './web-preferences.ts'

export type WindowControllerOptions = {
  BrowserWindow: ShellBrowserWindowConstructor
  preloadPath: string
  /** The page: app://desk/ or, in development, the dev server. */
  url: string
  iconPath: string
  /** Whether the window may show this URL (see trusted-url.ts `isAppUrl`). */
  isTrustedUrl: (url: string) => boolean
  /** Opens an allowlisted link in the user's browser; answers whether it did. */
  openExternal: (url: string) => boolean
  log: Logger
}

export const windowTitle = 'DePIN Desk'

/**
 * The one app window. Closing it hides it (the tray keeps the app running) until the app
 * is quitting; it never navigates away from our page or opens another window.
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
      webPreferences: secureWebPreferences(preloadPath),
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
    this.#guard(window.webContents)
    window.loadURL(url).catch((error: unknown) => log.error(`could not load ${url}`, error))
  }

  #guard(contents: ShellWebContents): void {
    const { isTrustedUrl, openExternal, log } = this.#options
    contents.on('will-navigate', (event) => {
      if (isTrustedUrl(event.url)) return
      event.preventDefault()
      // A plain link to an explorer still works: it opens in the browser, never in here.
      if (!openExternal(event.url)) log.warn(`blocked navigation to ${event.url}`)
    })
    contents.on('will-redirect', (event) => {
      if (isTrustedUrl(event.url)) return
      event.preventDefault()
      log.warn(`blocked redirect to ${event.url}`)
    })
    contents.setWindowOpenHandler(({ url }) => {
      if (!openExternal(url)) log.warn(`blocked window.open of ${url}`)
      return { action: 'deny' }
    })
    contents.on('will-attach-webview', (event) => {
      event.preventDefault()
      log.warn('blocked a <webview>')
    })
  }
}
