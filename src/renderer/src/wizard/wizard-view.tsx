import type { ReactNode } from 'react'

export function WizardView(): ReactNode {
  return (
    <div className="view">
      <h2>Set up DePIN Desk</h2>
    </div>
  )
}
