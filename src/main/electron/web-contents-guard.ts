import type { Logger } from '../core/log.ts'
import type { ShellApp, ShellWebContents } from './shell-electron.ts'
import type { ExternalOpen } from './trusted-url.ts'

export type WebContentsGuardOptions = {
  /** Whether a page may show this URL (see trusted-url.ts `isAppUrl`). */
  isTrustedUrl: (url: string) => boolean
  /** Hands an allowlisted https link to the user's browser (see trusted-url.ts `openExternal`). */
  openExternal: (url: string) => ExternalOpen
  log: Logger
}

/**
 * Guards every webContents the app will ever have, from the moment Electron creates it:
 * the window's, devtools', and any a later feature or a bug opens. Guarding only the
 * window we build would leave the next one open to navigation, popups and <webview>.
 * Call it before the first window exists.
 */
export function guardEveryWebContents(app: ShellApp, options: WebContentsGuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options))
}

/**
 * One webContents stays on our pages: navigation and redirects elsewhere are prevented,
 * every window.open is denied, and a <webview> never attaches. Links to allowlisted hosts
 * still work: they open in the user's browser, never in here.
 */
export function guardWebContents(contents: ShellWebContents, options: WebContentsGuardOptions): void {
  const { isTrustedUrl, openExternal, log } = options
  const handOut = (url: string, what: string): void => {
    const result = openExternal(url)
    if (!result.opened) log.warn(`blocked ${what} ${url}: ${result.reason}`)
  }
  contents.on('will-navigate', (event) => {
    if (isTrustedUrl(event.url)) return
    event.preventDefault()
    handOut(event.url, 'navigation to')
  })
  contents.on('will-redirect', (event) => {
    if (isTrustedUrl(event.url)) return
    event.preventDefault()
    log.warn(`blocked redirect to ${event.url}`)
  })
  contents.setWindowOpenHandler(({ url }) => {
    handOut(url, 'window.open of')
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log.warn('blocked a <webview>')
  })
}
