import type { ReactNode } from 'react'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { formatPercent } from '../common/format.ts'

/** One bar per logical core, so a single pegged core shows even when the average is low. */
export function CpuCoresCard({ cpu, provenance }: { cpu: HardwareSample['cpu']; provenance: ReactNode }): ReactNode {
  return (
    <article className="card" aria-labelledby="cores-label">
      <h3 id="cores-label">CPU per core</h3>
      <p className="figure">{formatPercent(cpu.loadPercent)}</p>
      <p className="detail">average of {cpu.cores} cores</p>
      {cpu.perCorePercent.length > 0 ? (
        <ul className="core-bars" aria-label="Load per core" data-testid="core-bars">
          {cpu.perCorePercent.map((percent, core) => (
            <li key={core} className="core-bar" title={`core ${core}: ${formatPercent(percent)}`} aria-label={`core ${core}: ${formatPercent(percent)}`}>
              <span className="core-bar-fill" style={{ height: `${Math.min(100, percent)}%` }} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="detail">this machine does not report load per core</p>
      )}
      {provenance}
    </article>
  )
}
