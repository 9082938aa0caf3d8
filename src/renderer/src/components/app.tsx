import type { ReactNode } from 'react'
import type { View } from '../route.ts'
import { AlertBadge } from './alert-badge.tsx'
import { AlertsView } from './alerts-view.tsx'
import { ConnectionBadge } from './connection-badge.tsx'
import { DashboardView } from './dashboard-view.tsx'
import { HardwareView } from './hardware-view.tsx'
import { MonitoringToggle } from './monitoring-toggle.tsx'
import { NodesView } from './nodes-view.tsx'
import { ProfitView } from './profit-view.tsx'
import { SettingsProblem } from './settings-problem.tsx'
import { useDesk } from './store-context.tsx'
import { useView } from './use-view.ts'
import { panelId, tabId, ViewTabs } from './view-tabs.tsx'
import { WalletsView } from './wallets-view.tsx'

const viewComponents: Record<View, () => ReactNode> = { dashboard: DashboardView, hardware: HardwareView, nodes: NodesView, wallets: WalletsView, profit: ProfitView, alerts: AlertsView }

export function App(): ReactNode {
  const info = useDesk((s) => s.info)
  const [view, go] = useView()
  const CurrentView = viewComponents[view]
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
      <main id={panelId} role="tabpanel" aria-labelledby={tabId(view)}>
        <SettingsProblem />
        <CurrentView />
      </main>
    </div>
  )
}
