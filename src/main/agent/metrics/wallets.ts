import type { WalletsSnapshot, WalletView } from '../../../shared/contract/wallets.ts'
import { bool, capped, decimal, type Labels, type MetricSpec, overCap, sample, seconds, text, tokens } from './metric-spec.ts'
import type { MetricsState } from './metrics-state.ts'

/*
 * Balances and prices as the Wallets tab shows them. A wallet is named by its id
 * (`wallet-1a2b3c4d`), never its address; its label (the operator's words) is on
 * depin_wallet_info only. A wallet's holdings are summed by token and kind (a Bittensor coldkey
 * stakes on many hotkeys), and amounts are whole tokens as floats: for display, as the page's are.
 */

type Labelled = { view: WalletView; labels: Labels }

function wallets(state: MetricsState): Labelled[] {
  return capped('wallets', state.wallets?.wallets ?? []).map((view) => ({ view, labels: { wallet: view.wallet.id, network: view.wallet.network } }))
}

/** The snapshot's money figures, none while they are still in a currency the operator just left. */
function priced(state: MetricsState): WalletsSnapshot | null {
  return state.wallets?.currency === state.currency ? state.wallets : null
}

/** A wallet's holdings summed by (token, kind), the first `caps.holdingsPerWallet` of them. */
export function holdingTotals(view: WalletView): { token: string; kind: string; amount: number }[] {
  const totals = new Map<string, { token: string; kind: string; amount: number }>()
  for (const holding of view.holdings) {
    const key = `${holding.token}\u0000${holding.kind}`
    const entry = totals.get(key) ?? { token: holding.token, kind: holding.kind, amount: 0 }
    entry.amount += tokens(holding.amount, holding.decimals)
    totals.set(key, entry)
  }
  return [...capped('holdingsPerWallet', [...totals.values()])]
}

/** Holdings the per-wallet cap left out, over the labelled wallets. */
export function holdingsOverCap(state: MetricsState): number {
  return wallets(state).reduce((sum, { view }) => sum + overCap('holdingsPerWallet', new Set(view.holdings.map((h) => `${h.token}\u0000${h.kind}`)).size), 0)
}

export const walletMetrics: readonly MetricSpec[] = [
  {
    name: 'depin_wallet_info',
    help: "A watched wallet's label; always 1. The address is never exported.",
    type: 'gauge',
    labelNames: ['wallet', 'network', 'label'],
    samples: (state) => wallets(state).map(({ view, labels }) => ({ labels: { ...labels, label: text(view.wallet.label) }, value: 1 })),
  },
  {
    name: 'depin_wallet_balance_tokens',
    help: "A wallet's holdings in whole tokens, by token and kind (liquid, staked, pending-reward, locked, ...; 'earned' and 'emission' are counters, not owned).",
    type: 'gauge',
    labelNames: ['wallet', 'network', 'token', 'kind'],
    samples: (state) => wallets(state).flatMap(({ view, labels }) => holdingTotals(view).map((h) => ({ labels: { ...labels, token: h.token, kind: h.kind }, value: h.amount }))),
  },
  {
    name: 'depin_wallet_value',
    help: "What a wallet's priced holdings are worth at today's prices; absent when none has a price.",
    type: 'gauge',
    money: true,
    labelNames: ['wallet', 'network'],
    samples: (state) => (priced(state) === null ? [] : wallets(state).flatMap(({ view, labels }) => sample(labels, decimal(view.fiatTotal)))),
  },
  {
    name: 'depin_network_balance_value',
    help: "Every wallet of a network added up at today's prices (all wallets, whatever the label cap).",
    type: 'gauge',
    money: true,
    labelNames: ['network'],
    samples: (state) => (priced(state)?.networks ?? []).flatMap((total) => sample({ network: total.network }, decimal(total.fiat))),
  },
  {
    name: 'depin_token_price',
    help: "A token's price now, in the settings currency (the operator's own price first, then the feeds).",
    type: 'gauge',
    money: true,
    labelNames: ['token'],
    samples: (state) => capped('tokens', priced(state)?.prices ?? []).flatMap((quote) => sample({ token: quote.token }, decimal(quote.price))),
  },
  {
    name: 'depin_token_price_timestamp_seconds',
    help: 'When the feed says the price was current.',
    type: 'gauge',
    labelNames: ['token'],
    samples: (state) => capped('tokens', state.wallets?.prices ?? []).flatMap((quote) => sample({ token: quote.token }, seconds(quote.at))),
  },
  {
    name: 'depin_token_price_cached',
    help: '1 when the feeds failed and the price is the last good one, 0 when live or set by the operator.',
    type: 'gauge',
    labelNames: ['token'],
    samples: (state) => capped('tokens', state.wallets?.prices ?? []).map((quote) => ({ labels: { token: quote.token }, value: bool(quote.freshness === 'cached') })),
  },
]
