import type { NodeMatch, NodeSetting } from '../../../shared/contract/nodes.ts'
import type { ContainerFacts, MachineScan, ProcessFacts } from './node-facts.ts'
import type { NodeSignature } from './node-signature.ts'
import { manualSignature, recognize, type NodeCandidate } from './signatures/recognize.ts'

/*
 * From recognised software to nodes: a candidate the networks' signatures found gets an id from
 * what anchors it (its container, its systemd unit, or its executable) and the match settings
 * keep once the operator confirms it; a watched node is found again by that saved match, so it
 * stays the same node when its software updates.
 */

export type MatchedNode = {
  /** Its processes, the anchor (the main process) first. */
  processes: ProcessFacts[]
  container: ContainerFacts | null
}

export type DiscoveredNode = { setting: Omit<NodeSetting, 'addedAt'>; signature: NodeSignature; found: MatchedNode }

export const commandLineOf = (process: ProcessFacts): string => (process.cmdline.length > 0 ? process.cmdline.join(' ') : process.name)

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9:._@/-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 150) || 'node'

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function matchedOf(scan: MachineScan, candidates: readonly NodeCandidate[]): MatchedNode {
  const byPid = new Map(scan.processes.map((process) => [process.pid, process]))
  const anchors = new Set(candidates.flatMap((candidate) => (candidate.mainPid === null ? [] : [candidate.mainPid])))
  const pids = [...new Set(candidates.flatMap((candidate) => candidate.pids))]
  const processes = pids.flatMap((pid) => {
    const process = byPid.get(pid)
    return process === undefined ? [] : [process]
  })
  // The anchor first: the oldest main process, whose start is the node's.
  processes.sort((a, b) => Number(anchors.has(b.pid)) - Number(anchors.has(a.pid)) || a.startedAtMs - b.startedAtMs)
  const containerId = candidates.find((candidate) => candidate.containerId !== undefined)?.containerId
  return { processes, container: scan.containers.find((container) => container.id === containerId) ?? null }
}

function anchorOf(scan: MachineScan, candidate: NodeCandidate): { id: string; match: NodeMatch; where: string } | null {
  const container = candidate.containerId === undefined ? undefined : scan.containers.find((c) => c.id === candidate.containerId)
  if (container !== undefined) return { id: `container:${container.name}`, match: { kind: 'container', name: container.name }, where: container.name }
  if (candidate.systemdUnit !== undefined) return { id: `unit:${candidate.systemdUnit}`, match: { kind: 'systemd', unit: candidate.systemdUnit }, where: candidate.systemdUnit }
  const main = scan.processes.find((process) => process.pid === candidate.mainPid)
  if (main === undefined) return null
  const program = programOf(main)
  const pattern = program.args.length > 0 ? `^${program.args.map(escapeRegExp).join(' ')}(\\s|$)` : `^${escapeRegExp(main.name)}$`
  return { id: `exe:${program.words}`, match: { kind: 'process', pattern: pattern.slice(0, 200) }, where: program.words }
}

/** Interpreters run the node's own program as their first argument that is not an option. */
const interpreter = /^(python[\d.]*|node|bun|deno|java|ruby|perl|php)$/i

/**
 * The arguments that name the node's program: the executable, and for an interpreter the script
 * too (`python3 -u neurons/miner.py`), since `^python3` would find every Python process. The
 * signature's own pattern could also find other software's processes; this finds this one.
 */
function programOf(main: ProcessFacts): { args: string[]; words: string } {
  const argv = main.cmdline
  const first = argv[0]
  if (first === undefined) return { args: [], words: main.exe ?? main.name }
  const base = first.split(/[\\/]/).pop() ?? first
  const script = interpreter.test(base) ? argv.findIndex((arg, index) => index > 0 && !arg.startsWith('-')) : -1
  const args = script === -1 ? [first] : argv.slice(0, script + 1)
  return { args, words: script === -1 ? (main.exe ?? first) : `${main.exe ?? first} ${argv[script] ?? ''}` }
}

/** Nodes the networks' signatures find in a scan, one per anchor. */
export function discoverNodes(scan: MachineScan, signatures: readonly NodeSignature[]): DiscoveredNode[] {
  const nodes = new Map<string, DiscoveredNode & { candidates: NodeCandidate[] }>()
  for (const candidate of recognize(scan, signatures)) {
    const anchor = anchorOf(scan, candidate)
    if (anchor === null) continue
    const id = slug(`${candidate.signature.id}:${anchor.id}`)
    const known = nodes.get(id)
    if (known !== undefined) {
      known.candidates.push(candidate)
      continue
    }
    const setting = { id, name: candidate.signature.software, network: candidate.signature.network, software: candidate.signature.id, match: anchor.match }
    nodes.set(id, { setting, signature: candidate.signature, found: { processes: [], container: null }, candidates: [candidate] })
  }
  return [...nodes.values()].map(({ candidates, ...node }) => ({ ...node, found: matchedOf(scan, candidates) }))
}

/** A watched node's processes and container, by its saved match; null for a health-only node (nothing to find). */
export function findWatched(scan: MachineScan, setting: Pick<NodeSetting, 'id' | 'network' | 'match'>): MatchedNode | null {
  if (setting.match.kind === 'health') return null
  const own = scan.processes.filter((process) => process.pid !== globalThis.process.pid)
  // The scan without DePIN Desk's own process: a pattern typed into it never finds the app itself.
  const view = { ...scan, processes: own }
  const candidates = recognize(view, [manualSignature({ id: setting.id, network: setting.network, match: setting.match })]).filter((candidate) => candidate.matchedBy !== 'health-url')
  // A container matched by name is a candidate whatever its state, so a stopped one is found too.
  return matchedOf(view, candidates)
}
