import type { NodeMatch as ManualMatch } from '../../../../shared/contract/nodes.ts'
import type { ContainerFacts, MachineScan, ProcessFacts } from '../node-facts.ts'
import type { NodeSignature } from '../node-signature.ts'

/*
 * Which processes and containers of one scan are which node software: a pure function of the
 * scan and the signatures. Ownership, in order:
 *   1. a container whose image or name a signature declares is one node, with every process
 *      inside it;
 *   2. a systemd unit a signature declares is one node, with every process in the unit;
 *   3. a process whose name or command line matches is one node, with its descendants; when it
 *      runs inside a container no signature claimed, the node is that whole container.
 * A process is owned once: an ancestor's or a container's claim comes first, so the children
 * of a matched process (workers, a pm2-started miner's helpers) count with it.
 */

export type MatchReason = 'image' | 'container-name' | 'systemd-unit' | 'process-name' | 'command-line' | 'health-url'

export type NodeCandidate = {
  signature: NodeSignature
  /** The matched process (or the unit's, or the container's processes) and every descendant, ascending. */
  pids: readonly number[]
  /** The process the match anchors on: the matched one, the unit's oldest, or the container's main pid; null for a node with none. */
  mainPid: number | null
  containerId?: string
  systemdUnit?: string
  matchedBy: MatchReason
}

/** A node the operator added by hand (settings' NodeMatch), under the id settings gave it. */
export type ManualNodeSpec = { id: string; network: string; match: ManualMatch }

/** The signature a hand-added node stands for: the same matching, one rule. */
export function manualSignature(spec: ManualNodeSpec): NodeSignature {
  const base = { network: spec.network, id: spec.id, installPlaces: [], sources: [] }
  const { match } = spec
  switch (match.kind) {
    case 'process':
      // Settings checked that the pattern compiles; it runs over one command line at a time.
      return { ...base, software: `process matching /${match.pattern}/`, commandLine: [new RegExp(match.pattern)] }
    case 'container':
      return { ...base, software: `container ${match.name}`, containerNames: [match.name] }
    case 'systemd':
      return { ...base, software: `systemd unit ${match.unit}`, systemdUnits: [match.unit] }
    case 'health':
      return { ...base, software: `status page ${match.url}`, health: { url: match.url, note: 'added by hand' } }
  }
}

/** 'ghcr.io/akash-network/provider:0.6.4@sha256:…' → 'ghcr.io/akash-network/provider'; a registry's :port stays. */
export function imageWithoutTag(image: string): string {
  const bare = image.split('@')[0] ?? ''
  const colon = bare.lastIndexOf(':')
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare
}

/**
 * Name comparison that survives the kernel's 15-byte comm ("AethirCheckerService" is shown as
 * "AethirCheckerSe") and Windows' ".exe" (systeminformation names "helium_gateway.exe").
 */
export function sameProcessName(seen: string, declared: string): boolean {
  const name = seen.toLowerCase().replace(/\.exe$/, '')
  const wanted = declared.toLowerCase().replace(/\.exe$/, '')
  return name === wanted || (name.length === 15 && wanted.startsWith(name))
}

/** `line` is the command line joined with spaces, computed once per process. */
function processMatch(process: ProcessFacts, line: string, signature: NodeSignature): MatchReason | null {
  if (signature.processNames?.some((name) => sameProcessName(process.name, name))) return 'process-name'
  if (line !== '' && signature.commandLine?.some((pattern) => pattern.test(line))) return 'command-line'
  return null
}

type ProcessVerdict = { name: string; signature: NodeSignature; reason: MatchReason } | { name: string; signature: null }

/**
 * Verdicts per command line, kept while the table hands out the same argv array: the procfs
 * table reads argv once per process and returns that array every scan, so a steady process is
 * judged once, not every 5 s against every pattern. Keyed by the signature list too, and
 * checked against the name, so the answer is always what matching again would give.
 */
const verdicts = new WeakMap<readonly NodeSignature[], WeakMap<readonly string[], ProcessVerdict>>()

function verdictFor(process: ProcessFacts, signatures: readonly NodeSignature[]): ProcessVerdict {
  let bySignatures = verdicts.get(signatures)
  if (bySignatures === undefined) {
    bySignatures = new WeakMap()
    verdicts.set(signatures, bySignatures)
  }
  const kept = bySignatures.get(process.cmdline)
  if (kept !== undefined && kept.name === process.name) return kept
  const line = process.cmdline.join(' ')
  let verdict: ProcessVerdict = { name: process.name, signature: null }
  for (const signature of signatures) {
    const reason = processMatch(process, line, signature)
    if (reason === null) continue
    verdict = { name: process.name, signature, reason }
    break
  }
  // An empty argv is one shared shape for every kernel thread; not worth keeping.
  if (process.cmdline.length > 0) bySignatures.set(process.cmdline, verdict)
  return verdict
}

function containerMatch(container: ContainerFacts, signature: NodeSignature): MatchReason | null {
  if (signature.containerNames?.includes(container.name)) return 'container-name'
  const image = imageWithoutTag(container.image)
  if (signature.images?.some((pattern) => pattern.test(image))) return 'image'
  return null
}

/** Process tree and ownership bookkeeping for one scan. */
class Claims {
  readonly byPid = new Map<number, ProcessFacts>()
  readonly children = new Map<number, number[]>()
  readonly owner = new Map<number, number>()

  constructor(processes: readonly ProcessFacts[]) {
    for (const process of processes) this.byPid.set(process.pid, process)
    for (const process of processes) {
      if (process.ppid === process.pid || !this.byPid.has(process.ppid)) continue
      const siblings = this.children.get(process.ppid)
      if (siblings === undefined) this.children.set(process.ppid, [process.pid])
      else siblings.push(process.pid)
    }
  }

  /** Claims `pids` and their unclaimed descendants for candidate `index`; returns what it claimed. */
  claim(pids: readonly number[], index: number): number[] {
    const claimed: number[] = []
    const stack = [...pids]
    while (stack.length > 0) {
      const pid = stack.pop() as number
      if (this.owner.has(pid)) continue
      this.owner.set(pid, index)
      claimed.push(pid)
      stack.push(...(this.children.get(pid) ?? []))
    }
    return claimed.sort((a, b) => a - b)
  }

  /** Processes parents-first, so an ancestor's match is seen before its descendants'. */
  topDown(): ProcessFacts[] {
    const order: ProcessFacts[] = []
    const visited = new Set<number>()
    const roots = [...this.byPid.values()].filter((p) => p.ppid === p.pid || !this.byPid.has(p.ppid)).map((p) => p.pid)
    const walk = (start: number): void => {
      const stack = [start]
      while (stack.length > 0) {
        const pid = stack.pop() as number
        if (visited.has(pid)) continue
        visited.add(pid)
        const process = this.byPid.get(pid)
        if (process !== undefined) order.push(process)
        stack.push(...[...(this.children.get(pid) ?? [])].reverse())
      }
    }
    for (const root of roots) walk(root)
    // A parent loop (only in a malformed table) has no root: its members still get visited.
    for (const pid of this.byPid.keys()) walk(pid)
    return order
  }
}

type Pass = { scan: Pick<MachineScan, 'processes' | 'containers'>; signatures: readonly NodeSignature[]; claims: Claims; candidates: NodeCandidate[]; claimedContainers: Set<string> }

const inContainer = (pass: Pass, id: string): number[] => pass.scan.processes.filter((p) => p.containerId === id).map((p) => p.pid)

/** 1. Containers a signature declares by image or name, with every process inside. */
function claimContainers(pass: Pass): void {
  for (const container of pass.scan.containers) {
    for (const signature of pass.signatures) {
      const reason = containerMatch(container, signature)
      if (reason === null) continue
      const pids = pass.claims.claim(inContainer(pass, container.id), pass.candidates.length)
      pass.candidates.push({ signature, pids, mainPid: container.pid > 0 ? container.pid : null, containerId: container.id, matchedBy: reason })
      pass.claimedContainers.add(container.id)
      break
    }
  }
}

/** 2. systemd units a signature declares, with every process in the unit; anchored on its oldest. */
function claimUnits(pass: Pass): void {
  for (const signature of pass.signatures) {
    for (const unit of signature.systemdUnits ?? []) {
      const members = pass.scan.processes.filter((p) => p.systemdUnit === unit && !pass.claims.owner.has(p.pid))
      if (members.length === 0) continue
      const oldest = members.reduce((a, b) => (b.startedAtMs < a.startedAtMs ? b : a))
      const pids = pass.claims.claim(
        members.map((p) => p.pid),
        pass.candidates.length,
      )
      pass.candidates.push({ signature, pids, mainPid: oldest.pid, systemdUnit: unit, matchedBy: 'systemd-unit' })
    }
  }
}

/** 3. Processes by name or command line, parents first, with their descendants (or their whole unclaimed container). */
function claimProcesses(pass: Pass): void {
  for (const process of pass.claims.topDown()) {
    // Kernel threads have no command line and no executable: nothing to match.
    if (pass.claims.owner.has(process.pid) || (process.cmdline.length === 0 && process.exe === null)) continue
    const verdict = verdictFor(process, pass.signatures)
    if (verdict.signature === null) continue
    const container = process.containerId !== null && !pass.claimedContainers.has(process.containerId) ? process.containerId : null
    const pids = pass.claims.claim(container === null ? [process.pid] : [process.pid, ...inContainer(pass, container)], pass.candidates.length)
    if (container !== null) pass.claimedContainers.add(container)
    pass.candidates.push({ signature: verdict.signature, pids, mainPid: process.pid, ...(container === null ? {} : { containerId: container }), matchedBy: verdict.reason })
  }
}

/** A node known only by its status page has nothing to find in the scan; it is a candidate still. */
function healthOnly(signature: NodeSignature): boolean {
  const ways = [signature.processNames, signature.commandLine, signature.images, signature.containerNames, signature.systemdUnits]
  return signature.health !== undefined && ways.every((list) => (list?.length ?? 0) === 0)
}

/**
 * The candidate nodes in one scan. `signatures` are the networks' and any hand-added ones
 * (manualSignature); pass the same array from scan to scan, so a steady process's verdict is
 * reused instead of matched again (see verdictFor).
 */
export function recognize(scan: Pick<MachineScan, 'processes' | 'containers'>, signatures: readonly NodeSignature[]): NodeCandidate[] {
  const pass: Pass = { scan, signatures, claims: new Claims(scan.processes), candidates: [], claimedContainers: new Set() }
  claimContainers(pass)
  claimUnits(pass)
  claimProcesses(pass)
  for (const signature of signatures.filter(healthOnly)) pass.candidates.push({ signature, pids: [], mainPid: null, matchedBy: 'health-url' })
  return pass.candidates
}
