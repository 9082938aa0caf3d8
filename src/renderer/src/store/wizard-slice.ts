import type { StateCreator } from 'zustand/vanilla'
import type { DeskErrorInfo } from '../../../shared/contract/result.ts'
import type { OnboardingSettings, Settings, SettingsPatch } from '../../../shared/contract/settings.ts'
import type { Currency, NetworkId } from '../../../shared/contract/wallets.ts'
import type { DeskClient } from '../api/client.ts'
import type { DeskState } from './store.ts'

/** The wizard's own inputs as chosen and not saved yet; null: as settings hold them. The other steps' forms keep their own drafts. */
export type WizardDraft = { currency: Currency | null; networks: NetworkId[] | null }

/** What one wizard step saves: its part of settings and where the wizard got to, in one write. */
export type SetupPatch = Pick<SettingsPatch, 'currency' | 'onboarding'>

export type WizardSlice = {
  /** The wizard's progress as settings hold it; null until settings have been read. */
  onboarding: OnboardingSettings | null
  wizardDraft: WizardDraft
  applyOnboardingSettings: (settings: Settings) => void
  editWizardDraft: (patch: Partial<WizardDraft>) => void
  /** Saves through `settings.update`; what was saved leaves the draft, which otherwise stays as typed. */
  saveSetup: (patch: SetupPatch) => Promise<DeskErrorInfo | null>
}

export const initialWizard: Pick<WizardSlice, 'onboarding' | 'wizardDraft'> = {
  onboarding: null,
  wizardDraft: { currency: null, networks: null },
}

export const createWizardSlice =
  (client: DeskClient): StateCreator<DeskState, [], [], WizardSlice> =>
  (set, get) => ({
    ...initialWizard,
    applyOnboardingSettings: (settings) => set({ onboarding: settings.onboarding }),
    editWizardDraft: (patch) => set((state) => ({ wizardDraft: { ...state.wizardDraft, ...patch } })),
    saveSetup: async (patch) => {
      const result = await client.callSafe('settings.update', patch)
      if (!result.ok) return result.error
      const { settings } = result.value
      get().applyOnboardingSettings(settings)
      get().applyPriceSettings(settings)
      // A draft changed while the write was under way is kept: it is newer than what was saved.
      set(({ wizardDraft: { currency, networks } }) => ({
        wizardDraft: {
          currency: currency === patch.currency ? null : currency,
          networks: networks !== null && networks.join() === patch.onboarding?.networks?.join() ? null : networks,
        },
      }))
      return null
    },
  })
