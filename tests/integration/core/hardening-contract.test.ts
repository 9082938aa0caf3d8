import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SettingsState } from '../../../src/shared/contract/app.ts'
import { Settings } from '../../../src/shared/contract/settings.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger, type Logger } from '../../../src/main/core/log.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import type { SecretStore } from '../../../src/main/core/store/secret-store.ts'

/*
 * Issue 15: what a hostile client sent, through core's dispatcher as either transport calls it.
 * Each answer must be a 400 naming the field (never a 500), and a refused call changes nothing:
 * not the settings, not the secret store.
 */

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'
const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.long-lived-token'
const haPlug = { kind: 'home-assistant', address: '127.0.0.1:8123', entityId: 'sensor.rig_power', label: 'HA', secret: token } as const

const cores: DeskCore[] = []
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()))
})

type Desk = { call: (method: string, input?: unknown) => Promise<unknown>; secrets: SecretStore; unexpected: string[]; desk: DeskCore }

/** A core over a data dir holding `seed` as its settings file, with secrets in memory to look at. */
function core(seed: Record<string, unknown> = {}, dataDir = mkdtempSync(join(tmpdir(), 'desk-hardening-'))): Desk {
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(Settings.parse({ schemaVersion: 1, ...seed })))
  const secrets = createMemorySecretStore()
  const unexpected: string[] = []
  const log: Logger = { ...silentLogger, error: (message) => unexpected.push(message) }
  const desk = createDeskCore({ version: 't', shell: 'agent', log, dataDir, secrets, publicEndpoints: false })
  cores.push(desk)
  return { call: (method, input = {}) => desk.dispatch(method, input), secrets, unexpected, desk }
}

async function settingsOf(desk: Desk): Promise<Settings> {
  const answer = (await desk.call('settings.get')) as { ok: true; value: SettingsState }
  return answer.value.settings
}

/** The envelope of a refusal naming `field`, and its message when given. */
const refused = (field: string, message?: string): { ok: false; error: Record<string, string> } => ({
  ok: false,
  error: { code: 'invalid-input', field, ...(message === undefined ? {} : { message }) },
})

const plug = (index: number): Record<string, unknown> => ({
  id: `plug-${index.toString(16).padStart(8, '0')}`,
  kind: 'shelly-gen2',
  address: `10.0.0.${String(index + 1)}:80`,
  channel: 0,
  label: `Plug ${String(index)}`,
  scope: 'component',
  pollMs: 5000,
  hasSecret: false,
})

const wallet = (index: number): Record<string, unknown> => ({
  id: `wallet-${index.toString(16).padStart(8, '0')}`,
  network: 'grass',
  address: `Addr${String(index)}`,
  label: `Wallet ${String(index)}`,
  addedAt: 0,
})

describe('history.query', () => {
  it('refuses a label name outside the Prometheus grammar as invalid input', async () => {
    const desk = core()
    await desk.desk.start()
    const query = (labels: Record<string, string>): Promise<unknown> =>
      desk.call('history.query', { series: { name: 'power_watts', labels }, fromMs: 0, toMs: 60_000 })
    expect(await query({ device: 'nvidia:GPU-0' })).toMatchObject({ ok: true })
    const hostile: Record<string, string>[] = [{ 'bad-name': 'x' }, { '0device': 'x' }, { 'a b': 'x' }, { device: 'x'.repeat(201) }]
    for (const labels of hostile) {
      expect(await query(labels)).toMatchObject({ ok: false, error: { code: 'invalid-input', field: expect.stringMatching(/^series\.labels/) as string } })
    }
    expect(await query({ 'bad-name': 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'series.labels', message: expect.stringContaining('"bad-name" is not a label name') as string },
    })
    expect(desk.unexpected).toEqual([])
  })
})

describe('settings limits', () => {
  it('refuses the 33rd plug before its secret is stored', async () => {
    const desk = core({ power: { plugs: Array.from({ length: 32 }, (_, i) => plug(i)) } })
    const before = await settingsOf(desk)
    expect(await desk.call('power.addPlug', haPlug)).toMatchObject(refused('plugs', 'plugs: DePIN Desk reads at most 32 plugs; remove one before adding another'))
    expect(await settingsOf(desk)).toEqual(before)
    expect(await desk.secrets.names()).toEqual([])
    expect(desk.unexpected).toEqual([])
  })

  it('still adds the 32nd plug with its secret', async () => {
    const desk = core({ power: { plugs: Array.from({ length: 31 }, (_, i) => plug(i)) } })
    expect(await desk.call('power.addPlug', haPlug)).toMatchObject({ ok: true })
    expect((await settingsOf(desk)).power.plugs).toHaveLength(32)
    expect(await desk.secrets.names()).toHaveLength(1)
  })

  it('refuses the 501st wallet', async () => {
    const desk = core({ wallets: Array.from({ length: 500 }, (_, i) => wallet(i)) })
    const before = await settingsOf(desk)
    expect(await desk.call('wallets.add', { network: 'grass', address: owner, label: 'One more' })).toMatchObject(refused('wallets'))
    expect(await settingsOf(desk)).toEqual(before)
    expect(desk.unexpected).toEqual([])
  })

  it('caps price overrides at 200 tokens, but still changes or clears one of them', async () => {
    const overrides = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`T${String(i)}`, '1']))
    const desk = core({ prices: { overrides } })
    const before = await settingsOf(desk)
    expect(await desk.call('prices.setOverride', { token: 'GRASS', price: '0.5' })).toMatchObject(refused('token'))
    expect(await settingsOf(desk)).toEqual(before)
    expect(await desk.call('prices.setOverride', { token: 'T0', price: '2' })).toMatchObject({ ok: true })
    expect(await desk.call('prices.setOverride', { token: 'T1', price: null })).toMatchObject({ ok: true })
    expect(await desk.call('prices.setOverride', { token: 'GRASS', price: '0.5' })).toMatchObject({ ok: true })
    expect(Object.keys((await settingsOf(desk)).prices.overrides)).toHaveLength(200)
    expect(desk.unexpected).toEqual([])
  })
})

describe('profit.setCosts', () => {
  it.each([8.64e15 + 1, Number.MAX_SAFE_INTEGER])('refuses purchasedAt %d, past what a Date holds', async (purchasedAt) => {
    const desk = core()
    const before = await settingsOf(desk)
    expect(await desk.call('profit.setCosts', { network: 'grass', costs: { hardwareCost: '100', purchasedAt } })).toMatchObject(refused('costs.purchasedAt'))
    expect(await settingsOf(desk)).toEqual(before)
    expect(desk.unexpected).toEqual([])
  })

  it('refuses the last day a Date holds as in the future', async () => {
    const desk = core()
    expect(await desk.call('profit.setCosts', { network: 'grass', costs: { hardwareCost: '100', purchasedAt: 8.64e15 } })).toMatchObject(
      refused('costs.purchasedAt', 'costs.purchasedAt: +275760-09-13 is in the future; give the day the hardware was bought'),
    )
  })
})

describe('settings.importBackup', () => {
  it('refuses settings nested 20,000 deep and changes nothing', async () => {
    const desk = core()
    const before = await settingsOf(desk)
    const exported = (await desk.call('settings.exportBackup')) as { ok: true; value: { json: string } }
    const deep = `${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}`
    const json = exported.value.json.replace(/"settings": \{[\s\S]*\}\n$/, `"settings": ${deep}}`)
    expect(await desk.call('settings.importBackup', { json })).toMatchObject(refused('json', expect.stringContaining('nest more than 32 levels deep') as string))
    expect(await settingsOf(desk)).toEqual(before)
    expect(desk.unexpected).toEqual([])
  })

  it('forgets the secrets of plugs and endpoints the restored settings no longer have', async () => {
    const desk = core()
    const backup = (await desk.call('settings.exportBackup')) as { ok: true; value: { json: string } }
    const kept = (await desk.call('power.addPlug', { ...haPlug, label: 'Kept' })) as { ok: true; value: SettingsState }
    const keptId = kept.value.settings.power.plugs[0]?.id ?? ''
    const withKept = (await desk.call('settings.exportBackup')) as { ok: true; value: { json: string } }
    expect(await desk.call('power.addPlug', { ...haPlug, label: 'Dropped' })).toMatchObject({ ok: true })
    expect(await desk.call('endpoints.set', { key: 'solana', url: 'https://rpc.example.com/my-key' })).toMatchObject({ ok: true })
    await desk.secrets.set('alerts:webhook', 'https://hooks.example.com/x')
    expect(await desk.secrets.names()).toHaveLength(4)

    const restored = await desk.call('settings.importBackup', { json: withKept.value.json })
    expect(restored).toMatchObject({ ok: true, value: { notes: ['Plugs not in the backup were removed: "Dropped".', 'Your own URLs for endpoints not in the backup were forgotten: solana.'] } })
    expect((await desk.secrets.names()).sort()).toEqual(['alerts:webhook', `${keptId}:secret`])

    expect(await desk.call('settings.importBackup', { json: backup.value.json })).toMatchObject({ ok: true })
    expect(await desk.secrets.names()).toEqual(['alerts:webhook'])
    expect(desk.unexpected).toEqual([])
  })
})
