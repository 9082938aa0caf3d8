import type { ReactNode } from 'react'
import { HardwareCards } from './hardware-cards.tsx'

export function DashboardView(): ReactNode {
  return (
    <div className="view">
      <section aria-labelledby="machine-heading">
        <h2 id="machine-heading">This machine</h2>
        <HardwareCards />
      </section>
    </div>
  )
}
