import type { ReactNode } from 'react'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { formatClock, freshnessWords, type Freshness } from './format.ts'

/** Where a figure came from and whether it is current: "measured · procfs · live". */
export function ProvenanceLine({ sample, state }: { sample: HardwareSample; state: Freshness }): ReactNode {
  const { kind, source, at } = sample.provenance
  return (
    <p className={`provenance provenance-${state}`} title={`read at ${formatClock(at)}`} data-testid="provenance">
      {kind} · {source} · {freshnessWords(state, at)}
    </p>
  )
}
