import type { ReactNode } from 'react'
import { CopyButton } from './copy-button.tsx'

/** A fix the operator runs in a shell: shown whole, and one click from the clipboard where the page may write to it. */
export function CopyableCode({ text, label }: { text: string; label: string }): ReactNode {
  return (
    <div className="code-block">
      <pre aria-label={label}>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} />
    </div>
  )
}
