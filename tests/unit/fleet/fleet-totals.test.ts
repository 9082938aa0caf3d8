import { describe, expect, it } from 'vitest'
import { fleetTotals, sum } from '../../../src/main/core/fleet/fleet-totals.ts'
import type { FleetRigProfit, FleetRigStatus, FleetRigView } from '../../../src/shared/contract/fleet.ts'

function profit(overrides: Partial<FleetRigProfit> = {}): FleetRigProfit {
  return {
    currency: 'usd',
    at: 1,
    networks: [{ network: 'grass', name: 'Grass', today: '1.10', last30d: '30.25', partial: false }],
    today: '1.10',
    last30d: '30.25',
    partial: false,
    missing: [],
    ...overrides,
  }
}

function rig(name: string, status: FleetRigStatus, watts: number | null, kind: 'measured' | 'estimated' = 'measured', overrides: Partial<FleetRigView> = {}): FleetRigView {
  return {
    rig: { id: `rig-0000000${name.length}`, name, url: `http://${name}.lan:7420`, addedAt: 1 },
    status,
    reason: status === 'connected' ? null : 'it stopped answering',
    since: 1,
    lastSeenAt: 1,
    version: '0.1.0',
    watts: watts === null ? null : { watts, kind, reason: kind, at: 1 },
    nodes: { running: 2, restarting: 0, stopped: 1, missing: 0 },
    profit: profit(),
    openAlerts: 1,
    problem: null,
    ...overrides,
  }
}

describe('fleetTotals', () => {
  it('sums every connected rig, measured on all', () => {
    const totals = fleetTotals([rig('a', 'connected', 100), rig('b', 'connected', 250.5)])
    expect(totals).toMatchObject({ rigs: 2, reporting: 2, watts: 350.5, wattsKind: 'measured', wattsProvenance: 'measured on 2 of 2 rigs', openAlerts: 2, partial: false, missing: [] })
    expect(totals.nodes).toEqual({ running: 4, restarting: 0, stopped: 2, missing: 0 })
    expect(totals).toMatchObject({ currency: 'usd', today: '2.2', last30d: '60.5' })
    expect(totals.networks).toEqual([{ network: 'grass', name: 'Grass', today: '2.2', last30d: '60.5', partial: false }])
  })

  it('leaves a stale rig out of every sum and names it', () => {
    const totals = fleetTotals([rig('a', 'connected', 100), rig('bb', 'connected', 80, 'estimated'), rig('ccc', 'stale', 500)])
    expect(totals).toMatchObject({ rigs: 3, reporting: 2, watts: 180, wattsKind: 'estimated', today: '2.2', partial: true, openAlerts: 2 })
    expect(totals.wattsProvenance).toBe('measured on 1 of 3 rigs, estimated on 1; left out: “ccc” stale')
    expect(totals.missing).toEqual(['rig “ccc” is stale (it stopped answering), left out'])
  })

  it('says none when no rig reports watts, and names the silent ones', () => {
    const totals = fleetTotals([rig('a', 'connected', null), rig('b', 'refused', 10)])
    expect(totals).toMatchObject({ watts: null, wattsKind: 'none', reporting: 1 })
    expect(totals.wattsProvenance).toBe('measured on 0 of 2 rigs, no watts from “a”; left out: “b” refused')
  })

  it('carries a rig’s partial or unknown net into the total', () => {
    const unknown = profit({ today: null, partial: true, missing: ['no tariff set'], networks: [{ network: 'grass', name: 'Grass', today: null, last30d: '5', partial: true }] })
    const totals = fleetTotals([rig('a', 'connected', 1), rig('b', 'connected', 1, 'measured', { profit: unknown })])
    expect(totals).toMatchObject({ today: '1.1', last30d: '60.5', partial: true })
    expect(totals.missing).toEqual(['“b”: no tariff set'])
    expect(totals.networks[0]).toMatchObject({ today: '1.1', last30d: '35.25', partial: true })
  })

  it('never sums money across currencies', () => {
    const totals = fleetTotals([rig('a', 'connected', 1), rig('b', 'connected', 1, 'measured', { profit: profit({ currency: 'eur' }) })])
    expect(totals).toMatchObject({ currency: null, today: null, last30d: null, networks: [], partial: true })
    expect(totals.missing[0]).toMatch(/different currencies \(usd, eur\)/)
  })

  it('names a rig whose profit has not answered yet', () => {
    const totals = fleetTotals([rig('a', 'connected', 1, 'measured', { profit: null })])
    expect(totals).toMatchObject({ today: null, partial: true, missing: ['rig “a” has not answered profit yet'] })
  })

  it('answers an empty fleet', () => {
    expect(fleetTotals([])).toMatchObject({ rigs: 0, reporting: 0, watts: null, wattsKind: 'none', currency: null, today: null, partial: false, missing: [] })
  })
})

describe('sum', () => {
  it.each([
    [['0.1', '0.2'], { value: '0.3', partial: false }],
    [['-1.5', '1.5'], { value: '0', partial: false }],
    [['123456789012345678901234567890.1', '0.000000000000000000000000000001'], { value: '123456789012345678901234567890.100000000000000000000000000001', partial: false }],
    [['1', null], { value: '1', partial: true }],
    [[null], { value: null, partial: true }],
    [[], { value: null, partial: false }],
  ] as const)('%j', (values, expected) => {
    expect(sum(values)).toEqual(expected)
  })
})
