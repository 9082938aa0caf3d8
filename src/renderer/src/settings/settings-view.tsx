import type { ReactNode } from 'react'

export function SettingsView(): ReactNode {
  return (
    <div className="view">
      <h2>Settings</h2>
    </div>
  )
}
