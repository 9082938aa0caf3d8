import { describe, expect, it } from 'vitest'
import { temperature } from '../../../../src/main/core/alerts/rules/temperature.ts'
import { gpu, minute, sample, state, thresholds } from './state.ts'

/* A sensor fires at its kind's limit and over it, not just under; 10 °C past is critical. */

const cpuAt = (celsius: number): ReturnType<typeof state> =>
  state({ hardware: sample({ temperatures: [{ sensor: 'hwmon:k10temp/temp1', label: 'Tctl', kind: 'cpu', celsius }] }) })
const gpuAt = (celsius: number): ReturnType<typeof state> => state({ hardware: sample({ gpus: [gpu({ temperatureCelsius: celsius })] }) })

describe('temperature', () => {
  it.each([
    [89.9, 0],
    [90, 1],
    [90.1, 1],
  ])('CPU at %f °C against the 90 °C default: %i finding', (celsius, count) => {
    expect(temperature.evaluate(cpuAt(celsius), thresholds(temperature))).toHaveLength(count)
  })

  it.each([
    [82.9, 0],
    [83, 1],
    [83.1, 1],
  ])('GPU at %f °C against the 83 °C default: %i finding', (celsius, count) => {
    expect(temperature.evaluate(gpuAt(celsius), thresholds(temperature))).toHaveLength(count)
  })

  it('says what, where, the figure against the limit and what to do; critical 10 °C past it', () => {
    const [warm] = temperature.evaluate(gpuAt(85), thresholds(temperature))
    expect(warm).toMatchObject({ subject: 'nvidia:GPU-1', figure: '85 °C', threshold: '83 °C', view: 'hardware' })
    expect(warm?.severity).toBeUndefined()
    expect(warm?.message).toMatch(/RTX 4090.*85 °C.*83 °C limit.*fans/)
    expect(temperature.evaluate(gpuAt(93), thresholds(temperature))[0]?.severity).toBe('critical')
  })

  it('judges the operator’s limit and waits their minutes', () => {
    expect(temperature.evaluate(cpuAt(80), thresholds(temperature, { cpuCelsius: 80 }))).toHaveLength(1)
    expect(temperature.openAfterMs(thresholds(temperature, { minutes: 7 }))).toBe(7 * minute)
  })

  it('takes a GPU from its driver, not twice from hwmon, and says nothing while paused or stale', () => {
    const both = sample({ gpus: [gpu({ temperatureCelsius: 90 })], temperatures: [{ sensor: 'hwmon:amdgpu/edge', label: 'edge', kind: 'gpu', celsius: 90 }] })
    expect(temperature.evaluate(state({ hardware: both }), thresholds(temperature))).toHaveLength(1)
    expect(temperature.evaluate(state({ hardware: both, paused: true }), thresholds(temperature))).toEqual([])
    expect(temperature.evaluate(state({ hardware: sample({ gpus: [gpu({ temperatureCelsius: 95, stale: true })] }) }), thresholds(temperature))).toEqual([])
    expect(temperature.current(gpuAt(71), thresholds(temperature))).toBe('GPU RTX 4090 at 71 °C, limit 83 °C')
  })
})
