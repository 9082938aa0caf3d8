import { describe, expect, it } from 'vitest'
import type { PlugSetting } from '../../../src/shared/contract/plugs.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { sourceName } from '../../../src/renderer/src/hardware/power-words.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient } from './fake-client.ts'

const rigPlug: PlugSetting = {
  id: 'plug-1a2b3c4d',
  kind: 'shelly-gen2',
  address: '192.168.1.20:80',
  channel: 0,
  label: 'Rig plug',
  scope: 'wall',
  pollMs: 5000,
  hasSecret: false,
}
const withPlugs = (plugs: PlugSetting[]) => ({ settings: { ...defaultSettings, power: { plugs } }, problem: null })

describe('plugs slice', () => {
  it('loads the kinds and the saved plugs on connect, and follows settings events', async () => {
    const fake = fakeClient({
      'settings.get': { ok: true, value: withPlugs([rigPlug]) },
      'power.plugKinds': { ok: true, value: [{ kind: 'tasmota', label: 'Tasmota', defaultPort: 80, target: 'channel', secret: 'optional' }] },
    })
    const store = createDeskStore(fake.client)
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().plugs).toEqual([rigPlug])
    expect(store.getState().plugKinds.map((k) => k.kind)).toEqual(['tasmota'])
    fake.emit('settings.changed', withPlugs([]))
    expect(store.getState().plugs).toEqual([])
  })

  it('adds and removes through the client, answering core error or null', async () => {
    const fake = fakeClient({
      'power.addPlug': { ok: true, value: withPlugs([rigPlug]) },
      'power.removePlug': { ok: false, error: { code: 'not-found', message: 'No plug with id "x".', retryable: false } },
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().addPlug({ kind: 'shelly-gen2', address: '192.168.1.20', label: 'Rig plug' })).toBeNull()
    expect(store.getState().plugs).toEqual([rigPlug])
    expect(await store.getState().removePlug('x')).toMatchObject({ code: 'not-found' })
    expect(store.getState().plugs).toEqual([rigPlug])
    expect(fake.calls.map((c) => c.method)).toEqual(['power.addPlug', 'power.removePlug'])
  })

  it('names a saved plug source by its kind and address', () => {
    expect(sourceName('plug-1a2b3c4d', rigPlug)).toEqual({ name: 'Shelly plug', detail: '192.168.1.20:80' })
    expect(sourceName('plug-1a2b3c4d')).toEqual({ name: 'plug-1a2b3c4d', detail: null })
  })
})
