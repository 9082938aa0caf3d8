import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient } from './fake-client.ts'

const withDesktop = (desktop: typeof defaultSettings.desktop) => ({ settings: { ...defaultSettings, desktop }, problem: null })

describe('desktop slice', () => {
  it('shows the saved start-at-login and update choices, sends a change as a settings patch, and follows settings events', async () => {
    const fake = fakeClient({
      'settings.get': { ok: true, value: withDesktop({ startAtLogin: true, updates: 'check-and-ask' }) },
      'settings.update': (input) => ({ ok: true, value: withDesktop({ startAtLogin: false, updates: 'check-and-ask', ...((input as { desktop: object }).desktop) }) }),
    })
    const store = createDeskStore(fake.client)
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().desktopSettings).toEqual({ startAtLogin: true, updates: 'check-and-ask' })
    expect(await store.getState().setDesktopSettings({ startAtLogin: false })).toBeNull()
    expect(fake.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ desktop: { startAtLogin: false } })
    expect(store.getState().desktopSettings).toEqual({ startAtLogin: false, updates: 'check-and-ask' })
    fake.emit('settings.changed', withDesktop({ startAtLogin: false, updates: 'off' }))
    expect(store.getState().desktopSettings?.updates).toBe('off')
  })

  it('hands core’s refusal back to the form', async () => {
    const fake = fakeClient({ 'settings.update': { ok: false, error: { code: 'invalid-input', message: 'desktop.updates: not a policy', field: 'desktop.updates', retryable: false } } })
    const store = createDeskStore(fake.client)
    expect(await store.getState().setDesktopSettings({ startAtLogin: true })).toMatchObject({ field: 'desktop.updates' })
  })
})
