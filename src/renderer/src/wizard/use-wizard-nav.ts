import { useRef, useState, type RefObject } from 'react'
import { detailHash, viewHashes } from '../app/route.ts'
import { useDesk } from '../common/store-context.tsx'
import type { SetupPatch } from '../store/wizard-slice.ts'
import { stepBeside, type StepId } from './wizard-steps.ts'

/**
 * What a step answers when Next is pressed: go on, saving `patch` with the progress; or stay, with
 * the reason. A `soft` reason is a warning: Next pressed again goes on anyway (the input stays typed).
 */
export type Leave = { ok: true; patch?: SetupPatch } | { ok: false; text: string; soft: boolean }

/** One step's answer to Next; the steps without inputs of their own answer "go on". */
export type LeaveCheck = () => Promise<Leave>

export type WizardNav = {
  busy: boolean
  /** Why Next (or Finish, Skip) did not go on, for the step it was pressed on. */
  notice: { step: StepId; text: string } | null
  /** Set when where the operator got to could not be saved; the step itself moved on. */
  progressProblem: string | null
  next: (check: LeaveCheck) => Promise<void>
  back: () => void
  /** Drops the notice once the step was changed. */
  clearNotice: () => void
  /** Finished or skipped: say so in settings, then the dashboard. */
  finish: () => Promise<void>
}

/** Back, Next and Finish, saving each step's part through `settings.update` and where the wizard got to. */
export function useWizardNav(current: StepId, moved: RefObject<boolean>): WizardNav {
  const saveSetup = useDesk((s) => s.saveSetup)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<WizardNav['notice']>(null)
  const [progressProblem, setProgressProblem] = useState<string | null>(null)
  const warned = useRef<string | null>(null)

  const go = (step: StepId): void => {
    moved.current = true
    setNotice(null)
    warned.current = null
    location.hash = detailHash('setup', step)
  }
  const next = async (check: LeaveCheck): Promise<void> => {
    const to = stepBeside(current, 1)
    if (to === null || busy) return
    setBusy(true)
    const leave = await check()
    const stay = leave.ok ? null : leave.text
    if (!leave.ok && !(leave.soft && warned.current === stay)) {
      warned.current = stay
      setNotice({ step: current, text: leave.text })
      setBusy(false)
      return
    }
    const patch = leave.ok ? leave.patch : undefined
    const progress: SetupPatch = { ...patch, onboarding: { ...patch?.onboarding, step: to } }
    if (patch) {
      // The step's own input: saved before moving on, so a refusal shows here with the input still typed.
      const failure = await saveSetup(progress)
      setBusy(false)
      if (failure) {
          setNotice({ step: current, text: `Not saved: ${failure.message}` })
        return
      }
    } else {
      // Only where the operator got to: the next step need not wait for the disk.
      setBusy(false)
      void saveSetup(progress).then((failure) => setProgressProblem(failure && `Where you got to was not saved (${failure.message}); what each step saved is kept.`))
    }
    go(to)
  }
  const back = (): void => {
    const to = stepBeside(current, -1)
    if (to !== null) go(to)
  }
  const finish = async (): Promise<void> => {
    setBusy(true)
    const failure = await saveSetup({ onboarding: { finishedAt: Date.now() } })
    setBusy(false)
    if (failure) {
      setNotice({ step: current, text: `Could not close the setup: ${failure.message}` })
      return
    }
    location.hash = viewHashes.dashboard
  }
  const clearNotice = (): void => {
    // A changed step is judged afresh: its warning, if still true, is given again before going on.
    warned.current = null
    if (notice !== null) setNotice(null)
  }
  return { busy, notice: notice?.step === current ? notice : null, progressProblem, next, back, finish, clearNotice }
}
