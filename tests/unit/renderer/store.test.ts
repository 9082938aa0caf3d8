import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { historyLength } from '../../../src/renderer/src/store/hardware-slice.ts'
import { createDeskStore, initialDeskState } from '../../../src/renderer/src/store/store.ts'
import { fakeClient, sample } from './fake-client.ts'

const monitoring = { paused: false, sampleIntervalMs: 1000 }

describe('desk store', () => {
  it('starts from its initial state', () => {
    const store = createDeskStore(fakeClient({}).client)
    expect(store.getState()).toMatchObject(initialDeskState)
  })

  it('fetches everything when connected, and again after a reconnection', async () => {
    const fake = fakeClient({
      'app.info': { ok: true, value: { name: 'DePIN Desk', version: '0.1.0', shell: 'agent', platform: 'linux', startedAt: 1 } },
      'monitoring.get': { ok: true, value: monitoring },
      'hardware.latest': { ok: true, value: sample(1000, 5) },
      'settings.get': { ok: true, value: { settings: defaultSettings, problem: 'restored from backup' } },
    })
    const store = createDeskStore(fake.client)
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => store.getState().info?.version).toBe('0.1.0')
    expect(store.getState()).toMatchObject({ monitoring, settingsProblem: 'restored from backup', connection: { status: 'connected' } })
    expect(store.getState().latest?.cpu.loadPercent).toBe(5)

    fake.connect({ status: 'reconnecting', retryAt: 5000 })
    expect(store.getState().connection.status).toBe('reconnecting')
    fake.connect({ status: 'connected', retryAt: null })
    await expect.poll(() => fake.calls.filter((c) => c.method === 'app.info')).toHaveLength(2)
  })

  it('applies samples as they come, once each, keeping the last minute', () => {
    const fake = fakeClient({})
    const store = createDeskStore(fake.client)
    for (let i = 1; i <= historyLength + 5; i++) fake.emit('hardware.sampled', sample(i * 1000, i))
    fake.emit('hardware.sampled', sample((historyLength + 5) * 1000, 99))
    const { recent, latest } = store.getState()
    expect(recent).toHaveLength(historyLength)
    expect(recent[0]?.cpuPercent).toBe(6)
    expect(latest?.cpu.loadPercent).toBe(historyLength + 5)
  })

  it('pauses through the client and shows the answer, or the error', async () => {
    const fake = fakeClient({ 'monitoring.setPaused': { ok: true, value: { paused: true, sampleIntervalMs: 1000 } } })
    const store = createDeskStore(fake.client)
    await store.getState().setPaused(true)
    expect(fake.calls).toContainEqual({ method: 'monitoring.setPaused', input: { paused: true } })
    expect(store.getState()).toMatchObject({ monitoring: { paused: true }, monitoringBusy: false, monitoringError: null })

    const failing = fakeClient({})
    const other = createDeskStore(failing.client)
    await other.getState().setPaused(true)
    expect(other.getState()).toMatchObject({ monitoringBusy: false, monitoringError: 'monitoring.setPaused' })
  })

  it('follows monitoring and settings events, and lets go on dispose', () => {
    const fake = fakeClient({})
    const store = createDeskStore(fake.client)
    fake.emit('monitoring.changed', { paused: true, sampleIntervalMs: 2000 })
    fake.emit('settings.changed', { settings: defaultSettings, problem: null })
    expect(store.getState()).toMatchObject({ monitoring: { paused: true, sampleIntervalMs: 2000 }, settingsProblem: null })
    store.dispose()
    expect(fake.listenerCount()).toBe(0)
  })
})
