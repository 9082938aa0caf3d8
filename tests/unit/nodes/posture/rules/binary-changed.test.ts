import { describe, expect, it } from 'vitest'
import { binaryChanged } from '../../../../../src/main/core/nodes/posture/rules/binary-changed.ts'
import type { BinaryCheck } from '../../../../../src/main/core/nodes/posture/posture-types.ts'
import { inputOf } from '../posture-input.ts'

const first = 'a'.repeat(64)
const now = `b${'c'.repeat(63)}`
const check = (overrides: Partial<BinaryCheck> = {}): BinaryCheck => ({ path: '/usr/local/bin/lotus-miner', sha256Now: now, sha256First: first, firstSeenAt: Date.UTC(2025, 2, 4, 12), ...overrides })

describe('binary-changed', () => {
  it('says nothing without a check, or while the hash is the trusted one', () => {
    expect(binaryChanged(inputOf({ binary: null }))).toEqual([])
    expect(binaryChanged(inputOf({ binary: check({ sha256Now: first }) }))).toEqual([])
  })

  it('warns of a changed hash, with both prefixes and the day it was first seen', () => {
    const [finding] = binaryChanged(inputOf({ binary: check() }))
    expect(finding).toMatchObject({ rule: 'binary-changed', severity: 'warning', evidence: 'sha256 aaaaaaaaaaaa… → bccccccccccc…' })
    expect(finding?.why).toContain('when it was first seen on 2025-03-04')
    expect(finding?.fix).toContain('`sha256sum /usr/local/bin/lotus-miner`')
  })

  it('dates the change from the last confirmation once the operator confirmed one', () => {
    const [finding] = binaryChanged(inputOf({ binary: check({ confirmedAt: Date.UTC(2025, 5, 30, 23, 59) }) }))
    expect(finding?.why).toContain('when you confirmed it on 2025-06-30')
    expect(binaryChanged(inputOf({ binary: check({ sha256First: now, confirmedAt: Date.UTC(2025, 5, 30) }) }))).toEqual([])
  })
})
