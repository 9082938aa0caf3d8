import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseKasaRealtime, parseKasaSysinfo } from '../../../src/main/core/hardware/power/plugs/kasa.ts'

type Recording = { emeter: { get_realtime: unknown }; system: { get_sysinfo: unknown } }

function recorded(name: string): Recording {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/plugs', `${name}.json`), 'utf8')) as Recording
}

describe('parseKasaRealtime', () => {
  it('reads hardware v1: power in W, total in kWh', () => {
    const result = parseKasaRealtime(recorded('kasa-hs110-v1').emeter.get_realtime)
    expect(result.ok && result.value.watts).toBe(0.928511)
    expect(result.ok && result.value.energyJoules).toBeCloseTo(55.139 * 3_600_000, 3)
  })

  it('reads hardware v2: power_mw and total_wh', () => {
    expect(parseKasaRealtime(recorded('kasa-kp115-v2').emeter.get_realtime)).toEqual({ ok: true, value: { watts: 95.376, energyJoules: 2602 * 3600 } })
  })

  it("prefers the kWh total over the library's floored total_wh", () => {
    // tplink-smarthome-api adds total_wh = Math.floor(total * 1000) to v1 readings.
    expect(parseKasaRealtime({ power: 10, total: 0.0015, total_wh: 1, err_code: 0 })).toEqual({ ok: true, value: { watts: 10, energyJoules: 5400 } })
  })

  it('passes on the device error of a plug without a meter', () => {
    expect(parseKasaRealtime(recorded('kasa-hs100-no-emeter').emeter.get_realtime)).toMatchObject({
      error: { message: 'Kasa answered emeter.get_realtime with error -1: module not support' },
    })
  })

  it.each([null, 'x', {}, { power: 'high' }, { power_mw: null }])('refuses %j', (body) => {
    expect(parseKasaRealtime(body).ok).toBe(false)
  })
})

describe('parseKasaSysinfo', () => {
  it('accepts a metering plug (type or mic_type)', () => {
    expect(parseKasaSysinfo(recorded('kasa-hs110-v1').system.get_sysinfo, 0)).toEqual({ ok: true, value: { model: 'HS110(EU)', name: '#MASKED_NAME#' } })
    expect(parseKasaSysinfo(recorded('kasa-kp115-v2').system.get_sysinfo, 0)).toMatchObject({ ok: true, value: { model: 'KP115(US)' } })
  })

  it('maps a channel to the outlet of a strip', () => {
    expect(parseKasaSysinfo(recorded('kasa-hs300-strip').system.get_sysinfo, 5)).toEqual({
      ok: true,
      value: { model: 'HS300(US)', name: 'Home Network Switch', childId: 'SCRUBBED_CHILD_DEVICE_ID_6' },
    })
  })

  it('refuses plugs without a meter, bulbs, and channels that do not exist', () => {
    expect(parseKasaSysinfo(recorded('kasa-hs100-no-emeter').system.get_sysinfo, 0)).toMatchObject({ error: { message: expect.stringContaining('has no energy meter') } })
    expect(parseKasaSysinfo({ model: 'KL130(US)', mic_type: 'IOT.SMARTBULB', feature: 'ENE' }, 0)).toMatchObject({ error: { message: 'this Kasa device (KL130(US)) is not a plug' } })
    expect(parseKasaSysinfo(recorded('kasa-hs110-v1').system.get_sysinfo, 1)).toMatchObject({ error: { message: 'this Kasa plug (HS110(EU)) has one outlet: use channel 0' } })
  })
})
