import type { NewNode, NodeSetting } from '../../../shared/contract/nodes.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import { DeskError } from '../errors.ts'

/*
 * The nodes part of settings, changed by pure functions: core checks, the capability saves.
 * A discovered node is confirmed under the id the scan gave it; one added by hand gets an id
 * from its match, so adding the same thing twice is refused rather than watched twice.
 */

export const nodesLimit = 64

function invalid(field: string, message: string): DeskError {
  return new DeskError('invalid-input', `${field}: ${message}`, { field })
}

function withNodes(settings: Settings, nodes: Partial<Settings['nodes']>): Settings {
  return { ...settings, nodes: { ...settings.nodes, ...nodes } }
}

function checkRoom(settings: Settings): void {
  if (settings.nodes.nodes.length >= nodesLimit) throw invalid('id', `DePIN Desk watches at most ${String(nodesLimit)} nodes; remove one first`)
}

/** A hand-added node's id: its kind and what it matches, lower-cased into the id's alphabet. */
export function manualNodeId(match: NewNode['match']): string {
  const what = match.kind === 'process' ? match.pattern : match.kind === 'container' ? match.name : match.kind === 'systemd' ? match.unit : match.url
  const slug = what.toLowerCase().replace(/[^a-z0-9:._@/-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 150)
  return `manual:${match.kind}:${slug === '' ? 'node' : slug}`
}

function checkProcessPattern(match: NewNode['match']): void {
  if (match.kind !== 'process') return
  try {
    new RegExp(match.pattern)
  } catch (error) {
    throw invalid('match.pattern', `not a regular expression (${error instanceof Error ? error.message : String(error)}); to match text as it is, escape ( ) [ ] . * + ? with a backslash`)
  }
}

function checkLoopback(match: NewNode['match']): void {
  if (match.kind !== 'health') return
  const host = new URL(match.url).hostname
  if (!['localhost', '127.0.0.1', '[::1]'].includes(host) && !/^127\./.test(host)) {
    throw invalid('match.url', `${host} is not this machine; a health URL is asked over loopback only (localhost, 127.0.0.1 or [::1]), so nothing leaves the machine`)
  }
}

export function addNode(settings: Settings, input: NewNode, now: number): { settings: Settings; node: NodeSetting } {
  checkProcessPattern(input.match)
  checkLoopback(input.match)
  const id = manualNodeId(input.match)
  if (settings.nodes.nodes.some((node) => node.id === id)) throw invalid('match', 'a node with this match is already watched')
  checkRoom(settings)
  const node: NodeSetting = { id, name: input.name, network: input.network, software: null, match: input.match, addedAt: now }
  return { settings: withNodes(settings, { nodes: [...settings.nodes.nodes, node] }), node }
}

/** Confirm a discovered node (as the scan describes it), or rename one already confirmed. */
export function confirmNode(settings: Settings, found: Omit<NodeSetting, 'addedAt'> | null, id: string, name: string | undefined, now: number): Settings {
  const existing = settings.nodes.nodes.find((node) => node.id === id)
  if (existing !== undefined) {
    if (name === undefined) return settings
    return withNodes(settings, { nodes: settings.nodes.nodes.map((node) => (node.id === id ? { ...node, name } : node)) })
  }
  if (found === null) throw new DeskError('not-found', `No node "${id}" was found on this machine; it may have stopped since the last scan`, { field: 'id' })
  checkRoom(settings)
  const node: NodeSetting = { ...found, name: name ?? found.name, addedAt: now }
  return withNodes(settings, { nodes: [...settings.nodes.nodes, node], dismissed: settings.nodes.dismissed.filter((d) => d !== id) })
}

/** "Not mine": a discovered node is never offered again. */
export function dismissNode(settings: Settings, id: string): Settings {
  if (settings.nodes.dismissed.includes(id)) return settings
  const dismissed = [...settings.nodes.dismissed, id].slice(-256)
  return withNodes(settings, { nodes: settings.nodes.nodes.filter((node) => node.id !== id), dismissed })
}

export function removeNode(settings: Settings, id: string): Settings {
  if (!settings.nodes.nodes.some((node) => node.id === id)) throw new DeskError('not-found', `No watched node "${id}"`, { field: 'id' })
  return withNodes(settings, { nodes: settings.nodes.nodes.filter((node) => node.id !== id) })
}
