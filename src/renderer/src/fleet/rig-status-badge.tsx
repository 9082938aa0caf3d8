import type { ReactNode } from 'react'
import type { FleetRigStatus } from '../../../shared/contract/fleet.ts'
import { rigStatusWords } from './fleet-words.ts'

/** A rig's status as a word with a shape beside it, never colour alone. */
export function RigStatusBadge({ status }: { status: FleetRigStatus }): ReactNode {
  const { word, icon } = rigStatusWords[status]
  return (
    <span className={`rig-status rig-status-${status}`} data-testid="rig-status" data-status={status}>
      <span className="rig-status-icon" aria-hidden="true">
        {icon}
      </span>
      {word}
    </span>
  )
}
