import { afterEach, describe, expect, it } from 'vitest'
import { plugProtocols, type PlugConfig } from '../../../src/main/core/hardware/power/plugs/index.ts'
import { testConnection, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'
import { fixture, httpPlug, type Answer, type LoopbackPlug } from './loopback.ts'

const plugs: LoopbackPlug[] = []
afterEach(async () => {
  await Promise.all(plugs.splice(0).map((plug) => plug.close()))
})

async function shelly(routes: Record<string, Answer>): Promise<LoopbackPlug> {
  const plug = await httpPlug((request) => routes[request.url ?? ''] ?? { status: 404, body: { code: 404, message: `No handler for ${request.url ?? ''}` } })
  plugs.push(plug)
  return plug
}

function config(address: PlugAddress, channel = 0): PlugConfig {
  return { address, channel, label: 'Rig plug', timeoutMs: 2000 }
}

const gen1Open = { ...fixture('shelly-gen1-shelly'), body: { ...(fixture('shelly-gen1-shelly').body as object), auth: false } }

describe('Shelly Gen1 against a loopback /status', () => {
  it('reads watts and converts the watt-minute total to joules', async () => {
    const plug = await shelly({ '/status': fixture('shelly-gen1-status-plug') })
    const source = plugProtocols['shelly-gen1'].create(config(plug.address))
    const status = await source.read()
    expect(status.error).toBeNull()
    expect(status.source).toBe(`shelly-gen1:${plug.address.address}#0`)
    expect(status.readings).toEqual([
      expect.objectContaining({ deviceId: `shelly-gen1:${plug.address.address}#0`, label: 'Rig plug', scope: 'wall', kind: 'measured', source: 'shelly-gen1', watts: 2.21, energyJoules: 439237 * 60 }),
    ])
    expect(status.lastSuccessAt).toEqual(expect.any(Number))
    expect(plug.requests.map((request) => request.url)).toEqual(['/status'])
  })

  it('takes the id settings gave the plug as source id and deviceId', async () => {
    const plug = await shelly({ '/status': fixture('shelly-gen1-status-plug') })
    const status = await plugProtocols['shelly-gen1'].create({ ...config(plug.address), id: 'plug:rig' }).read()
    expect(status.source).toBe('plug:rig')
    expect(status.readings[0]?.deviceId).toBe('plug:rig')
  })

  it('picks the channel on a two-meter Shelly 2.5', async () => {
    const plug = await shelly({ '/status': fixture('shelly-gen1-status-2.5') })
    const status = await plugProtocols['shelly-gen1'].create(config(plug.address, 1)).read()
    expect(status.readings[0]).toMatchObject({ watts: 0, energyJoules: 10215 * 60 })
  })

  it('reads a Shelly EM, whose emeters count Wh', async () => {
    const plug = await shelly({ '/status': fixture('shelly-gen1-status-em') })
    const status = await plugProtocols['shelly-gen1'].create(config(plug.address)).read()
    expect(status.readings[0]?.watts).toBe(98.55)
    expect(status.readings[0]?.energyJoules).toBeCloseTo(9188.8 * 3600, 6)
  })

  it('says what to do when Restricted Login answers 401', async () => {
    const plug = await shelly({ '/status': fixture('shelly-gen1-401') })
    const status = await plugProtocols['shelly-gen1'].create(config(plug.address)).read()
    expect(status.readings).toEqual([])
    expect(status.error).toMatchObject({ kind: 'failed', message: expect.stringContaining('has a password') })
    expect(status.error?.fix).toContain('Restricted Login')
  })

  it('tests the connection: model from /shelly, watts from /status', async () => {
    const plug = await shelly({ '/shelly': gen1Open, '/status': fixture('shelly-gen1-status-plug') })
    const result = await testConnection('shelly-gen1', `http://${plug.address.address}/`)
    expect(result).toEqual({ ok: true, kind: 'shelly-gen1', address: plug.address.address, found: { model: 'SHSW-21', name: null, watts: 2.21, energyJoules: 439237 * 60 } })
  })

  it('reports the documented /shelly with auth on as a password, before asking /status', async () => {
    const plug = await shelly({ '/shelly': fixture('shelly-gen1-shelly') })
    const result = await testConnection('shelly-gen1', plug.address.address)
    expect(result).toMatchObject({ ok: false, field: null, error: { message: expect.stringContaining('(SHSW-21) has a password') } })
    expect(plug.requests.map((request) => request.url)).toEqual(['/shelly'])
  })

  it('recognises a Gen2 device and names the right choice', async () => {
    const plug = await shelly({ '/shelly': fixture('shelly-gen2-shelly') })
    const result = await testConnection('shelly-gen1', plug.address.address)
    expect(result).toMatchObject({ ok: false, error: { message: 'this is a Gen2 Shelly (SNPL-00116US), not a Gen1: choose "Shelly Gen2+"' } })
  })
})

describe('Shelly Gen2+ against a loopback Switch.GetStatus', () => {
  it('reads the documented example: apower in W, aenergy.total in Wh', async () => {
    const plug = await shelly({ '/rpc/Switch.GetStatus?id=0': fixture('shelly-gen2-switch-status') })
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error).toBeNull()
    expect(status.readings[0]).toMatchObject({ source: 'shelly-gen2', scope: 'wall', watts: 0 })
    expect(status.readings[0]?.energyJoules).toBeCloseTo(14.093 * 3600, 6)
  })

  it('asks for the configured switch id', async () => {
    const plug = await shelly({ '/rpc/Switch.GetStatus?id=2': fixture('shelly-gen2-switch-status') })
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address, 2)).read()
    expect(status.error).toBeNull()
    expect(plug.requests.map((request) => request.url)).toEqual(['/rpc/Switch.GetStatus?id=2'])
  })

  it("passes on the device's RPC error for a switch it does not have", async () => {
    const plug = await shelly({})
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address, 3)).read()
    expect(status.error?.message).toBe(
      `Shelly Gen2+ at ${plug.address.address} has no /rpc/Switch.GetStatus (HTTP 404): No handler for /rpc/Switch.GetStatus?id=3: is it the right kind of plug?`,
    )
  })

  it('reports a digest-protected device as having a password', async () => {
    const plug = await shelly({ '/rpc/Switch.GetStatus?id=0': fixture('shelly-gen2-401') })
    const status = await plugProtocols['shelly-gen2'].create(config(plug.address)).read()
    expect(status.error).toMatchObject({ kind: 'failed', message: expect.stringContaining('this plug has a password'), fix: expect.stringContaining('Authentication') })
  })

  it('tests the connection: model from /shelly, watts from the switch', async () => {
    const plug = await shelly({ '/shelly': fixture('shelly-gen2-shelly'), '/rpc/Switch.GetStatus?id=0': fixture('shelly-gen2-switch-status') })
    const result = await testConnection('shelly-gen2', plug.address.address)
    expect(result).toMatchObject({ ok: true, kind: 'shelly-gen2', found: { model: 'SNPL-00116US', name: null, watts: 0 } })
  })

  it('stops at /shelly when auth_en is on', async () => {
    const info = fixture('shelly-gen2-shelly')
    const plug = await shelly({ '/shelly': { ...info, body: { ...(info.body as object), auth_en: true } } })
    const result = await testConnection('shelly-gen2', plug.address.address)
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('(SNPL-00116US) has a password') } })
    expect(plug.requests).toHaveLength(1)
  })

  it('recognises a Gen1 device and names the right choice', async () => {
    const plug = await shelly({ '/shelly': fixture('shelly-gen1-shelly') })
    const result = await testConnection('shelly-gen2', plug.address.address)
    expect(result).toMatchObject({ ok: false, error: { message: 'this is a Gen1 Shelly (SHSW-21), not a Gen2+: choose "Shelly Gen1"' } })
  })
})
