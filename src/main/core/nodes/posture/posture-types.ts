import type { ContainerFacts, ListeningSocket, ProcessFacts } from '../node-facts.ts'
import type { MachineKind } from './machine-kind.ts'

/*
 * Security posture of one node: what about the way it runs makes the machine easier to take
 * over, why it matters, and how to fix it. Every rule is a pure function of facts the scan
 * already read; posture makes no network call and sends nothing anywhere.
 */

export const postureRuleIds = [
  'runs-as-root',
  'listens-publicly',
  'binary-outside-install-places',
  'binary-changed',
  'container-privileged',
  'container-host-network',
  'container-docker-socket',
  'everyday-machine',
] as const
export type PostureRuleId = (typeof postureRuleIds)[number]

export type PostureSeverity = 'info' | 'warning' | 'critical'

export type PostureFinding = {
  rule: PostureRuleId
  severity: PostureSeverity
  /** One line, for the node's card. */
  title: string
  /** Why it matters, in the operator's terms. */
  why: string
  /** How to fix it: concrete commands or settings. */
  fix: string
  /** The figure the finding rests on: 'uid 0', '0.0.0.0:8443', a path, sha256 prefixes. */
  evidence: string
}

/**
 * The node's binary against the hash trusted for it (trust on first use), from BinaryHashes.
 * `sha256First` is the trusted hash: the one first seen, or the one the operator last confirmed.
 */
export type BinaryCheck = {
  path: string
  sha256Now: string
  sha256First: string
  /** When the binary was first seen, ms since the epoch. */
  firstSeenAt: number
  /** When the operator last accepted a changed binary, ms since the epoch; absent if never. */
  confirmedAt?: number
}

/** What posture knows of one node. */
export type PostureInput = {
  /** The node's own processes. */
  processes: readonly ProcessFacts[]
  /** Its container, when it runs in one and Docker told us about it. */
  container: ContainerFacts | null
  /** The node's own listening sockets, already matched to its processes by inode. */
  listening: readonly { socket: ListeningSocket; pid: number }[]
  /** Where its official installers put the binary; '~' stands for homeDir. Empty: not known. */
  installPlaces: readonly string[]
  binary: BinaryCheck | null
  machine: MachineKind
  /** The home of the user the node runs as (usually the operator's), to expand '~' in installPlaces. */
  homeDir?: string
}

export type PostureRule = (input: PostureInput) => PostureFinding[]
