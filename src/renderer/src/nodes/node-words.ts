import type { NodeHealth, NodeMatch, NodesSnapshot, NodeState, NodeView, NodeWatts, PostureFinding } from '../../../shared/contract/nodes.ts'
import type { NetworkId } from '../../../shared/contract/wallets.ts'
import { severityOrder, whenWords } from '../alerts/alert-words.ts'
import { formatSpan, formatWatts } from '../common/format.ts'

/*
 * Words for the Nodes view and the node line on profit cards. Core finds, measures and judges
 * every node; these only say it. The contract's lists live beside zod (nodes.ts), which the page
 * must not load, so the few the page needs are spelt here and checked against its types.
 */

export const nodeStateWords: Record<NodeState, string> = { running: 'Running', restarting: 'Restarting', stopped: 'Stopped', missing: 'Missing' }

/** A shape per state, so the state never rests on colour alone (shown beside the word, hidden from screen readers). */
export const nodeStateIcons: Record<NodeState, string> = { running: '▶', restarting: '↻', stopped: '■', missing: '○' }

/** What each state means, for a tooltip. */
export const nodeStateMeaning: Record<NodeState, string> = {
  running: 'its process or container is up',
  restarting: 'its container is restarting, or it just went down and came back',
  stopped: 'it ran, and is not running now',
  missing: 'core does not find it on this machine',
}

/** "up 3 h 10 min · since 14:05" while running; "since 14:05 (12 min)" otherwise. */
export function sinceStateWords(node: Pick<NodeView, 'state' | 'since'>, now: number): string {
  const span = formatSpan(Math.max(0, now - node.since))
  return node.state === 'running' ? `up ${span} · since ${whenWords(node.since, now)}` : `since ${whenWords(node.since, now)} (${span})`
}

export function restartsWords(restarts: number): string {
  if (restarts === 0) return 'no restarts seen'
  return restarts === 1 ? '1 restart' : `${restarts} restarts`
}

/** How much of a node's watts a sensor measured: every figure says where it came from. */
export function wattsProvenance({ watts, measuredWatts }: Pick<NodeWatts, 'watts' | 'measuredWatts'>): string {
  const estimated = Math.max(0, watts - measuredWatts)
  if (measuredWatts <= 0) return 'estimated'
  if (estimated < 0.05) return 'measured'
  return `${formatWatts(measuredWatts)} measured + ${formatWatts(estimated)} estimated`
}

export function healthWords(health: NodeHealth): string {
  return `${health.ok ? 'answers' : 'no good answer'}: ${health.detail}`
}

/** The match kinds the "Add a node by hand" form offers, with what to type for each. */
export const matchKinds = [
  { kind: 'process', label: 'Process pattern', valueLabel: 'Command-line pattern', placeholder: 'neurons/miner\\.py --netuid 19', hint: 'A regular expression over the whole command line.' },
  { kind: 'container', label: 'Container name', valueLabel: 'Container name', placeholder: 'akash-provider', hint: 'The name Docker shows for it (docker ps).' },
  { kind: 'systemd', label: 'systemd unit', valueLabel: 'Unit', placeholder: 'lotus-miner.service', hint: 'A .service or .scope unit.' },
  { kind: 'health', label: 'Health URL', valueLabel: 'Health URL', placeholder: 'http://127.0.0.1:8080/health', hint: "The node's own status page on this machine (loopback only)." },
] as const satisfies readonly { kind: NodeMatch['kind']; label: string; valueLabel: string; placeholder: string; hint: string }[]

export type MatchKind = NodeMatch['kind']

/** The match the form sends for what was typed; core checks it. */
export function matchOf(kind: MatchKind, value: string): NodeMatch {
  switch (kind) {
    case 'process':
      return { kind, pattern: value }
    case 'container':
      return { kind, name: value.trim() }
    case 'systemd':
      return { kind, unit: value.trim() }
    case 'health':
      return { kind, url: value.trim() }
  }
}

/** The field core names when it refuses a match's value ("match.pattern"). */
export function matchField(kind: MatchKind): string {
  return { process: 'match.pattern', container: 'match.name', systemd: 'match.unit', health: 'match.url' }[kind]
}

/** "process /neurons\/miner\.py/", "container akash-provider". */
export function matchWords(match: NodeMatch): string {
  switch (match.kind) {
    case 'process':
      return `process matching /${match.pattern}/`
    case 'container':
      return `container ${match.name}`
    case 'systemd':
      return `systemd unit ${match.unit}`
    case 'health':
      return `health URL ${match.url}`
  }
}

const machineKindWords: Record<NodesSnapshot['machine']['kind'], string> = {
  vm: 'a virtual machine',
  container: 'a container',
  dedicated: 'a dedicated host',
  everyday: 'an everyday machine',
  unknown: 'not known',
}

/** "This machine: a virtual machine (DMI product name KVM)". */
export function machineWords({ kind, evidence }: NodesSnapshot['machine']): string {
  return `This machine: ${machineKindWords[kind]}${evidence === '' ? '' : ` (${evidence})`}`
}

/** Worst first; core's order among equals. */
export function worstFirst(findings: readonly PostureFinding[]): PostureFinding[] {
  return [...findings].sort((a, b) => severityOrder.indexOf(b.severity) - severityOrder.indexOf(a.severity))
}

/** The start of a sha256, enough to compare by eye; the whole of it goes in a tooltip. */
export function shortHash(sha256: string): string {
  return sha256.length > 16 ? `${sha256.slice(0, 16)}…` : sha256
}

export type NetworkNodeState = { text: string; state: NodeState | null }

/**
 * The node line on a network's profit card: "node running · 3 h", "node stopped", "no node
 * watched"; several nodes: "2 of 3 nodes running". Only confirmed nodes count.
 */
export function networkNodeWords(nodes: readonly NodeView[], network: NetworkId, now: number): NetworkNodeState {
  const mine = nodes.filter((n) => n.confirmed && n.network === network)
  const [only] = mine
  if (only === undefined) return { text: 'no node watched', state: null }
  if (mine.length === 1) {
    const up = only.state === 'running' ? ` · ${formatSpan(Math.max(0, now - only.since))}` : ''
    return { text: `node ${nodeStateWords[only.state].toLowerCase()}${up}`, state: only.state }
  }
  const running = mine.filter((n) => n.state === 'running').length
  // The worst state leads the icon: one stopped node of three is what the operator must see.
  const worst = (['missing', 'stopped', 'restarting', 'running'] as const).find((s) => mine.some((n) => n.state === s)) ?? 'running'
  return { text: `${running} of ${mine.length} nodes running`, state: worst }
}
