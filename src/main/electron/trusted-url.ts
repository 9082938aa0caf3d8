/*
 * Pure guards over URLs that reach main from the page (navigations, window.open, IPC
 * senders). They take `unknown`, parse before judging and compare parsed parts, never
 * string prefixes: `app://desk.evil` or `https://github.com.evil.example` must not pass.
 */

/** The page's home: the built renderer served by the app:// protocol handler. */
export const appHost = 'desk'
export const appEntryUrl = `app://${appHost}/`

/** Docs and block explorers the page may link to; anything else stays unopened. */
export const externalHosts: ReadonlySet<string> = new Set([
  'github.com',
  'solscan.io',
  'etherscan.io',
  'arbiscan.io',
  'taostats.io',
  'www.mintscan.io',
  'mintscan.io',
  'filfox.info',
  'explorer.helium.com',
  'grassfoundation.io',
])

function parseUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== ''
}

/**
 * True for a page of our own: app://desk/... or, under `electron-vite dev`, the exact
 * origin of the dev server.
 */
export function isAppUrl(value: unknown, devServerUrl?: string): boolean {
  const url = parseUrl(value)
  if (url === undefined || hasCredentials(url)) return false
  // Node keeps `app:` URLs opaque (origin "null"), so compare the host; it includes any port.
  if (url.protocol === 'app:') return url.host === appHost
  const dev = parseUrl(devServerUrl)
  if (dev === undefined || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false
  return url.origin === dev.origin
}

/** What `openExternal` did with a link, and why when it refused. */
export type ExternalOpen = { readonly opened: true } | { readonly opened: false; readonly reason: string }

/**
 * Opens `value` in the user's browser through `open` when it is an https link to an
 * allowlisted host, on its default port, without credentials; answers what it did.
 */
export function openExternal(value: unknown, open: (url: string) => void): ExternalOpen {
  const checked = checkExternal(value)
  if (typeof checked === 'string') return { opened: false, reason: checked }
  // The normalised form, so what the OS receives is exactly what was checked.
  open(checked.href)
  return { opened: true }
}

/** The parsed link when it may leave the app, else why not. */
function checkExternal(value: unknown): URL | string {
  const url = parseUrl(value)
  if (url === undefined) return 'not a URL'
  // Plain http is refused even to allowlisted hosts: anyone on the path could swap the page.
  if (url.protocol !== 'https:') return 'only https:// links open in the browser'
  if (hasCredentials(url)) return 'a link with credentials'
  if (url.port !== '') return 'not on the default port'
  if (!externalHosts.has(url.hostname)) return `${url.hostname} is not an allowlisted host`
  return url
}
