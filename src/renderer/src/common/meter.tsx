import type { ReactNode } from 'react'

/** A thin bar for a share of a whole (memory used, power of its limit). */
export function Meter({ percent, label }: { percent: number; label: string }): ReactNode {
  const clamped = Math.min(100, Math.max(0, percent))
  return (
    <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped)} aria-label={label}>
      <div className="meter-fill" style={{ width: `${clamped}%` }} />
    </div>
  )
}
