/*
 * The contract's fixed lists without zod, for the page: importing zod there would put it in the
 * bundle, and its eval probe trips the page's CSP.
 */

/** Currencies prices are asked in (CoinGecko `vs_currencies`, CoinPaprika `quotes`). */
export const currencies = ['usd', 'eur', 'gbp', 'chf', 'cad', 'aud', 'jpy'] as const

/**
 * What one amount is: spendable, staked, earned but not yet paid, or held back by the protocol
 * (all owned, and summed into the wallet's value); or a counter that is not owned on top of
 * those: 'earned' is a network's lifetime-rewards figure, 'emission' a miner's reward per epoch
 * at the current rate.
 */
export const holdingKinds = ['liquid', 'staked', 'pending-reward', 'locked', 'vesting', 'pledge', 'earned', 'emission'] as const
export type HoldingKind = (typeof holdingKinds)[number]

/** The kinds that are the wallet's own and add up to its value. */
export const ownedHoldingKinds: readonly HoldingKind[] = ['liquid', 'staked', 'pending-reward', 'locked', 'vesting', 'pledge']
