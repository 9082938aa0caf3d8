import type { NetworkProfit } from '../../../shared/contract/profit.ts'
import type { Currency, NetworkInfo, RewardEntry, WalletSetting } from '../../../shared/contract/wallets.ts'

/*
 * The dashboard's "last reward, next due" for one network, from the ledger and the network's
 * payout cadence. Only rewards count: a transfer of the operator's own, or an inflow not yet
 * called a reward, says nothing of when the network pays.
 */

const hourMs = 3_600_000

/** The network's latest reward (the later booked of two at the same instant); null when it has none. */
export function lastRewardOf(rewards: readonly RewardEntry[], network: string, currency: Currency): NetworkProfit['lastReward'] {
  let last: RewardEntry | null = null
  for (const reward of rewards) {
    if (reward.network !== network || reward.classification !== 'reward') continue
    if (last === null || reward.at > last.at || (reward.at === last.at && reward.id > last.id)) last = reward
  }
  if (last === null) return null
  // A value in another currency is not one the settings currency can show.
  const fiat = last.currency === currency ? last.fiat : null
  return { at: last.at, token: last.token, amount: last.amount, decimals: last.decimals, fiat }
}

/**
 * One payout period after the last reward, or after the network's first wallet was added when
 * none came yet; null for a network that pays on no schedule, or with neither to count from.
 */
export function nextRewardDueAt(payout: Pick<NetworkInfo['payout'], 'expectedEveryHours'>, lastAt: number | null, wallets: readonly Pick<WalletSetting, 'network' | 'addedAt'>[], network: string): number | null {
  const every = payout.expectedEveryHours
  if (every === null) return null
  const added = wallets.filter((wallet) => wallet.network === network).map((wallet) => wallet.addedAt)
  const from = lastAt ?? (added.length === 0 ? null : Math.min(...added))
  return from === null ? null : from + Math.round(every * hourMs)
}
