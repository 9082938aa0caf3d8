import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { addNode, confirmNode, dismissNode, manualNodeId, removeNode } from '../../../src/main/core/nodes/node-settings.ts'

const t0 = Date.UTC(2026, 11, 7)

describe('node settings', () => {
  it('adds a node by hand under an id from its match, and refuses the same match twice', () => {
    const { settings, node } = addNode(defaultSettings, { name: 'Miner', network: 'bittensor', match: { kind: 'process', pattern: 'neurons/miner\\.py --netuid 19' } }, t0)
    expect(node).toEqual({ id: 'manual:process:neurons/miner-.py---netuid-19', name: 'Miner', network: 'bittensor', software: null, match: { kind: 'process', pattern: 'neurons/miner\\.py --netuid 19' }, addedAt: t0 })
    expect(settings.nodes.nodes).toHaveLength(1)
    expect(() => addNode(settings, { name: 'Again', network: 'bittensor', match: { kind: 'process', pattern: 'neurons/miner\\.py --netuid 19' } }, t0)).toThrow(/already watched/)
  })

  it('refuses a process pattern that is not a regular expression, and a health URL off this machine', () => {
    expect(() => addNode(defaultSettings, { name: 'X', network: 'grass', match: { kind: 'process', pattern: 'grass (' } }, t0)).toThrow(/match\.pattern: not a regular expression/)
    expect(() => addNode(defaultSettings, { name: 'X', network: 'akash', match: { kind: 'health', url: 'http://10.0.0.5:8443/status' } }, t0)).toThrow(/10\.0\.0\.5 is not this machine/)
    expect(addNode(defaultSettings, { name: 'X', network: 'akash', match: { kind: 'health', url: 'https://127.0.0.1:8443/status' } }, t0).node.id).toBe('manual:health:https://127.0.0.1:8443/status')
  })

  it('confirms a found node, renames a confirmed one, and refuses one no scan found', () => {
    const found = { id: 'grass-desktop:/usr/bin/grass', name: 'Grass desktop node', network: 'grass', software: 'grass-desktop', match: { kind: 'process' as const, pattern: '^/usr/bin/grass' } }
    const confirmed = confirmNode(defaultSettings, found, found.id, undefined, t0)
    expect(confirmed.nodes.nodes).toEqual([{ ...found, addedAt: t0 }])
    const renamed = confirmNode(confirmed, null, found.id, 'Laptop Grass', t0 + 1)
    expect(renamed.nodes.nodes[0]?.name).toBe('Laptop Grass')
    expect(() => confirmNode(defaultSettings, null, 'nope', undefined, t0)).toThrow(/No node "nope" was found/)
  })

  it('dismisses a node for good and removes a watched one', () => {
    const dismissed = dismissNode(defaultSettings, 'grass-desktop:/tmp/grass')
    expect(dismissed.nodes.dismissed).toEqual(['grass-desktop:/tmp/grass'])
    expect(dismissNode(dismissed, 'grass-desktop:/tmp/grass')).toBe(dismissed)
    const { settings } = addNode(defaultSettings, { name: 'P', network: 'akash', match: { kind: 'container', name: 'provider' } }, t0)
    expect(removeNode(settings, manualNodeId({ kind: 'container', name: 'provider' })).nodes.nodes).toEqual([])
    expect(() => removeNode(settings, 'other')).toThrow(/No watched node/)
  })
})
