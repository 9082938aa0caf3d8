import type { ReactNode } from 'react'
import { useDesk } from '../common/store-context.tsx'
import { nextSteps } from './dashboard-words.ts'

/** What the operator can do for the figures above to be whole, each a link to where it is done. */
export function NextSteps(): ReactNode {
  const profitSettings = useDesk((s) => s.profitSettings)
  const nodes = useDesk((s) => s.nodes)
  const steps = nextSteps({
    tariffSet: profitSettings === null ? null : profitSettings.tariff.length > 0,
    costsSet: profitSettings === null ? null : Object.keys(profitSettings.costs).length > 0,
    nodesWatched: nodes === null ? null : nodes.nodes.some((node) => node.confirmed),
  })
  if (steps.length === 0) return null
  return (
    <ul className="dashboard-steps" aria-label="Next steps" data-testid="dashboard-next-steps">
      {steps.map((step) => (
        <li key={step.id} data-step={step.id}>
          {step.text} <a href={step.href}>{step.link}</a>
        </li>
      ))}
    </ul>
  )
}
