import { describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../src/main/core/store/settings-store.ts'
import { defaultSettings, Settings, SettingsPatch } from '../../../src/shared/contract/settings.ts'

describe('the wizard’s progress in settings', () => {
  it('is not set in a new file, and a file written before the wizard existed loads with it unset', () => {
    expect(defaultSettings.onboarding).toEqual({ finishedAt: null, step: null, networks: [] })
    const { onboarding, ...before } = defaultSettings
    expect(onboarding.finishedAt).toBeNull()
    expect(Settings.parse(JSON.parse(JSON.stringify(before))).onboarding).toEqual(defaultSettings.onboarding)
  })

  it('is patched field by field: a patch leaves the fields it does not name as they were', () => {
    const store = SettingsStore.inMemory()
    store.update({ onboarding: { networks: ['grass', 'helium'], step: 'wallets' } })
    store.update({ onboarding: { step: 'tariff' } })
    expect(store.current.onboarding).toEqual({ finishedAt: null, step: 'tariff', networks: ['grass', 'helium'] })
    store.update({ currency: 'eur', onboarding: { finishedAt: 1_700_000_000_000 } })
    expect(store.current).toMatchObject({ currency: 'eur', onboarding: { finishedAt: 1_700_000_000_000, step: 'tariff', networks: ['grass', 'helium'] } })
  })

  it('refuses what is not a step id, a network id or a time', () => {
    for (const onboarding of [{ step: 'Wallets!' }, { networks: ['Grass'] }, { finishedAt: -1 }, { finishedAt: 1.5 }, { extra: true }]) {
      expect(SettingsPatch.safeParse({ onboarding }).success, JSON.stringify(onboarding)).toBe(false)
    }
  })
})
