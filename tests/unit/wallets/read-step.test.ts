import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ownedHoldingKinds, type HoldingKind } from '../../../src/shared/contract/wallets.ts'
import type { Holding, HoldingsRead, UnitPrice } from '../../../src/main/core/holdings/holding.ts'
import type { Conversion } from '../../../src/main/core/networks/network-module.ts'
import { stepRead, type Booking, type StepRules, type WalletState } from '../../../src/main/core/wallets/read-step.ts'

const h = (token: string, kind: HoldingKind, amount: bigint, decimals = 9, key = '', part?: string): Holding => ({
  token,
  kind,
  key,
  amount,
  decimals,
  ...(part === undefined ? {} : { part }),
})

const native: StepRules = { parts: ['main'], earnedIsIncome: true, conversions: [] }
const state = (holdings: Holding[], parts = ['main'], unitPrices: UnitPrice[] = []): WalletState => ({ holdings, parts, unitPrices })
const read = (holdings: Holding[], extra: Partial<HoldingsRead> = {}): HoldingsRead => ({ holdings, hosts: ['rpc.test'], ...extra })
const rewards = (bookings: readonly Booking[]) =>
  bookings.filter((b) => b.classification === 'reward').map(({ token, amount, decimals, source }) => ({ token, amount, decimals, source }))

/** The bookings a sequence of reads makes, as the wallet service runs them. */
function run(reads: HoldingsRead[], rules: StepRules = native): { bookings: Booking[][]; last: WalletState } {
  let last: WalletState | null = null
  const bookings: Booking[][] = []
  for (const next of reads) {
    const step = stepRead(last, next, rules)
    bookings.push(step.bookings)
    last = step.state
  }
  if (last === null) throw new Error('no read')
  return { bookings, last }
}

const cases: { name: string; previous: Holding[] | null; current: Holding[]; expected: ReturnType<typeof rewards> }[] = [
  { name: 'first read is the baseline, however large', previous: null, current: [h('GRASS', 'liquid', 5_000_000_000n), h('HNT', 'earned', 77n, 8)], expected: [] },
  {
    name: 'a liquid increase is a balance-delta reward',
    previous: [h('GRASS', 'liquid', 1_000_000_000n)],
    current: [h('GRASS', 'liquid', 1_250_000_001n)],
    expected: [{ token: 'GRASS', amount: 250_000_001n, decimals: 9, source: 'balance-delta' }],
  },
  { name: 'a decrease is never a loss nor a negative reward', previous: [h('GRASS', 'liquid', 9n)], current: [h('GRASS', 'liquid', 2n)], expected: [] },
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
    name: 'native counters are summed across keys (hotkeys, miners)',
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
    name: 'a token seen for the first time in a part read before counts from zero',
    previous: [h('HNT', 'liquid', 5n, 8)],
    current: [h('HNT', 'liquid', 5n, 8), h('IOT', 'liquid', 42n, 6)],
    expected: [{ token: 'IOT', amount: 42n, decimals: 6, source: 'balance-delta' }],
  },
  { name: 'a token that disappears is not a loss', previous: [h('IOT', 'liquid', 42n, 6)], current: [], expected: [] },
  {
    name: 'amounts beyond 2^64 stay exact',
    previous: [h('ATH', 'liquid', 2n ** 70n, 18)],
    current: [h('ATH', 'liquid', 2n ** 70n + 2n ** 65n + 1n, 18)],
    expected: [{ token: 'ATH', amount: 2n ** 65n + 1n, decimals: 18, source: 'balance-delta' }],
  },
  {
    name: 'units are judged one by one',
    previous: [h('HNT', 'liquid', 10n, 8), h('IOT', 'liquid', 10n, 6)],
    current: [h('HNT', 'liquid', 1n, 8), h('IOT', 'liquid', 11n, 6)],
    expected: [{ token: 'IOT', amount: 1n, decimals: 6, source: 'balance-delta' }],
  },
]

describe('stepRead: rewards per unit', () => {
  it.each(cases)('$name', ({ previous, current, expected }) => {
    expect(rewards(stepRead(previous === null ? null : state(previous), read(current), native).bookings)).toEqual(expected)
  })

  it('names the rule of every entry', () => {
    const { bookings } = stepRead(state([h('HNT', 'liquid', 1n, 8), h('HNT', 'earned', 5n, 8)]), read([h('HNT', 'liquid', 1n, 8), h('HNT', 'earned', 8n, 8)]), native)
    expect(bookings).toEqual([{ token: 'HNT', amount: 3n, decimals: 8, classification: 'reward', source: 'native', rule: "growth of the network's lifetime rewards counter in HNT" }])
  })

  it('reads a lifetime counter for information only where income is balance growth (Akash)', () => {
    // A lease withdrawal of 5 AKT lands in the wallet and 2 AKT of staking rewards accrue.
    const before = [h('AKT', 'liquid', 100n, 6), h('AKT', 'pending-reward', 1n, 6, 'staking'), h('AKT', 'earned', 40n, 6, 'leases')]
    const after = [h('AKT', 'liquid', 105n, 6), h('AKT', 'pending-reward', 3n, 6, 'staking'), h('AKT', 'earned', 45n, 6, 'leases')]
    expect(rewards(stepRead(state(before), read(after), { ...native, earnedIsIncome: false }).bookings)).toEqual([{ token: 'AKT', amount: 7n, decimals: 6, source: 'balance-delta' }])
  })
})

describe('stepRead: a part read as zero stays zero', () => {
  it('books the first ACT payout after every ACT was burned (the bank leaves zero balances out)', () => {
    const akash: StepRules = { parts: ['main'], earnedIsIncome: false, conversions: [{ from: 'ACT', to: 'AKT', note: 'ACT burned for AKT' }] }
    const { bookings, last } = run(
      [
        read([h('AKT', 'liquid', 10_000_000n, 6), h('ACT', 'liquid', 5_000_000n, 6)]),
        // All 5 ACT burned for 2 AKT; the bank answers AKT only.
        read([h('AKT', 'liquid', 12_000_000n, 6)]),
        // A lease withdrawal pays 7 ACT.
        read([h('AKT', 'liquid', 12_000_000n, 6), h('ACT', 'liquid', 7_000_000n, 6)]),
      ],
      akash,
    )
    expect(bookings[1]?.map((b) => [b.token, b.amount, b.classification])).toEqual([['AKT', 2_000_000n, 'transfer']])
    expect(bookings[1]?.[0]?.rule).toBe('your own move: ACT burned for AKT (ACT fell as AKT rose; no price links the two, so all of it)')
    expect(rewards(bookings[2] ?? [])).toEqual([{ token: 'ACT', amount: 7_000_000n, decimals: 6, source: 'balance-delta' }])
    expect(last.holdings.find((x) => x.token === 'ACT')?.amount).toBe(7_000_000n)
  })

  it('keeps a holding that went to zero as zero, so its return is income', () => {
    const { bookings } = run([read([h('TAO', 'staked', 50n, 9, 'hk1')]), read([]), read([h('TAO', 'staked', 8n, 9, 'hk1')])])
    expect(bookings.map(rewards)).toEqual([[], [], [{ token: 'TAO', amount: 8n, decimals: 9, source: 'balance-delta' }]])
  })
})

describe('stepRead: a holding the read no longer returns is kept at zero, and says so', () => {
  const rules: StepRules = { parts: ['main', 'miners'], earnedIsIncome: false, conversions: [] }
  const miner = (amount: bigint): Holding => h('SN19α', 'emission', amount, 9, 'hk', 'miners')
  const stake = h('SN19α', 'staked', 100n, 9, 'hk')
  const minersFailed = { failed: [{ part: 'miners', problem: 'Uids could not be read' }] }

  it('a miner the read stops returning (deregistered) is kept at 0 with `kept`; one returned at 0 (scored 0) is not', () => {
    const lost = run([read([stake, miner(4n)]), read([stake])], rules).last
    expect(lost.holdings).toEqual([{ ...miner(0n), kept: true }, stake])
    const scoredZero = run([read([stake, miner(4n)]), read([stake, miner(0n)])], rules).last
    expect(scoredZero.holdings).toEqual([stake, miner(0n)])
  })

  it('stays kept while it is still not returned, through a failed part, and loses the flag when it comes back', () => {
    const reads = [read([stake, miner(4n)]), read([stake]), read([stake]), read([stake], minersFailed), read([stake, miner(6n)])]
    const kept = (upTo: number): boolean | undefined => run(reads.slice(0, upTo), rules).last.holdings.find((x) => x.kind === 'emission')?.kept
    expect([2, 3, 4, 5].map(kept)).toEqual([true, true, true, undefined])
  })

  it('a part that failed keeps its holdings as they were, not kept', () => {
    const { last } = run([read([stake, miner(4n)]), read([stake], minersFailed)], rules)
    expect(last.holdings).toEqual([miner(4n), stake])
  })

  it('books nothing for the flag: a kept stake that returns is income, as before', () => {
    const { bookings } = run([read([h('TAO', 'staked', 50n, 9, 'hk1')]), read([]), read([h('TAO', 'staked', 8n, 9, 'hk1')])])
    expect(bookings.map(rewards)).toEqual([[], [], [{ token: 'TAO', amount: 8n, decimals: 9, source: 'balance-delta' }]])
  })
})

describe('stepRead: parts that fail or are read for the first time', () => {
  const aethir: StepRules = { parts: ['ethereum', 'arbitrum'], earnedIsIncome: false, conversions: [] }
  const eth = (amount: bigint): Holding => h('ATH', 'liquid', amount, 18, 'chain 1', 'ethereum')
  const arb = (amount: bigint): Holding => h('ATH', 'liquid', amount, 18, 'chain 42161', 'arbitrum')
  const arbFailed = { failed: [{ part: 'arbitrum', problem: 'arb1.arbitrum.io did not answer' }] }

  it('keeps a unit’s last figures while one of its parts fails, and books its growth once when it answers', () => {
    const { bookings, last } = run([read([eth(100n), arb(50n)]), read([eth(120n)], arbFailed), read([eth(120n), arb(50n)])], aethir)
    expect(bookings.map((b) => rewards(b).map((r) => r.amount))).toEqual([[], [], [20n]])
    expect(last.holdings).toEqual([eth(120n), arb(50n)])
  })

  it('takes a part failing on the first read as its own baseline when it first answers', () => {
    const { bookings } = run([read([eth(100n)], arbFailed), read([eth(103n), arb(5_000n)])], aethir)
    expect(bookings.map((b) => rewards(b).map((r) => r.amount))).toEqual([[], [3n]])
  })

  it('does not double-count a Helium claim made while the rewards oracle was down', () => {
    const helium: StepRules = { parts: ['main', 'oracle'], earnedIsIncome: true, conversions: [] }
    const oracle = (pending: bigint, lifetime: bigint): Holding[] => [h('HNT', 'pending-reward', pending, 8, 'oracle', 'oracle'), h('HNT', 'earned', lifetime, 8, 'oracle', 'oracle')]
    const { bookings } = run(
      [
        read([h('HNT', 'liquid', 0n, 8), ...oracle(30n, 30n)]),
        // Oracle down; meanwhile the 30 pending were claimed into the wallet.
        read([h('HNT', 'liquid', 30n, 8)], { failed: [{ part: 'oracle', problem: 'down' }] }),
        // Oracle back: nothing pending, lifetime now 40.
        read([h('HNT', 'liquid', 30n, 8), ...oracle(10n, 40n)]),
      ],
      helium,
    )
    expect(bookings.map((b) => rewards(b).map((r) => r.amount))).toEqual([[], [], [10n]])
  })

  it('a failed part that only held a rate (emission) does not stop the stake beside it being booked', () => {
    const rules: StepRules = { parts: ['main', 'miners'], earnedIsIncome: false, conversions: [] }
    const { bookings } = run(
      [read([h('SN19α', 'staked', 100n, 9, 'hk'), h('SN19α', 'emission', 4n, 9, 'hk', 'miners')]), read([h('SN19α', 'staked', 104n, 9, 'hk')], { failed: [{ part: 'miners', problem: 'Uids pruned' }] })],
      rules,
    )
    expect(rewards(bookings[1] ?? [])).toEqual([{ token: 'SN19α', amount: 4n, decimals: 9, source: 'balance-delta' }])
  })

  it('freezes a unit’s conversion partners with it, so a burn split across a failed read is still a transfer', () => {
    const akash: StepRules = { parts: ['main', 'staking-rewards'], earnedIsIncome: false, conversions: [{ from: 'ACT', to: 'AKT', note: 'ACT burned for AKT' }] }
    const pending = (amount: bigint): Holding => h('AKT', 'pending-reward', amount, 6, 'staking', 'staking-rewards')
    const { bookings } = run(
      [
        read([h('AKT', 'liquid', 100n, 6), h('ACT', 'liquid', 50n, 6), pending(1n)]),
        // The rewards query fails while all ACT is burned; the AKT it buys lands a read later.
        read([h('AKT', 'liquid', 100n, 6)], { failed: [{ part: 'staking-rewards', problem: 'down' }] }),
        read([h('AKT', 'liquid', 120n, 6), pending(1n)]),
      ],
      akash,
    )
    expect(bookings.map((b) => b.map((x) => [x.token, x.classification, x.amount]))).toEqual([[], [], [['AKT', 'transfer', 20n]]])
  })

  it('after the ledger migration (no parts remembered) the next read is a fresh baseline', () => {
    const old = state([h('TAO', 'staked', 1_234n, 9, '', 'main')], [])
    const { bookings } = stepRead(old, read([h('SN19α', 'staked', 5_000n, 9, 'hk')]), native)
    expect(bookings).toEqual([])
  })
})

describe('stepRead: alpha is its own unit', () => {
  const bittensor: StepRules = {
    parts: ['main'],
    earnedIsIncome: false,
    conversions: [
      { from: 'SN*', to: 'TAO', note: 'alpha unstaked for TAO' },
      { from: 'TAO', to: 'SN*', note: 'TAO staked into a subnet as alpha' },
      { from: 'SN*', to: 'SN*', note: 'stake moved from one subnet to another' },
    ] satisfies Conversion[],
  }
  const alphaPrice = (netuid: number, raoPerAlpha: bigint): UnitPrice => ({ unit: `SN${netuid}α`, quote: 'TAO', price: raoPerAlpha, decimals: 9 })
  const tao = (liquid: bigint): Holding => h('TAO', 'liquid', liquid)
  const alpha = (netuid: number, amount: bigint, hotkey = 'hk'): Holding => h(`SN${netuid}α`, 'staked', amount, 9, hotkey)

  it('books nothing when only the alpha price moves', () => {
    const { bookings } = run(
      [read([tao(0n), alpha(19, 88_000_000_000n)], { unitPrices: [alphaPrice(19, 500_000_000n)] }), read([tao(0n), alpha(19, 88_000_000_000n)], { unitPrices: [alphaPrice(19, 600_000_000n)] })],
      bittensor,
    )
    expect(bookings).toEqual([[], []])
  })

  it('books alpha growth in alpha, whatever the price did', () => {
    const { bookings } = run(
      [read([tao(0n), alpha(19, 10n ** 10n)], { unitPrices: [alphaPrice(19, 500_000_000n)] }), read([tao(0n), alpha(19, 10n ** 10n + 123n)], { unitPrices: [alphaPrice(19, 100_000_000n)] })],
      bittensor,
    )
    expect(rewards(bookings[1] ?? [])).toEqual([{ token: 'SN19α', amount: 123n, decimals: 9, source: 'balance-delta' }])
  })

  it('takes unstaking alpha for TAO as a transfer, up to what the alpha was worth', () => {
    // 10 α at 0.5 TAO unstaked for 4.99 TAO (slippage): all of it is the operator's own move.
    const { bookings } = run(
      [read([tao(0n), alpha(19, 10_000_000_000n)], { unitPrices: [alphaPrice(19, 500_000_000n)] }), read([tao(4_990_000_000n), alpha(19, 0n)], { unitPrices: [alphaPrice(19, 499_000_000n)] })],
      bittensor,
    )
    expect(bookings[1]).toEqual([
      { token: 'TAO', amount: 4_990_000_000n, decimals: 9, classification: 'transfer', source: 'balance-delta', rule: 'your own move: alpha unstaked for TAO (SN19α fell as TAO rose; up to what the SN19α was worth)' },
    ])
  })

  it('a TAO rise beyond what the unstaked alpha was worth is income', () => {
    const { bookings } = run(
      [read([tao(0n), alpha(19, 2_000_000_000n)], { unitPrices: [alphaPrice(19, 500_000_000n)] }), read([tao(3_000_000_000n), alpha(19, 0n)], { unitPrices: [alphaPrice(19, 500_000_000n)] })],
      bittensor,
    )
    expect(bookings[1]?.map((b) => [b.classification, b.amount])).toEqual([
      ['transfer', 1_000_000_000n],
      ['reward', 2_000_000_000n],
    ])
  })

  it('takes staking TAO into a new subnet as a transfer', () => {
    const { bookings } = run(
      [read([tao(5_000_000_000n)]), read([tao(0n), alpha(7, 9_900_000_000n)], { unitPrices: [alphaPrice(7, 500_000_000n)] })],
      bittensor,
    )
    expect(bookings[1]?.map((b) => [b.token, b.classification, b.amount])).toEqual([['SN7α', 'transfer', 9_900_000_000n]])
  })

  it('moving stake between hotkeys on one subnet is not income', () => {
    const { bookings } = run([read([alpha(19, 50n, 'a'), alpha(19, 0n, 'b')]), read([alpha(19, 20n, 'a'), alpha(19, 30n, 'b')])], bittensor)
    expect(bookings).toEqual([[], []])
  })
})

const tokens = ['GRASS', 'HNT', 'TAO']
const anyKind = fc.constantFrom<HoldingKind>(...ownedHoldingKinds, 'earned', 'emission')
const amount = fc.bigInt({ min: 0n, max: 2n ** 80n })
/** Distinct identities: one holding per (token, kind), so a list is a wallet. */
const holdings = (kind: fc.Arbitrary<HoldingKind>): fc.Arbitrary<Holding[]> =>
  fc.uniqueArray(fc.record({ token: fc.constantFrom(...tokens), kind, key: fc.constant(''), amount, decimals: fc.constant(9) }), {
    maxLength: 8,
    selector: (x) => `${x.token}/${x.kind}`,
  })

const byToken = (bookings: readonly Booking[]): Map<string, bigint> =>
  rewards(bookings).reduce((sums, r) => sums.set(r.token, (sums.get(r.token) ?? 0n) + r.amount), new Map<string, bigint>())

describe('stepRead properties', () => {
  it('never books a negative or zero amount', () => {
    fc.assert(
      fc.property(fc.option(holdings(anyKind), { nil: null }), holdings(anyKind), (previous, current) => {
        for (const booking of stepRead(previous === null ? null : state(previous), read(current), native).bookings) expect(booking.amount).toBeGreaterThan(0n)
      }),
    )
  })

  it('two consecutive increases add up to one increase over both', () => {
    const nonEmission = fc.constantFrom<HoldingKind>(...ownedHoldingKinds, 'earned')
    const deltas = fc.array(amount, { minLength: 8, maxLength: 8 })
    const grown = (list: readonly Holding[], d: readonly bigint[]): Holding[] => list.map((x, i) => ({ ...x, amount: x.amount + (d[i] ?? 0n) }))
    fc.assert(
      fc.property(holdings(nonEmission), deltas, deltas, (first, d1, d2) => {
        const second = grown(first, d1)
        const third = grown(second, d2)
        const stepwise = byToken([...stepRead(state(first), read(second), native).bookings, ...stepRead(state(second), read(third), native).bookings])
        expect(stepwise).toEqual(byToken(stepRead(state(first), read(third), native).bookings))
      }),
    )
  })
})
