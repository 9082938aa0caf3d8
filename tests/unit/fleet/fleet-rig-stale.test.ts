import { describe, expect, it } from 'vitest'
import { fleetRigStale } from '../../../src/main/core/alerts/rules/fleet-rig-stale.ts'
import { fleetTotals } from '../../../src/main/core/fleet/fleet-totals.ts'
import type { FleetRigStatus, FleetRigView } from '../../../src/shared/contract/fleet.ts'
import { minute, now, state, thresholds } from '../alerts/rules/state.ts'

/* A watched rig that stopped answering; the grace (default 60 s) is the engine's minimum duration. */

function view(name: string, status: FleetRigStatus, lastSeenAt: number | null = now - 2 * minute): FleetRigView {
  return {
    rig: { id: `rig-${name.padStart(8, '0')}`, name, url: `http://${name}.lan:7420`, addedAt: 1 },
    status,
    reason: status === 'stale' ? 'it stopped answering: connect ECONNREFUSED' : null,
    since: now - minute,
    lastSeenAt,
    version: '0.1.0',
    watts: null,
    nodes: null,
    profit: null,
    openAlerts: null,
    problem: null,
  }
}

const withRigs = (rigs: FleetRigView[]): ReturnType<typeof state> => state({ fleet: { rigs, totals: fleetTotals(rigs), at: now } })

describe('fleet-rig-stale', () => {
  it('fires for each stale rig only', () => {
    const rigs = [view('a', 'connected'), view('b', 'stale'), view('c', 'refused'), view('d', 'connecting')]
    const findings = fleetRigStale.evaluate(withRigs(rigs), thresholds(fleetRigStale))
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ subject: 'rig-0000000b', host: 'b.lan:7420', title: 'Rig “b” is not answering' })
    expect(findings[0]?.message).toMatch(/\(it stopped answering: connect ECONNREFUSED\); it last answered 2 min ago\..*left out of the fleet’s totals/)
  })

  it('says nothing without a fleet, and what it watches with one', () => {
    expect(fleetRigStale.evaluate(state({}), thresholds(fleetRigStale))).toEqual([])
    expect(fleetRigStale.current(state({}), thresholds(fleetRigStale))).toBeNull()
    expect(fleetRigStale.current(withRigs([view('a', 'connected')]), thresholds(fleetRigStale))).toBe('all 1 rigs answer')
    expect(fleetRigStale.current(withRigs([view('a', 'connected'), view('b', 'stale', null)]), thresholds(fleetRigStale))).toBe('“b” not answering')
  })

  it('waits the operator’s grace seconds', () => {
    expect(fleetRigStale.openAfterMs(thresholds(fleetRigStale))).toBe(60_000)
    expect(fleetRigStale.openAfterMs(thresholds(fleetRigStale, { graceSeconds: 0 }))).toBe(0)
  })
})
