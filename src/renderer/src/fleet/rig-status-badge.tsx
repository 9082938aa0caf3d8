import type { ReactNode } from 'react'
import type { FleetRigStatus } from '../../../shared/contract/fleet.ts'
import { rigStatusWords } from './fleet-words.ts'

const tones: Record<FleetRigStatus, string> = { connected: 'state-pill-good', connecting: 'state-pill-warn', stale: 'state-pill-bad', refused: 'state-pill-bad' }

/** A rig's status as a word with a shape beside it, never colour alone. */
export function RigStatusBadge({ status }: { status: FleetRigStatus }): ReactNode {
  const { word, icon } = rigStatusWords[status]
  return (
    <span className={`state-pill ${tones[status]}`} data-testid="rig-status" data-status={status}>
      <span className="state-pill-icon" aria-hidden="true">
        {icon}
      </span>
      {word}
    </span>
  )
}
