import { describe, expect, it } from 'vitest'
import type { Holding } from '../../../src/main/core/networks/network-module.ts'
import { reconcileRead } from '../../../src/main/core/wallets/reconcile-read.ts'
import { detectRewards } from '../../../src/main/core/wallets/reward-detection.ts'

const ath = (amount: bigint, detail: string): Holding => ({ token: 'ATH', kind: 'liquid', amount, decimals: 18, detail })
const hnt = (kind: Holding['kind'], amount: bigint): Holding => ({ token: 'HNT', kind, amount, decimals: 8 })

/** The rewards a sequence of reads books, as the wallet service runs them. */
function book(reads: { holdings: Holding[]; partial: boolean }[]): bigint[] {
  let kept: Holding[] | null = null
  const booked: bigint[] = []
  for (const read of reads) {
    const step = reconcileRead(kept, read.holdings, read.partial)
    booked.push(step.previous === null ? 0n : detectRewards(step.previous, step.current).reduce((sum, r) => sum + r.amount, 0n))
    kept = step.holdings
  }
  return booked
}

describe('reconcileRead', () => {
  it('makes the first read the baseline', () => {
    expect(reconcileRead(null, [ath(5n, 'Ethereum')], false)).toEqual({ holdings: [ath(5n, 'Ethereum')], previous: null, current: [] })
  })

  it('keeps a token’s last good figures when one of its chains failed, and books no income when it comes back', () => {
    const both = [ath(100n, 'Ethereum'), ath(50n, 'Arbitrum One')]
    const step = reconcileRead(both, [ath(120n, 'Ethereum')], true)
    expect(step.holdings).toEqual(both)
    expect(step.current).toEqual([])
    // Arbitrum down for one read, then both back with 20 more on Ethereum: 20 is the income, once.
    expect(book([{ holdings: both, partial: false }, { holdings: [ath(120n, 'Ethereum')], partial: true }, { holdings: [ath(120n, 'Ethereum'), ath(50n, 'Arbitrum One')], partial: false }])).toEqual([0n, 0n, 20n])
  })

  it('does not double-count a Helium claim made while the rewards oracle was down', () => {
    const reads = [
      { holdings: [hnt('liquid', 0n), hnt('pending-reward', 30n), hnt('earned', 30n)], partial: false },
      // Oracle down; meanwhile the 30 pending were claimed into the wallet.
      { holdings: [hnt('liquid', 30n)], partial: true },
      // Oracle back: nothing pending, lifetime now 40.
      { holdings: [hnt('liquid', 30n), hnt('pending-reward', 0n), hnt('earned', 40n)], partial: false },
    ]
    expect(book(reads)).toEqual([0n, 0n, 10n])
  })

  it('lets a part vanish for good when nothing failed (a stake closed), and compares the rest', () => {
    const before: Holding[] = [
      { token: 'TAO', kind: 'liquid', amount: 10n, decimals: 9 },
      { token: 'TAO', kind: 'staked', amount: 5n, decimals: 9, detail: 'hotkey A, subnet 1' },
    ]
    const unstaked: Holding[] = [{ token: 'TAO', kind: 'liquid', amount: 15n, decimals: 9 }]
    const step = reconcileRead(before, unstaked, false)
    expect(step.holdings).toEqual(unstaked)
    expect(detectRewards(step.previous, step.current)).toEqual([])
  })

  it('starts a new baseline for a token that gains a part, instead of calling it income', () => {
    expect(book([{ holdings: [ath(100n, 'Ethereum')], partial: true }, { holdings: [ath(100n, 'Ethereum'), ath(50n, 'Arbitrum One')], partial: false }, { holdings: [ath(101n, 'Ethereum'), ath(50n, 'Arbitrum One')], partial: false }])).toEqual([0n, 0n, 1n])
  })

  it('compares tokens that answered in full even when another token’s part failed', () => {
    const before = [hnt('liquid', 10n), hnt('earned', 10n), { token: 'IOT', kind: 'liquid' as const, amount: 1n, decimals: 6 }]
    const step = reconcileRead(before, [hnt('liquid', 10n), { token: 'IOT', kind: 'liquid', amount: 4n, decimals: 6 }], true)
    expect(detectRewards(step.previous, step.current)).toEqual([{ token: 'IOT', amount: 3n, decimals: 6, source: 'balance-delta' }])
  })
})
