import { ownedHoldingKinds, type HoldingView, type WalletView } from '../../../../shared/contract/wallets.ts'
import type { AlertRule, AlertState, Finding, Thresholds } from '../rule.ts'
import { explorerLink } from './explorer-links.ts'
import { hourMs, num, threshold, tokens, walletWhere, when } from './rule-kit.ts'

/*
 * Everything a wallet owns in a unit fell between two reads and the read booked no transfer of
 * the operator's own (unstaking alpha for TAO, burning ACT for AKT): a possible compromise. The
 * ledger books rises only, so a withdrawal the operator made to an exchange looks the same; the
 * message says to acknowledge it then. Moves between liquid, staked and locked keep the total and
 * say nothing; a claim moves a pending reward into the balance and says nothing either.
 *
 * It compares each wallet's holdings with those of its read before (AlertState.previousHoldings).
 * A drop is an event, true until the next read: the alert stays open half a day after it so
 * that it is seen, and the operator acknowledges it.
 */

const owned = new Set(ownedHoldingKinds)

function totals(holdings: readonly HoldingView[]): Map<string, { amount: bigint; decimals: number }> {
  const byUnit = new Map<string, { amount: bigint; decimals: number }>()
  for (const holding of holdings) {
    if (!owned.has(holding.kind)) continue
    const unit = byUnit.get(holding.token) ?? { amount: 0n, decimals: holding.decimals }
    unit.amount += BigInt(holding.amount)
    byUnit.set(holding.token, unit)
  }
  return byUnit
}

/** The details of the unit's holdings that fell ("Arbitrum One"): which chain's explorer to link. */
function fallenWhere(before: readonly HoldingView[], now: readonly HoldingView[], token: string): string {
  const amountNow = (h: HoldingView): bigint => BigInt(now.find((n) => n.token === h.token && n.kind === h.kind && n.detail === h.detail)?.amount ?? '0')
  return before
    .filter((h) => h.token === token && owned.has(h.kind) && BigInt(h.amount) > amountNow(h))
    .map((h) => h.detail ?? '')
    .join(' ')
}

type Drop = { view: WalletView; token: string; before: bigint; after: bigint; decimals: number; percent: number; where: string; from: number; at: number }

function drops(state: AlertState): Drop[] {
  const previous = state.previousHoldings
  return (state.wallets?.wallets ?? []).flatMap((view): Drop[] => {
    const before = previous.get(view.wallet.id)
    const at = view.fetchedAt
    if (before === undefined || at === null || before.fetchedAt >= at) return []
    // The read booked the operator's own conversion: a fall beside it is that move.
    if (state.rewards.some((entry) => entry.walletId === view.wallet.id && entry.classification === 'transfer' && entry.at > before.fetchedAt && entry.at <= at)) return []
    const now = totals(view.holdings)
    return [...totals(before.holdings)].flatMap(([token, was]): Drop[] => {
      const after = now.get(token)?.amount ?? 0n
      if (was.amount <= 0n || after >= was.amount) return []
      const percent = Number(((was.amount - after) * 10_000n) / was.amount) / 100
      return [{ view, token, before: was.amount, after, decimals: was.decimals, percent, where: fallenWhere(before.holdings, view.holdings, token), from: before.fetchedAt, at }]
    })
  })
}

function findings(state: AlertState, thresholds: Thresholds): Finding[] {
  const limit = threshold(thresholds, 'minDropPercent')
  return drops(state).flatMap((drop): Finding[] => {
    if (drop.percent < limit) return []
    const where = walletWhere(state, drop.view)
    const lost = tokens(drop.before - drop.after, drop.decimals)
    const chain = state.networks.get(drop.view.wallet.network)?.chain
    return [
      {
        subject: `${drop.view.wallet.id}:${drop.token}`,
        title: `${where} lost ${lost} ${drop.token}`,
        message: `${where} owned ${tokens(drop.before, drop.decimals)} ${drop.token} at ${when(drop.from)} and ${tokens(drop.after, drop.decimals)} at ${when(drop.at)}: down ${num(drop.percent)} %, at or over your ${num(limit)} % limit, and no move of your own was booked. If you did not move it, treat the wallet as compromised: check its transfers on the explorer and move what is left with a wallet you trust. If you moved it yourself, acknowledge this alert.`,
        figure: `−${lost} ${drop.token} (−${num(drop.percent)} %)`,
        threshold: `−${num(limit)} %`,
        view: 'wallets',
        network: drop.view.wallet.network,
        walletId: drop.view.wallet.id,
        ...(chain === undefined ? {} : { link: explorerLink(chain, drop.view.wallet.address, drop.where) }),
      },
    ]
  })
}

export const balanceDropped: AlertRule = {
  id: 'balance-dropped',
  name: 'Balance dropped',
  explanation: 'What a wallet owns in a token fell between two reads with no move of yours booked: a possible compromise. Acknowledge it if you moved the funds.',
  severity: 'critical',
  thresholds: [{ key: 'minDropPercent', label: 'Fell by at least', unit: '% between two reads', default: 2, min: 0.1, max: 100 }],
  openAfterMs: () => 0,
  resolveAfterMs: 12 * hourMs,
  cooldownMs: hourMs,
  evaluate: findings,
  current(state) {
    if (state.wallets === null) return null
    const all = drops(state)
    return all.length === 0 ? 'no balance fell at the last read' : all.map((drop) => `${drop.token} −${num(drop.percent)} % in ${walletWhere(state, drop.view)}`).join('; ')
  },
}
