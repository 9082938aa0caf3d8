import { describe, expect, it } from 'vitest'
import type { NetworkCosts } from '../../../src/shared/contract/profit.ts'
import { defaultSettings, type OnboardingSettings } from '../../../src/shared/contract/settings.ts'
import type { WalletSetting } from '../../../src/shared/contract/wallets.ts'
import {
  furthestStep,
  isStepId,
  missingInputs,
  opensByItself,
  resumeStep,
  stepBeside,
  stepCount,
  wizardSteps,
  type SetupFacts,
} from '../../../src/renderer/src/wizard/wizard-steps.ts'

const fresh: OnboardingSettings = defaultSettings.onboarding
const wallet = (network: string): WalletSetting => ({ id: 'wallet-abcdefgh', network, address: 'x', label: `${network} rig`, addedAt: 1 })
const owned: NetworkCosts = { hardwareCost: null, purchasedAt: null, lifetimeMonths: 36, monthlyCosts: [], alreadyOwned: true }
const bought: NetworkCosts = { ...owned, hardwareCost: '1800', purchasedAt: 1, alreadyOwned: false }
const flat = [{ label: 'Flat rate', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }]

const complete: SetupFacts = {
  networks: [
    { id: 'grass', name: 'Grass' },
    { id: 'helium', name: 'Helium' },
  ],
  wallets: [wallet('grass'), wallet('helium')],
  tariff: flat,
  costs: { grass: owned, helium: bought },
  idleBaselineWatts: 80,
  plugs: 1,
  powerKind: 'measured',
  channels: 1,
}

describe('the wizard’s steps', () => {
  it('are the nine of the issue, in its order', () => {
    expect(wizardSteps.map((s) => s.id)).toEqual(['currency', 'networks', 'wallets', 'tariff', 'power', 'nodes', 'costs', 'alerts', 'done'])
    expect(stepCount('wallets')).toBe('Step 3 of 9')
    expect(stepBeside('currency', -1)).toBeNull()
    expect(stepBeside('currency', 1)).toBe('networks')
    expect(stepBeside('done', 1)).toBeNull()
  })

  it('resume where the operator stopped; a step a later release renamed, or a finished wizard, starts over', () => {
    expect(resumeStep(fresh)).toBe('currency')
    expect(resumeStep({ ...fresh, step: 'tariff' })).toBe('tariff')
    expect(resumeStep({ ...fresh, step: 'gone-step' })).toBe('currency')
    expect(resumeStep({ ...fresh, step: 'tariff', finishedAt: 5 })).toBe('currency')
    expect(isStepId('done')).toBe(true)
    expect(isStepId(null)).toBe(false)
  })

  it('let the step list jump back to any step reached, and to all of them once finished', () => {
    expect(furthestStep(fresh, 'currency')).toBe('currency')
    expect(furthestStep({ ...fresh, step: 'power' }, 'wallets')).toBe('power')
    expect(furthestStep({ ...fresh, step: 'wallets' }, 'power')).toBe('power')
    expect(furthestStep({ ...fresh, finishedAt: 1 }, 'currency')).toBe('done')
  })

  it('open by themselves until finished or skipped, for someone new or someone who quit half way, never for someone who had wallets before', () => {
    expect(opensByItself(fresh, [])).toBe(true)
    expect(opensByItself({ ...fresh, step: 'tariff' }, [wallet('grass')])).toBe(true)
    expect(opensByItself(fresh, [wallet('grass')])).toBe(false)
    expect(opensByItself({ ...fresh, finishedAt: 1 }, [])).toBe(false)
    expect(opensByItself({ ...fresh, finishedAt: 1, step: 'power' }, [wallet('grass')])).toBe(false)
  })
})

describe('what the done step names as missing', () => {
  it('is nothing when every input is there', () => {
    expect(missingInputs(complete)).toEqual([])
  })

  it('names each missing input with a link to the Settings section that fixes it', () => {
    const missing = missingInputs({ ...complete, wallets: [wallet('grass')], tariff: [], costs: { grass: owned }, plugs: 0, powerKind: 'estimated', channels: 0 })
    expect(missing.map((m) => [m.id, m.href])).toEqual([
      ['wallet-helium', '#/settings/wallets'],
      ['tariff', '#/settings/tariff'],
      ['plug', '#/settings/plugs'],
      ['costs-helium', '#/settings/costs'],
      ['channels', '#/settings/channels'],
    ])
    expect(missing[0]?.text).toBe('No wallet for Helium: its rewards are not counted.')
    expect(missing.find((m) => m.id === 'plug')?.text).toMatch(/estimated/)
  })

  it('counts a cost with neither a price nor "already owned" as missing', () => {
    const costs = { grass: owned, helium: { ...bought, hardwareCost: null } }
    expect(missingInputs({ ...complete, costs }).map((m) => m.id)).toEqual(['costs-helium'])
  })

  it('asks for no plug when the watts are measured without one (RAPL, GPUs), and says nothing of what it has not read yet', () => {
    expect(missingInputs({ ...complete, plugs: 0, powerKind: 'measured' })).toEqual([])
    expect(missingInputs({ ...complete, plugs: 0, powerKind: null, tariff: null, costs: null, channels: null })).toEqual([])
  })

  it('asks for the idle baseline when hardware already owned is charged above it', () => {
    expect(missingInputs({ ...complete, idleBaselineWatts: null })).toEqual([
      { id: 'idle-baseline', text: 'No idle baseline: the electricity of hardware you already owned (Grass) is unknown.', fix: 'Set the idle baseline', href: '#/settings/attribution' },
    ])
    expect(missingInputs({ ...complete, idleBaselineWatts: null, costs: { grass: bought, helium: bought } })).toEqual([])
  })

  it('sends someone who chose no network back to that step', () => {
    expect(missingInputs({ ...complete, networks: [] })).toEqual([expect.objectContaining({ id: 'networks', href: '#/setup/networks' })])
  })
})
