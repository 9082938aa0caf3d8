import { describe, expect, it } from 'vitest'
import type { FleetRigView, FleetSnapshot } from '../../../src/shared/contract/fleet.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient } from './fake-client.ts'

const connected = { status: 'connected', retryAt: null } as const
const ok = (value: unknown): Envelope<unknown> => ({ ok: true, value })
const noNodes = { running: 0, restarting: 0, stopped: 0, missing: 0 }

function rigView(name: string, overrides: Partial<FleetRigView> = {}): FleetRigView {
  return {
    rig: { id: `rig-0000000${String(name.length)}`, name, url: `http://${name}.lan:7420`, addedAt: 1_000 },
    status: 'connected',
    reason: null,
    since: 2_000,
    lastSeenAt: 3_000,
    version: '1.0.0',
    watts: { watts: 120, kind: 'measured', reason: 'RAPL · measured', at: 3_000 },
    nodes: { ...noNodes, running: 2 },
    profit: null,
    openAlerts: 0,
    problem: null,
    ...overrides,
  }
}

function fleetSnapshot(rigs: FleetRigView[], at = 5_000): FleetSnapshot {
  return {
    rigs,
    at,
    totals: {
      rigs: rigs.length,
      reporting: rigs.length,
      watts: null,
      wattsKind: 'none',
      wattsProvenance: '',
      nodes: noNodes,
      openAlerts: 0,
      currency: 'usd',
      networks: [],
      today: '0',
      last30d: '0',
      partial: false,
      missing: [],
    },
  }
}

describe('fleet slice', () => {
  it('reads the fleet on connect and follows fleet.changed', async () => {
    const first = fleetSnapshot([rigView('a')])
    const fake = fakeClient({ 'fleet.list': ok(first) })
    const store = createDeskStore(fake.client)
    fake.connect(connected)
    await expect.poll(() => store.getState().fleet).toEqual(first)
    const stale = fleetSnapshot([rigView('a', { status: 'stale', reason: 'no answer for 16 s', since: 6_000 })], 6_000)
    fake.emit('fleet.changed', stale)
    expect(store.getState().fleet).toEqual(stale)
  })

  it('keeps a pushed snapshot over a read that was on its way before it', async () => {
    let answer: (value: unknown) => void = () => undefined
    const fake = fakeClient({ 'fleet.list': () => new Promise((resolve) => (answer = (value) => resolve({ ok: true, value }))) })
    const store = createDeskStore(fake.client)
    const reading = store.getState().loadFleet()
    const pushed = fleetSnapshot([rigView('new')], 9_000)
    fake.emit('fleet.changed', pushed)
    answer(fleetSnapshot([], 4_000))
    await reading
    expect(store.getState().fleet).toEqual(pushed)
  })

  it('says why the fleet could not be read, keeping the last one', async () => {
    const fake = fakeClient({ 'fleet.list': { ok: false, error: { code: 'internal', message: 'core is busy', retryable: true } } })
    const store = createDeskStore(fake.client)
    fake.emit('fleet.changed', fleetSnapshot([rigView('a')]))
    await store.getState().loadFleet()
    expect(store.getState()).toMatchObject({ fleetError: 'core is busy', fleet: { rigs: [{ rig: { name: 'a' } }] } })
  })

  it('adds a rig with what the form holds and shows the answer at once', async () => {
    const added = fleetSnapshot([rigView('a', { status: 'connecting', reason: null })])
    const fake = fakeClient({ 'fleet.add': ok(added) })
    const store = createDeskStore(fake.client)
    expect(await store.getState().addRig({ name: 'a', url: 'http://a.lan:7420', token: 'secret' })).toBeNull()
    expect(store.getState()).toMatchObject({ fleet: added, fleetAddError: null })
    expect(fake.calls).toEqual([{ method: 'fleet.add', input: { name: 'a', url: 'http://a.lan:7420', token: 'secret' } }])
  })

  it("keeps core's refusal, with the field it names, for the form until the operator edits", async () => {
    const refusal = { code: 'unauthorized', message: 'token: the token was refused', retryable: false, field: 'token' } as const
    const fake = fakeClient({ 'fleet.add': { ok: false, error: refusal } })
    const store = createDeskStore(fake.client)
    const before = store.getState().fleet
    expect(await store.getState().addRig({ name: 'a', url: 'http://a.lan:7420', token: 'wrong' })).toEqual(refusal)
    expect(store.getState()).toMatchObject({ fleetAddError: refusal, fleet: before })
    store.getState().clearFleetAddError()
    expect(store.getState().fleetAddError).toBeNull()
  })

  it('removes a rig, or says why it could not', async () => {
    let answer: Envelope<unknown> = ok(fleetSnapshot([]))
    const fake = fakeClient({ 'fleet.remove': () => answer })
    const store = createDeskStore(fake.client)
    fake.emit('fleet.changed', fleetSnapshot([rigView('a')]))
    expect(await store.getState().removeRig('rig-00000001')).toBeNull()
    expect(store.getState().fleet?.rigs).toEqual([])
    answer = { ok: false, error: { code: 'not-found', message: 'No rig with id "rig-00000001".', retryable: false } }
    expect(await store.getState().removeRig('rig-00000001')).toMatchObject({ code: 'not-found' })
    expect(store.getState().fleetRemoveError).toBe('No rig with id "rig-00000001".')
    expect(fake.calls.map((c) => c.input)).toEqual([{ id: 'rig-00000001' }, { id: 'rig-00000001' }])
  })
})
