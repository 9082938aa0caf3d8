import { describe, expect, it } from 'vitest'
import type { PowerReading } from '../../../src/shared/contract/power.ts'
import { nodeWatts, type NodeUse } from '../../../src/main/core/nodes/node-watts.ts'

const reading = (deviceId: string, watts: number | null, scope: PowerReading['scope'], kind: PowerReading['kind'] = 'measured', label = deviceId): PowerReading => ({ deviceId, label, scope, watts, kind, source: 'test', at: 0 })
const use = (id: string, cpuSeconds: number, gpus: Record<string, number> = {}): NodeUse => ({ id, cpuSeconds, gpuMemoryBytes: new Map(Object.entries(gpus)) })

describe('nodeWatts', () => {
  it('gives a GPU to the node whose processes use it, and splits the CPU package by CPU time', () => {
    const watts = nodeWatts({
      nodes: [use('miner', 2, { 'GPU-a': 8e9 }), use('grass', 1)],
      machineCpuSeconds: 4,
      readings: [reading('nvidia:GPU-a', 300, 'gpu', 'measured', 'RTX 4090'), reading('nvidia:GPU-b', 40, 'gpu'), reading('rapl:package-0', 80, 'cpu-package')],
    })
    expect(watts.get('miner')).toEqual({ watts: 340, measuredWatts: 340, how: 'RTX 4090 (measured) + 50 % of the CPU time × 80 W (CPU package, RAPL, measured)' })
    expect(watts.get('grass')).toMatchObject({ watts: 20, measuredWatts: 20 })
  })

  it('splits a shared GPU by GPU memory, and evenly when no memory is known', () => {
    const shared = nodeWatts({ nodes: [use('a', 0, { 'GPU-a': 3e9 }), use('b', 0, { 'GPU-a': 1e9 })], machineCpuSeconds: 0, readings: [reading('nvidia:GPU-a', 200, 'gpu')] })
    expect(shared.get('a')?.watts).toBe(150)
    expect(shared.get('b')?.watts).toBe(50)
    expect(shared.get('a')?.how).toContain('× 75 % by GPU memory')
    const unknown = nodeWatts({ nodes: [use('a', 0, { 'GPU-a': 0 }), use('b', 0, { 'GPU-a': 0 })], machineCpuSeconds: 0, readings: [reading('nvidia:GPU-a', 200, 'gpu')] })
    expect(unknown.get('a')?.watts).toBe(100)
  })

  it('uses the estimate’s CPU part when RAPL is absent, and says it is estimated', () => {
    const watts = nodeWatts({ nodes: [use('a', 1)], machineCpuSeconds: 4, readings: [reading('estimate:cpu', 40, 'component', 'estimated'), reading('plug:rig', 200, 'wall')] })
    expect(watts.get('a')).toEqual({ watts: 10, measuredWatts: 0, how: '25 % of the CPU time × 40 W (CPU, estimated)' })
  })

  it('gives nothing to an idle node, and caps a node’s CPU share at the whole package', () => {
    const idle = nodeWatts({ nodes: [use('a', 0)], machineCpuSeconds: 4, readings: [reading('rapl:package-0', 80, 'cpu-package')] })
    expect(idle.get('a')).toEqual({ watts: 0, measuredWatts: 0, how: 'no GPU in use and no CPU time this interval' })
    const over = nodeWatts({ nodes: [use('a', 5)], machineCpuSeconds: 4, readings: [reading('rapl:package-0', 80, 'cpu-package')] })
    expect(over.get('a')?.watts).toBe(80)
  })
})
