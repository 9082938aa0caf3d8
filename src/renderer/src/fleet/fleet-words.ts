import type { FleetNetworkNet, FleetRigStatus, FleetRigView, FleetTotals, FleetWatts, NodeCounts } from '../../../shared/contract/fleet.ts'
import type { NodeState } from '../../../shared/contract/nodes.ts'
import { formatClock, formatSpan, formatWatts } from '../common/format.ts'
import { nodeStateWords } from '../nodes/node-words.ts'

/*
 * Words for the Fleet view. Every figure is core's (its own rigs' figures and the totals across
 * them): this file only says them. The contract's lists live beside zod, which the page must not
 * load, so the few it needs are spelt here and checked against its types.
 */

/** A status as a word and a shape, so it never rests on colour alone. */
export const rigStatusWords: Record<FleetRigStatus, { word: string; icon: string }> = {
  connected: { word: 'Connected', icon: '●' },
  connecting: { word: 'Connecting', icon: '↻' },
  stale: { word: 'Stale', icon: '◌' },
  refused: { word: 'Refused', icon: '✕' },
}

const nodeStateOrder = ['running', 'restarting', 'stopped', 'missing'] as const satisfies readonly NodeState[]

/** The line under a rig's status: since when, and why it is not connected, in core's words. */
export function rigStatusLine(view: Pick<FleetRigView, 'status' | 'reason' | 'since' | 'lastSeenAt'>): string {
  const why = view.reason === null ? '' : `: ${view.reason}`
  switch (view.status) {
    case 'connected':
      return `answering since ${formatClock(view.since)}`
    case 'connecting':
      return `connecting since ${formatClock(view.since)}${why}`
    case 'stale': {
      const last = view.lastSeenAt === null ? 'never answered since this app started' : `last answered ${formatClock(view.lastSeenAt)}`
      return `stale since ${formatClock(view.since)}${why} · ${last}`
    }
    case 'refused':
      return `refused${why === '' ? ': the agent did not accept the token' : why}`
  }
}

type WattsShown = { figure: string; kind: string; detail: string }

/** A rig's watts now with their kind and age ("measured · 3 s old"), or why there are none. */
export function rigWattsWords(watts: FleetWatts | null, now: number): WattsShown {
  if (watts === null) return { figure: '—', kind: '', detail: 'not answered yet' }
  const age = watts.at === null ? 'no reading time' : `${formatSpan(Math.max(0, now - watts.at))} old`
  return { figure: watts.watts === null ? 'unknown' : formatWatts(watts.watts), kind: watts.kind, detail: `${watts.reason} · ${age}` }
}

/** "3 running, 1 stopped", "none watched", or null before the rig answered. */
export function nodeCountsWords(counts: NodeCounts | null): string | null {
  if (counts === null) return null
  const parts = nodeStateOrder.filter((state) => counts[state] > 0).map((state) => `${String(counts[state])} ${nodeStateWords[state].toLowerCase()}`)
  return parts.length === 0 ? 'none watched' : parts.join(', ')
}

/** The totals' watts with their kind; "none" when no rig reported any. */
export function totalWattsWords(totals: Pick<FleetTotals, 'watts' | 'wattsKind'>): { figure: string; kind: string } {
  if (totals.watts === null || totals.wattsKind === 'none') return { figure: 'unknown', kind: 'none reported' }
  return { figure: formatWatts(totals.watts), kind: totals.wattsKind }
}

/** A network's row is partial when core says so, or a figure of it is unknown. */
export function isPartialNet(net: Pick<FleetNetworkNet, 'today' | 'last30d' | 'partial'>): boolean {
  return net.partial || net.today === null || net.last30d === null
}

/** "2 of 3 rigs report" for the totals' heading. */
export function reportingWords(totals: Pick<FleetTotals, 'rigs' | 'reporting'>): string {
  return `${String(totals.reporting)} of ${String(totals.rigs)} ${totals.rigs === 1 ? 'rig reports' : 'rigs report'}`
}

type PastedAddress = { url: string; token: string | null }

/**
 * The agent prints its address as `http://host:port/#token=…`: pasted whole, the token moves to the
 * (hidden) token field and the address keeps the rest. Core accepts the whole address too.
 */
export function splitPastedAddress(text: string): PastedAddress {
  const hash = text.indexOf('#')
  if (hash < 0) return { url: text, token: null }
  const token = /(?:^|&)token=([^&]+)/.exec(text.slice(hash + 1))?.[1]
  if (token === undefined) return { url: text, token: null }
  let decoded = token
  try {
    decoded = decodeURIComponent(token)
  } catch {
    // A malformed escape stays as typed: core says what is wrong with it.
  }
  return { url: text.slice(0, hash), token: decoded }
}
