import type { ReactNode } from 'react'
import { ConnectionBadge } from './connection-badge.tsx'
import { HardwareCards } from './hardware-cards.tsx'
import { MonitoringToggle } from './monitoring-toggle.tsx'
import { SettingsProblem } from './settings-problem.tsx'
import { useDesk } from './store-context.tsx'

export function App(): ReactNode {
  const info = useDesk((s) => s.info)
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1>DePIN Desk</h1>
          {info && <span className="version">v{info.version} · {info.shell === 'agent' ? 'headless agent' : 'desktop'}</span>}
        </div>
        <div className="topbar-actions">
          <ConnectionBadge />
          <MonitoringToggle />
        </div>
      </header>
      <main>
        <SettingsProblem />
        <section aria-labelledby="machine-heading">
          <h2 id="machine-heading">This machine</h2>
          <HardwareCards />
        </section>
      </main>
    </div>
  )
}
