import type { ReactNode } from 'react'
import type { PowerReading, PowerSourceStatus } from '../../../shared/contract/power.ts'
import { formatClock, formatWatts } from '../common/format.ts'
import { sourceName } from './power-words.ts'
import { useDesk } from '../common/store-context.tsx'
import { CopyableCode } from '../common/copyable-code.tsx'

type SourceState = 'reading' | 'unavailable' | 'failed' | 'permission' | 'waiting'

const stateLabels: Record<SourceState, string> = {
  reading: 'reading',
  unavailable: 'not on this machine',
  failed: 'failed',
  permission: 'needs permission',
  waiting: 'not read yet',
}

function stateOf(status: PowerSourceStatus): SourceState {
  if (status.error) return status.error.kind
  return status.readings.length > 0 ? 'reading' : 'waiting'
}

/** One power source: its readings, or why it has none and, where core knows one, the fix. */
export function PowerSourceRow({ status }: { status: PowerSourceStatus }): ReactNode {
  const plug = useDesk((s) => s.plugs.find((p) => p.id === status.source))
  const { name, detail } = sourceName(status.source, plug)
  const state = stateOf(status)
  return (
    <li className={`source source-${state}`} data-testid="power-source" data-state={state}>
      <div className="source-head">
        <span className="source-name">{name}</span>
        {detail && <span className="source-detail">{detail}</span>}
        <span className="source-state">{stateLabels[state]}</span>
      </div>
      {status.readings.length > 0 && (
        <ul className="source-readings">
          {status.readings.map((reading) => (
            <ReadingRow key={reading.deviceId} reading={reading} />
          ))}
        </ul>
      )}
      {status.error?.kind === 'unavailable' && <p className="source-message">{status.error.message}</p>}
      {status.error?.kind === 'failed' && (
        <p className="source-message source-warning" role="status">
          {status.error.message}
          {status.lastSuccessAt !== null && ` · last read at ${formatClock(status.lastSuccessAt)}`}
        </p>
      )}
      {status.error?.kind === 'permission' && (
        <>
          <p className="source-message source-warning">{status.error.message}</p>
          {status.error.fix && <CopyableCode text={status.error.fix} label={`How to let DePIN Desk read ${name}`} />}
        </>
      )}
    </li>
  )
}

function ReadingRow({ reading }: { reading: PowerReading }): ReactNode {
  return (
    <li className="reading">
      <span className="reading-label">{reading.label}</span>
      <span className="reading-watts">{reading.watts === null ? 'no figure' : formatWatts(reading.watts)}</span>
      <span className={`pill pill-${reading.kind}`}>{reading.kind}</span>
    </li>
  )
}
