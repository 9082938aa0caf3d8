import { describe, expect, it } from 'vitest'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { createDeskStore } from '../../../src/renderer/src/store/store.ts'
import { fakeClient, foundNode, nodesSnapshot, nodeView } from './fake-client.ts'

const connected = { status: 'connected', retryAt: null } as const
const ok = (value: unknown): Envelope<unknown> => ({ ok: true, value })
const refused = (message: string, field: string): Envelope<never> => ({ ok: false, error: { code: 'invalid-input', message, retryable: false, field } })

describe('nodes slice', () => {
  it('reads the nodes on connect and follows nodes.changed', async () => {
    const first = nodesSnapshot()
    const fake = fakeClient({ 'nodes.list': ok(first) })
    const store = createDeskStore(fake.client)
    fake.connect(connected)
    await expect.poll(() => store.getState().nodes).toEqual(first)
    const stopped = nodesSnapshot([nodeView({ state: 'stopped', since: 9_000 })], { scannedAt: 9_000 })
    fake.emit('nodes.changed', stopped)
    expect(store.getState().nodes).toEqual(stopped)
  })

  it('keeps a pushed snapshot over a read that was on its way before it', async () => {
    let answer: (value: unknown) => void = () => undefined
    const fake = fakeClient({ 'nodes.list': () => new Promise((resolve) => (answer = (value) => resolve({ ok: true, value }))) })
    const store = createDeskStore(fake.client)
    const reading = store.getState().loadNodes()
    const pushed = nodesSnapshot([nodeView({ state: 'restarting' })], { scannedAt: 8_000 })
    fake.emit('nodes.changed', pushed)
    answer(nodesSnapshot([], { scannedAt: 4_000 }))
    await reading
    expect(store.getState().nodes).toEqual(pushed)
  })

  it("says why core's nodes could not be read, keeping the last ones", async () => {
    const fake = fakeClient({ 'nodes.list': { ok: false, error: { code: 'internal', message: 'the scan failed', retryable: true } } })
    const store = createDeskStore(fake.client)
    await store.getState().loadNodes()
    expect(store.getState()).toMatchObject({ nodes: null, nodesError: 'the scan failed' })
    fake.emit('nodes.changed', nodesSnapshot())
    expect(store.getState().nodesError).toBeNull()
    await store.getState().loadNodes()
    expect(store.getState()).toMatchObject({ nodesError: 'the scan failed', nodes: { scannedAt: 5_000 } })
  })

  it('confirms a found node under a name, or says it is not mine, and shows the answer at once', async () => {
    const confirmed = nodesSnapshot([nodeView(), foundNode({ confirmed: true, name: 'Rack provider' })])
    const fake = fakeClient({ 'nodes.confirm': (input) => ((input as { mine: boolean }).mine ? ok(confirmed) : ok(nodesSnapshot([nodeView()]))) })
    const store = createDeskStore(fake.client)
    expect(await store.getState().confirmNode(foundNode().id, 'Rack provider')).toBeNull()
    expect(store.getState().nodes).toEqual(confirmed)
    expect(await store.getState().dismissNode(foundNode().id)).toBeNull()
    expect(store.getState().nodes?.nodes.map((n) => n.id)).toEqual([nodeView().id])
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['nodes.confirm', { id: foundNode().id, name: 'Rack provider', mine: true }],
      ['nodes.confirm', { id: foundNode().id, mine: false }],
    ])
  })

  it("hands back core's refusal with the field it names, and changes nothing", async () => {
    const fake = fakeClient({
      'nodes.confirm': refused('name: Too small: expected string to have >=1 characters', 'name'),
      'nodes.add': refused('match.pattern: not a regular expression: Unterminated group', 'match.pattern'),
      'nodes.remove': { ok: false, error: { code: 'not-found', message: 'No node "x".', retryable: false } },
    })
    const store = createDeskStore(fake.client)
    expect(await store.getState().confirmNode('x', ' ')).toMatchObject({ field: 'name' })
    expect(await store.getState().addNode({ name: 'Miner', network: 'bittensor', match: { kind: 'process', pattern: 'miner(' } })).toMatchObject({
      code: 'invalid-input',
      field: 'match.pattern',
    })
    expect(await store.getState().removeNode('x')).toMatchObject({ code: 'not-found' })
    expect(store.getState().nodes).toBeNull()
  })

  it('adds by hand, removes and trusts a changed binary through core, showing each answer', async () => {
    const byHand = nodeView({ id: 'manual:1', name: 'Hand miner', software: 'added by hand' })
    const fake = fakeClient({
      'nodes.add': ok(nodesSnapshot([nodeView(), byHand])),
      'nodes.remove': ok(nodesSnapshot([byHand])),
      'nodes.trustBinary': ok(nodesSnapshot([{ ...byHand, binary: { path: '/opt/miner', sha256: 'b'.repeat(64), changed: false } }])),
    })
    const store = createDeskStore(fake.client)
    const added = { name: 'Hand miner', network: 'bittensor', match: { kind: 'process', pattern: 'hand-miner' } } as const
    expect(await store.getState().addNode(added)).toBeNull()
    expect(store.getState().nodes?.nodes).toHaveLength(2)
    expect(await store.getState().removeNode(nodeView().id)).toBeNull()
    expect(await store.getState().trustNodeBinary('manual:1')).toBeNull()
    expect(store.getState().nodes?.nodes[0]?.binary?.changed).toBe(false)
    expect(fake.calls.map((c) => [c.method, c.input])).toEqual([
      ['nodes.add', added],
      ['nodes.remove', { id: nodeView().id }],
      ['nodes.trustBinary', { id: 'manual:1' }],
    ])
  })

  it('takes the scan interval from settings, for when a snapshot turns stale', async () => {
    const settings = { ...defaultSettings, nodes: { ...defaultSettings.nodes, scanIntervalMs: 15_000 } }
    const fake = fakeClient({ 'settings.get': ok({ settings, problem: null }) })
    const store = createDeskStore(fake.client)
    expect(store.getState().nodesScanIntervalMs).toBe(5000)
    fake.connect(connected)
    await expect.poll(() => store.getState().nodesScanIntervalMs).toBe(15_000)
  })
})
