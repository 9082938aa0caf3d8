import { describe, expect, it } from 'vitest'
import type { RewardEntry } from '../../../src/shared/contract/wallets.ts'
import { lastRewardOf, nextRewardDueAt } from '../../../src/main/core/profit/reward-cadence.ts'

const hourMs = 3_600_000

function reward(id: number, at: number, patch: Partial<RewardEntry> = {}): RewardEntry {
  return {
    id,
    network: 'akash',
    walletId: 'wallet-00000000',
    address: 'akash1address',
    token: 'AKT',
    amount: String(1_000_000 * id),
    decimals: 6,
    at,
    price: '2',
    fiat: String(2 * id),
    currency: 'usd',
    source: 'balance-delta',
    classification: 'reward',
    rule: null,
    ...patch,
  }
}

describe('the last reward of a network', () => {
  it('is the latest reward of that network, in any order; the later booked of two at one instant', () => {
    const entries = [reward(1, 3_000), reward(2, 1_000), reward(3, 3_000), reward(4, 9_000, { network: 'grass' })]
    expect(lastRewardOf(entries, 'akash', 'usd')).toEqual({ at: 3_000, token: 'AKT', amount: '3000000', decimals: 6, fiat: '6' })
  })

  it('counts neither a transfer nor an inflow not yet called a reward', () => {
    const entries = [reward(1, 1_000), reward(2, 2_000, { classification: 'transfer' }), reward(3, 3_000, { classification: 'inflow' })]
    expect(lastRewardOf(entries, 'akash', 'usd')?.at).toBe(1_000)
    expect(lastRewardOf(entries.slice(1), 'akash', 'usd')).toBeNull()
  })

  it('has no value when it had no price, or was valued in another currency', () => {
    expect(lastRewardOf([reward(1, 1_000, { fiat: null, price: null })], 'akash', 'usd')?.fiat).toBeNull()
    expect(lastRewardOf([reward(1, 1_000, { currency: 'eur' })], 'akash', 'usd')?.fiat).toBeNull()
    expect(lastRewardOf([reward(1, 1_000, { currency: 'eur' })], 'akash', 'eur')?.fiat).toBe('2')
  })
})

describe('when the next reward is due', () => {
  const wallets = [
    { network: 'akash', addedAt: 5_000 },
    { network: 'akash', addedAt: 2_000 },
    { network: 'grass', addedAt: 1 },
  ]

  it('is one payout period after the last reward, rounded to the millisecond', () => {
    expect(nextRewardDueAt({ expectedEveryHours: 24 }, 10_000, wallets, 'akash')).toBe(10_000 + 24 * hourMs)
    // 1.2 h in floats is not 4 320 000 ms exactly.
    expect(nextRewardDueAt({ expectedEveryHours: 1.2 }, 0, wallets, 'akash')).toBe(4_320_000)
  })

  it('counts from the first wallet of the network while none came', () => {
    expect(nextRewardDueAt({ expectedEveryHours: 168 }, null, wallets, 'akash')).toBe(2_000 + 168 * hourMs)
    expect(nextRewardDueAt({ expectedEveryHours: 168 }, null, wallets, 'render')).toBeNull()
  })

  it('is not known for a network that pays on no schedule', () => {
    expect(nextRewardDueAt({ expectedEveryHours: null }, 10_000, wallets, 'akash')).toBeNull()
  })
})
