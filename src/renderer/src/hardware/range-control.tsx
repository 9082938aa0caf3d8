import type { ReactNode } from 'react'
import { historyRanges, rangeLabels } from '../common/history-range.ts'
import { useDesk } from '../common/store-context.tsx'

/** The span the charts and the energy figure cover. */
export function RangeControl(): ReactNode {
  const range = useDesk((s) => s.historyRange)
  const setRange = useDesk((s) => s.setHistoryRange)
  return (
    <div className="segmented" role="group" aria-label="Chart range">
      {historyRanges.map((option) => (
        <button key={option} type="button" className="segment" aria-pressed={option === range} onClick={() => setRange(option)}>
          {rangeLabels[option]}
        </button>
      ))}
    </div>
  )
}
