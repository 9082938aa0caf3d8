import { describe, expect, it } from 'vitest'
import {
  createEstimateSource,
  estimateReading,
  estimateWatts,
  resolveModel,
  type EstimateInput,
} from '../../../src/main/core/hardware/power/estimate.ts'

describe('estimateWatts', () => {
  it('is idle + load × (max − idle), the load clamped to 0–1', () => {
    expect(estimateWatts({ idleWatts: 20, maxWatts: 450 }, 0)).toBe(20)
    expect(estimateWatts({ idleWatts: 20, maxWatts: 450 }, 0.5)).toBe(235)
    expect(estimateWatts({ idleWatts: 20, maxWatts: 450 }, 1)).toBe(450)
    expect(estimateWatts({ idleWatts: 20, maxWatts: 450 }, 1.7)).toBe(450)
    expect(estimateWatts({ idleWatts: 20, maxWatts: 450 }, -1)).toBe(20)
  })
})

describe('resolveModel', () => {
  it.each([
    ['gpu', 'NVIDIA GeForce RTX 4090', 20, 450, 'typical for RTX 4090'],
    ['gpu', 'NVIDIA GeForce RTX 3090 Ti', 25, 450, 'typical for RTX 3090 Ti'],
    ['gpu', 'NVIDIA GeForce RTX 3090', 25, 350, 'typical for RTX 3090'],
    ['gpu', 'NVIDIA A100-PCIE-40GB', 35, 250, 'typical for A100 PCIe'],
    ['gpu', 'NVIDIA A100-SXM4-80GB', 50, 400, 'typical for A100'],
    ['gpu', 'NVIDIA H100 80GB HBM3', 70, 700, 'typical for H100'],
    ['gpu', 'Some Future GPU', 20, 250, 'typical for generic discrete GPU'],
    ['cpu', '13th Gen Intel(R) Core(TM) i9-13900K', 15, 125, 'typical for unlocked desktop CPU'],
    ['cpu', 'AMD EPYC 7763 64-Core Processor', 60, 280, 'typical for server CPU'],
    ['cpu', 'Intel(R) Core(TM) i5-12400', 10, 65, 'typical for generic desktop CPU'],
    ['cpu', '', 10, 65, 'typical for generic desktop CPU'],
  ] as const)('%s "%s" → %d–%d W', (kind, label, idleWatts, maxWatts, basis) => {
    expect(resolveModel({ kind, label })).toEqual({ idleWatts, maxWatts, basis })
  })

  it('prefers the user numbers, field by field', () => {
    expect(resolveModel({ kind: 'gpu', label: 'NVIDIA GeForce RTX 4090', override: { idleWatts: 30, maxWatts: 400 } })).toEqual({
      idleWatts: 30,
      maxWatts: 400,
      basis: 'your numbers',
    })
    expect(resolveModel({ kind: 'gpu', label: 'NVIDIA GeForce RTX 4090', override: { maxWatts: 350 } })).toEqual({
      idleWatts: 20,
      maxWatts: 350,
      basis: 'your numbers and typical for RTX 4090',
    })
  })

  it('has no default for other parts', () => {
    expect(resolveModel({ kind: 'other', label: 'rest of system' })).toBeNull()
  })
})

describe('estimateReading', () => {
  const gpu: EstimateInput = { id: 'gpu:0', label: 'NVIDIA GeForce RTX 4090', kind: 'gpu', loadFraction: 0.5 }

  it('is always labelled estimated', () => {
    expect(estimateReading(gpu, 1000)).toEqual({
      deviceId: 'estimate:gpu:0',
      label: 'NVIDIA GeForce RTX 4090',
      scope: 'gpu',
      watts: 235,
      kind: 'estimated',
      source: 'estimate',
      at: 1000,
    })
  })

  it('gives no figure when the load is unknown, unless the figure is flat', () => {
    expect(estimateReading({ ...gpu, loadFraction: null }, 0).watts).toBeNull()
    const rest: EstimateInput = { id: 'rest', label: 'board, drives, fans', kind: 'other', loadFraction: null, override: { idleWatts: 40, maxWatts: 40 } }
    expect(estimateReading(rest, 0)).toMatchObject({ scope: 'component', watts: 40 })
    expect(estimateReading({ ...rest, override: undefined }, 0).watts).toBeNull()
  })

  it('serves as a power source', async () => {
    const source = createEstimateSource(() => [gpu, { id: 'cpu', label: 'Intel(R) Core(TM) i5-12400', kind: 'cpu', loadFraction: 0 }], () => 7)
    const status = await source.read()
    expect(status.error).toBeNull()
    expect(status.readings.map((r) => [r.scope, r.watts, r.kind])).toEqual([
      ['gpu', 235, 'estimated'],
      ['cpu-package', 10, 'estimated'],
    ])
  })
})
