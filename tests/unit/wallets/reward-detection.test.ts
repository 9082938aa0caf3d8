import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ownedHoldingKinds, type HoldingKind } from '../../../src/shared/contract/wallets.ts'
import type { Holding } from '../../../src/main/core/networks/network-module.ts'
import { detectRewards, type DetectedReward } from '../../../src/main/core/wallets/reward-detection.ts'

const h = (token: string, kind: HoldingKind, amount: bigint, decimals = 9, detail?: string): Holding =>
  detail === undefined ? { token, kind, amount, decimals } : { token, kind, amount, decimals, detail }

const cases: { name: string; previous: Holding[] | null; current: Holding[]; expected: DetectedReward[] }[] = [
  {
    name: 'first read is the baseline, however large',
    previous: null,
    current: [h('GRASS', 'liquid', 5_000_000_000n), h('HNT', 'earned', 77n, 8)],
    expected: [],
  },
  {
    name: 'a liquid increase is a balance-delta reward',
    previous: [h('GRASS', 'liquid', 1_000_000_000n)],
    current: [h('GRASS', 'liquid', 1_250_000_001n)],
    expected: [{ token: 'GRASS', amount: 250_000_001n, decimals: 9, source: 'balance-delta' }],
  },
  {
    name: 'a decrease is never a loss nor a negative reward',
    previous: [h('GRASS', 'liquid', 9n)],
    current: [h('GRASS', 'liquid', 2n)],
    expected: [],
  },
  {
    name: 'staking liquid tokens is not income',
    previous: [h('AKT', 'liquid', 100n, 6), h('AKT', 'staked', 0n, 6)],
    current: [h('AKT', 'liquid', 40n, 6), h('AKT', 'staked', 60n, 6)],
    expected: [],
  },
  {
    name: 'claiming a pending reward into liquid is not income twice',
    previous: [h('AKT', 'liquid', 100n, 6), h('AKT', 'pending-reward', 7n, 6)],
    current: [h('AKT', 'liquid', 107n, 6), h('AKT', 'pending-reward', 0n, 6)],
    expected: [],
  },
  {
    name: 'pending rewards accruing are income, summed over every owned kind',
    previous: [h('AKT', 'liquid', 100n, 6), h('AKT', 'staked', 50n, 6), h('AKT', 'pending-reward', 1n, 6)],
    current: [h('AKT', 'liquid', 100n, 6), h('AKT', 'staked', 50n, 6), h('AKT', 'pending-reward', 4n, 6)],
    expected: [{ token: 'AKT', amount: 3n, decimals: 6, source: 'balance-delta' }],
  },
  {
    name: 'locked, vesting and pledge count as owned',
    previous: [h('FIL', 'liquid', 10n, 18), h('FIL', 'locked', 10n, 18), h('FIL', 'vesting', 10n, 18), h('FIL', 'pledge', 10n, 18)],
    current: [h('FIL', 'liquid', 5n, 18), h('FIL', 'locked', 12n, 18), h('FIL', 'vesting', 14n, 18), h('FIL', 'pledge', 10n, 18)],
    expected: [{ token: 'FIL', amount: 1n, decimals: 18, source: 'balance-delta' }],
  },
  {
    name: 'the native counter wins over the balance, which may fall after a sale',
    previous: [h('HNT', 'liquid', 1_000n, 8), h('HNT', 'earned', 500n, 8)],
    current: [h('HNT', 'liquid', 10n, 8), h('HNT', 'earned', 530n, 8)],
    expected: [{ token: 'HNT', amount: 30n, decimals: 8, source: 'native' }],
  },
  {
    name: 'a balance increase with a flat native counter is a transfer in, not a reward',
    previous: [h('HNT', 'liquid', 0n, 8), h('HNT', 'earned', 500n, 8)],
    current: [h('HNT', 'liquid', 9_999n, 8), h('HNT', 'earned', 500n, 8)],
    expected: [],
  },
  {
    name: 'native counters are summed across details (hotkeys, miners)',
    previous: [h('TAO', 'earned', 10n, 9, 'hotkey A'), h('TAO', 'earned', 20n, 9, 'hotkey B')],
    current: [h('TAO', 'earned', 15n, 9, 'hotkey A'), h('TAO', 'earned', 21n, 9, 'hotkey B')],
    expected: [{ token: 'TAO', amount: 6n, decimals: 9, source: 'native' }],
  },
  {
    name: 'emission never counts, rising or not',
    previous: [h('TAO', 'emission', 1n), h('TAO', 'staked', 100n)],
    current: [h('TAO', 'emission', 1_000_000n), h('TAO', 'staked', 100n)],
    expected: [],
  },
  {
    name: 'a token seen for the first time counts from zero',
    previous: [h('HNT', 'liquid', 5n, 8)],
    current: [h('HNT', 'liquid', 5n, 8), h('IOT', 'liquid', 42n, 6), h('MOBILE', 'earned', 7n, 6)],
    expected: [
      { token: 'IOT', amount: 42n, decimals: 6, source: 'balance-delta' },
      { token: 'MOBILE', amount: 7n, decimals: 6, source: 'native' },
    ],
  },
  {
    name: 'a counter missing from the previous read is not diffed against zero (the lifetime is not one reward)',
    previous: [h('HNT', 'liquid', 100n, 8)],
    current: [h('HNT', 'liquid', 103n, 8), h('HNT', 'earned', 1_000_000n, 8)],
    expected: [{ token: 'HNT', amount: 3n, decimals: 8, source: 'balance-delta' }],
  },
  {
    name: 'a counter missing from this read falls back to the balance delta',
    previous: [h('HNT', 'liquid', 100n, 8), h('HNT', 'earned', 1_000_000n, 8)],
    current: [h('HNT', 'liquid', 104n, 8)],
    expected: [{ token: 'HNT', amount: 4n, decimals: 8, source: 'balance-delta' }],
  },
  {
    name: 'a token that disappears is not a loss',
    previous: [h('IOT', 'liquid', 42n, 6)],
    current: [],
    expected: [],
  },
  {
    name: 'amounts beyond 2^64 stay exact',
    previous: [h('ATH', 'liquid', 2n ** 70n, 18)],
    current: [h('ATH', 'liquid', 2n ** 70n + 2n ** 65n + 1n, 18)],
    expected: [{ token: 'ATH', amount: 2n ** 65n + 1n, decimals: 18, source: 'balance-delta' }],
  },
  {
    name: 'tokens are judged one by one',
    previous: [h('HNT', 'liquid', 10n, 8), h('IOT', 'liquid', 10n, 6)],
    current: [h('HNT', 'liquid', 1n, 8), h('IOT', 'liquid', 11n, 6)],
    expected: [{ token: 'IOT', amount: 1n, decimals: 6, source: 'balance-delta' }],
  },
]

describe('detectRewards', () => {
  it.each(cases)('$name', ({ previous, current, expected }) => {
    expect(detectRewards(previous, current)).toEqual(expected)
  })
})

const tokens = ['GRASS', 'HNT', 'TAO']
const anyKind = fc.constantFrom<HoldingKind>(...ownedHoldingKinds, 'earned', 'emission')
const amount = fc.bigInt({ min: 0n, max: 2n ** 80n })
const holding = (kind: fc.Arbitrary<HoldingKind>): fc.Arbitrary<Holding> =>
  fc.record({ token: fc.constantFrom(...tokens), kind, amount, decimals: fc.constant(9) })
const holdings = (kind: fc.Arbitrary<HoldingKind>): fc.Arbitrary<Holding[]> => fc.array(holding(kind), { maxLength: 8 })

/** The same per-token totals spread over other owned kinds: a pure move inside the wallet. */
const redistributed = (list: readonly Holding[], kinds: readonly HoldingKind[]): Holding[] =>
  list.map((x, i) => ({ ...x, kind: kinds[i % kinds.length] ?? 'liquid' }))

const byToken = (rewards: readonly DetectedReward[]): Map<string, bigint> =>
  rewards.reduce((sums, r) => sums.set(r.token, (sums.get(r.token) ?? 0n) + r.amount), new Map<string, bigint>())

/** Adds a non-negative delta to each holding: a read later than `list`, never lower. */
const grown = (list: readonly Holding[], deltas: readonly bigint[]): Holding[] =>
  list.map((x, i) => ({ ...x, amount: x.amount + (deltas[i] ?? 0n) }))

describe('detectRewards properties', () => {
  it('never answers a negative or zero reward', () => {
    fc.assert(
      fc.property(fc.option(holdings(anyKind), { nil: null }), holdings(anyKind), (previous, current) => {
        for (const reward of detectRewards(previous, current)) expect(reward.amount).toBeGreaterThan(0n)
      }),
    )
  })

  it('finds nothing when amounts only move between owned kinds', () => {
    const ownedKind = fc.constantFrom(...ownedHoldingKinds)
    const kindOrder = fc.shuffledSubarray([...ownedHoldingKinds], { minLength: 1 })
    fc.assert(
      fc.property(holdings(ownedKind), kindOrder, fc.boolean(), (previous, kinds, reversed) => {
        const current = redistributed(reversed ? [...previous].reverse() : previous, kinds)
        expect(detectRewards(previous, current)).toEqual([])
      }),
    )
  })

  it('two consecutive increases add up to one increase over both', () => {
    const nonEmission = fc.constantFrom<HoldingKind>(...ownedHoldingKinds, 'earned')
    const deltas = fc.array(amount, { minLength: 8, maxLength: 8 })
    fc.assert(
      fc.property(holdings(nonEmission), deltas, deltas, (first, d1, d2) => {
        const second = grown(first, d1)
        const third = grown(second, d2)
        const stepwise = byToken([...detectRewards(first, second), ...detectRewards(second, third)])
        expect(stepwise).toEqual(byToken(detectRewards(first, third)))
      }),
    )
  })
})

describe('detectRewards for a network whose income is balance growth', () => {
  it('reads a lifetime counter for information only, and counts the balance growth', () => {
    // An Akash provider: a lease withdrawal of 5 AKT lands in the wallet and 2 AKT of staking rewards accrue.
    const before = [h('AKT', 'liquid', 100n, 6), h('AKT', 'pending-reward', 1n, 6), h('AKT', 'earned', 40n, 6)]
    const after = [h('AKT', 'liquid', 105n, 6), h('AKT', 'pending-reward', 3n, 6), h('AKT', 'earned', 45n, 6)]
    expect(detectRewards(before, after, { earnedIsIncome: false })).toEqual([{ token: 'AKT', amount: 7n, decimals: 6, source: 'balance-delta' }])
    expect(detectRewards(before, after)).toEqual([{ token: 'AKT', amount: 5n, decimals: 6, source: 'native' }])
  })
})
