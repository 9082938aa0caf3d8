import './wizard.css'
import '../alerts/alerts.css'
import '../hardware/hardware.css'
import '../nodes/nodes.css'
import '../profit/profit.css'
import '../wallets/wallets.css'
import { memo, useEffect, useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react'
import type { OnboardingSettings } from '../../../shared/contract/settings.ts'
import { detailHash, routeFromHash } from '../app/route.ts'
import { useRouteDetail } from '../app/use-view.ts'
import { useDesk } from '../common/store-context.tsx'
import { AlertsStep } from './alerts-step.tsx'
import { CostsStep } from './costs-step.tsx'
import { CurrencyStep, useCurrencyLeave } from './currency-step.tsx'
import { DoneStep } from './done-step.tsx'
import { NodesStep } from './nodes-step.tsx'
import { NetworksStep, useNetworksLeave } from './networks-step.tsx'
import { PowerStep } from './power-step.tsx'
import { StepFrame, unsavedForms, type FormWatch } from './step-frame.tsx'
import { TariffStep } from './tariff-step.tsx'
import { useWizardNav, type LeaveCheck } from './use-wizard-nav.ts'
import { WalletsStep, useWalletsLeave } from './wallets-step.tsx'
import { furthestStep, isStepId, lastStep, resumeStep, stepBeside, stepIndex, wizardSteps, type StepId } from './wizard-steps.ts'

/** What each step is for, under its heading. */
const leads: Record<StepId, string> = {
  currency: 'Every figure (rewards, electricity, hardware cost, net) is shown in this currency. It can be changed later in Settings.',
  networks: 'Choose each network you run a node for. Each says what DePIN Desk needs from you to count it: a public address, never a key.',
  wallets: 'The public address each network pays your rewards to. DePIN Desk only reads it: it never asks for a seed phrase or a private key.',
  tariff: 'What you pay for electricity, in the words of your bill. Without it, the net of each network is unknown.',
  power: 'How DePIN Desk measures what this machine draws. A smart plug at the wall is the most exact; without one the watts are read from the GPUs and CPU, or estimated.',
  nodes: 'The node software found running on this machine. Confirm each one that is yours to watch whether it is up and earning.',
  costs: 'What the hardware of each network cost and when you bought it, so payback can be dated; or that you already owned it.',
  alerts: 'Where to hear of a node that stopped earning, a hot GPU or a loss when this window is closed. Send a test before you add one.',
  done: 'Your first figures. The dashboard keeps them current.',
}

/** The first-run wizard: `#/setup/<step>`; `#/setup` alone opens where the operator stopped. */
export function WizardView(): ReactNode {
  const onboarding = useDesk((s) => s.onboarding)
  const detail = useRouteDetail()
  if (onboarding === null) {
    return (
      <div className="view">
        <p className="view-loading" role="status">
          Reading your settings…
        </p>
      </div>
    )
  }
  return <Wizard onboarding={onboarding} detail={detail} />
}

function Wizard({ onboarding, detail }: { onboarding: OnboardingSettings; detail: string | null }): ReactNode {
  const current = isStepId(detail) ? detail : resumeStep(onboarding)
  const moved = useRef(false)
  const section = useRef<HTMLElement | null>(null)
  const [watches] = useState(() => new Map<StepId, FormWatch>())
  const [shown, setShown] = useState<StepId[]>([current])
  // Each step once shown stays mounted (hidden), so its forms keep what was typed.
  if (!shown.includes(current)) setShown([...shown, current])
  useNextMounted(current, setShown)
  const nav = useWizardNav(current, moved)
  const checks: Partial<Record<StepId, LeaveCheck>> = { currency: useCurrencyLeave(), networks: useNetworksLeave(), wallets: useWalletsLeave() }
  useEffect(() => {
    // Only while the address still names the wizard: a tab clicked meanwhile is where the operator went.
    if (!isStepId(detail) && routeFromHash(location.hash).page === 'setup') location.replace(detailHash('setup', current))
  }, [detail, current])

  const watch = (step: StepId): FormWatch => {
    const known = watches.get(step)
    if (known) return known
    const fresh: FormWatch = { edited: new Set() }
    watches.set(step, fresh)
    return fresh
  }
  const next = (): void => {
    const own = checks[current]
    const forms = unsavedForms(section.current, watch(current))
    void nav.next(async () => {
      if (forms.length > 0) {
        return { ok: false, soft: true, text: `Not saved yet: ${forms.join(', ')}. Save it with its own button, or press Next again to go on without it (what you typed stays here).` }
      }
      return own ? own() : { ok: true }
    })
  }

  return (
    <div className="view wizard">
      <div className="wizard-top">
        <h2 className="wizard-title">Set up DePIN Desk</h2>
        <button type="button" className="button button-quiet button-small" disabled={nav.busy} onClick={() => void nav.finish()}>
          Skip setup
        </button>
      </div>
      <StepList current={current} furthest={furthestStep(onboarding, current)} onMove={() => (moved.current = true)} />
      {nav.progressProblem && (
        <p className="inline-warning" role="status">
          {nav.progressProblem}
        </p>
      )}
      {wizardSteps
        .filter((s) => shown.includes(s.id))
        .map(({ id }) => (
          <StepFrame key={id} step={id} active={id === current} moved={moved} sectionRef={section} watch={watch(id)} lead={leads[id]} onEdit={nav.clearNotice}>
            <StepBody step={id} active={id === current} />
          </StepFrame>
        ))}
      {nav.notice && (
        <p className="inline-error wizard-notice" role="alert" data-testid="wizard-notice">
          {nav.notice.text}
        </p>
      )}
      <div className="wizard-nav">
        {stepIndex(current) > 0 && (
          <button type="button" className="button" disabled={nav.busy} onClick={nav.back}>
            Back
          </button>
        )}
        {current === lastStep ? (
          <button type="button" className="button button-primary" disabled={nav.busy} aria-busy={nav.busy} onClick={() => void nav.finish()}>
            Finish
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={nav.busy} aria-busy={nav.busy} onClick={next}>
            Next
          </button>
        )}
      </div>
    </div>
  )
}

/**
 * Mounts the step after this one, hidden, once the page is idle: Next then only shows it, which keeps
 * `wizard_step_ms` in budget with the heavier steps (the tariff's list of time zones, the power panel).
 */
function useNextMounted(current: StepId, setShown: Dispatch<SetStateAction<StepId[]>>): void {
  const upcoming = stepBeside(current, 1)
  useEffect(() => {
    if (upcoming === null) return
    const idle = requestIdleCallback(() => setShown((shown) => (shown.includes(upcoming) ? shown : [...shown, upcoming])), { timeout: 1000 })
    return () => cancelIdleCallback(idle)
  }, [upcoming, setShown])
}

/** Memoised: a Back or Next re-renders the wizard, not the forms of every step it keeps mounted. */
const StepBody = memo(function StepBody({ step, active }: { step: StepId; active: boolean }): ReactNode {
  switch (step) {
    case 'currency':
      return <CurrencyStep />
    case 'networks':
      return <NetworksStep />
    case 'wallets':
      return <WalletsStep />
    case 'tariff':
      return <TariffStep />
    case 'power':
      return <PowerStep />
    case 'nodes':
      return <NodesStep active={active} />
    case 'costs':
      return <CostsStep />
    case 'alerts':
      return <AlertsStep />
    case 'done':
      return <DoneStep active={active} />
  }
})

/**
 * "Step 3 of 9" as an ordered list: the current step is marked in words and by aria-current, not
 * by colour alone; steps already reached are links back to them.
 */
function StepList({ current, furthest, onMove }: { current: StepId; furthest: StepId; onMove: () => void }): ReactNode {
  const at = stepIndex(current)
  return (
    <nav aria-label="Setup steps">
      <ol className="wizard-steps">
        {wizardSteps.map((s, i) => {
          const state = i === at ? 'current' : i < at ? 'before' : 'after'
          const reachable = i !== at && i <= stepIndex(furthest)
          return (
            <li key={s.id} className={`wizard-step-item wizard-step-${state}`} aria-current={i === at ? 'step' : undefined}>
              <span className="wizard-step-number" aria-hidden="true">
                {i + 1}
              </span>
              {reachable ? (
                <a href={detailHash('setup', s.id)} onClick={onMove}>
                  {s.title}
                </a>
              ) : (
                <span>{s.title}</span>
              )}
              {i === at && <span className="sr-only"> (current step)</span>}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
