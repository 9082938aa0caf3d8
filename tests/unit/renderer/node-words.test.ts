import { describe, expect, it } from 'vitest'
import type { PostureFinding } from '../../../src/shared/contract/nodes.ts'
import {
  healthWords,
  machineWords,
  matchField,
  matchKinds,
  matchOf,
  matchWords,
  networkNodeWords,
  restartsWords,
  shortHash,
  sinceStateWords,
  wattsProvenance,
  worstFirst,
} from '../../../src/renderer/src/nodes/node-words.ts'
import { foundNode, nodeView } from './fake-client.ts'

const minute = 60_000
const at = Date.UTC(2026, 2, 3, 12, 0)

describe('node words', () => {
  it('says how long a running node has been up, and since when any other state holds', () => {
    expect(sinceStateWords({ state: 'running', since: at - 190 * minute }, at)).toMatch(/^up 3 h 10 min · since \S/)
    expect(sinceStateWords({ state: 'stopped', since: at - 12 * minute }, at)).toMatch(/^since .+ \(12 min\)$/)
    // A since just ahead of this page's clock is no negative span.
    expect(sinceStateWords({ state: 'missing', since: at + 5000 }, at)).toMatch(/\(0 s\)$/)
  })

  it.each([
    [0, 'no restarts seen'],
    [1, '1 restart'],
    [4, '4 restarts'],
  ])('%i restarts are "%s"', (n, words) => expect(restartsWords(n)).toBe(words))

  it.each([
    [{ watts: 250, measuredWatts: 250 }, 'measured'],
    [{ watts: 40, measuredWatts: 0 }, 'estimated'],
    [{ watts: 250, measuredWatts: 238 }, '238 W measured + 12.0 W estimated'],
    [{ watts: 12.02, measuredWatts: 12 }, 'measured'],
  ])('the watts %o are %s', (watts, words) => expect(wattsProvenance(watts)).toBe(words))

  it("says a health endpoint's answer in words", () => {
    expect(healthWords({ url: 'http://127.0.0.1:8080/health', ok: true, detail: 'HTTP 200', at })).toBe('answers: HTTP 200')
    expect(healthWords({ url: 'http://127.0.0.1:8080/health', ok: false, detail: 'refused', at })).toBe('no good answer: refused')
  })

  it('builds the match each kind sends, with the field core names when it refuses it', () => {
    expect(matchOf('process', ' neurons/miner\\.py ')).toEqual({ kind: 'process', pattern: ' neurons/miner\\.py ' })
    expect(matchOf('container', ' akash-provider ')).toEqual({ kind: 'container', name: 'akash-provider' })
    expect(matchOf('systemd', 'lotus-miner.service')).toEqual({ kind: 'systemd', unit: 'lotus-miner.service' })
    expect(matchOf('health', 'http://127.0.0.1:8080/health')).toEqual({ kind: 'health', url: 'http://127.0.0.1:8080/health' })
    expect(matchKinds.map((k) => matchField(k.kind))).toEqual(['match.pattern', 'match.name', 'match.unit', 'match.url'])
    expect(matchKinds.map((k) => Object.keys(matchOf(k.kind, 'x'))[1])).toEqual(matchKinds.map((k) => matchField(k.kind).slice('match.'.length)))
  })

  it('says how a node is recognised', () => {
    expect(matchWords({ kind: 'process', pattern: 'miner\\.py' })).toBe('process matching /miner\\.py/')
    expect(matchWords({ kind: 'container', name: 'akash-provider' })).toBe('container akash-provider')
    expect(matchWords({ kind: 'systemd', unit: 'curio.service' })).toBe('systemd unit curio.service')
    expect(matchWords({ kind: 'health', url: 'http://127.0.0.1:1/' })).toBe('health URL http://127.0.0.1:1/')
  })

  it('says what this machine is, with the evidence', () => {
    expect(machineWords({ kind: 'vm', evidence: 'DMI product name "KVM"' })).toBe('This machine: a virtual machine (DMI product name "KVM")')
    expect(machineWords({ kind: 'unknown', evidence: '' })).toBe('This machine: not known')
  })

  it('puts the worst finding first and keeps core order among equals', () => {
    const finding = (rule: string, severity: PostureFinding['severity']): PostureFinding => ({ rule, severity, title: rule, why: '', fix: '', evidence: '' })
    const sorted = worstFirst([finding('a', 'info'), finding('b', 'warning'), finding('c', 'critical'), finding('d', 'warning')])
    expect(sorted.map((f) => f.rule)).toEqual(['c', 'b', 'd', 'a'])
  })

  it('shortens a sha256 for the eye', () => {
    expect(shortHash('ab'.repeat(32))).toBe('abababababababab…')
    expect(shortHash('abc')).toBe('abc')
  })
})

describe("a network's node on its profit card", () => {
  const now = 1_000 + 3 * 3_600_000
  it.each([
    ['running', 'node running · 3 h'],
    ['stopped', 'node stopped'],
    ['restarting', 'node restarting'],
    ['missing', 'node missing'],
  ] as const)('one %s node: "%s"', (state, text) => {
    expect(networkNodeWords([nodeView({ state })], 'bittensor', now)).toEqual({ text, state })
  })

  it('counts only confirmed nodes of that network', () => {
    expect(networkNodeWords([nodeView(), foundNode()], 'akash', now)).toEqual({ text: 'no node watched', state: null })
    expect(networkNodeWords([], 'grass', now)).toEqual({ text: 'no node watched', state: null })
  })

  it('says how many of several are running, its icon the worst state', () => {
    const nodes = [nodeView({ id: 'a' }), nodeView({ id: 'b', state: 'stopped' }), nodeView({ id: 'c' })]
    expect(networkNodeWords(nodes, 'bittensor', now)).toEqual({ text: '2 of 3 nodes running', state: 'stopped' })
  })
})
