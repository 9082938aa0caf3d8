import { describe, expect, it } from 'vitest'
import { defaultSettings, type Settings, type SettingsPatch } from '../../../src/shared/contract/settings.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient } from './fake-client.ts'

/** A core stand-in that applies settings.update the way the settings store does. */
function settingsCore(start: Settings = defaultSettings) {
  let settings = start
  return fakeClient({
    'settings.get': () => ({ ok: true, value: { settings, problem: null } }),
    'settings.update': (input) => {
      const { onboarding, currency } = input as SettingsPatch
      settings = { ...settings, ...(currency ? { currency } : {}), onboarding: { ...settings.onboarding, ...onboarding } }
      return { ok: true, value: { settings, problem: null } }
    },
  })
}

describe('wizard slice', () => {
  it('takes the progress from settings, and follows settings events', async () => {
    const fake = settingsCore({ ...defaultSettings, onboarding: { finishedAt: null, step: 'tariff', networks: ['grass'] } })
    const store = createDeskStore(fake.client)
    expect(store.getState().onboarding).toBeNull()
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().onboarding?.step).toBe('tariff')
    fake.emit('settings.changed', { settings: { ...defaultSettings, onboarding: { finishedAt: 9, step: 'done', networks: [] } }, problem: null })
    expect(store.getState().onboarding).toEqual({ finishedAt: 9, step: 'done', networks: [] })
  })

  it('keeps the wizard’s own inputs as a draft until they are saved, in one settings.update with the step reached', async () => {
    const fake = settingsCore()
    const store = createDeskStore(fake.client)
    store.getState().editWizardDraft({ currency: 'eur' })
    store.getState().editWizardDraft({ networks: ['grass', 'helium'] })
    expect(store.getState().wizardDraft).toEqual({ currency: 'eur', networks: ['grass', 'helium'] })

    expect(await store.getState().saveSetup({ currency: 'eur', onboarding: { step: 'networks' } })).toBeNull()
    expect(fake.calls.at(-1)).toEqual({ method: 'settings.update', input: { currency: 'eur', onboarding: { step: 'networks' } } })
    expect(store.getState().currency).toBe('eur')
    // The currency was saved and leaves the draft; the networks were not and stay as chosen.
    expect(store.getState().wizardDraft).toEqual({ currency: null, networks: ['grass', 'helium'] })

    expect(await store.getState().saveSetup({ onboarding: { networks: ['grass', 'helium'], step: 'wallets' } })).toBeNull()
    expect(store.getState().wizardDraft.networks).toBeNull()
    expect(store.getState().onboarding).toEqual({ finishedAt: null, step: 'wallets', networks: ['grass', 'helium'] })
  })

  it('keeps a draft that changed while the save was under way', async () => {
    const fake = settingsCore()
    const store = createDeskStore(fake.client)
    store.getState().editWizardDraft({ networks: ['grass'] })
    const saving = store.getState().saveSetup({ onboarding: { networks: ['grass'] } })
    store.getState().editWizardDraft({ networks: ['grass', 'akash'] })
    await saving
    expect(store.getState().wizardDraft.networks).toEqual(['grass', 'akash'])
  })

  it('hands core’s refusal back, and loses nothing typed', async () => {
    const fake = fakeClient({
      'settings.update': { ok: false, error: { code: 'invalid-input', message: 'onboarding.networks.0: a network id like "grass"', field: 'onboarding.networks.0', retryable: false } },
    })
    const store = createDeskStore(fake.client)
    store.getState().editWizardDraft({ networks: ['Nope'] })
    expect(await store.getState().saveSetup({ onboarding: { networks: ['Nope'] } })).toMatchObject({ field: 'onboarding.networks.0' })
    expect(store.getState().wizardDraft.networks).toEqual(['Nope'])
    expect(store.getState().onboarding).toBeNull()
  })
})
