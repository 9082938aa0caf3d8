import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseTasmotaStatus, parseTasmotaStatus8 } from '../../../src/main/core/hardware/power/plugs/tasmota.ts'

function documented(name: string): unknown {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/plugs', `${name}.json`), 'utf8')) as { body: unknown }).body
}

describe('parseTasmotaStatus8', () => {
  it('reads ENERGY.Power in W and ENERGY.Total in kWh', () => {
    expect(parseTasmotaStatus8(documented('tasmota-status-8'), 0)).toEqual({ ok: true, value: { watts: 2629, energyJoules: 6.404 * 3_600_000 } })
    expect(parseTasmotaStatus8(documented('tasmota-status-8-pow'), 0)).toEqual({ ok: true, value: { watts: 0, energyJoules: 3.185 * 3_600_000 } })
  })

  it('counts one kWh as 3.6 MJ', () => {
    expect(parseTasmotaStatus8({ StatusSNS: { ENERGY: { Power: 1, Total: 1 } } }, 0)).toEqual({ ok: true, value: { watts: 1, energyJoules: 3_600_000 } })
  })

  it('reads the StatusPWR block of builds before 6.x', () => {
    // The form quoted in a 2018 Homematic parser: {"StatusPWR":{"Total":0.520,"Yesterday":0.100,"Today":0.320,"Power":27,…}}
    const body = { StatusPWR: { Total: 0.52, Yesterday: 0.1, Today: 0.32, Power: 27, Factor: 0.94, Voltage: 234, Current: 0.122 } }
    expect(parseTasmotaStatus8(body, 0)).toEqual({ ok: true, value: { watts: 27, energyJoules: 0.52 * 3_600_000 } })
  })

  it('picks a channel of a multi-channel meter, and does not give it the shared Total', () => {
    const body = { StatusSNS: { ENERGY: { Total: 12.5, Power: [1688, 0], Voltage: 230 } } }
    expect(parseTasmotaStatus8(body, 0)).toEqual({ ok: true, value: { watts: 1688 } })
    expect(parseTasmotaStatus8(body, 1)).toEqual({ ok: true, value: { watts: 0 } })
    expect(parseTasmotaStatus8({ StatusSNS: { ENERGY: { Total: [1, 2], Power: [10, 20] } } }, 1)).toEqual({ ok: true, value: { watts: 20, energyJoules: 7_200_000 } })
  })

  it('names missing channels', () => {
    expect(parseTasmotaStatus8({ StatusSNS: { ENERGY: { Power: [1, 2] } } }, 2)).toMatchObject({ error: { message: 'Tasmota meters 2 channels; there is no channel 2 (counted from 0)' } })
    expect(parseTasmotaStatus8(documented('tasmota-status-8'), 1)).toMatchObject({ error: { message: 'Tasmota meters one channel: use channel 0' } })
  })

  it('says plainly when there is no power meter', () => {
    expect(parseTasmotaStatus8(documented('tasmota-status-8-no-energy'), 0)).toEqual({
      ok: false,
      error: { kind: 'failed', message: 'Tasmota answered without an ENERGY block: this device has no power meter' },
    })
    expect(parseTasmotaStatus8({ Command: 'Unknown' }, 0)).toMatchObject({ error: { message: expect.stringContaining('without an ENERGY block') } })
  })

  it('turns the password warning into a fix and a long wait', () => {
    expect(parseTasmotaStatus8(documented('tasmota-need-password'), 0)).toMatchObject({
      ok: false,
      retryAfterMs: 300_000,
      error: { message: 'Tasmota refused the command without the right web password', fix: expect.stringContaining('Web Admin Password') },
    })
  })

  it.each([null, [], 'text', { StatusSNS: { ENERGY: { Power: 'n/a' } } }, { StatusSNS: { ENERGY: {} } }])('refuses %j', (body) => {
    expect(parseTasmotaStatus8(body, 0).ok).toBe(false)
  })
})

describe('parseTasmotaStatus', () => {
  it('takes DeviceName, else the first FriendlyName', () => {
    expect(parseTasmotaStatus(documented('tasmota-status'))).toEqual({ ok: true, value: { name: 'r710-1' } })
    expect(parseTasmotaStatus({ Status: { Module: 1, FriendlyName: 'XXX' } })).toEqual({ ok: true, value: { name: 'XXX' } })
    expect(parseTasmotaStatus({ Status: { Module: 1 } })).toEqual({ ok: true, value: { name: null } })
  })

  it('refuses something that is not a Tasmota status', () => {
    expect(parseTasmotaStatus({ message: 'API running.' })).toMatchObject({ ok: false })
  })
})
