import type { AlertRule, AlertState, Finding } from '../rule.ts'
import { minuteMs, sampleOf, span, threshold, walletWhere, when } from './rule-kit.ts'

/*
 * Data that stopped coming past its grace period: a wallet whose chain reads fail, a price the
 * feeds stopped quoting (the last good one is shown as cached), a power source that stopped
 * reading after it had worked, and history that cannot be written. Each grace is measured from
 * the data's own timestamp, so one rule holds several graces; the engine adds no wait of its own.
 * Smart plugs are the plug-unreachable rule's, so one fault is one alert.
 */

function staleWallets(state: AlertState, graceMs: number): Finding[] {
  return (state.wallets?.wallets ?? []).flatMap((view): Finding[] => {
    if (view.freshness !== 'stale') return []
    // A wallet never read well is judged from when it was added.
    const since = view.fetchedAt ?? view.wallet.addedAt
    const age = state.now - since
    if (age < graceMs) return []
    const last = view.fetchedAt === null ? 'it has never been read' : `its last good read was ${span(age)} ago (${when(view.fetchedAt)})`
    return [
      {
        subject: `wallet:${view.wallet.id}`,
        title: `${walletWhere(state, view)} cannot be read`,
        message: `${walletWhere(state, view)} cannot be read: ${view.error ?? 'no answer'}; ${last}, past your ${span(graceMs)} grace. Its balance and rewards are not current. Check Settings → Endpoints, or set your own RPC URL if the public one limits you.`,
        figure: view.fetchedAt === null ? 'never read' : `${span(age)} old`,
        threshold: span(graceMs),
        view: 'wallets',
        network: view.wallet.network,
        walletId: view.wallet.id,
      },
    ]
  })
}

function cachedPrices(state: AlertState, graceMs: number): Finding[] {
  return (state.wallets?.prices ?? []).flatMap((quote): Finding[] => {
    const age = state.now - quote.at
    if (quote.freshness !== 'cached' || age < graceMs) return []
    return [
      {
        subject: `price:${quote.token}`,
        title: `${quote.token} price is ${span(age)} old`,
        message: `The price feeds have not quoted ${quote.token} for ${span(age)} (last ${quote.price} ${quote.currency.toUpperCase()} from ${quote.source} at ${when(quote.at)}), past your ${span(graceMs)} grace; values and profit use that old price. Wait for the feeds, or set your own price in Settings → Prices.`,
        figure: `${span(age)} old`,
        threshold: span(graceMs),
        view: 'wallets',
      },
    ]
  })
}

function failingSources(state: AlertState, graceMs: number): Finding[] {
  const plugs = new Set(state.settings.power.plugs.map((plug) => plug.id))
  return (sampleOf(state)?.power.sources ?? []).flatMap((status): Finding[] => {
    // A source that never worked here is not set up (the Hardware tab says why), not failing.
    if (plugs.has(status.source) || status.error?.kind !== 'failed' || status.lastSuccessAt === null) return []
    const age = state.now - status.lastSuccessAt
    if (age < graceMs) return []
    return [
      {
        subject: `source:${status.source}`,
        title: `Power source ${status.source} stopped reading`,
        message: `Power source ${status.source} on this machine fails: ${status.error.message}; its last good reading was ${span(age)} ago, past your ${span(graceMs)} grace. Watts fall back to other sources or an estimate. ${status.error.fix ?? 'See the Hardware tab for the source’s state.'}`,
        figure: `${span(age)} without a reading`,
        threshold: span(graceMs),
        view: 'hardware',
      },
    ]
  })
}

function history(state: AlertState): Finding[] {
  if (state.historyProblem === null) return []
  return [
    {
      subject: 'history',
      severity: 'critical',
      title: 'History cannot be written',
      message: `DePIN Desk cannot write its history: ${state.historyProblem}. Readings and rewards since then are not kept. Free disk space or fix the data folder’s permissions.`,
      figure: state.historyProblem,
      threshold: 'history writable',
      view: 'dashboard',
    },
  ]
}

export const staleData: AlertRule = {
  id: 'stale-data',
  name: 'Data not updating',
  explanation: 'A chain, price feed or power source failing past its grace period, or history that cannot be written: what you see is no longer current.',
  severity: 'warning',
  thresholds: [
    { key: 'walletGraceMinutes', label: 'Wallet reads failing for', unit: 'min', default: 60, min: 10, max: 10_080 },
    { key: 'priceGraceMinutes', label: 'Price cached for', unit: 'min', default: 60, min: 10, max: 10_080 },
    { key: 'sourceGraceMinutes', label: 'Power source failing for', unit: 'min', default: 15, min: 1, max: 1440 },
  ],
  openAfterMs: () => 0,
  resolveAfterMs: 5 * minuteMs,
  cooldownMs: 30 * minuteMs,
  evaluate(state, thresholds) {
    return [
      ...staleWallets(state, threshold(thresholds, 'walletGraceMinutes') * minuteMs),
      ...cachedPrices(state, threshold(thresholds, 'priceGraceMinutes') * minuteMs),
      ...failingSources(state, threshold(thresholds, 'sourceGraceMinutes') * minuteMs),
      ...history(state),
    ]
  },
  current(state) {
    const wallets = state.wallets?.wallets ?? []
    const stale = wallets.filter((view) => view.freshness === 'stale').length
    const cached = (state.wallets?.prices ?? []).filter((quote) => quote.freshness === 'cached').length
    if (wallets.length === 0 && state.historyProblem === null) return null
    return `${stale} of ${wallets.length} wallets stale, ${cached} prices cached${state.historyProblem === null ? '' : ', history not writable'}`
  },
}
