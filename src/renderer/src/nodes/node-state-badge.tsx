import type { ReactNode } from 'react'
import type { NodeState } from '../../../shared/contract/nodes.ts'
import { nodeStateIcons, nodeStateMeaning, nodeStateWords } from './node-words.ts'

const tones: Record<NodeState, string> = { running: 'state-pill-good', restarting: 'state-pill-warn', stopped: 'state-pill-bad', missing: 'state-pill-bad' }

/** A node's state as a word with a shape beside it (never colour alone); `text` replaces the word. */
export function NodeStateBadge({ state, text, testId }: { state: NodeState | null; text?: string; testId?: string }): ReactNode {
  return (
    <span className={`state-pill node-state ${state ? tones[state] : ''}`} data-testid={testId} data-state={state ?? 'none'} title={state ? nodeStateMeaning[state] : undefined}>
      <span className="state-pill-icon" aria-hidden="true">
        {state ? nodeStateIcons[state] : '–'}
      </span>
      {text ?? (state ? nodeStateWords[state] : '')}
    </span>
  )
}
