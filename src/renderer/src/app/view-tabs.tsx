import { useRef, type KeyboardEvent, type ReactNode } from 'react'
import { viewLabels, views, type Page, type View } from './route.ts'

export const tabId = (view: Page): string => `tab-${view}`
export const panelId = 'view-panel'

/**
 * The top bar's views as an ARIA tab list: arrows, Home and End move between them. On a page that
 * is no tab (the wizard) none is selected, and the dashboard's tab is the one Tab reaches.
 */
export function ViewTabs({ current, go }: { current: Page; go: (view: View) => void }): ReactNode {
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  const focusable: View = current === 'setup' ? 'dashboard' : current
  const onKeyDown = (event: KeyboardEvent): void => {
    const at = views.indexOf(focusable)
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: views.length - 1 }[event.key]
    if (next === undefined) return
    event.preventDefault()
    const index = (next + views.length) % views.length
    const view = views[index]
    if (!view) return
    go(view)
    tabs.current[index]?.focus()
  }
  return (
    <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {views.map((view, i) => (
        <button
          key={view}
          ref={(element) => {
            tabs.current[i] = element
          }}
          id={tabId(view)}
          type="button"
          role="tab"
          className="tab"
          aria-selected={view === current}
          aria-controls={panelId}
          tabIndex={view === focusable ? 0 : -1}
          onClick={() => go(view)}
        >
          {viewLabels[view]}
        </button>
      ))}
    </nav>
  )
}
