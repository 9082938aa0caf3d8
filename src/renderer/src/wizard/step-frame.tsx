import { useEffect, useRef, type ReactNode, type RefObject } from 'react'
import { stepCount, wizardSteps, type StepId } from './wizard-steps.ts'

/**
 * The forms of a step typed in since they were last submitted, and those showing core's refusal:
 * the reused forms keep their drafts to themselves, so Next asks the page, by each form's name.
 */
export type FormWatch = { edited: Set<string> }

export function unsavedForms(section: HTMLElement | null, watch: FormWatch): string[] {
  if (!section) return []
  const names = new Set(watch.edited)
  for (const form of section.querySelectorAll('form')) {
    const name = form.getAttribute('aria-label')
    if (name !== null && form.querySelector('[aria-invalid="true"]')) names.add(name)
  }
  return [...names]
}

const formName = (target: EventTarget): string | null => (target instanceof Element ? (target.closest('form')?.getAttribute('aria-label') ?? null) : null)

type FrameProps = {
  step: StepId
  active: boolean
  /** True once the operator moved between steps here: the new step's heading then takes the focus. */
  moved: RefObject<boolean>
  sectionRef: RefObject<HTMLElement | null>
  watch: FormWatch
  lead: string
  /** Something in the step was changed: a warning about it is out of date. */
  onEdit: () => void
  children: ReactNode
}

/**
 * One step: "Step 3 of 9" and its title as the heading that takes the focus, what the step is for,
 * and its body. Steps once shown stay mounted but hidden, so what was typed in them survives Back and Next.
 */
export function StepFrame({ step, active, moved, sectionRef, watch, lead, onEdit, children }: FrameProps): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null)
  const title = wizardSteps.find((s) => s.id === step)?.title ?? step
  useEffect(() => {
    if (active && moved.current) heading.current?.focus()
  }, [active, moved])
  return (
    <section
      ref={active ? sectionRef : undefined}
      className="wizard-step"
      hidden={!active}
      aria-labelledby={`wizard-${step}-heading`}
      data-testid={active ? 'wizard-step' : undefined}
      data-step={step}
      onChange={(event) => {
        const name = formName(event.target)
        if (name !== null) watch.edited.add(name)
        onEdit()
      }}
      onSubmit={(event) => {
        const name = formName(event.target)
        if (name !== null) watch.edited.delete(name)
      }}
    >
      <h2 id={`wizard-${step}-heading`} className="wizard-heading" tabIndex={-1} ref={heading}>
        <span className="wizard-count">
          {stepCount(step)}
          <span className="sr-only">:</span>
        </span>{' '}
        {title}
      </h2>
      <p className="wizard-lead">{lead}</p>
      {children}
    </section>
  )
}
