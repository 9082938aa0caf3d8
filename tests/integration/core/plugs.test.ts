import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SettingsState } from '../../../src/shared/contract/app.ts'
import type { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { fixture, httpPlug } from '../plugs/loopback.ts'

describe('smart plugs through the contract', () => {
  it('tests, adds, measures the machine at the wall with, and removes a plug', async () => {
    const plug = await httpPlug((request) =>
      request.url?.startsWith('/rpc/Switch.GetStatus') ? fixture('shelly-gen2-switch-status') : fixture('shelly-gen2-shelly'),
    )
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-plugs-'))
    const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir, sampleIntervalMs: 250 })
    let latest: HardwareSample | undefined
    core.events.subscribe((event, payload) => {
      if (event === 'hardware.sampled') latest = payload as HardwareSample
    })
    await core.start()
    try {
      const kinds = await core.dispatch('power.plugKinds', {})
      expect(kinds).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ kind: 'home-assistant', target: 'entity', secret: 'required' })]) })
      const draft = { kind: 'shelly-gen2', address: plug.address.address } as const
      const tested = await core.dispatch('power.testPlug', draft)
      expect(tested).toMatchObject({ ok: true, value: { model: expect.any(String) } })

      const refused = await core.dispatch('power.testPlug', { kind: 'shelly-gen2', address: 'http://user:pw@10.0.0.5/' })
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'address' } })

      const added = await core.dispatch('power.addPlug', { ...draft, label: 'Rig plug', pollMs: 1000 })
      expect(added.ok).toBe(true)
      const plugs = added.ok ? (added.value as SettingsState).settings.power.plugs : []
      expect(plugs).toEqual([expect.objectContaining({ kind: 'shelly-gen2', label: 'Rig plug', scope: 'wall', hasSecret: false })])
      expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ power: { plugs: [{ label: 'Rig plug' }] } })

      await expect.poll(() => latest?.power.total.basis, { timeout: 8000 }).toBe('wall')
      expect(latest?.power.total).toMatchObject({ kind: 'measured', reason: 'wall plug (Rig plug) · measured' })

      const id = plugs[0]?.id ?? ''
      const removed = await core.dispatch('power.removePlug', { id })
      expect(removed.ok && (removed.value as SettingsState).settings.power.plugs).toEqual([])
      await expect.poll(() => latest?.power.total.basis, { timeout: 5000 }).not.toBe('wall')
      expect(await core.dispatch('power.removePlug', { id })).toMatchObject({ ok: false, error: { code: 'not-found' } })
    } finally {
      await core.stop()
      await plug.close()
    }
  })

  it('keeps a Home Assistant token in the secret store, never in settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-plugs-'))
    const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir })
    const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.long-lived-token'
    const missing = await core.dispatch('power.addPlug', { kind: 'home-assistant', address: '127.0.0.1:8123', entityId: 'sensor.rig_power', label: 'HA' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'secret' } })
    const added = await core.dispatch('power.addPlug', {
      kind: 'home-assistant',
      address: '127.0.0.1:8123',
      entityId: 'sensor.rig_power',
      label: 'HA',
      secret: token,
    })
    expect(added).toMatchObject({ ok: true, value: { settings: { power: { plugs: [{ hasSecret: true }] } } } })
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(token)
    expect(JSON.stringify(added)).not.toContain(token)
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toContain(token)
    await core.stop()
  })
})
