import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'

function coreAt(settingsPath: string) {
  return createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir: dirname(settingsPath) })
}

describe('settings through the contract', () => {
  it('validates, saves, applies and announces a change', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'desk-core-settings-')), 'settings.json')
    const core = coreAt(path)
    const events: string[] = []
    core.events.subscribe((event) => events.push(event))

    const bad = await core.dispatch('settings.update', { monitoring: { sampleIntervalMs: 10 } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'monitoring.sampleIntervalMs' } })

    const good = await core.dispatch('settings.update', { monitoring: { sampleIntervalMs: 5000, paused: true } })
    expect(good).toEqual({
      ok: true,
      value: { settings: { ...defaultSettings, monitoring: { paused: true, sampleIntervalMs: 5000 } }, problem: null },
    })
    expect(await core.dispatch('monitoring.get', {})).toEqual({ ok: true, value: { paused: true, sampleIntervalMs: 5000 } })
    expect(events).toEqual(['monitoring.changed', 'monitoring.changed', 'settings.changed'])
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ monitoring: { paused: true, sampleIntervalMs: 5000 } })

    const restarted = coreAt(path)
    expect(await restarted.dispatch('monitoring.get', {})).toEqual({ ok: true, value: { paused: true, sampleIntervalMs: 5000 } })
  })

  it('changes the currency and the refresh interval, and keeps them across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'desk-core-settings-')), 'settings.json')
    const core = coreAt(path)
    expect(await core.dispatch('settings.update', { currency: 'xyz' })).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'currency' } })
    const changed = await core.dispatch('settings.update', { currency: 'eur', walletRefreshMinutes: 30 })
    expect(changed).toMatchObject({ ok: true, value: { settings: { currency: 'eur', walletRefreshMinutes: 30, monitoring: defaultSettings.monitoring } } })
    expect(await coreAt(path).dispatch('settings.get', {})).toMatchObject({ ok: true, value: { settings: { currency: 'eur', walletRefreshMinutes: 30 } } })
  })

  it('reports a settings file it could not load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-core-settings-'))
    const path = join(dir, 'settings.json')
    writeFileSync(path, 'not json')
    const core = coreAt(path)
    const state = await core.dispatch('settings.get', {})
    expect(state).toMatchObject({ ok: true, value: { problem: expect.stringMatching(/not valid JSON.*started from defaults/) } })
  })
})
