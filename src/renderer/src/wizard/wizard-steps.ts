import type { NetworkCosts, TariffPeriod } from '../../../shared/contract/profit.ts'
import type { OnboardingSettings } from '../../../shared/contract/settings.ts'
import type { NetworkId, WalletSetting } from '../../../shared/contract/wallets.ts'
import { detailHash } from '../app/route.ts'

/** The wizard's steps, in the order the issue gives them; the ids are saved in settings (`onboarding.step`) and named in the URL. */
export const wizardSteps = [
  { id: 'currency', title: 'Currency' },
  { id: 'networks', title: 'Networks' },
  { id: 'wallets', title: 'Wallets' },
  { id: 'tariff', title: 'Electricity' },
  { id: 'power', title: 'Power' },
  { id: 'nodes', title: 'Nodes' },
  { id: 'costs', title: 'Hardware cost' },
  { id: 'alerts', title: 'Alerts' },
  { id: 'done', title: 'Done' },
] as const

export type StepId = (typeof wizardSteps)[number]['id']

export const firstStep: StepId = 'currency'
export const lastStep: StepId = 'done'

export const isStepId = (value: string | null): value is StepId => wizardSteps.some((s) => s.id === value)

export const stepIndex = (id: StepId): number => wizardSteps.findIndex((s) => s.id === id)

/** The step after (or before) this one; null past either end. */
export function stepBeside(id: StepId, offset: 1 | -1): StepId | null {
  return wizardSteps[stepIndex(id) + offset]?.id ?? null
}

/** "Step 3 of 9" */
export const stepCount = (id: StepId): string => `Step ${stepIndex(id) + 1} of ${wizardSteps.length}`

/**
 * Where the wizard opens when the address names no step: where the operator stopped (a step a
 * newer release renamed counts as none), or the start once the wizard was finished.
 */
export function resumeStep(onboarding: OnboardingSettings): StepId {
  if (onboarding.finishedAt !== null) return firstStep
  return isStepId(onboarding.step) ? onboarding.step : firstStep
}

/**
 * The furthest step the operator may jump to from the step list: any step once the wizard was
 * finished, else up to the furthest reached. Later ones are reached with Next, which saves.
 */
export function furthestStep(onboarding: OnboardingSettings, current: StepId): StepId {
  if (onboarding.finishedAt !== null) return lastStep
  const saved = isStepId(onboarding.step) ? stepIndex(onboarding.step) : 0
  return wizardSteps[Math.max(saved, stepIndex(current))]?.id ?? firstStep
}

/**
 * The wizard opens by itself until it is finished or skipped: for someone new (no wallet saved),
 * and for someone who quit it half way (a step reached). Someone who watched wallets before the
 * wizard existed has reached no step, and is not sent through it.
 */
export function opensByItself(onboarding: OnboardingSettings, wallets: readonly WalletSetting[]): boolean {
  return onboarding.finishedAt === null && (wallets.length === 0 || onboarding.step !== null)
}

/** What the done step knows about the setup; null where it was not read yet. */
export type SetupFacts = {
  /** The networks chosen, with their names. */
  networks: readonly { id: NetworkId; name: string }[]
  wallets: readonly WalletSetting[]
  tariff: readonly TariffPeriod[] | null
  costs: Readonly<Record<string, NetworkCosts>> | null
  /** The machine's watts at idle; what hardware already owned is charged above. */
  idleBaselineWatts: number | null
  plugs: number
  /** Where the machine's watts come from now. */
  powerKind: 'measured' | 'estimated' | 'none' | null
  channels: number | null
}

/** An input the setup lacks: what goes without it, and a link to where it is given. */
export type MissingInput = { id: string; text: string; fix: string; href: string }

const settingsLink = (section: string): string => detailHash('settings', section)

/** Each input the figures lack, in the order the wizard asks for them; empty when nothing is missing. */
export function missingInputs(facts: SetupFacts): MissingInput[] {
  const missing: MissingInput[] = []
  if (facts.networks.length === 0) {
    missing.push({ id: 'networks', text: 'No network chosen: there is nothing to count rewards for.', fix: 'Choose your networks', href: detailHash('setup', 'networks') })
  }
  for (const network of facts.networks) {
    if (!facts.wallets.some((w) => w.network === network.id)) {
      missing.push({ id: `wallet-${network.id}`, text: `No wallet for ${network.name}: its rewards are not counted.`, fix: `Add a ${network.name} wallet`, href: settingsLink('wallets') })
    }
  }
  if (facts.tariff?.length === 0) {
    missing.push({ id: 'tariff', text: 'No electricity tariff: the cost of power is unknown, and so is the net.', fix: 'Set the tariff', href: settingsLink('tariff') })
  }
  if (facts.plugs === 0 && facts.powerKind !== null && facts.powerKind !== 'measured') {
    missing.push({ id: 'plug', text: 'No smart plug: the watts are estimated, not measured.', fix: 'Add a smart plug', href: settingsLink('plugs') })
  }
  if (facts.costs !== null) {
    for (const network of facts.networks) {
      const costs = facts.costs[network.id]
      if (!costs || (costs.hardwareCost === null && !costs.alreadyOwned)) {
        missing.push({ id: `costs-${network.id}`, text: `No hardware cost for ${network.name}: payback is unknown.`, fix: `Give the cost of ${network.name}`, href: settingsLink('costs') })
      }
    }
  }
  const owned = facts.networks.filter((n) => facts.costs?.[n.id]?.alreadyOwned === true)
  if (owned.length > 0 && facts.idleBaselineWatts === null) {
    const names = owned.map((n) => n.name).join(', ')
    missing.push({ id: 'idle-baseline', text: `No idle baseline: the electricity of hardware you already owned (${names}) is unknown.`, fix: 'Set the idle baseline', href: settingsLink('attribution') })
  }
  if (facts.channels === 0) {
    missing.push({ id: 'channels', text: 'No alert channel: alerts show only while this app is open.', fix: 'Add an alert channel', href: settingsLink('channels') })
  }
  return missing
}
