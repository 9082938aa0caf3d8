import { describe, expect, it } from 'vitest'
import { formatClock } from '../../../src/renderer/src/common/format.ts'
import { isPartialNet, nodeCountsWords, reportingWords, rigStatusLine, rigStatusWords, rigWattsWords, splitPastedAddress, totalWattsWords } from '../../../src/renderer/src/fleet/fleet-words.ts'
import { FleetRigStatus } from '../../../src/shared/contract/fleet.ts'

const none = { running: 0, restarting: 0, stopped: 0, missing: 0 }

describe('fleet words', () => {
  it('spells every status the contract has as a word and a shape of its own', () => {
    expect(Object.keys(rigStatusWords).sort()).toEqual([...FleetRigStatus.options].sort())
    const icons = Object.values(rigStatusWords).map((status) => status.icon)
    expect(new Set(icons).size).toBe(icons.length)
  })

  it('says since when a rig is stale, and why a refused one was refused', () => {
    const stale = rigStatusLine({ status: 'stale', reason: 'no answer for 16 s: connect ECONNREFUSED', since: 10_000, lastSeenAt: 4_000 })
    expect(stale).toBe(`stale since ${formatClock(10_000)}: no answer for 16 s: connect ECONNREFUSED · last answered ${formatClock(4_000)}`)
    expect(rigStatusLine({ status: 'stale', reason: null, since: 10_000, lastSeenAt: null })).toContain('never answered since this app started')
    expect(rigStatusLine({ status: 'refused', reason: 'the token was refused', since: 1, lastSeenAt: null })).toBe('refused: the token was refused')
    expect(rigStatusLine({ status: 'refused', reason: null, since: 1, lastSeenAt: null })).toBe('refused: the agent did not accept the token')
    expect(rigStatusLine({ status: 'connected', reason: null, since: 1_000, lastSeenAt: 2_000 })).toBe(`answering since ${formatClock(1_000)}`)
  })

  it("shows a rig's watts with their kind and age, and says when there are none", () => {
    expect(rigWattsWords({ watts: 142.34, kind: 'measured', reason: 'wall plug (Rig plug) · measured', at: 7_000 }, 10_000)).toEqual({
      figure: '142 W',
      kind: 'measured',
      detail: 'wall plug (Rig plug) · measured · 3 s old',
    })
    expect(rigWattsWords({ watts: null, kind: 'estimated', reason: 'no power reading', at: null }, 10_000)).toEqual({ figure: 'unknown', kind: 'estimated', detail: 'no power reading · no reading time' })
    expect(rigWattsWords(null, 10_000)).toMatchObject({ figure: '—', detail: 'not answered yet' })
  })

  it('counts nodes by state, leaving out the states none is in', () => {
    expect(nodeCountsWords({ ...none, running: 3, stopped: 1 })).toBe('3 running, 1 stopped')
    expect(nodeCountsWords(none)).toBe('none watched')
    expect(nodeCountsWords(null)).toBeNull()
  })

  it("says the totals' watts with their kind, and how many rigs report", () => {
    expect(totalWattsWords({ watts: 250, wattsKind: 'estimated' })).toEqual({ figure: '250 W', kind: 'estimated' })
    expect(totalWattsWords({ watts: null, wattsKind: 'none' })).toEqual({ figure: 'unknown', kind: 'none reported' })
    expect(reportingWords({ rigs: 3, reporting: 2 })).toBe('2 of 3 rigs report')
    expect(reportingWords({ rigs: 1, reporting: 1 })).toBe('1 of 1 rig reports')
  })

  it('marks a network partial when core says so or a figure is unknown', () => {
    expect(isPartialNet({ today: '1', last30d: '2', partial: false })).toBe(false)
    expect(isPartialNet({ today: '1', last30d: '2', partial: true })).toBe(true)
    expect(isPartialNet({ today: null, last30d: '2', partial: false })).toBe(true)
  })

  it('moves the token out of an address pasted as the agent prints it', () => {
    expect(splitPastedAddress('http://10.0.0.5:7420/#token=abc%2Fdef')).toEqual({ url: 'http://10.0.0.5:7420/', token: 'abc/def' })
    expect(splitPastedAddress('http://10.0.0.5:7420/#view=x&token=abc')).toEqual({ url: 'http://10.0.0.5:7420/', token: 'abc' })
    expect(splitPastedAddress('http://10.0.0.5:7420')).toEqual({ url: 'http://10.0.0.5:7420', token: null })
    expect(splitPastedAddress('http://10.0.0.5:7420/#/fleet')).toEqual({ url: 'http://10.0.0.5:7420/#/fleet', token: null })
    expect(splitPastedAddress('http://h/#token=%E0%A4%A')).toEqual({ url: 'http://h/', token: '%E0%A4%A' })
  })
})
