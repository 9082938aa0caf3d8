import type { ReactNode } from 'react'
import type { Temperature } from '../../../shared/contract/hardware.ts'
import { formatCelsius } from '../common/format.ts'

/** Every sensor the machine exposes, as the kernel names it. */
export function TemperaturesCard({ temperatures, provenance }: { temperatures: readonly Temperature[]; provenance: ReactNode }): ReactNode {
  return (
    <article className="card" aria-labelledby="temperatures-label">
      <h3 id="temperatures-label">Temperatures</h3>
      {temperatures.length > 0 ? (
        <ul className="rows" data-testid="temperatures">
          {temperatures.map((t) => (
            <li key={t.sensor} className="row" title={t.sensor}>
              <span className="row-label">
                {t.label} <span className="row-kind">{t.kind}</span>
              </span>
              <span className="row-value">{formatCelsius(t.celsius)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="detail">no temperature sensors reported</p>
      )}
      {provenance}
    </article>
  )
}
