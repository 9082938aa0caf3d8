import type { ReactNode } from 'react'
import { NetworkCostsForms } from '../profit/network-costs-form.tsx'
import { useChosenInfo } from './networks-step.tsx'

/**
 * Step 7: what the hardware of each chosen network cost and when it was bought, or that it was
 * already owned. The Profit view's own forms (profit.setCosts).
 */
export function CostsStep(): ReactNode {
  const networks = useChosenInfo()
  return <NetworkCostsForms networks={networks} />
}
