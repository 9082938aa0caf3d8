import type { NetworkId, WalletSetting, WalletsSnapshot, WalletView } from '../../../shared/contract/wallets.ts'

/**
 * The wallets to list: the saved ones (settings, which a rename or an add answers at once),
 * each with what core last read for it, or "pending" until core has read it. Before settings
 * have been read, the snapshot's own list.
 */
export function walletRows(saved: readonly WalletSetting[] | null, snapshot: WalletsSnapshot | null): WalletView[] {
  const views = snapshot?.wallets ?? []
  if (saved === null) return views
  return saved.map((wallet) => {
    const view = views.find((v) => v.wallet.id === wallet.id)
    return view
      ? { ...view, wallet }
      : { wallet, holdings: [], fiatTotal: null, partial: false, freshness: 'pending', fetchedAt: null, source: [], error: null }
  })
}

/** 'live' after a good read, 'stale' when the last reads failed or are too old, 'pending' before the first. */
export type WalletFreshness = WalletView['freshness']

export type NetworkGroup = { network: NetworkId; wallets: WalletView[] }

/** Wallets by network, networks in the order their first wallet was added. */
export function groupByNetwork(rows: readonly WalletView[]): NetworkGroup[] {
  const networks = [...new Set(rows.map((row) => row.wallet.network))]
  return networks.map((network) => ({ network, wallets: rows.filter((row) => row.wallet.network === network) }))
}

export type ValueSummary = {
  /** Core's total; null when nothing in it has a price. */
  fiat: string | null
  /** Some owned amount has no price, so the figure is less than the holdings are worth. */
  partial: boolean
  /** The weakest of the wallets': one stale wallet makes the sum stale. */
  freshness: WalletFreshness
  /** The oldest good read the sum stands on. */
  fetchedAt: number | null
  /** The hosts the wallets were last read from. */
  sources: string[]
}

export type NetworkSummary = ValueSummary & { network: NetworkId }

const weakness: readonly WalletFreshness[] = ['stale', 'pending', 'live']

function weakest(states: readonly WalletFreshness[]): WalletFreshness {
  return weakness.find((state) => states.includes(state)) ?? 'live'
}

function sourcesOf(rows: readonly WalletView[]): string[] {
  return [...new Set(rows.flatMap((row) => row.source))]
}

function oldestRead(rows: readonly WalletView[]): number | null {
  const reads = rows.flatMap((row) => (row.fetchedAt === null ? [] : [row.fetchedAt]))
  return reads.length > 0 ? Math.min(...reads) : null
}

/**
 * The summary card's figures: the sums core sent (the page adds no money), with freshness as
 * the page sees it. Core's word is aged by `freshnessOf`, and a saved wallet core has not
 * counted yet (just added) keeps its network pending, since core's sum does not hold it.
 */
export function valueSummaries(
  rows: readonly WalletView[],
  snapshot: WalletsSnapshot | null,
  freshnessOf: (view: WalletView) => WalletFreshness,
): { total: ValueSummary; networks: NetworkSummary[] } {
  const counted = new Set(snapshot?.wallets.map((view) => view.wallet.id))
  const networks = groupByNetwork(rows).map(({ network, wallets }): NetworkSummary => {
    const core = snapshot?.networks.find((part) => part.network === network)
    const uncounted = wallets.some((view) => !counted.has(view.wallet.id))
    return {
      network,
      fiat: core?.fiat ?? null,
      partial: core?.partial ?? false,
      freshness: weakest([core?.freshness ?? 'pending', ...(uncounted ? ['pending' as const] : []), ...wallets.map(freshnessOf)]),
      fetchedAt: oldestRead(wallets),
      sources: sourcesOf(wallets),
    }
  })
  return {
    total: {
      fiat: snapshot?.total.fiat ?? null,
      partial: snapshot?.total.partial ?? false,
      freshness: weakest(networks.map((part) => part.freshness)),
      fetchedAt: oldestRead(rows),
      sources: sourcesOf(rows),
    },
    networks,
  }
}

/** The tokens the price table lists: every quoted, held or operator-priced one, by symbol. */
export function priceTokens(snapshot: WalletsSnapshot | null, overrides: Readonly<Record<string, string>>): string[] {
  const quoted = snapshot?.prices.map((quote) => quote.token) ?? []
  const held = snapshot?.wallets.flatMap((view) => view.holdings.map((holding) => holding.token)) ?? []
  return [...new Set([...quoted, ...held, ...Object.keys(overrides)])].sort()
}
