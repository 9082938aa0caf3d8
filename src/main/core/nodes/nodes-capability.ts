import { homedir } from 'node:os'
import { join } from 'node:path'
import type { NodeSetting, NodeView, NodesSnapshot, PostureFinding } from '../../../shared/contract/nodes.ts'
import type { PowerReading } from '../../../shared/contract/power.ts'
import type { Capability, CoreContext } from '../capability.ts'
import { DeskError } from '../errors.ts'
import type { Hardware } from '../hardware/hardware-capability.ts'
import type { Wallets } from '../wallets/wallets-capability.ts'
import { nodeDeviceId } from '../profit/attribution.ts'
import type { NvidiaComputeApps } from '../hardware/power/nvidia-compute-apps.ts'
import type { MachineScan, ProcessFacts } from './node-facts.ts'
import { commandLineOf, discoverNodes, findWatched, type DiscoveredNode, type MatchedNode } from './node-discovery.ts'
import { HealthChecks } from './node-health.ts'
import { addNode, confirmNode, dismissNode, removeNode } from './node-settings.ts'
import type { NodeSignature } from './node-signature.ts'
import { trackNode, type NodeSighting, type TrackedNode } from './node-tracker.ts'
import { nodeResources, UsageDeltas, type NodeCounters } from './node-usage.ts'
import { nodeWatts, type NodeUse } from './node-watts.ts'
import { createMachineScanner, type MachineScanner } from './machine-scanner.ts'
import { BinaryHashes, detectMachineKind, postureOf, type MachineKind } from './posture/index.ts'
import { signatures as allSignatures } from './signatures/index.ts'

type NodesMethods = 'nodes.list' | 'nodes.confirm' | 'nodes.add' | 'nodes.remove' | 'nodes.trustBinary'

export type Nodes = Capability<NodesMethods> & {
  /** The last scan's view, or null before the first. */
  readonly snapshot: NodesSnapshot | null
}

export type NodesOptions = {
  /** Injected for tests: fake procfs trees, a loopback Docker socket. */
  scanner?: MachineScanner
  signatures?: readonly NodeSignature[]
  /** Overrides the saved scan cadence for this run (tests). */
  scanIntervalMs?: number
  now?: () => number
}

/** How often the machine kind is judged again (a VM does not become a laptop between scans). */
const machineEveryMs = 3_600_000

/** A node the view is built for: confirmed (from settings) or found and waiting. */
type Candidate = { setting: NodeSetting; confirmed: boolean; signature: NodeSignature | null; found: MatchedNode | null }

/** A node's own status page: the one added by hand, or its software's default. */
const healthUrl = ({ setting, signature }: Candidate): string | undefined => (setting.match.kind === 'health' ? setting.match.url : signature?.health?.url)

/**
 * The DePIN nodes on this machine: scanned every few seconds (processes from /proc, containers
 * from the Docker Engine API), matched to what each network's node looks like, tracked over
 * time, given their measured share of the machine's watts and judged for security posture.
 * Nothing here makes a call off the machine.
 */
export function createNodes(ctx: CoreContext, hardware: Hardware, wallets: Wallets, options: NodesOptions = {}): Nodes {
  const { settings, log, events } = ctx
  const now = options.now ?? Date.now
  const signatures = options.signatures ?? allSignatures
  const bySoftware = new Map(signatures.map((signature) => [signature.id, signature]))
  const scanner = options.scanner ?? createMachineScanner({ log })
  const hashes = ctx.dataDir === undefined ? null : new BinaryHashes({ path: join(ctx.dataDir, 'node-binaries.json'), now, log })
  const health = new HealthChecks({ now })
  const usage = new UsageDeltas()
  const tracked = new Map<string, TrackedNode>()
  let computeApps: NvidiaComputeApps | null = null
  let machine: { at: number; kind: MachineKind } | null = null
  let snapshot: NodesSnapshot | null = null
  /** What the last scan found waiting to be confirmed, as settings would keep it. */
  let offered = new Map<string, NodeSetting>()
  /** The confirmed nodes' use of the machine at the last scan: what each sample's watts are split by. */
  let watchedUses: { nodes: NodeUse[]; machineCpuSeconds: number } = { nodes: [], machineCpuSeconds: 0 }
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let scanning: Promise<NodesSnapshot> | null = null

  async function machineKind(processes: readonly ProcessFacts[]): Promise<MachineKind> {
    if (machine !== null && now() - machine.at < machineEveryMs) return machine.kind
    const kind = await detectMachineKind({ processes }).catch((error: unknown): MachineKind => ({ kind: 'unknown', evidence: `could not be read (${error instanceof Error ? error.message : String(error)})` }))
    machine = { at: now(), kind }
    return kind
  }

  /** NVIDIA's per-process stream runs only once the sampler has seen an NVIDIA GPU. */
  async function gpuApps(): Promise<ReturnType<NvidiaComputeApps['apps']>> {
    const hasNvidia = hardware.latest?.gpus.some((gpu) => gpu.id.startsWith('nvidia:')) ?? false
    if (!hasNvidia) return []
    if (computeApps === null) {
      const { NvidiaComputeApps } = await import('../hardware/power/nvidia-compute-apps.ts')
      computeApps = new NvidiaComputeApps({ intervalMs: settings.current.nodes.scanIntervalMs })
      computeApps.start()
    }
    return computeApps.apps()
  }

  function candidates(scan: MachineScan, discovered: readonly DiscoveredNode[]): Candidate[] {
    const saved = settings.current.nodes
    const confirmed = saved.nodes.map((setting): Candidate => ({ setting, confirmed: true, signature: setting.software === null ? null : (bySoftware.get(setting.software) ?? null), found: findWatched(scan, setting) }))
    const known = new Set([...saved.nodes.map((node) => node.id), ...saved.dismissed])
    // A watched node's processes are its own: one also found by a signature is not offered again.
    const watchedPids = new Set(confirmed.flatMap((candidate) => candidate.found?.processes.map((p) => p.pid) ?? []))
    const found = discovered.filter((node) => !known.has(node.setting.id) && !node.found.processes.some((p) => watchedPids.has(p.pid))).map((node): Candidate => ({ setting: { ...node.setting, addedAt: scan.at }, confirmed: false, signature: node.signature, found: node.found }))
    return [...confirmed, ...found]
  }

  function sighting(candidate: Candidate, scan: MachineScan): NodeSighting {
    const { found, setting } = candidate
    if (found === null) {
      // A health-only node is as alive as its endpoint says.
      const answer = setting.match.kind === 'health' ? health.latest(setting.match.url, undefined, () => undefined) : null
      return { state: answer?.ok === true ? 'running' : 'stopped', startedAtMs: null }
    }
    const container = found.container
    if (setting.match.kind === 'container' && container === null) return { state: scan.dockerProblem === null ? 'missing' : 'stopped', startedAtMs: null }
    if (container !== null && container.state !== 'running') return { state: container.state === 'restarting' ? 'restarting' : 'stopped', startedAtMs: null }
    const anchor = found.processes[0]
    if (container !== null) return { state: 'running', startedAtMs: container.startedAtMs ?? anchor?.startedAtMs ?? null }
    return anchor === undefined ? { state: 'stopped', startedAtMs: null } : { state: 'running', startedAtMs: anchor.startedAtMs }
  }

  function whereOf(candidate: Candidate): string {
    const { found, setting } = candidate
    const container = found?.container ?? null
    if (container !== null) return `container ${container.name} (${container.image})`
    const anchor = found?.processes[0]
    if (anchor !== undefined) return `pid ${String(anchor.pid)} ${commandLineOf(anchor).slice(0, 120)}${anchor.systemdUnit === null ? '' : `, unit ${anchor.systemdUnit}`}`
    const match = setting.match
    return match.kind === 'process' ? `no process matches /${match.pattern}/` : match.kind === 'container' ? `container ${match.name}` : match.kind === 'systemd' ? `unit ${match.unit}` : match.url
  }

  async function scanOnce(): Promise<NodesSnapshot> {
    const watchedPids = new Set(snapshot?.nodes.flatMap((node) => node.pids) ?? [])
    const scan = await scanner.scan({ ioPids: watchedPids })
    const deltas = usage.advance(scan.processes, scan.at)
    const discovered = discoverNodes(scan, signatures)
    const list = candidates(scan, discovered)
    offered = new Map(list.filter((candidate) => !candidate.confirmed).map(({ setting }) => [setting.id, setting]))
    const [apps, kind] = await Promise.all([gpuApps(), list.length > 0 ? machineKind(scan.processes) : Promise.resolve(machine?.kind ?? { kind: 'unknown' as const, evidence: 'not judged: no node found' })])
    const machineCpuSeconds = [...deltas.cpu.values()].reduce((sum, seconds) => sum + seconds, 0)
    const cores = hardware.latest?.cpu.cores ?? 1
    const gpuUtilization = new Map((hardware.latest?.gpus ?? []).map((gpu) => [gpu.id, gpu.utilizationPercent]))
    const uses: NodeUse[] = []
    const views: NodeView[] = []
    for (const candidate of list) {
      const { setting, found, signature } = candidate
      const processes = found?.processes ?? []
      const pids = new Set(processes.map((p) => p.pid))
      const track = trackNode(tracked.get(setting.id), sighting(candidate, scan), scan.at)
      tracked.set(setting.id, track)
      const nodeApps = apps.filter((app) => pids.has(app.pid))
      const gpuMemory = new Map<string, number>()
      for (const app of nodeApps) gpuMemory.set(app.gpuUuid, (gpuMemory.get(app.gpuUuid) ?? 0) + (app.usedMemoryBytes ?? 0))
      const cpuSeconds = processes.reduce((sum, p) => sum + (deltas.cpu.get(p.pid) ?? 0), 0)
      uses.push({ id: setting.id, cpuSeconds, gpuMemoryBytes: gpuMemory })
      const container = found?.container ?? null
      const containerUsage = container === null ? undefined : scan.containerUsage.get(container.id)
      const containerRates = container === null || containerUsage === undefined ? null : usage.containerRates(container.id, containerUsage, deltas.seconds)
      const sum = (pick: (io: { read: number | null; write: number | null }) => number | null): number | null => {
        const values = processes.map((p) => deltas.io.get(p.pid)).map((io) => (io === undefined ? null : pick(io)))
        return values.length === 0 || values.some((v) => v === null) || deltas.seconds <= 0 ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0) / deltas.seconds
      }
      const counters: NodeCounters | null = processes.length === 0 && containerUsage === undefined ? null : {
        cpuSeconds: containerRates?.cpuSeconds ?? cpuSeconds,
        memoryBytes: containerUsage?.memoryBytes ?? processes.reduce((total, p) => total + p.rssBytes, 0),
        readPerSecond: containerRates?.read ?? sum((io) => io.read),
        writePerSecond: containerRates?.write ?? sum((io) => io.write),
        rxPerSecond: containerRates?.rx ?? null,
        txPerSecond: containerRates?.tx ?? null,
      }
      const gpus = [...gpuMemory].map(([uuid, memoryBytes]) => ({ gpu: uuid, memoryBytes, utilizationPercent: gpuUtilization.get(`nvidia:${uuid}`) ?? null }))
      const exe = processes[0]?.exe ?? null
      const binary = hashes === null || exe === null || !candidate.confirmed ? null : await hashes.check(setting.id, exe).catch(() => null)
      const posture: PostureFinding[] = track.state === 'running' || container !== null
        ? postureOf({
            processes,
            container,
            listening: scanner.listening(processes),
            installPlaces: signature?.installPlaces ?? [],
            binary,
            machine: kind,
            homeDir: homedir(),
          })
        : []
      const url = healthUrl(candidate)
      views.push({
        id: setting.id,
        name: setting.name,
        network: setting.network,
        networkName: networkName(setting.network),
        software: signature?.software ?? 'added by hand',
        confirmed: candidate.confirmed,
        match: setting.match,
        where: whereOf(candidate),
        state: track.state,
        since: track.since,
        restarts: track.restarts,
        pids: [...pids],
        resources: nodeResources(counters, deltas.seconds, cores, gpus),
        watts: null,
        health: url === undefined || track.state !== 'running' && setting.match.kind !== 'health' ? null : health.latest(url, signature?.health?.healthy, () => undefined),
        posture,
        binary: binary === null ? null : { path: binary.path, sha256: binary.sha256Now, changed: binary.sha256Now !== binary.sha256First },
      })
    }
    for (const id of tracked.keys()) if (!list.some((candidate) => candidate.setting.id === id)) tracked.delete(id)
    usage.forgetContainersBut(new Set(scan.containers.map((c) => c.id)))
    // A removed node's health answer goes with it.
    health.keepOnly(new Set(list.flatMap((candidate) => healthUrl(candidate) ?? [])))
    const watched = new Set(list.filter((candidate) => candidate.confirmed).map((candidate) => candidate.setting.id))
    watchedUses = { nodes: uses.filter((use) => watched.has(use.id)), machineCpuSeconds }
    const watts = nodeWatts({ nodes: uses, machineCpuSeconds, readings: readingsNow() })
    const next: NodesSnapshot = {
      nodes: views.map((view) => ({ ...view, watts: watts.get(view.id) ?? null })),
      scannedAt: scan.at,
      machine: kind,
      problems: scan.dockerProblem === null ? [] : [scan.dockerProblem],
    }
    snapshot = next
    events.emit('nodes.changed', next)
    return next
  }

  function readingsNow(): PowerReading[] {
    return hardware.latest?.power.sources.flatMap((source) => source.readings) ?? []
  }

  /** Names come from the networks once the wallets loaded them; the chain SDKs are not loaded for a name. */
  const names = new Map<string, string>()
  function networkName(id: string): string {
    const loaded = wallets.loaded()
    if (names.size === 0 && loaded !== undefined) {
      void loaded.then((system) => {
        for (const network of system.networks()) names.set(network.id, network.name)
      })
    }
    return names.get(id) ?? id.charAt(0).toUpperCase() + id.slice(1)
  }

  /** One scan at a time; a call during one waits for it. */
  function scan(): Promise<NodesSnapshot> {
    scanning ??= scanOnce().finally(() => {
      scanning = null
    })
    return scanning
  }

  function schedule(): void {
    if (!running) return
    timer = setTimeout(() => {
      scan()
        .catch((error: unknown) => log.warn('node scan failed', error))
        .finally(schedule)
    }, options.scanIntervalMs ?? settings.current.nodes.scanIntervalMs)
    timer.unref()
  }

  const latest = async (): Promise<NodesSnapshot> => snapshot ?? (await scan())

  return {
    get snapshot() {
      return snapshot
    },
    handlers: {
      'nodes.list': () => latest(),
      'nodes.confirm': async ({ id, name, mine }) => {
        await latest()
        if (!mine) {
          ctx.saveSettings(dismissNode(settings.current, id))
          hashes?.forget(id)
          return scan()
        }
        ctx.saveSettings(confirmNode(settings.current, offered.get(id) ?? null, id, name, now()))
        return scan()
      },
      'nodes.add': async (input) => {
        const known = (await wallets.system()).networks()
        if (!known.some((network) => network.id === input.network)) {
          throw new DeskError('invalid-input', `network: DePIN Desk has no network "${input.network}"; it knows ${known.map((network) => network.id).join(', ')}`, { field: 'network' })
        }
        ctx.saveSettings(addNode(settings.current, input, now()).settings)
        return scan()
      },
      'nodes.remove': async ({ id }) => {
        ctx.saveSettings(removeNode(settings.current, id))
        hashes?.forget(id)
        return scan()
      },
      'nodes.trustBinary': async ({ id }) => {
        if (!settings.current.nodes.nodes.some((node) => node.id === id)) throw new DeskError('not-found', `No watched node "${id}"`, { field: 'id' })
        if (hashes === null) throw new DeskError('invalid-input', 'Binaries are not tracked without a data directory', { field: 'id' })
        hashes.confirm(id)
        return scan()
      },
    },
    async start() {
      running = true
      // On the 1 s sampling path: nothing to do until a node is confirmed, then one small split per sample.
      hardware.derivePower((sample) => {
        if (watchedUses.nodes.length === 0) return []
        const readings = sample.power.sources.flatMap((source) => source.readings)
        const watts = nodeWatts({ ...watchedUses, readings })
        return [...watts].map(([id, share]) => ({ deviceId: nodeDeviceId(id), watts: share.watts, measuredWatts: share.measuredWatts, origin: `node: ${share.how}` }))
      })
      void scan().catch((error: unknown) => log.warn('first node scan failed', error)).finally(schedule)
    },
    async stop() {
      running = false
      clearTimeout(timer)
      await scanning?.catch(() => undefined)
      await computeApps?.dispose()
      computeApps = null
      await scanner.dispose?.()
    },
  }
}
