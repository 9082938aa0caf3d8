import { describe, expect, it } from 'vitest'
import type { PowerChoice, PowerReading } from '../../../src/shared/contract/power.ts'
import { throttleReasonWords } from '../../../src/renderer/src/hardware/gpu-words.ts'
import { basisWords, sourceName } from '../../../src/renderer/src/hardware/power-words.ts'
import { viewFromHash } from '../../../src/renderer/src/app/route.ts'

describe('throttle reason words', () => {
  it('says what holds the clocks back in words', () => {
    expect(throttleReasonWords(['gpu_idle', 'sw_power_cap', 'hw_thermal_slowdown', 'unknown'])).toEqual([
      'idle',
      'power cap',
      'too hot (hardware slowdown)',
      'other reason',
    ])
  })

  it('keeps a reason it does not know readable', () => {
    expect(throttleReasonWords(['some_new_reason'])).toEqual(['some new reason'])
    expect(throttleReasonWords([])).toEqual([])
  })
})

describe('power source names', () => {
  it.each([
    ['nvidia-smi', 'NVIDIA GPUs', null],
    ['rapl', 'CPU package (RAPL)', null],
    ['shelly-gen2:192.168.1.20#0', 'Shelly plug', '192.168.1.20#0'],
    ['home-assistant:ha.local#sensor.rig_power', 'Home Assistant', 'ha.local#sensor.rig_power'],
    ['mystery', 'mystery', null],
  ])('%s is "%s"', (id, name, detail) => expect(sourceName(id)).toEqual({ name, detail }))
})

const reading = (label: string, kind: PowerReading['kind']): PowerReading => ({
  deviceId: label,
  label,
  scope: 'component',
  watts: 10,
  kind,
  source: 'x',
  at: 1,
})
const choice = (basis: PowerChoice['basis'], readings: PowerReading[]): PowerChoice => ({
  totalWatts: 10,
  kind: 'measured',
  basis,
  sources: [],
  readings,
  at: 1,
  reason: '',
})

describe('what the total stands on', () => {
  it('names the plug, the parts, or the model', () => {
    expect(basisWords(choice('wall', [reading('Rig plug', 'measured')]))).toBe('wall plug (Rig plug)')
    expect(basisWords(choice('components', [reading('RTX 4090', 'measured'), reading('CPU package', 'measured')]))).toBe('RTX 4090 + CPU package')
    expect(basisWords(choice('estimate', [reading('CPU', 'estimated')]))).toBe('model estimate (CPU)')
    expect(basisWords(choice('none', []))).toBe('no source')
  })
})

describe('views from the address bar', () => {
  it.each([
    ['#/hardware', 'hardware'],
    ['#/', 'dashboard'],
    ['', 'dashboard'],
    ['#/nowhere', 'dashboard'],
  ])('%s opens %s', (hash, view) => expect(viewFromHash(hash)).toBe(view))
})
