import { lazy, Suspense, type ComponentType, type ReactNode } from 'react'
import { viewLabels, type Page } from './route.ts'
import { AlertBadge } from './alert-badge.tsx'
import { ConnectionBadge } from './connection-badge.tsx'
import { MonitoringToggle } from './monitoring-toggle.tsx'
import { SettingsProblem } from './settings-problem.tsx'
import { useDesk } from '../common/store-context.tsx'
import { useView } from './use-view.ts'
import { panelId, tabId, ViewTabs } from './view-tabs.tsx'
import { useFirstRunSetup } from '../wizard/first-run.ts'

/** Each view is its own chunk, fetched the first time it is shown, so the first paint carries only the shell. */
const onDemand = (load: () => Promise<ComponentType>): ComponentType => lazy(async () => ({ default: await load() }))

const viewComponents: Record<Page, ComponentType> = {
  dashboard: onDemand(async () => (await import('../dashboard/dashboard-view.tsx')).DashboardView),
  hardware: onDemand(async () => (await import('../hardware/hardware-view.tsx')).HardwareView),
  nodes: onDemand(async () => (await import('../nodes/nodes-view.tsx')).NodesView),
  wallets: onDemand(async () => (await import('../wallets/wallets-view.tsx')).WalletsView),
  profit: onDemand(async () => (await import('../profit/profit-view.tsx')).ProfitView),
  fleet: onDemand(async () => (await import('../fleet/fleet-view.tsx')).FleetView),
  alerts: onDemand(async () => (await import('../alerts/alerts-view.tsx')).AlertsView),
  settings: onDemand(async () => (await import('../settings/settings-view.tsx')).SettingsView),
  setup: onDemand(async () => (await import('../wizard/wizard-view.tsx')).WizardView),
}

export function App(): ReactNode {
  const info = useDesk((s) => s.info)
  const [view, go] = useView()
  const CurrentView = viewComponents[view]
  useFirstRunSetup(view)
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1>DePIN Desk</h1>
          {info && <span className="version">v{info.version} · {info.shell === 'agent' ? 'headless agent' : 'desktop'}</span>}
        </div>
        <ViewTabs current={view} go={go} />
        <div className="topbar-actions">
          <AlertBadge open={() => go('alerts')} />
          <ConnectionBadge />
          <MonitoringToggle />
        </div>
      </header>
      {/* The main landmark stays one (a role on <main> would take it away); the tab panel is inside it. */}
      <main {...(view === 'setup' ? { 'aria-label': viewLabels.setup } : {})}>
        <div id={panelId} {...(view === 'setup' ? {} : { role: 'tabpanel', 'aria-labelledby': tabId(view) })}>
          <SettingsProblem />
          <Suspense fallback={<p className="view-loading" role="status">Loading…</p>}>
            <CurrentView />
          </Suspense>
        </div>
      </main>
    </div>
  )
}
