import { afterEach, describe, expect, it } from 'vitest'
import { plugProtocols, type PlugConfig } from '../../../src/main/core/hardware/power/plugs/index.ts'
import { testConnection, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'
import { kasaDecrypt, kasaEncrypt, kasaFixture, kasaPlug, type KasaBehaviour, type LoopbackKasa } from './loopback.ts'

const plugs: LoopbackKasa[] = []
afterEach(async () => {
  await Promise.all(plugs.splice(0).map((plug) => plug.close()))
})

async function kasa(name: string, behaviour?: (request: unknown) => KasaBehaviour): Promise<LoopbackKasa> {
  const plug = await kasaPlug(kasaFixture(name), behaviour)
  plugs.push(plug)
  return plug
}

function config(address: PlugAddress, channel = 0, timeoutMs = 2000): PlugConfig {
  return { address, channel, label: 'GPU rig', timeoutMs }
}

describe('the Kasa frame the test server speaks', () => {
  it('matches the published example: {"system":{"get_sysinfo":{}}} starts d0 f2 81 f8', () => {
    // '{' XOR 171 = 0xd0, then each cipher byte keys the next: the opening of every captured get_sysinfo request.
    const frame = kasaEncrypt('{"system":{"get_sysinfo":{}}}')
    expect(frame.readUInt32BE(0)).toBe(29)
    expect(frame.subarray(4, 8).toString('hex')).toBe('d0f281f8')
    expect(kasaDecrypt(frame.subarray(4))).toBe('{"system":{"get_sysinfo":{}}}')
  })
})

describe('Kasa against a loopback TCP device (legacy protocol)', () => {
  it('reads a hardware v1 HS110: power in W, total in kWh', async () => {
    const plug = await kasa('kasa-hs110-v1')
    const source = plugProtocols.kasa.create(config(plug.address))
    const status = await source.read()
    expect(status.error).toBeNull()
    expect(status.readings[0]).toMatchObject({ deviceId: `kasa:${plug.address.address}#0`, source: 'kasa', scope: 'wall', watts: 0.928511 })
    expect(status.readings[0]?.energyJoules).toBeCloseTo(55.139 * 3_600_000, 3)
    expect(plug.received).toEqual([{ system: { get_sysinfo: {} } }, { emeter: { get_realtime: {} } }])
  })

  it('reads a hardware v2 KP115: power_mw and total_wh', async () => {
    const plug = await kasa('kasa-kp115-v2')
    const status = await plugProtocols.kasa.create(config(plug.address)).read()
    expect(status.readings[0]?.watts).toBeCloseTo(95.376, 9)
    expect(status.readings[0]?.energyJoules).toBeCloseTo(2602 * 3600, 6)
  })

  it('asks sysinfo once, then only get_realtime per poll', async () => {
    const plug = await kasa('kasa-hs110-v1')
    const source = plugProtocols.kasa.create(config(plug.address))
    await source.read()
    await source.read()
    await source.read()
    expect(plug.received.filter((request) => JSON.stringify(request).includes('get_sysinfo'))).toHaveLength(1)
    expect(plug.received).toHaveLength(4)
  })

  it('reads one outlet of an HS300 strip by its child id', async () => {
    const plug = await kasa('kasa-hs300-strip')
    const result = await testConnection('kasa', plug.address.address, { channel: 2 })
    expect(result).toMatchObject({ ok: true, found: { model: 'HS300(US)', name: 'Home Cox modem', watts: 62.43 } })
    expect(plug.received.at(-1)).toEqual({ emeter: { get_realtime: {} }, context: { child_ids: ['SCRUBBED_CHILD_DEVICE_ID_3'] } })
  })

  it('refuses an outlet the strip does not have', async () => {
    const plug = await kasa('kasa-hs300-strip')
    const result = await testConnection('kasa', plug.address.address, { channel: 6 })
    expect(result).toMatchObject({ ok: false, error: { message: 'this Kasa strip (HS300(US)) has 6 outlets; there is no channel 6 (counted from 0)' } })
  })

  it('says when the plug has no energy meter (HS100)', async () => {
    const plug = await kasa('kasa-hs100-no-emeter')
    const result = await testConnection('kasa', plug.address.address)
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('this Kasa plug (HS100(US)) has no energy meter') } })
    expect(plug.received).toEqual([{ system: { get_sysinfo: {} } }])
  })

  it('tests the connection: model, alias and watts', async () => {
    const plug = await kasa('kasa-hs110-v1')
    const result = await testConnection('kasa', plug.address.address)
    expect(result).toMatchObject({ ok: true, kind: 'kasa', address: plug.address.address, found: { model: 'HS110(EU)', name: '#MASKED_NAME#', watts: 0.928511 } })
  })

  it('reports a device that never answers as a timeout', async () => {
    const plug = await kasa('kasa-hs110-v1', () => 'hang')
    const status = await plugProtocols.kasa.create(config(plug.address, 0, 300)).read()
    expect(status.error?.message).toBe(`Kasa plug at ${plug.address.address} did not answer within 300 ms`)
  })

  it('reports garbage on the socket as not JSON', async () => {
    const plug = await kasa('kasa-hs110-v1', () => ({ raw: kasaEncrypt('<html>not a plug</html>') }))
    const status = await plugProtocols.kasa.create(config(plug.address)).read()
    expect(status.error?.message).toBe(`Kasa plug at ${plug.address.address} answered something that is not JSON: is it a Kasa plug?`)
  })

  it('reports an HTTP server on the Kasa port (its first bytes read as a huge length) as not a Kasa plug', async () => {
    const plug = await kasa('kasa-hs110-v1', () => ({ raw: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n') }))
    const status = await plugProtocols.kasa.create(config(plug.address)).read()
    expect(status.error?.message).toBe(`Kasa plug at ${plug.address.address} answered something that is not JSON: is it a Kasa plug?`)
  })

  it('reports a closed port with the KLAP hint', async () => {
    const plug = await kasa('kasa-hs110-v1')
    await plug.close()
    const status = await plugProtocols.kasa.create(config(plug.address)).read()
    expect(status.error?.message).toContain(`refused TCP port ${plug.address.port}`)
    expect(status.error?.message).toContain('KLAP')
  })

  it('looks at sysinfo again after a failure', async () => {
    let fail = true
    const plug = await kasa('kasa-hs110-v1', (request) => (fail && JSON.stringify(request).includes('get_realtime') ? { raw: Buffer.alloc(0) } : 'answer'))
    let now = 0
    const source = plugProtocols.kasa.create({ ...config(plug.address), now: () => now })
    expect((await source.read()).error).not.toBeNull()
    fail = false
    now += 5000
    expect((await source.read()).error).toBeNull()
    expect(plug.received.filter((request) => JSON.stringify(request).includes('get_sysinfo'))).toHaveLength(2)
  })
})
