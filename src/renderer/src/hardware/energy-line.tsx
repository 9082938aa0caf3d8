import type { ReactNode } from 'react'
import { rangeLabels } from '../common/history-range.ts'
import { energyWords, gapWords } from './history-words.ts'
import { useDesk } from '../common/store-context.tsx'

/** The energy core integrated over the chosen range, and how much of the range it could not measure. */
export function EnergyLine(): ReactNode {
  const history = useDesk((s) => s.history)
  if (!history) return null
  const { energy, window, range } = history
  const gaps = gapWords(energy.gaps, window.toMs - window.fromMs)
  return (
    <p className="energy" data-testid="energy">
      <strong>{energyWords(energy, rangeLabels[range])}</strong>
      <span className="energy-detail">
        {' '}
        · from the recorded machine total{gaps && ` · ${gaps}`}
      </span>
    </p>
  )
}
