import type { AlertView } from '../../../shared/contract/alerts.ts'

/** The views the top bar switches between, kept in the URL hash so reload and back keep the view. */
export const views = ['dashboard', 'hardware', 'nodes', 'wallets', 'profit', 'fleet', 'alerts', 'settings'] as const
export type View = (typeof views)[number]

/** Every page the address bar can name: the tabs' views, and the first-run wizard, which is no tab. */
export type Page = View | 'setup'

export const viewHashes: Record<Page, string> = {
  dashboard: '#/',
  hardware: '#/hardware',
  nodes: '#/nodes',
  wallets: '#/wallets',
  profit: '#/profit',
  fleet: '#/fleet',
  alerts: '#/alerts',
  settings: '#/settings',
  setup: '#/setup',
}

export const viewLabels: Record<Page, string> = {
  dashboard: 'Dashboard',
  hardware: 'Hardware',
  nodes: 'Nodes',
  wallets: 'Wallets',
  profit: 'Profit',
  fleet: 'Fleet',
  alerts: 'Alerts',
  settings: 'Settings',
  setup: 'Set up',
}

const pages = Object.keys(viewHashes) as Page[]

/** A page and the part of the hash after it ('#/settings/tariff' → settings, 'tariff'); anything unknown is the dashboard. */
export function routeFromHash(hash: string): { page: Page; detail: string | null } {
  const page = pages.find((p) => viewHashes[p] === hash) ?? pages.find((p) => p !== 'dashboard' && hash.startsWith(`${viewHashes[p]}/`))
  if (page === undefined) return { page: 'dashboard', detail: null }
  const detail = hash.slice(viewHashes[page].length + 1)
  return { page, detail: detail === '' ? null : decodeURIComponent(detail) }
}

export function viewFromHash(hash: string): Page {
  return routeFromHash(hash).page
}

/** The hash of a page's part: a Settings section, a wizard step. */
export const detailHash = (page: Page, detail: string): string => `${viewHashes[page]}/${encodeURIComponent(detail)}`

/** Every view the shell may ask for ('ui.navigate', a notification's view) is one of ours. */
export const shellViews: Record<AlertView, View> = { dashboard: 'dashboard', hardware: 'hardware', nodes: 'nodes', wallets: 'wallets', profit: 'profit', fleet: 'fleet', alerts: 'alerts' }
