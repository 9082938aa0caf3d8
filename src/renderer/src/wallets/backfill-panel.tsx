import { useId, useState, type ReactNode } from 'react'
import type { BackfillState, BackfillStatus } from '../../../shared/contract/backfill.ts'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { WalletSetting } from '../../../shared/contract/wallets.ts'
import {
  backfillControl,
  backfillDepth,
  backfillHeading,
  backfillStateIcons,
  backfillStateMeaning,
  backfillStateWords,
  controlHint,
  initialDepth,
  parseDepth,
  problemWords,
  progressWords,
} from './backfill-words.ts'
import { errorFor, FieldError } from '../common/field-error.tsx'
import { useDesk } from '../common/store-context.tsx'

/**
 * A wallet's past, read from the chain up to its first read: how far core has read, what it
 * found, what it cannot reach, and Start / Pause / Resume / Read again with the depth in days.
 * Core reads, counts and words it; this only shows it and sends the command.
 */
export function BackfillPanel({ wallet }: { wallet: WalletSetting }): ReactNode {
  const status = useDesk((s) => s.backfillByWallet?.[wallet.id])
  const error = useDesk((s) => s.backfillError)
  if (status === undefined) {
    return (
      <section className="backfill" aria-label={`History of ${wallet.label}`} data-testid="backfill" data-state="unknown">
        <p className="detail">{error === null ? 'Reading the state of its history…' : `Could not read the state of its history: ${error}`}</p>
      </section>
    )
  }
  return <BackfillStatusView wallet={wallet} status={status} />
}

function BackfillStatusView({ wallet, status }: { wallet: WalletSetting; status: BackfillStatus }): ReactNode {
  const headingId = useId()
  const labelId = useId()
  const progress = progressWords(status)
  const problem = problemWords(status)
  return (
    // Named by its heading and its wallet: every wallet card has one, and each region's name must be its own.
    <section className={`backfill backfill-${status.state}`} aria-labelledby={`${headingId} ${labelId}`} data-testid="backfill" data-state={status.state}>
      <span id={labelId} hidden>
        of {wallet.label}
      </span>
      <div className="backfill-head">
        <h5 id={headingId}>{backfillHeading(status)}</h5>
        <BackfillStateBadge state={status.state} />
      </div>
      {status.state === 'unsupported' ? (
        <p className="detail" data-testid="backfill-reach">
          {status.reach}
        </p>
      ) : (
        <>
          <ProgressBar done={status.daysDone} total={status.daysTotal} text={progress} label={`History read of ${wallet.label}`} />
          <p className="detail backfill-progress" data-testid="backfill-progress">
            {progress}
          </p>
          <p className="detail" data-testid="backfill-remaining">
            {status.remaining}
          </p>
          {problem !== null && (
            <p className="backfill-problem" data-testid="backfill-problem">
              <span aria-hidden="true">!</span> {problem}
            </p>
          )}
          <details className="backfill-reach">
            <summary>What it reads</summary>
            <p className="detail" data-testid="backfill-reach">
              {status.reach}
            </p>
          </details>
          <BackfillForm wallet={wallet} status={status} />
        </>
      )}
    </section>
  )
}

/** The state as a word with a shape beside it (never colour alone). */
function BackfillStateBadge({ state }: { state: BackfillState }): ReactNode {
  return (
    <span className={`backfill-state backfill-state-${state}`} data-testid="backfill-state" title={backfillStateMeaning[state]}>
      <span className="backfill-state-icon" aria-hidden="true">
        {backfillStateIcons[state]}
      </span>
      {backfillStateWords[state]}
    </span>
  )
}

/** Days read of the window, as a bar that says its figures in words too. */
function ProgressBar({ done, total, text, label }: { done: number; total: number; text: string; label: string }): ReactNode {
  const max = Math.max(1, total)
  const now = Math.min(max, Math.max(0, done))
  return (
    <div className="meter backfill-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={now} aria-valuetext={text}>
      <div className="meter-fill" style={{ width: `${(now / max) * 100}%` }} />
    </div>
  )
}

/**
 * The depth in days and the one command that fits the state. The button stays the same element
 * as its command changes (Start becomes Pause), so keyboard focus stays on it; while an answer
 * is awaited it is marked unavailable rather than disabled, and the depth is read-only while a
 * read runs, since disabling either would drop the focus of whoever pressed Enter there.
 */
function BackfillForm({ wallet, status }: { wallet: WalletSetting; status: BackfillStatus }): ReactNode {
  const start = useDesk((s) => s.startBackfill)
  const pause = useDesk((s) => s.pauseBackfill)
  const pausing = useDesk((s) => s.backfillPausing[wallet.id] === true)
  const [typed, setTyped] = useState<string | null>(null)
  const [error, setError] = useState<DeskErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const depthId = useId()
  const hintId = useId()
  const text = typed ?? String(initialDepth(status))
  const depth = parseDepth(text)
  const control = backfillControl(status, depth.ok ? depth.days : null)
  if (control === null) return null
  const hint = controlHint(control, pausing)
  const running = control.action === 'pause'
  const submit = async (): Promise<void> => {
    if (busy || pausing) return
    if (!running && !depth.ok) {
      setError({ code: 'invalid-input', message: depth.message, field: 'depthDays', retryable: false })
      return
    }
    setBusy(true)
    const failure = running ? await pause(wallet.id) : await start(wallet.id, depth.ok ? depth.days : undefined)
    setBusy(false)
    setError(failure)
    if (failure === null && !running) setTyped(null)
  }
  const depthError = errorFor(error, 'depthDays')
  return (
    <form
      className="backfill-form"
      aria-label={`Read the history of ${wallet.label}`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <span className="inline-field">
        <label htmlFor={depthId}>Days back</label>
        <input
          id={depthId}
          type="number"
          inputMode="numeric"
          min={backfillDepth.minDays}
          max={backfillDepth.maxDays}
          step={1}
          value={text}
          readOnly={running}
          aria-invalid={depthError !== null}
          aria-describedby={hint === null ? undefined : hintId}
          onChange={(e) => {
            setTyped(e.target.value)
            setError(null)
          }}
        />
      </span>
      <button
        type="submit"
        className="button button-small"
        aria-label={`${control.label} (history of ${wallet.label})`}
        aria-disabled={busy || pausing}
        aria-describedby={hint === null ? undefined : hintId}
        data-testid="backfill-action"
      >
        {control.label}
      </button>
      <FieldError text={depthError} />
      {error !== null && depthError === null && (
        <span className="inline-error" role="alert">
          {error.message}
        </span>
      )}
      {/* Always there, so a hint that appears (pausing…) is announced. */}
      <span className="detail backfill-hint" id={hintId} role="status">
        {hint}
      </span>
    </form>
  )
}
