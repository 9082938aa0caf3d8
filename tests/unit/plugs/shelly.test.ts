import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseShellyGen1Identity, parseShellyGen1Status } from '../../../src/main/core/hardware/power/plugs/shelly-gen1.ts'
import { parseShellyGen2Identity, parseShellyGen2SwitchStatus } from '../../../src/main/core/hardware/power/plugs/shelly-gen2.ts'

function documented(name: string): unknown {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/plugs', `${name}.json`), 'utf8')) as { body: unknown }).body
}

describe('parseShellyGen1Status', () => {
  it('reads meters[].power in W and meters[].total in watt-minutes', () => {
    expect(parseShellyGen1Status(documented('shelly-gen1-status-plug'), 0)).toEqual({ ok: true, value: { watts: 2.21, energyJoules: 439237 * 60 } })
  })

  it('counts one watt-minute as 60 J and, on the EM family, one Wh as 3600 J', () => {
    expect(parseShellyGen1Status({ meters: [{ power: 100, total: 1 }] }, 0)).toEqual({ ok: true, value: { watts: 100, energyJoules: 60 } })
    expect(parseShellyGen1Status({ emeters: [{ power: 100, total: 1 }] }, 0)).toEqual({ ok: true, value: { watts: 100, energyJoules: 3600 } })
    const em = parseShellyGen1Status(documented('shelly-gen1-status-em'), 0)
    expect(em.ok && em.value.energyJoules).toBeCloseTo(9188.8 * 3600, 6)
  })

  it('picks the channel', () => {
    expect(parseShellyGen1Status(documented('shelly-gen1-status-2.5'), 1)).toEqual({ ok: true, value: { watts: 0, energyJoules: 10215 * 60 } })
  })

  it('has no figure, but no fault, when the meter fails its self-check', () => {
    expect(parseShellyGen1Status({ meters: [{ power: 0, is_valid: false, total: 5 }] }, 0)).toEqual({ ok: true, value: { watts: null } })
  })

  it('keeps watts when the device has no total', () => {
    expect(parseShellyGen1Status({ meters: [{ power: 12.5 }] }, 0)).toEqual({ ok: true, value: { watts: 12.5 } })
  })

  it.each([
    [null, 'not an object'],
    [[], 'not an object'],
    [{ relays: [{ ison: true }] }, 'this device has no power meter'],
    [{ meters: [] }, 'this device has no power meter'],
    [{ meters: [{ power: 'lots' }] }, 'has no power figure'],
    [{ meters: [{ power: null }] }, 'has no power figure'],
    [{ meters: [null] }, 'has no meter 0'],
  ])('refuses %j with a specific message', (body, message) => {
    const result = parseShellyGen1Status(body, 0)
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed', message: expect.stringContaining(message) } })
  })

  it('names the channels a device has', () => {
    expect(parseShellyGen1Status(documented('shelly-gen1-status-plug'), 3)).toMatchObject({ error: { message: 'Shelly Gen1 has no meter 3 (it has 1, counted from 0)' } })
  })
})

describe('parseShellyGen1Identity', () => {
  it('reads the documented /shelly', () => {
    expect(parseShellyGen1Identity(documented('shelly-gen1-shelly'))).toEqual({ ok: true, value: { type: 'SHSW-21', auth: true } })
  })

  it('sends a Gen2 device to the Gen2 protocol', () => {
    expect(parseShellyGen1Identity(documented('shelly-gen2-shelly'))).toMatchObject({ ok: false, error: { message: expect.stringContaining('choose "Shelly Gen2+"') } })
  })

  it('refuses something that is not a Shelly', () => {
    expect(parseShellyGen1Identity({ message: 'API running.' })).toMatchObject({ ok: false })
  })
})

describe('parseShellyGen2SwitchStatus', () => {
  it('reads the documented example: apower W, aenergy.total Wh', () => {
    const result = parseShellyGen2SwitchStatus(documented('shelly-gen2-switch-status'), 0)
    expect(result.ok && result.value.watts).toBe(0)
    expect(result.ok && result.value.energyJoules).toBeCloseTo(14.093 * 3600, 9)
  })

  it('counts one Wh as 3600 J', () => {
    expect(parseShellyGen2SwitchStatus({ id: 0, apower: 84.6, aenergy: { total: 2 } }, 0)).toEqual({ ok: true, value: { watts: 84.6, energyJoules: 7200 } })
  })

  it('says when the switch does not meter (e.g. a Plus 1 without PM)', () => {
    expect(parseShellyGen2SwitchStatus({ id: 1, source: 'init', output: true }, 1)).toMatchObject({
      error: { message: 'Shelly Gen2+ switch:1 reports no power (apower): this switch has no power meter' },
    })
  })

  it.each([null, 'x', [], { apower: 'high' }, { apower: null }])('refuses %j', (body) => {
    expect(parseShellyGen2SwitchStatus(body, 0).ok).toBe(false)
  })

  it('keeps watts without an energy counter', () => {
    expect(parseShellyGen2SwitchStatus({ apower: 5, aenergy: { total: 'n/a' } }, 0)).toEqual({ ok: true, value: { watts: 5 } })
  })
})

describe('parseShellyGen2Identity', () => {
  it('reads the documented GetDeviceInfo fields', () => {
    expect(parseShellyGen2Identity(documented('shelly-gen2-shelly'))).toEqual({ ok: true, value: { model: 'SNPL-00116US', name: null, authEnabled: false } })
  })

  it('sends a Gen1 device to the Gen1 protocol', () => {
    expect(parseShellyGen2Identity(documented('shelly-gen1-shelly'))).toMatchObject({ error: { message: 'this is a Gen1 Shelly (SHSW-21), not a Gen2+: choose "Shelly Gen1"' } })
  })
})
