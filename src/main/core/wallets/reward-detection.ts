import { ownedHoldingKinds, type HoldingKind } from '../../../shared/contract/wallets.ts'
import type { Holding } from '../networks/network-module.ts'

/** A holding as the ledger last saw it, with the time of that read (ms). */
export type StoredHolding = Holding & { at: number }

export type DetectedReward = { token: string; amount: bigint; decimals: number; source: 'native' | 'balance-delta' }

type TokenTotals = { owned: bigint; earned: bigint; hasEarned: boolean; decimals: number }

const owned = new Set<HoldingKind>(ownedHoldingKinds)

function totalsByToken(holdings: readonly Holding[]): Map<string, TokenTotals> {
  const totals = new Map<string, TokenTotals>()
  for (const holding of holdings) {
    const isEarned = holding.kind === 'earned'
    // 'emission' is a rate, not an amount anyone holds: it never counts.
    if (!isEarned && !owned.has(holding.kind)) continue
    const entry = totals.get(holding.token) ?? { owned: 0n, earned: 0n, hasEarned: false, decimals: holding.decimals }
    if (isEarned) {
      entry.earned += holding.amount
      entry.hasEarned = true
    } else {
      entry.owned += holding.amount
    }
    totals.set(holding.token, entry)
  }
  return totals
}

/**
 * What a wallet earned between two reads, per token. Where the network reports its own
 * lifetime-rewards counter ('earned'), its growth is the reward; otherwise the growth of
 * everything owned is, since moving between liquid, staked, locked… is not income. A
 * decrease is the operator's own doing (a sale, a transfer out), never a negative reward.
 * `previous === null` is the wallet's first read: the baseline, so nothing.
 *
 * A network whose rewards are balance growth (`earnedIsIncome: false`, e.g. Akash, whose lease
 * counter misses staking rewards) shows its counter for information only.
 *
 * A counter that was missing from the previous read while the token was there (a partial
 * read) is not diffed against zero: that would book the whole lifetime as one reward, so that
 * pair of reads falls back to the balance delta. A token absent before counts from zero.
 */
export function detectRewards(previous: readonly Holding[] | null, current: readonly Holding[], options: { earnedIsIncome?: boolean } = {}): DetectedReward[] {
  if (previous === null) return []
  const before = totalsByToken(previous)
  const rewards: DetectedReward[] = []
  for (const [token, now] of totalsByToken(current)) {
    const was = before.get(token)
    const native = (options.earnedIsIncome ?? true) && now.hasEarned && (was === undefined || was.hasEarned)
    const amount = native ? now.earned - (was?.earned ?? 0n) : now.owned - (was?.owned ?? 0n)
    if (amount > 0n) rewards.push({ token, amount, decimals: now.decimals, source: native ? 'native' : 'balance-delta' })
  }
  return rewards
}
