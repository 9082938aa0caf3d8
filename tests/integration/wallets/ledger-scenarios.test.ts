import { describe, expect, it } from 'vitest'
import { akashWorld } from '../../support/ledger-world/cosmos-world.ts'
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
