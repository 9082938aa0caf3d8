import { afterEach, describe, expect, it } from 'vitest'
import { plugProtocols, type PlugConfig } from '../../../src/main/core/hardware/power/plugs/index.ts'
import { testConnection, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'
import { fixture, httpPlug, type Answer, type LoopbackPlug } from './loopback.ts'

const plugs: LoopbackPlug[] = []
afterEach(async () => {
  await Promise.all(plugs.splice(0).map((plug) => plug.close()))
})

/** Routes by the `cmnd` query parameter, as Tasmota's /cm does. */
async function tasmotaPlug(commands: Record<string, Answer>, password?: string): Promise<LoopbackPlug> {
  const plug = await httpPlug((request) => {
    const url = new URL(request.url ?? '/', 'http://plug')
    if (url.pathname !== '/cm') return { status: 404, body: 'Not found' }
    if (password !== undefined && (url.searchParams.get('user') !== 'admin' || url.searchParams.get('password') !== password)) {
      return fixture('tasmota-need-password')
    }
    return commands[url.searchParams.get('cmnd') ?? ''] ?? { status: 200, body: { Command: 'Unknown' } }
  })
  plugs.push(plug)
  return plug
}

function config(address: PlugAddress, extra: Partial<PlugConfig> = {}): PlugConfig {
  return { address, channel: 0, label: 'Miner plug', timeoutMs: 2000, ...extra }
}

describe('Tasmota against a loopback /cm', () => {
  it('sends Status 8 with %20 and reads ENERGY: Power in W, Total in kWh', async () => {
    const plug = await tasmotaPlug({ 'Status 8': fixture('tasmota-status-8') })
    const status = await plugProtocols.tasmota.create(config(plug.address)).read()
    expect(status.error).toBeNull()
    expect(status.readings[0]).toMatchObject({ source: 'tasmota', watts: 2629, energyJoules: 6.404 * 3_600_000 })
    expect(plug.requests.map((request) => request.url)).toEqual(['/cm?cmnd=Status%208'])
  })

  it('reads the POW example of the JSON status docs', async () => {
    const plug = await tasmotaPlug({ 'Status 8': fixture('tasmota-status-8-pow') })
    const status = await plugProtocols.tasmota.create(config(plug.address)).read()
    expect(status.readings[0]).toMatchObject({ watts: 0, energyJoules: 3.185 * 3_600_000 })
  })

  it('says plainly when the device has no power meter', async () => {
    const plug = await tasmotaPlug({ 'Status 8': fixture('tasmota-status-8-no-energy') })
    const status = await plugProtocols.tasmota.create(config(plug.address)).read()
    expect(status.error).toEqual({ kind: 'failed', message: 'Tasmota answered without an ENERGY block: this device has no power meter' })
  })

  it('sends the web password as user=admin&password=, and never shows it', async () => {
    const password = 'joker&s3cret'
    const plug = await tasmotaPlug({ 'Status 8': fixture('tasmota-status-8') }, password)
    const good = await plugProtocols.tasmota.create(config(plug.address, { secret: password })).read()
    expect(good.readings[0]?.watts).toBe(2629)
    const url = new URL(plug.requests[0]?.url ?? '', 'http://plug')
    expect([url.searchParams.get('user'), url.searchParams.get('password'), url.searchParams.get('cmnd')]).toEqual(['admin', password, 'Status 8'])

    const wrong = await plugProtocols.tasmota.create(config(plug.address, { secret: 'wrong-password' })).read()
    expect(wrong.error).toMatchObject({ kind: 'failed', message: 'Tasmota refused the command without the right web password' })
    expect(JSON.stringify(wrong)).not.toContain('wrong-password')
  })

  it('tests the connection: name from Status, watts from Status 8', async () => {
    const plug = await tasmotaPlug({ Status: fixture('tasmota-status'), 'Status 8': fixture('tasmota-status-8') })
    const result = await testConnection('tasmota', plug.address.address)
    expect(result).toEqual({
      ok: true,
      kind: 'tasmota',
      address: plug.address.address,
      found: { model: 'Tasmota', name: 'r710-1', watts: 2629, energyJoules: 6.404 * 3_600_000 },
    })
  })

  it('tests the connection of a protected device without a password: asks for it', async () => {
    const plug = await tasmotaPlug({ Status: fixture('tasmota-status') }, 'joker')
    const result = await testConnection('tasmota', plug.address.address)
    expect(result).toMatchObject({ ok: false, field: null, error: { message: expect.stringContaining('web password'), fix: expect.stringContaining('Web Admin Password') } })
  })
})
