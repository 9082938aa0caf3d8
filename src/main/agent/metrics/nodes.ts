import { nodeStates, type NodeView } from '../../../shared/contract/nodes.ts'
import { bool, capped, countBy, type Labels, type MetricSpec, sample, seconds, text } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * The DePIN nodes on this machine, by core's node id (`docker:akash-provider`, a process match's
 * id): confirmed ones first, then the ones a scan found and the operator has not confirmed,
 * under the cap. depin_nodes counts every node whatever the cap, so totals stay right.
 */

type Labelled = { node: NodeView; labels: Labels }

/** Confirmed nodes first (the ones the operator watches), in core's order within each. */
function nodes(state: MetricsState): Labelled[] {
  const all = state.nodes?.nodes ?? []
  const ordered = [...all.filter((node) => node.confirmed), ...all.filter((node) => !node.confirmed)]
  return capped('nodes', ordered).map((node) => ({ node, labels: { node: node.id, network: node.network } }))
}

const labelNames = ['node', 'network'] as const

function perNode(name: string, help: string, value: (node: NodeView) => number | null, type: 'gauge' | 'counter' = 'gauge'): MetricSpec {
  return { name, help, type, labelNames, samples: (state) => nodes(state).flatMap(({ node, labels }) => sample(labels, value(node))) }
}

const ratio = (percent: number | null): number | null => (percent === null ? null : percent / 100)

export const nodeMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_node_info',
    help: "A node's name, its software and whether the operator confirmed it; always 1.",
    type: 'gauge',
    labelNames: [...labelNames, 'name', 'software', 'confirmed'],
    samples: (state) =>
      nodes(state).map(({ node, labels }) => ({ labels: { ...labels, name: text(node.name), software: text(node.software), confirmed: String(node.confirmed) }, value: 1 })),
  },
  {
    name: 'depin_node_state',
    help: "A node's state: 1 on the state it is in (running, restarting, stopped, missing), 0 on the others.",
    type: 'gauge',
    labelNames: [...labelNames, 'state'],
    samples: (state) => nodes(state).flatMap(({ node, labels }) => nodeStates.map((name) => ({ labels: { ...labels, state: name }, value: bool(node.state === name) }))),
  },
  perNode('depin_node_state_since_timestamp_seconds', 'Since when the node has been in its state, as far as the agent has watched.', (node) => seconds(node.since)),
  perNode('depin_node_restarts_total', 'Restarts seen since the agent started watching, plus a container’s own count.', (node) => node.restarts, 'counter'),
  perNode('depin_node_cpu_utilization_ratio', "The node's share of all the machine's CPU time (0 to 1).", (node) => ratio(node.resources.cpuPercent)),
  perNode('depin_node_memory_bytes', 'Memory the node uses.', (node) => node.resources.memoryBytes),
  perNode('depin_node_disk_read_bytes_per_second', 'Bytes the node reads from disk per second.', (node) => node.resources.diskReadBytesPerSecond),
  perNode('depin_node_disk_written_bytes_per_second', 'Bytes the node writes to disk per second.', (node) => node.resources.diskWriteBytesPerSecond),
  perNode('depin_node_network_receive_bytes_per_second', 'Bytes a container node receives per second (a host process shares the machine’s interfaces).', (node) => node.resources.netRxBytesPerSecond),
  perNode('depin_node_network_transmit_bytes_per_second', 'Bytes a container node sends per second.', (node) => node.resources.netTxBytesPerSecond),
  {
    name: 'depin_node_power_watts',
    help: "The node's share of the machine's watts now (its GPUs, its share of the CPU), split into the measured part and the estimated rest.",
    type: 'gauge',
    labelNames: [...labelNames, 'measured'],
    samples: (state) =>
      nodes(state).flatMap(({ node, labels }) =>
        node.watts === null
          ? []
          : [
              { labels: { ...labels, measured: 'true' }, value: node.watts.measuredWatts },
              { labels: { ...labels, measured: 'false' }, value: Math.max(0, node.watts.watts - node.watts.measuredWatts) },
            ],
      ),
  },
  perNode('depin_node_health_up', "1 when the node's own status page answers healthy, 0 when not; absent where it has none.", (node) => (node.health === null ? null : bool(node.health.ok))),
  perNode('depin_node_binary_changed', "1 when the node's binary is no longer the one first seen (until the operator trusts it).", (node) => (node.binary === null ? null : bool(node.binary.changed))),
  {
    name: 'depin_node_posture_findings',
    help: "Security posture findings on the node by posture rule (listens-publicly, runs-as-root, container-host-network, ...) and severity; absent when none.",
    type: 'gauge',
    labelNames: [...labelNames, 'rule', 'severity'],
    samples: (state) =>
      nodes(state).flatMap(({ node, labels }) => countBy(node.posture, (finding) => ({ ...labels, rule: finding.rule, severity: finding.severity }))),
  },
  {
    name: 'depin_nodes',
    help: 'Nodes on this machine by network, state and whether confirmed: every node, whatever the label cap.',
    type: 'gauge',
    labelNames: ['network', 'state', 'confirmed'],
    samples: (state) => countBy(state.nodes?.nodes ?? [], (node) => ({ network: node.network, state: node.state, confirmed: String(node.confirmed) })),
  },
]
