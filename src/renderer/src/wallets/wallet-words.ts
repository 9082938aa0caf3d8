import type { Currency, HoldingKind, PriceQuote, WalletView } from '../../../shared/contract/wallets.ts'
import { formatClock, formatSpan } from '../common/format.ts'
import { formatFiat } from '../common/token-format.ts'
import type { ValueSummary, WalletFreshness } from './wallet-views.ts'

/** What each kind of amount is, as an operator says it. */
export const holdingKindWords: Record<HoldingKind, string> = {
  liquid: 'available',
  staked: 'staked',
  'pending-reward': 'unclaimed rewards',
  locked: 'locked',
  vesting: 'vesting',
  pledge: 'pledge',
  earned: 'earned to date',
  emission: 'per epoch',
}

const priceSources: Record<string, string> = { coingecko: 'CoinGecko', coinpaprika: 'CoinPaprika', manual: 'your price' }

export function priceSourceName(source: string): string {
  return priceSources[source] ?? source
}

/** "Grass7B…XXjs": enough to recognise an address; the whole one is in the title and the copy button. */
export function shortAddress(address: string): string {
  return address.length <= 14 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** "just now", "45 s ago", "12 min ago"; a time ahead of this clock reads as now. */
export function ageWords(at: number, now: number): string {
  const ms = Math.max(0, now - at)
  return ms < 5000 ? 'just now' : `${formatSpan(ms)} ago`
}

/**
 * Core's word, unless the read is older than three refresh intervals: then core has not been
 * heard from (the page lost it), and a balance that old is shown as stale, not as current.
 */
export function walletFreshness(view: WalletView, now: number, refreshMinutes: number): WalletFreshness {
  if (view.freshness !== 'live' || view.fetchedAt === null) return view.freshness
  return now - view.fetchedAt > 3 * refreshMinutes * 60_000 ? 'stale' : 'live'
}

/** "live · fetched 3 min ago · from api.mainnet-beta.solana.com", and why, when stale. */
export function walletProvenance(view: WalletView, state: WalletFreshness, now: number): string {
  if (state === 'pending') return 'pending · first read on its way'
  const when = view.fetchedAt === null ? 'never read' : `${state === 'stale' ? 'last read' : 'fetched'} ${ageWords(view.fetchedAt, now)}`
  const from = view.source.length > 0 ? ` · from ${view.source.join(', ')}` : ''
  const why = state === 'stale' && view.error ? ` · ${view.error}` : ''
  return `${state} · ${when}${from}${why}`
}

/** "live · oldest read 3 min ago", for a sum over several wallets; "some not read yet" while a new one is pending. */
export function summaryProvenance(summary: ValueSummary, now: number): string {
  if (summary.fetchedAt === null) return summary.freshness === 'pending' ? 'pending · first reads on their way' : `${summary.freshness} · never read`
  const state = summary.freshness === 'pending' ? 'some not read yet' : summary.freshness
  const from = summary.sources.length === 0 ? '' : ` · from ${summary.sources.join(', ')}`
  return `${state} · oldest read ${ageWords(summary.fetchedAt, now)}${from}`
}

/** "live · 2 min ago", "cached · since 12:03:10", "manual · set 1 d ago". */
export function priceProvenance(quote: PriceQuote, now: number): string {
  if (quote.freshness === 'cached') return `cached · since ${formatClock(quote.at)}`
  return `${quote.freshness} · ${quote.freshness === 'manual' ? 'set ' : ''}${ageWords(quote.at, now)}`
}

/** Which prices a wallet's value stands on: "CoinGecko live, your price"; null when it has none. */
export function priceBasis(tokens: readonly string[], prices: readonly PriceQuote[]): string | null {
  const used = prices.filter((quote) => tokens.includes(quote.token))
  if (used.length === 0) return null
  const words = used.map((quote) => (quote.freshness === 'manual' ? 'your price' : `${priceSourceName(quote.source)} ${quote.freshness}`))
  return [...new Set(words)].join(', ')
}

/** A value as a figure: "$1,234.57"; "—" before the first read; "no price" when nothing held has one. */
export function valueWords(fiat: string | null, state: WalletFreshness, currency: Currency): string {
  if (fiat !== null) return formatFiat(fiat, currency)
  return state === 'pending' ? '—' : 'no price'
}
