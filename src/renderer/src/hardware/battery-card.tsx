import type { ReactNode } from 'react'
import type { Battery } from '../../../shared/contract/hardware.ts'
import { formatPercent } from '../common/format.ts'

function powerWords(battery: Battery): string {
  if (battery.onAc === false) return 'on battery'
  if (battery.charging === true) return 'charging'
  if (battery.onAc === true) return 'on mains power'
  return 'power source not reported'
}

/** Laptops and UPS-backed rigs: how long the node keeps earning if the mains goes. */
export function BatteryCard({ battery, provenance }: { battery: Battery; provenance: ReactNode }): ReactNode {
  return (
    <article className="card" aria-labelledby="battery-label" data-testid="battery">
      <h3 id="battery-label">Battery</h3>
      <p className="figure">{battery.percent === null ? '—' : formatPercent(battery.percent)}</p>
      <p className="detail">{powerWords(battery)}</p>
      {provenance}
    </article>
  )
}
