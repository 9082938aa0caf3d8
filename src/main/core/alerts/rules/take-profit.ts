import type { RewardEntry, WalletView } from '../../../../shared/contract/wallets.ts'
import { Fiat, fiatValue } from '../../prices/token-value.ts'
import type { AlertRule, AlertState, Finding, Thresholds } from '../rule.ts'
import { dayMs, isReward, minuteMs, money, num, threshold, walletWhere, when } from './rule-kit.ts'

/*
 * A reminder, not advice: when the rewards a wallet earned since the last reminder (or, the
 * first time, since its first reward the ledger holds, up to 8 days) are worth a set amount at
 * today's prices, suggest moving a chosen share into a stablecoin. DePIN Desk never trades and
 * holds no keys, so the message says the operator does it, in their own wallet or exchange.
 * Once the reminder opens, "since the last reminder" starts again, so it resolves by itself.
 */

type Earned = { value: InstanceType<typeof Fiat>; tokens: string[]; since: number | null; unpriced: boolean }

/**
 * What a wallet earned since the last reminder, at today's prices. Amounts are added up per
 * token first (exact bigints), then each token valued once: the ledger holds hundreds of entries
 * and this runs at the sampling cadence. A token with no price today counts at its prices then.
 */
function earned(state: AlertState, view: WalletView): Earned {
  const since = state.lastOpened(takeProfit.id, view.wallet.id)
  const quotes = new Map((state.wallets?.prices ?? []).map((quote) => [quote.token, quote]))
  const byToken = new Map<string, { amount: bigint; decimals: number; fiatThen: RewardEntry['fiat'][] }>()
  let first: number | null = null
  for (const entry of state.rewards) {
    if (entry.walletId !== view.wallet.id || !isReward(entry) || (since !== null && entry.at <= since)) continue
    const sum = byToken.get(entry.token) ?? { amount: 0n, decimals: entry.decimals, fiatThen: [] }
    sum.amount += BigInt(entry.amount)
    sum.fiatThen.push(entry.fiat)
    byToken.set(entry.token, sum)
    first = entry.at
  }
  let value = new Fiat(0)
  let unpriced = false
  for (const [token, sum] of byToken) {
    const quote = quotes.get(token)
    if (quote !== undefined) {
      value = value.plus(fiatValue(sum.amount, sum.decimals, quote.price))
      continue
    }
    for (const fiat of sum.fiatThen) {
      if (fiat === null) unpriced = true
      else value = value.plus(fiat)
    }
  }
  return { value, tokens: [...byToken.keys()], since: since ?? first, unpriced }
}

function findings(state: AlertState, thresholds: Thresholds): Finding[] {
  const amount = threshold(thresholds, 'amount')
  const share = threshold(thresholds, 'sharePercent')
  const currency = state.settings.currency
  return (state.wallets?.wallets ?? []).flatMap((view): Finding[] => {
    const sum = earned(state, view)
    if (sum.since === null || sum.value.lessThan(amount)) return []
    const part = sum.value.times(share).div(100)
    const where = walletWhere(state, view)
    return [
      {
        subject: view.wallet.id,
        title: `${where} earned ${money(sum.value, currency)}: time to take some profit?`,
        message: `${where} has earned ${sum.tokens.join(', ')} worth ${money(sum.value, currency)} at today's prices since ${when(sum.since)}${sum.unpriced ? ' (some rewards have no price and are not counted)' : ''}, reaching your ${money(String(amount), currency)} reminder. If that suits your plan, convert ${num(share, 0)} % of it (about ${money(part, currency)}) to a stablecoin yourself, in your own wallet or exchange. DePIN Desk never trades and holds no keys: this is only a reminder.`,
        figure: money(sum.value, currency),
        threshold: money(String(amount), currency),
        view: 'wallets',
        network: view.wallet.network,
        walletId: view.wallet.id,
      },
    ]
  })
}

export const takeProfit: AlertRule = {
  id: 'take-profit',
  name: 'Take-profit reminder',
  explanation: 'When the rewards earned since the last reminder are worth a set amount, a reminder to convert a share to a stablecoin yourself (the app never trades).',
  severity: 'info',
  thresholds: [
    { key: 'amount', label: 'Earned since the last reminder', unit: 'your currency', default: 500, min: 1, max: 10_000_000 },
    { key: 'sharePercent', label: 'Share to convert', unit: '%', default: 25, min: 1, max: 100 },
  ],
  openAfterMs: () => 0,
  resolveAfterMs: minuteMs,
  // At most one reminder a day per wallet, however fast it earns.
  cooldownMs: dayMs,
  evaluate: findings,
  current(state, thresholds) {
    const wallets = state.wallets?.wallets ?? []
    if (wallets.length === 0) return null
    const best = wallets.map((view) => ({ view, sum: earned(state, view) })).reduce((a, b) => (b.sum.value.greaterThan(a.sum.value) ? b : a))
    return `${walletWhere(state, best.view)} ${money(best.sum.value, state.settings.currency)} of ${money(String(threshold(thresholds, 'amount')), state.settings.currency)}`
  },
}
