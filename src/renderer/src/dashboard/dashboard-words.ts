import type { Alert, AlertSeverity } from '../../../shared/contract/alerts.ts'
import type { NetworkProfit } from '../../../shared/contract/profit.ts'
import type { NetworkInfo, PriceQuote } from '../../../shared/contract/wallets.ts'
import { detailHash, viewHashes } from '../app/route.ts'
import { formatSpan } from '../common/format.ts'
import { formatTokenAmount } from '../common/token-format.ts'
import { netTone } from '../profit/profit-words.ts'

/*
 * Words for the dashboard. Core computed every figure; these only say it, with a word or a
 * shape beside every colour, so that nothing rests on colour alone.
 */

export type PartialReason = { sentence: string; networks: string[] }

/**
 * The total's notes (each "Grass: no hardware cost given…") grouped by sentence, so eight
 * networks lacking the same thing read as one line naming them; in core's order, each once.
 */
export function groupReasons(notes: readonly string[], networkNames: readonly string[]): PartialReason[] {
  const groups = new Map<string, string[]>()
  for (const note of new Set(notes)) {
    const name = networkNames.find((n) => note.startsWith(`${n}: `))
    const sentence = name === undefined ? note : note.slice(name.length + 2)
    const names = groups.get(sentence) ?? []
    if (name !== undefined && !names.includes(name)) names.push(name)
    groups.set(sentence, names)
  }
  return [...groups].map(([sentence, networks]) => ({ sentence, networks }))
}

/** "no electricity price is set (Grass, Akash)"; "… (every network)" when all of several lack it. */
export function reasonWords(reason: PartialReason, networkCount: number): string {
  const { sentence, networks } = reason
  if (networks.length === 0) return sentence
  const who = networks.length === networkCount && networkCount > 2 ? 'every network' : networks.join(', ')
  return `${sentence} (${who})`
}

/**
 * The tone a net figure is coloured by, as it reads: a loss of a fraction of a cent shows as
 * "$0.00" with no minus, so it is coloured as even, not as a loss the figure does not show.
 */
export function shownNetTone(net: string | null, shown: string): ReturnType<typeof netTone> {
  const tone = netTone(net)
  return (tone === 'gain' || tone === 'loss') && !/[1-9]/.test(shown) ? 'even' : tone
}

export type PriceChange = {
  /** What the cell shows: "▲ +3.2 %", "▼ −1.2 %", "● 0.0 %", or words when there is none. */
  text: string
  /** The same for a screen reader, in words: "up 3.2 % in 24 hours". */
  words: string
  tone: 'up' | 'down' | 'flat' | 'unknown'
}

/** A 24-hour change with a shape and a sign as well as its colour; a change core does not know says why. */
export function priceChangeWords(quote: PriceQuote | null): PriceChange {
  if (quote === null) return { text: 'no price', words: 'no price', tone: 'unknown' }
  const change = quote.change24hPct
  if (change === null) {
    const text = quote.freshness === 'manual' ? 'your price: no 24 h change' : '24 h change not given'
    return { text, words: text, tone: 'unknown' }
  }
  const size = Math.abs(change)
  const shown = size.toFixed(size < 100 ? 1 : 0)
  if (Number(shown) === 0) return { text: '● 0.0 %', words: 'unchanged in 24 hours', tone: 'flat' }
  return change > 0 ? { text: `▲ +${shown} %`, words: `up ${shown} % in 24 hours`, tone: 'up' } : { text: `▼ −${shown} %`, words: `down ${shown} % in 24 hours`, tone: 'down' }
}

/** Where a price came from and how fresh: "live · CoinGecko", "cached · CoinPaprika", "your price". */
export function priceFreshnessWords(quote: PriceQuote): string {
  if (quote.freshness === 'manual') return 'your price'
  const source = quote.source === 'coingecko' ? 'CoinGecko' : quote.source === 'coinpaprika' ? 'CoinPaprika' : quote.source
  return `${quote.freshness} · ${source}`
}

/** "12.5 GRASS · 3 h ago"; "none yet" before the first. */
export function lastRewardWords(reward: NetworkProfit['lastReward'], now: number): string {
  if (reward === null) return 'none yet'
  const amount = formatTokenAmount(reward.amount, reward.decimals, { maxFractionDigits: 4 })
  return `${amount} ${reward.token} · ${agoWords(reward.at, now)}`
}

function agoWords(at: number, now: number): string {
  const ms = now - at
  return ms < 60_000 ? 'just now' : `${formatSpan(ms)} ago`
}

const payoutKindWords: Record<NetworkInfo['payout']['kind'], string> = {
  continuous: 'paid continuously',
  epoch: 'paid each epoch',
  daily: 'paid daily',
  monthly: 'paid monthly',
  'on-claim': 'paid when claimed',
  irregular: 'no fixed schedule',
}

export type NextDue = { text: string; late: boolean }

/** "due in 5 h", "late by 6 h" (a shape and a word, not only colour); without a schedule, how the network pays. */
export function nextDueWords(dueAt: number | null, payout: NetworkInfo['payout'] | null, now: number): NextDue {
  if (dueAt === null) return { text: payout === null ? 'not known' : payoutKindWords[payout.kind], late: false }
  const ms = dueAt - now
  if (ms >= 0) return { text: ms < 60_000 ? 'due now' : `due in ${formatSpan(ms)}`, late: false }
  return { text: `⚠ late by ${formatSpan(-ms)}`, late: true }
}

const severityNames: Record<AlertSeverity, [one: string, many: string]> = {
  critical: ['critical', 'critical'],
  warning: ['warning', 'warnings'],
  info: ['notice', 'notices'],
}

export type OpenAlerts = { count: number; bySeverity: string; worst: Alert | null }

/**
 * Open alerts counted by severity, worst first ("1 critical, 2 warnings"), and the most urgent:
 * the worst one not snoozed (core lists them worst first, then newest), or the worst when every
 * one is snoozed.
 */
export function openAlertWords(open: readonly Alert[], now: number): OpenAlerts {
  const parts = (['critical', 'warning', 'info'] as const).flatMap((severity) => {
    const n = open.filter((alert) => alert.severity === severity).length
    const [one, many] = severityNames[severity]
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]
  })
  const awake = open.filter((alert) => alert.snoozedUntil === null || alert.snoozedUntil <= now)
  return { count: open.length, bySeverity: parts.join(', '), worst: awake[0] ?? open[0] ?? null }
}

export type NextStep = { id: string; text: string; link: string; href: string }

export type SetupState = {
  /** Null while settings are not read yet: no step is suggested on a guess. */
  tariffSet: boolean | null
  costsSet: boolean | null
  /** Confirmed nodes on this machine; null before the first scan. */
  nodesWatched: boolean | null
}

/** What to do next for the figures to be whole, each with where to do it; nothing while settings are unread. */
export function nextSteps({ tariffSet, costsSet, nodesWatched }: SetupState): NextStep[] {
  const steps: NextStep[] = []
  if (tariffSet === false) {
    steps.push({ id: 'tariff', text: 'Electricity is unknown, so net is too, until its price is set.', link: 'Set your electricity price', href: detailHash('settings', 'tariff') })
  }
  if (costsSet === false) {
    steps.push({ id: 'costs', text: 'No hardware cost is given, so nothing is amortized and payback is unknown.', link: 'Add your hardware costs', href: detailHash('settings', 'costs') })
  }
  if (nodesWatched === false) {
    steps.push({ id: 'nodes', text: 'No node software on this machine is watched, so node state is unknown.', link: 'Find your nodes', href: viewHashes.nodes })
  }
  return steps
}
