import { useState, type ReactNode } from 'react'

/**
 * "Remove", asked once more: `question` and Remove / Keep. `remove` answers core's failure or
 * null; `onOutcome` gets its message (or null) to show where the caller shows errors.
 */
export function ConfirmRemove({
  label,
  question,
  className,
  remove,
  onOutcome,
}: {
  label: string
  question: string
  className: string
  remove: () => Promise<{ message: string } | null | undefined>
  onOutcome: (error: string | null) => void
}): ReactNode {
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <button type="button" className="button button-small button-quiet" aria-label={`Remove ${label}`} onClick={() => setConfirming(true)}>
        Remove
      </button>
    )
  }
  return (
    <span className={className}>
      <span className="detail">{question}</span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void remove().then((failure) => {
            setConfirming(false)
            onOutcome(failure?.message ?? null)
          })
        }}
      >
        Remove
      </button>
      <button type="button" className="button button-small button-quiet" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  )
}
