import { describe, expect, it } from 'vitest'
import type { NodeView, NodesSnapshot } from '../../../../src/shared/contract/nodes.ts'
import { nodeDown } from '../../../../src/main/core/alerts/rules/node-down.ts'
import { nodeExposed } from '../../../../src/main/core/alerts/rules/node-exposed.ts'
import { nodeRestarted } from '../../../../src/main/core/alerts/rules/node-restarted.ts'
import { minute, now, state, thresholds } from './state.ts'

/* Node rules over the Nodes snapshot: only confirmed nodes speak; each at the edge of its threshold. */

function node(overrides: Partial<NodeView> = {}): NodeView {
  return {
    id: 'akash-provider:container:provider',
    name: 'Provider',
    network: 'akash',
    networkName: 'Akash',
    software: 'Akash provider',
    confirmed: true,
    match: { kind: 'container', name: 'provider' },
    where: 'container provider',
    state: 'running',
    since: now - 60 * minute,
    restarts: 0,
    pids: [100],
    resources: { cpuPercent: 1, memoryBytes: 1, diskReadBytesPerSecond: null, diskWriteBytesPerSecond: null, netRxBytesPerSecond: null, netTxBytesPerSecond: null, gpus: [] },
    watts: null,
    health: null,
    posture: [],
    binary: null,
    ...overrides,
  }
}

function withNodes(...nodes: NodeView[]): ReturnType<typeof state> {
  const snapshot: NodesSnapshot = { nodes, scannedAt: now, machine: { kind: 'dedicated', evidence: 'test' }, problems: [] }
  return state({ nodes: snapshot })
}

describe('node-down', () => {
  it('fires for a confirmed node that is not running, never for one only found', () => {
    expect(nodeDown.evaluate(withNodes(node()), thresholds(nodeDown))).toEqual([])
    expect(nodeDown.evaluate(withNodes(node({ state: 'stopped', confirmed: false })), thresholds(nodeDown))).toEqual([])
    for (const down of ['stopped', 'restarting', 'missing'] as const) {
      const [finding] = nodeDown.evaluate(withNodes(node({ state: down, since: now - 5 * minute })), thresholds(nodeDown))
      expect(finding).toMatchObject({ subject: 'akash-provider:container:provider', network: 'akash', view: 'nodes', figure: down })
      expect(finding?.message).toContain(`is ${down} (for 5 min`)
    }
  })

  it('waits the grace minutes, and says which are down', () => {
    expect(nodeDown.openAfterMs(thresholds(nodeDown))).toBe(3 * minute)
    expect(nodeDown.openAfterMs(thresholds(nodeDown, { graceMinutes: 0 }))).toBe(0)
    expect(nodeDown.current(withNodes(node(), node({ id: 'b', name: 'Miner', state: 'stopped' })), thresholds(nodeDown))).toBe('“Miner” stopped')
    expect(nodeDown.current(withNodes(), thresholds(nodeDown))).toBeNull()
  })
})

describe('node-restarted', () => {
  it('holds a restart open for its window, up to the edge', () => {
    const window = thresholds(nodeRestarted, { windowMinutes: 30 })
    expect(nodeRestarted.evaluate(withNodes(node({ restarts: 0, since: now - minute })), window)).toEqual([])
    expect(nodeRestarted.evaluate(withNodes(node({ restarts: 1, since: now - 30 * minute + 1 })), window)).toHaveLength(1)
    expect(nodeRestarted.evaluate(withNodes(node({ restarts: 1, since: now - 30 * minute })), window)).toEqual([])
    expect(nodeRestarted.evaluate(withNodes(node({ restarts: 2, since: now - minute, state: 'stopped' })), window)).toEqual([])
    const [finding] = nodeRestarted.evaluate(withNodes(node({ restarts: 2, since: now - minute })), window)
    expect(finding?.figure).toBe('2 restarts')
  })
})

describe('node-exposed', () => {
  const finding = (rule: string, evidence: string) => ({ rule, severity: 'warning' as const, title: 'Listens on a public address', why: 'Other machines can connect.', fix: 'Bind it to 127.0.0.1.', evidence })

  it('fires once per exposure, not for other posture findings', () => {
    expect(nodeExposed.evaluate(withNodes(node({ posture: [finding('runs-as-root', 'uid 0')] })), {})).toEqual([])
    const exposed = nodeExposed.evaluate(withNodes(node({ posture: [finding('listens-publicly', '0.0.0.0:8443'), finding('listens-publicly', '[::]:9090'), finding('container-host-network', 'network host')] })), {})
    expect(exposed.map((f) => f.subject)).toEqual(['akash-provider:container:provider|0.0.0.0:8443', 'akash-provider:container:provider|[::]:9090', 'akash-provider:container:provider|network host'])
    expect(exposed[0]?.message).toMatch(/Bind it to 127\.0\.0\.1\./)
    expect(nodeExposed.evaluate(withNodes(node({ confirmed: false, posture: [finding('listens-publicly', '0.0.0.0:1')] })), {})).toEqual([])
  })
})
