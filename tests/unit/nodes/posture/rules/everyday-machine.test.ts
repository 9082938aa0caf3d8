import { describe, expect, it } from 'vitest'
import type { MachineKind } from '../../../../../src/main/core/nodes/posture/machine-kind.ts'
import { everydayMachine } from '../../../../../src/main/core/nodes/posture/rules/everyday-machine.ts'
import { containerFacts, inputOf, processFacts } from '../posture-input.ts'

describe('everyday-machine', () => {
  const everyday: MachineKind = { kind: 'everyday', evidence: 'DISPLAY=:0, a battery' }

  it('warns on the everyday machine, showing what gave it away', () => {
    expect(everydayMachine(inputOf({ machine: everyday }))[0]).toMatchObject({ rule: 'everyday-machine', severity: 'warning', evidence: 'DISPLAY=:0, a battery' })
  })

  it.each(['vm', 'container', 'dedicated', 'unknown'] as const)('says nothing on a machine of kind %s', (kind) => {
    expect(everydayMachine(inputOf({ machine: { kind, evidence: 'x' } }))).toEqual([])
  })

  it('says nothing of a node that runs in a container on that machine', () => {
    expect(everydayMachine(inputOf({ machine: everyday, container: containerFacts() }))).toEqual([])
    expect(everydayMachine(inputOf({ machine: everyday, processes: [processFacts({ containerId: 'ab'.repeat(32) })] }))).toEqual([])
    expect(everydayMachine(inputOf({ machine: everyday, processes: [processFacts({ containerId: 'ab'.repeat(32) }), processFacts()] }))).toHaveLength(1)
  })
})
