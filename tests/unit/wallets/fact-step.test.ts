import { describe, expect, it } from 'vitest'
import type { Fact, FactRecord, HoldingsRead } from '../../../src/main/core/holdings/holding.ts'
import { stepFacts } from '../../../src/main/core/wallets/fact-step.ts'

/*
 * stepFacts: since when each fact has been as it is, and its figures at the read before. A fact
 * first seen at the first read of its part is a baseline, never an event.
 */

const t0 = 1_800_000_000_000
const t1 = t0 + 600_000
const t2 = t1 + 600_000

const leases = (status: string, active: number): Fact => ({ kind: 'akash.leases', key: '', status, words: `${active} active`, summary: true, figures: { active }, part: 'leases' })
const lease = (id: string, status = 'insufficient_funds/overdrawn'): Fact => ({ kind: 'akash.lease', key: id, status, words: id, figures: { closedOn: 9 }, part: 'leases' })
const read = (facts: Fact[], failed: string[] = []): HoldingsRead => ({ holdings: [], hosts: ['lcd.test'], facts, ...(failed.length === 0 ? {} : { failed: failed.map((part) => ({ part, problem: 'down' })) }) })
const seen = ['main', 'leases']

describe('stepFacts', () => {
  it('the first facts of a wallet are a baseline: since this read, already so at it, nothing before', () => {
    expect(stepFacts(null, read([leases('idle', 0)]), { at: t0, seenParts: [] })).toEqual([{ ...leases('idle', 0), at: t0, since: t0, sinceFirstRead: true, previous: null }])
  })

  it('a fact in the same status keeps its since and remembers the figures of the read before', () => {
    const first = stepFacts(null, read([leases('leasing', 2)]), { at: t0, seenParts: [] })
    const [next] = stepFacts(first, read([leases('leasing', 3)]), { at: t1, seenParts: seen })
    expect(next).toMatchObject({ since: t0, sinceFirstRead: true, at: t1, figures: { active: 3 }, previous: { at: t0, figures: { active: 2 } } })
  })

  it('a change of status starts since again, as an observed change', () => {
    const first = stepFacts(null, read([leases('leasing', 1)]), { at: t0, seenParts: [] })
    const [idle] = stepFacts(first, read([leases('idle', 0)]), { at: t1, seenParts: seen })
    expect(idle).toMatchObject({ status: 'idle', since: t1, sinceFirstRead: false })
    const [still] = stepFacts([idle as FactRecord], read([leases('idle', 0)]), { at: t2, seenParts: seen })
    expect(still).toMatchObject({ since: t1, sinceFirstRead: false })
  })

  it('a fact new in a part read before is an event; new in a part read for the first time, a baseline', () => {
    const first = stepFacts([], read([leases('leasing', 1)]), { at: t0, seenParts: ['main'] })
    expect(first[0]?.sinceFirstRead).toBe(true)
    const next = stepFacts(first, read([leases('leasing', 1), lease('a/1/1/1')]), { at: t1, seenParts: seen })
    expect(next[1]).toMatchObject({ key: 'a/1/1/1', since: t1, sinceFirstRead: false, previous: null })
  })

  it('facts recorded before this build kept any (null) are all a baseline, even in parts read before', () => {
    expect(stepFacts(null, read([lease('a/1/1/1')]), { at: t1, seenParts: seen })[0]).toMatchObject({ since: t1, sinceFirstRead: true })
  })

  it('a failed part keeps its facts as they were and ignores what it gave', () => {
    const first = stepFacts(null, read([leases('leasing', 1), lease('a/1/1/1')]), { at: t0, seenParts: [] })
    expect(stepFacts(first, read([leases('idle', 0)], ['leases']), { at: t1, seenParts: seen })).toEqual(first)
  })

  it('a fact the read no longer gives is gone: facts are not amounts kept at zero', () => {
    const first = stepFacts(null, read([leases('leasing', 1), lease('a/1/1/1')]), { at: t0, seenParts: [] })
    expect(stepFacts(first, read([leases('leasing', 1)]), { at: t1, seenParts: seen }).map((fact) => fact.kind)).toEqual(['akash.leases'])
  })
})
