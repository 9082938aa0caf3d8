import { z } from 'zod'
import { NetworkId } from './wallets.ts'

/*
 * The DePIN nodes running on this machine, as core finds them: each network declares what its
 * node software looks like; a node found that way waits for the operator to confirm and name
 * it, or the operator adds one by hand. Nothing here is sent anywhere.
 */

export const nodeStates = ['running', 'restarting', 'stopped', 'missing'] as const
export const NodeState = z.enum(nodeStates)
export type NodeState = z.infer<typeof NodeState>

/** How a node is recognised: a process pattern, a container name, a systemd unit or a health URL. */
export const NodeMatch = z.discriminatedUnion('kind', [
  /** A regular expression over the whole command line, joined with spaces. */
  z.strictObject({ kind: z.literal('process'), pattern: z.string().min(2).max(200) }),
  z.strictObject({ kind: z.literal('container'), name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, 'a container name like "akash-provider"') }),
  z.strictObject({ kind: z.literal('systemd'), unit: z.string().regex(/^[a-zA-Z0-9@._:\\-]{1,200}\.(service|scope)$/, 'a unit name like "lotus-miner.service"') }),
  /** Loopback only: a node's own status page, never a remote host. */
  z.strictObject({ kind: z.literal('health'), url: z.url({ protocol: /^https?$/ }).max(300) }),
])
export type NodeMatch = z.infer<typeof NodeMatch>

/** A node the operator confirmed or added, as settings keep it. */
export const NodeSetting = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9:._@/-]{0,199}$/, 'a node id'),
  name: z.string().trim().min(1).max(60),
  network: NetworkId,
  /** The signature that found it ('akash-provider'); null for one added by hand. */
  software: z.string().max(60).nullable(),
  match: NodeMatch,
  addedAt: z.number().int(),
})
export type NodeSetting = z.infer<typeof NodeSetting>

export const NodesSettings = z.strictObject({
  nodes: z.array(NodeSetting).max(64).default([]),
  /** Discovered nodes the operator said are not theirs (by id): never offered again. */
  dismissed: z.array(z.string().max(200)).max(256).default([]),
  /** How often the machine is scanned for node processes and containers. */
  scanIntervalMs: z.number().int().min(1000).max(300_000).default(5000),
})
export type NodesSettings = z.output<typeof NodesSettings>

export const PostureFinding = z.object({
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  /** Why it matters. */
  why: z.string(),
  /** How to fix it. */
  fix: z.string(),
  /** The figure behind it: "uid 0", "0.0.0.0:8443". */
  evidence: z.string(),
})
export type PostureFinding = z.infer<typeof PostureFinding>

export const NodeResources = z.object({
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  diskReadBytesPerSecond: z.number().nullable(),
  diskWriteBytesPerSecond: z.number().nullable(),
  /** Containers only: a host process shares the machine's interfaces. */
  netRxBytesPerSecond: z.number().nullable(),
  netTxBytesPerSecond: z.number().nullable(),
  /** GPUs its processes use, with their memory (nvidia-smi's compute apps). */
  gpus: z.array(z.object({ gpu: z.string(), memoryBytes: z.number().nullable(), utilizationPercent: z.number().nullable() })),
})
export type NodeResources = z.infer<typeof NodeResources>

/** A node's share of the machine's watts now, and how it was found. */
export const NodeWatts = z.object({
  watts: z.number(),
  /** Of `watts`, the part from measured sources (a GPU's sensor, RAPL); the rest is estimated. */
  measuredWatts: z.number(),
  /** In words: "GPU 0 (measured) + 12 % of the CPU package (RAPL, measured)". */
  how: z.string(),
})
export type NodeWatts = z.infer<typeof NodeWatts>

export const NodeHealth = z.object({
  url: z.string(),
  ok: z.boolean(),
  /** "HTTP 200", "refused", "timed out after 3 s". */
  detail: z.string(),
  at: z.number().int(),
})
export type NodeHealth = z.infer<typeof NodeHealth>

export const NodeView = z.object({
  id: z.string(),
  name: z.string(),
  network: NetworkId,
  networkName: z.string(),
  /** The software in words ('Akash provider'), or 'added by hand'. */
  software: z.string(),
  /** False: found by a scan and waiting for the operator to confirm it. */
  confirmed: z.boolean(),
  match: NodeMatch,
  /** What the match found, in words: "container akash-provider (ghcr.io/akash-network/provider)", "pid 4121 python neurons/miner.py". */
  where: z.string(),
  state: NodeState,
  /** Since when it has been in this state (as far as core has watched). */
  since: z.number().int(),
  /** Restarts seen since core started watching, plus a container's own count. */
  restarts: z.number().int(),
  pids: z.array(z.number().int()),
  resources: NodeResources,
  watts: NodeWatts.nullable(),
  health: NodeHealth.nullable(),
  posture: z.array(PostureFinding),
  /** The binary's path and sha256, first seen and now; null when it cannot be read. */
  binary: z.object({ path: z.string(), sha256: z.string(), changed: z.boolean() }).nullable(),
})
export type NodeView = z.infer<typeof NodeView>

export const NodesSnapshot = z.object({
  nodes: z.array(NodeView),
  /** When the machine was last scanned; null before the first scan. */
  scannedAt: z.number().int().nullable(),
  /** What this machine is, for the posture of every node on it: "a virtual machine (KVM)". */
  machine: z.object({ kind: z.enum(['vm', 'container', 'dedicated', 'everyday', 'unknown']), evidence: z.string() }),
  /** Parts of the scan that could not be read, in words ("Docker: permission denied on /var/run/docker.sock"). */
  problems: z.array(z.string()),
})
export type NodesSnapshot = z.infer<typeof NodesSnapshot>

export const NodeConfirm = z.strictObject({
  id: z.string().max(200),
  name: z.string().trim().min(1).max(60).optional(),
  /** False: not mine; never offered again. */
  mine: z.boolean().default(true),
})

export const NewNode = z.strictObject({
  name: z.string().trim().min(1).max(60),
  network: NetworkId,
  match: NodeMatch,
})
export type NewNode = z.infer<typeof NewNode>
