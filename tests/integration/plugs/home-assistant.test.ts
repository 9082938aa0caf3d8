import { afterEach, describe, expect, it } from 'vitest'
import { plugProtocols, type PlugConfig } from '../../../src/main/core/hardware/power/plugs/index.ts'
import { testConnection, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'
import { fixture, httpPlug, type Fixture, type LoopbackPlug } from './loopback.ts'

const token = 'eyJhbGciOiJIUzI1NiJ9.test-long-lived-token.abc123'

const plugs: LoopbackPlug[] = []
afterEach(async () => {
  await Promise.all(plugs.splice(0).map((plug) => plug.close()))
})

/** Home Assistant's REST API: 401 without the right Bearer token, 404 for unknown entities. */
async function homeAssistant(entities: Record<string, Fixture>): Promise<LoopbackPlug> {
  const plug = await httpPlug((request) => {
    if (request.headers.authorization !== `Bearer ${token}`) return fixture('home-assistant-401')
    const entity = decodeURIComponent((request.url ?? '').replace(/^\/api\/states\//, ''))
    return entities[entity] ?? fixture('home-assistant-404')
  })
  plugs.push(plug)
  return plug
}

function config(address: PlugAddress, entityId: string, secret = token): PlugConfig {
  return { address, channel: 0, entityId, secret, label: 'Rig (via HA)', timeoutMs: 2000 }
}

describe('Home Assistant against a loopback REST API', () => {
  it('reads a W sensor with the Bearer token', async () => {
    const plug = await homeAssistant({ 'sensor.rig_plug_power': fixture('home-assistant-state-w') })
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power')).read()
    expect(status.error).toBeNull()
    expect(status.source).toBe(`home-assistant:${plug.address.address}#sensor.rig_plug_power`)
    expect(status.readings[0]).toMatchObject({ source: 'home-assistant', scope: 'wall', watts: 412.7 })
    expect(status.readings[0]).not.toHaveProperty('energyJoules')
    expect(plug.requests[0]).toMatchObject({ url: '/api/states/sensor.rig_plug_power', headers: { authorization: `Bearer ${token}` } })
  })

  it('converts a kW sensor to watts', async () => {
    const plug = await homeAssistant({ 'sensor.rack_pdu_power': fixture('home-assistant-state-kw') })
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rack_pdu_power')).read()
    expect(status.readings[0]?.watts).toBe(1250)
  })

  it('reports a wrong token without ever showing it', async () => {
    const plug = await homeAssistant({ 'sensor.rig_plug_power': fixture('home-assistant-state-w') })
    const wrongToken = 'wrong-token-value-1234567890'
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power', wrongToken)).read()
    expect(status.error).toMatchObject({ kind: 'failed', message: expect.stringContaining('refused the token (HTTP 401)'), fix: expect.stringContaining('Long-lived access tokens') })
    expect(JSON.stringify(status)).not.toContain(wrongToken)
    const probe = await testConnection('home-assistant', plug.address.address, { entityId: 'sensor.rig_plug_power', secret: wrongToken })
    expect(probe.ok).toBe(false)
    expect(JSON.stringify(probe)).not.toContain(wrongToken)
  })

  it('redacts the token even from a server that echoes it back', async () => {
    const plug = await httpPlug((request) => ({ status: 500, body: { message: `bad header ${String(request.headers.authorization)}` } }))
    plugs.push(plug)
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power')).read()
    expect(status.error?.message).toContain('bad header Bearer [secret]')
    expect(JSON.stringify(status)).not.toContain(token)
  })

  it('refuses a pasted token with a line break before sending it anywhere', async () => {
    const plug = await homeAssistant({})
    const pasted = `${token}\nsecond line`
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power', pasted)).read()
    expect(status.error?.message).toBe('The Home Assistant token has characters a token never has: paste it again')
    expect(JSON.stringify(status)).not.toContain(token)
    expect(plug.requests).toEqual([])
  })

  it('explains a 403 from an IP ban', async () => {
    const plug = await httpPlug(() => ({ status: 403, body: '403: Forbidden' }))
    plugs.push(plug)
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power')).read()
    expect(status.error).toMatchObject({ message: expect.stringContaining('banned its IP'), fix: expect.stringContaining('ip_bans.yaml') })
  })

  it('names an unknown entity (HA 404 "Entity not found.")', async () => {
    const plug = await homeAssistant({})
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.no_such_plug')).read()
    expect(status.error).toMatchObject({ message: `Home Assistant at ${plug.address.address} has no entity sensor.no_such_plug`, fix: expect.stringContaining('entity id') })
  })

  it('reports an unavailable sensor as a failure, with the reason', async () => {
    const plug = await homeAssistant({ 'sensor.rig_plug_power': fixture('home-assistant-state-unavailable') })
    const status = await plugProtocols['home-assistant'].create(config(plug.address, 'sensor.rig_plug_power')).read()
    expect(status.readings).toEqual([])
    expect(status.error?.message).toBe('Home Assistant reports sensor.rig_plug_power as unavailable: it cannot reach the plug right now')
  })

  it('refuses an energy sensor picked by mistake', async () => {
    const plug = await homeAssistant({ 'sensor.rig_plug_energy': fixture('home-assistant-state-energy') })
    const result = await testConnection('home-assistant', plug.address.address, { entityId: 'sensor.rig_plug_energy', secret: token })
    expect(result).toMatchObject({ ok: false, field: null, error: { message: expect.stringContaining('measures energy (kWh), not power') } })
  })

  it('tests the connection: friendly name and watts; default port 8123', async () => {
    const plug = await homeAssistant({ 'sensor.rig_plug_power': fixture('home-assistant-state-w') })
    const result = await testConnection('home-assistant', `http://${plug.address.address}`, { entityId: 'sensor.rig_plug_power', secret: token })
    expect(result).toEqual({ ok: true, kind: 'home-assistant', address: plug.address.address, found: { model: 'Home Assistant sensor', name: 'Rig plug Power', watts: 412.7 } })
  })

  it('asks for the token and the entity before touching the network', async () => {
    const plug = await homeAssistant({})
    expect(await testConnection('home-assistant', plug.address.address, { entityId: 'sensor.rig_plug_power' })).toMatchObject({ ok: false, field: 'secret' })
    expect(await testConnection('home-assistant', plug.address.address, { entityId: 'Sensor Rig', secret: token })).toMatchObject({ ok: false, field: 'entityId' })
    expect(plug.requests).toEqual([])
  })
})
