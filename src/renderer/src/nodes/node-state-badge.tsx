import type { ReactNode } from 'react'
import type { NodeState } from '../../../shared/contract/nodes.ts'
import { nodeStateIcons, nodeStateMeaning, nodeStateWords } from './node-words.ts'

/** A node's state as a word with a shape beside it (never colour alone); `text` replaces the word. */
export function NodeStateBadge({ state, text, testId }: { state: NodeState | null; text?: string; testId?: string }): ReactNode {
  return (
    <span className={`node-state node-state-${state ?? 'none'}`} data-testid={testId} data-state={state ?? 'none'} title={state ? nodeStateMeaning[state] : undefined}>
      <span className="node-state-icon" aria-hidden="true">
        {state ? nodeStateIcons[state] : '–'}
      </span>
      {text ?? (state ? nodeStateWords[state] : '')}
    </span>
  )
}
