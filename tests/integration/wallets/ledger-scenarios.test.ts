import { describe, expect, it } from 'vitest'
import { akashWorld } from '../../support/ledger-world/cosmos-world.ts'
import { bittensorWorld } from '../../support/ledger-world/substrate-world.ts'
import { walletHarness, type GeckoPrices, type WorldEvent, type WorldSpec } from '../../support/ledger-world/world.ts'

/*
 * The findings of issue 9, each as the operator met it: a sequence of chain events on loopback
 * chains, the real wallet service reading after each, and what the ledger says.
 */

const hourMs = 3_600_000

/** Plays `events` (each followed by a read) and answers the ledger's entries per read, oldest first. */
async function ledgerAfter<A extends WorldEvent>(spec: WorldSpec<A>, events: readonly (A & { fail?: string[] })[]) {
  const gecko: GeckoPrices = new Map()
  const world = await spec.start(gecko)
  const harness = await walletHarness(world, gecko)
  try {
    await harness.service.refresh()
    const reads: { token: string; amount: string; classification: string; rule: string | null }[][] = []
    for (const event of events) {
      harness.now.value += hourMs
      world.failing.clear()
      for (const part of event.fail ?? []) world.failing.add(part)
      world.apply(event)
      await harness.service.refresh()
      reads.push(
        harness
          .rewards()
          .filter((entry) => entry.at === harness.now.value)
          .map(({ token, amount, classification, rule }) => ({ token, amount, classification, rule })),
      )
    }
    return { reads, snapshot: harness.service.snapshot() }
  } finally {
    await harness.close()
  }
}

describe('Akash', () => {
  it('books the first ACT payout after every ACT was burned, and the burn itself as a transfer', async () => {
    const { reads } = await ledgerAfter(akashWorld(), [
      { kind: 'operator', move: 'burn', percent: 100, describe: 'burn all 3 ACT for 1.2 AKT' },
      { kind: 'income', source: 'lease', amount: 7_000_000n, describe: 'a lease withdrawal pays 7 ACT' },
    ])
    expect(reads).toEqual([
      [{ token: 'AKT', amount: '1200000', classification: 'transfer', rule: 'your own move: ACT burned for AKT (ACT fell as AKT rose; no price links the two, so all of it)' }],
      [{ token: 'ACT', amount: '7000000', classification: 'reward', rule: 'growth of everything owned in ACT' }],
    ])
  })

  it('books staking rewards that accrued while the rewards query failed once it answers, and a claim as nothing', async () => {
    const { reads } = await ledgerAfter(akashWorld(), [
      { kind: 'income', source: 'staking', amount: 400_000n, describe: '0.4 AKT of staking rewards accrue', fail: ['staking-rewards'] },
      { kind: 'quiet', describe: 'the rewards query answers again' },
      { kind: 'operator', move: 'claim', percent: 100, describe: 'claim them into the wallet' },
    ])
    expect(reads.map((read) => read.map((entry) => [entry.token, entry.amount, entry.classification]))).toEqual([[], [['AKT', '400000', 'reward']], []])
  })
})

describe('Bittensor', () => {
  const tao = 1_000_000_000n

  it('books alpha stake growth in alpha, while the miner’s emission per epoch changes, and root stake growth in TAO', async () => {
    const { reads } = await ledgerAfter(bittensorWorld(), [
      { kind: 'income', position: 0, amount: 2n * tao, emission: 7n * tao, describe: 'an epoch pays the miner 2 α on subnet 19; its emission rate moves' },
      { kind: 'income', position: 2, amount: tao / 10n, emission: 0n, describe: 'root pays the validator stake 0.1 TAO' },
      { kind: 'income', position: 0, amount: 3n * tao, emission: 1n, describe: 'the next epoch pays 3 α' },
    ])
    expect(reads.map((read) => read.map((entry) => [entry.token, entry.amount, entry.classification]))).toEqual([
      [['SN19α', '2000000000', 'reward']],
      [['TAO', '100000000', 'reward']],
      [['SN19α', '3000000000', 'reward']],
    ])
  })

  it('books nothing when only a subnet’s alpha price moves (0.5 → 0.6 TAO)', async () => {
    const { reads, snapshot } = await ledgerAfter(bittensorWorld(), [{ kind: 'price', netuid: 19, rao: 600_000_000n, describe: 'subnet 19’s pool price rises to 0.6 TAO' }])
    expect(reads).toEqual([[]])
    // The 100 α are now worth 60 TAO at $420.50: the value moved, the quantity did not.
    const alpha = snapshot.wallets[0]?.holdings.find((h) => h.token === 'SN19α' && h.kind === 'staked')
    expect(alpha).toMatchObject({ amount: '100000000000', fiat: '25230' })
    expect(snapshot.prices.find((p) => p.token === 'SN19α')).toMatchObject({ price: '252.3', source: 'on-chain pool × coingecko' })
  })

  it('books unstaking alpha for TAO as the operator’s own move, not income', async () => {
    const { reads } = await ledgerAfter(bittensorWorld(), [{ kind: 'operator', move: 'unstake', position: 0, percent: 50, describe: 'unstake 50 α at 0.5 TAO' }])
    expect(reads).toEqual([[{ token: 'TAO', amount: '25000000000', classification: 'transfer', rule: 'your own move: alpha unstaked for TAO (SN19α fell as TAO rose; up to what the SN19α was worth)' }]])
  })

  it('finds a miner with no stake row on its own hotkey (its incentive staked elsewhere) and shows its emission', async () => {
    const { snapshot } = await ledgerAfter(bittensorWorld(), [{ kind: 'operator', move: 'unstake', position: 0, percent: 100, describe: 'the miner’s hotkey holds no stake any more' }])
    const holdings = snapshot.wallets[0]?.holdings ?? []
    expect(holdings.filter((h) => h.token === 'SN19α').map((h) => [h.kind, h.amount, h.detail])).toEqual([['emission', '4000000000', 'miner UID 3 on subnet 19, hotkey 5FHn…94ty, per epoch']])
  })
})
