import type { AlertView } from '../../shared/contract/alerts.ts'

/** The views the top bar switches between, kept in the URL hash so reload and back keep the view. */
export const views = ['dashboard', 'hardware', 'nodes', 'wallets', 'profit', 'alerts'] as const
export type View = (typeof views)[number]

export const viewHashes: Record<View, string> = { dashboard: '#/', hardware: '#/hardware', nodes: '#/nodes', wallets: '#/wallets', profit: '#/profit', alerts: '#/alerts' }

export const viewLabels: Record<View, string> = { dashboard: 'Dashboard', hardware: 'Hardware', nodes: 'Nodes', wallets: 'Wallets', profit: 'Profit', alerts: 'Alerts' }

/** Anything unknown (including an empty hash) is the dashboard. */
export function viewFromHash(hash: string): View {
  return views.find((view) => viewHashes[view] === hash) ?? 'dashboard'
}

/** Every view the shell may ask for ('ui.navigate', a notification's view) is one of ours. */
export const shellViews: Record<AlertView, View> = { dashboard: 'dashboard', hardware: 'hardware', nodes: 'nodes', wallets: 'wallets', profit: 'profit', alerts: 'alerts' }
