import { describe, expect, it } from 'vitest'
import { choosePower } from '../../../src/main/core/hardware/power/choose-source.ts'
import type { PowerReading } from '../../../src/main/core/hardware/power/power-source.ts'

const reading = (overrides: Partial<PowerReading>): PowerReading => ({
  deviceId: 'x',
  label: 'x',
  scope: 'gpu',
  watts: 100,
  kind: 'measured',
  source: 'x',
  at: 1000,
  ...overrides,
})

const plug = reading({ deviceId: 'shelly:192.168.1.20#0', label: 'Shelly', scope: 'wall', watts: 540, source: 'shelly-gen2', at: 900 })
const gpu = reading({ deviceId: 'nvidia:GPU-1', label: 'NVIDIA GeForce RTX 4090', scope: 'gpu', watts: 410, source: 'nvidia-smi' })
const cpu = reading({ deviceId: 'rapl:package-0', label: 'CPU package 0', scope: 'cpu-package', watts: 65, source: 'rapl', at: 950 })
const gpuEstimate = reading({ deviceId: 'estimate:gpu:0', label: 'RTX 4090', scope: 'gpu', watts: 300, kind: 'estimated', source: 'estimate' })
const cpuEstimate = reading({ deviceId: 'estimate:cpu', label: 'i9-13900K', scope: 'cpu-package', watts: 70, kind: 'estimated', source: 'estimate' })

describe('choosePower', () => {
  it('takes the wall plug over everything else', () => {
    expect(choosePower([gpu, cpu, plug, gpuEstimate])).toEqual({
      totalWatts: 540,
      kind: 'measured',
      basis: 'wall',
      sources: ['shelly-gen2'],
      readings: [plug],
      at: 900,
      reason: 'wall plug (Shelly) · measured',
    })
  })

  it('sums measured components over the estimate', () => {
    const choice = choosePower([gpuEstimate, gpu, cpu, cpuEstimate])
    expect(choice).toMatchObject({ totalWatts: 475, kind: 'measured', basis: 'components', sources: ['nvidia-smi', 'rapl'], at: 950 })
    expect(choice.reason).toBe('NVIDIA GeForce RTX 4090 (nvidia-smi) + CPU package 0 (rapl) · measured')
  })

  it('fills a part nothing measures from the estimate, and says the total is estimated', () => {
    const choice = choosePower([gpu, gpuEstimate, cpuEstimate])
    expect(choice).toMatchObject({ totalWatts: 480, kind: 'estimated', basis: 'components', sources: ['nvidia-smi', 'estimate'] })
    expect(choice.reason).toBe('NVIDIA GeForce RTX 4090 (nvidia-smi) · measured + i9-13900K (estimate) · estimated')
  })

  it('falls back to the estimate', () => {
    expect(choosePower([gpuEstimate, cpuEstimate])).toMatchObject({ totalWatts: 370, kind: 'estimated', basis: 'estimate' })
  })

  it('skips readings without a figure or too old', () => {
    const choice = choosePower([{ ...plug, watts: null }, { ...cpu, at: 0 }, gpu], { now: 2000, maxAgeMs: 1500 })
    expect(choice).toMatchObject({ totalWatts: 410, basis: 'components', readings: [gpu] })
  })

  it('says when there is nothing', () => {
    expect(choosePower([])).toMatchObject({ totalWatts: null, basis: 'none', sources: [], at: null, reason: 'no power reading' })
  })
})
