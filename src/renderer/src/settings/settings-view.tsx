import '../wallets/wallets.css'
import '../profit/profit.css'
import '../hardware/hardware.css'
import '../alerts/alerts.css'
import './settings.css'
import { useEffect, useRef, type ReactNode } from 'react'
import { viewHashes } from '../app/route.ts'
import { useRouteDetail } from '../app/use-view.ts'
import { settingsPanels } from './settings-panels.tsx'
import { sectionHash, sectionLabels, settingsSections, shownSection } from './settings-sections.ts'

/** The shown section's heading takes the focus, so a screen reader and the keyboard start there. */
function focusHeading(panel: HTMLElement | null): void {
  const heading = panel?.querySelector('h2')
  if (!heading) return
  // The tabs' own sections bring their heading unfocusable: -1 lets a script focus it, not Tab.
  heading.tabIndex = -1
  heading.focus()
}

/**
 * Settings: everything the tabs keep beside their figures, in one place, one section at a time,
 * each at its own address (#/settings/tariff). The section list is the page's own navigation.
 * Opening the tab alone shows the first section and leaves the focus on the tab.
 */
export function SettingsView(): ReactNode {
  const { section, named, unknown } = shownSection(useRouteDetail())
  const panel = useRef<HTMLDivElement>(null)
  const Panel = settingsPanels[section]
  useEffect(() => {
    if (named) focusHeading(panel.current)
  }, [section, named])
  return (
    <div className="view settings-view">
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          <ul>
            {settingsSections.map((s) => (
              <li key={s}>
                <a
                  href={sectionHash(s)}
                  aria-current={s === section ? 'page' : undefined}
                  // The address does not change: move the focus as a new one would.
                  onClick={() => {
                    if (s === section && named) focusHeading(panel.current)
                  }}
                >
                  {sectionLabels[s]}
                </a>
              </li>
            ))}
          </ul>
          <a className="settings-wizard" href={viewHashes.setup}>
            Run the setup wizard again
          </a>
        </nav>
        <div className="settings-panel" ref={panel} data-testid="settings-panel" data-section={section}>
          {unknown !== null && (
            <p className="inline-warning" role="alert">
              There is no “{unknown}” section in Settings: here is {sectionLabels[section]}.
            </p>
          )}
          <Panel />
        </div>
      </div>
    </div>
  )
}
