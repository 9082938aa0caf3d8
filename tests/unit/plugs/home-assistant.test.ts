import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEntityId, parseHomeAssistantState } from '../../../src/main/core/hardware/power/plugs/home-assistant.ts'

function documented(name: string): unknown {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/plugs', `${name}.json`), 'utf8')) as { body: unknown }).body
}

function state(value: unknown, unit?: unknown): unknown {
  return { entity_id: 'sensor.p', state: value, attributes: unit === undefined ? {} : { unit_of_measurement: unit } }
}

describe('parseHomeAssistantState', () => {
  it('parses the string state of a W sensor, with its friendly name', () => {
    expect(parseHomeAssistantState(documented('home-assistant-state-w'), 'sensor.rig_plug_power')).toEqual({ ok: true, value: { watts: 412.7, name: 'Rig plug Power' } })
  })

  it.each([
    ['1.25', 'kW', 1250],
    ['412.7', 'W', 412.7],
    ['2500', 'mW', 2.5],
    ['0.002', 'MW', 2000],
    ['0', 'W', 0],
    ['-3.5', 'W', -3.5],
  ])('converts %s %s to %d W', (value, unit, watts) => {
    const result = parseHomeAssistantState(state(value, unit), 'sensor.p')
    expect(result.ok && result.value.watts).toBeCloseTo(watts, 9)
  })

  it('fails an unavailable sensor and has no figure for an unknown one', () => {
    expect(parseHomeAssistantState(documented('home-assistant-state-unavailable'), 'sensor.rig_plug_power')).toMatchObject({ ok: false, error: { message: expect.stringContaining('unavailable') } })
    expect(parseHomeAssistantState(state('unknown', 'W'), 'sensor.p')).toEqual({ ok: true, value: { watts: null, name: null } })
  })

  it('refuses energy sensors, other units and missing units, saying which sensor to pick', () => {
    expect(parseHomeAssistantState(documented('home-assistant-state-energy'), 'sensor.rig_plug_energy')).toMatchObject({
      error: { message: "sensor.rig_plug_energy measures energy (kWh), not power: pick the plug's power sensor (W), not its energy total" },
    })
    expect(parseHomeAssistantState(state('21.5', '°C'), 'sensor.p')).toMatchObject({ error: { message: "sensor.p reports in °C, not W or kW: pick the plug's power sensor" } })
    expect(parseHomeAssistantState(state('on'), 'sensor.p')).toMatchObject({ error: { message: "sensor.p has no unit, not W or kW: pick the plug's power sensor" } })
  })

  it.each(['on', '', ' ', 'NaN', 'Infinity', '12 W', '0x10'])('refuses the non-number state %j', (value) => {
    expect(parseHomeAssistantState(state(value, 'W'), 'sensor.p')).toMatchObject({ ok: false })
  })

  it('keeps a hostile state short and printable in the message', () => {
    const result = parseHomeAssistantState(state(`${'A'.repeat(500)}\u0007\u202e`, 'W'), 'sensor.p')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message.length).toBeLessThan(120)
  })

  it.each([null, [], { state: 412 }, { attributes: {} }])('refuses %j', (body) => {
    expect(parseHomeAssistantState(body, 'sensor.p').ok).toBe(false)
  })
})

describe('parseEntityId', () => {
  it('accepts domain.object_id', () => {
    expect(parseEntityId(' sensor.rig_plug_power ')).toEqual({ ok: true, value: 'sensor.rig_plug_power' })
  })

  it.each([undefined, null, 42, '', 'sensor', 'Sensor.Rig', 'sensor.rig plug', 'sensor.rig/../../api/config', 'sensor..x', 'sensor.x.y', '.x', `sensor.${'a'.repeat(300)}`])(
    'refuses %j',
    (input) => {
      expect(parseEntityId(input).ok).toBe(false)
    },
  )
})
