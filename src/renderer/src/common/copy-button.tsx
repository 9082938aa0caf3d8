import { useState, type ReactNode } from 'react'

type CopyState = 'idle' | 'copied' | 'failed'

const buttonText: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Select to copy' }

/** One click from the clipboard, where the page may write to it; `label`, when given, names what is copied. */
export function CopyButton({ text, label }: { text: string; label?: string }): ReactNode {
  const [state, setState] = useState<CopyState>('idle')
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      // No clipboard API outside secure contexts (plain http on the LAN), or permission refused.
      setState('failed')
    }
  }
  return (
    <button type="button" className="button button-quiet button-small" aria-label={label} onClick={() => void copy()}>
      {buttonText[state]}
    </button>
  )
}
