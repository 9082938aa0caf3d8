import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fiatValue } from '../../../src/main/core/prices/token-value.ts'
import { akashWorld } from '../../support/ledger-world/cosmos-world.ts'
import { aethirWorld } from '../../support/ledger-world/evm-world.ts'
import { filecoinWorld } from '../../support/ledger-world/filecoin-world.ts'
import { heliumWorld, splWorld } from '../../support/ledger-world/solana-world.ts'
import { bittensorWorld } from '../../support/ledger-world/substrate-world.ts'
import { walletHarness, type GeckoPrices, type WorldEvent, type WorldSpec } from '../../support/ledger-world/world.ts'

/*
 * The ledger against an independent one, on every network: random sequences of chain events
 * (income, the operator's own moves, price moves, parts going to zero and coming back, parts
 * failing for a read) are played on loopback chains that speak each chain's wire format, the
 * real wallet service reads them after every event, and what it booked as income must equal
 * what truly arrived, per unit, exactly; every entry valued at the price of its read.
 *
 * One limit is the model's, not the product's: a balance read cannot tell income from an
 * outflow of the same unit between the same two reads, so an operator's move is never played
 * while the read before it or its own read fails (that would join it with other events).
 */

const hourMs = 3_600_000

const worlds: WorldSpec<WorldEvent>[] = [
  splWorld('grass', { symbol: 'GRASS', mint: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs', decimals: 9, coingecko: 'grass' }),
  splWorld('render', { symbol: 'RENDER', mint: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof', decimals: 8, coingecko: 'render-token' }),
  splWorld('nosana', { symbol: 'NOS', mint: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', decimals: 6, coingecko: 'nosana' }),
  heliumWorld(),
  aethirWorld(),
  akashWorld(),
  filecoinWorld(),
  bittensorWorld(),
] as WorldSpec<WorldEvent>[]

type Step = { event: WorldEvent; failing: string[] }

function steps(spec: WorldSpec<WorldEvent>): fc.Arbitrary<Step[]> {
  const step = fc.record({ event: spec.events, failing: fc.subarray([...spec.failures], { maxLength: Math.min(2, spec.failures.length) }) })
  return fc.array(step, { minLength: 1, maxLength: 12 }).map((list) =>
    list.map((current, i) => {
      const next = list[i + 1]
      const isMove = current.event.kind === 'operator' || next?.event.kind === 'operator'
      return isMove ? { ...current, failing: [] } : current
    }),
  )
}

const add = (sums: Map<string, bigint>, token: string, amount: bigint): Map<string, bigint> => sums.set(token, (sums.get(token) ?? 0n) + amount)

async function play(spec: WorldSpec<WorldEvent>, list: readonly Step[]): Promise<void> {
  const gecko: GeckoPrices = new Map()
  const world = await spec.start(gecko)
  const harness = await walletHarness(world, gecko)
  try {
    await harness.service.refresh()
    expect(harness.rewards(), 'the first read is the baseline').toEqual([])
    const truth = new Map<string, bigint>()
    let failedBefore = false
    // A last read with nothing failing settles what a failed read left to book.
    const settle: Step = { event: { kind: 'quiet', describe: 'settle' }, failing: [] }
    for (const step of [...list, settle]) {
      const { event, failing } = step
      harness.now.value += hourMs
      if (step !== settle) for (const inflow of world.apply(event)) add(truth, inflow.token, inflow.amount)
      world.failing.clear()
      for (const part of failing) world.failing.add(part)
      await harness.service.refresh()
      const booked = harness.rewards().filter((entry) => entry.at === harness.now.value)
      for (const entry of booked.filter((e) => e.classification === 'reward')) {
        const price = world.priceOf(entry.token)
        expect(entry.price === null ? null : new Decimal(entry.price).toString(), `${entry.token} valued at the price of its read`).toBe(price === null ? null : new Decimal(price).toString())
        expect(entry.fiat).toBe(entry.price === null ? null : fiatValue(BigInt(entry.amount), entry.decimals, entry.price))
      }
      if (event.kind === 'price' && !failedBefore) expect(booked, `a price move books nothing (${event.describe})`).toEqual([])
      failedBefore = failing.length > 0
    }
    const ledger = new Map<string, bigint>()
    for (const entry of harness.rewards()) if (entry.classification === 'reward') add(ledger, entry.token, BigInt(entry.amount))
    const nonZero = (sums: Map<string, bigint>) => new Map([...sums].filter(([, amount]) => amount !== 0n))
    expect(nonZero(ledger), list.map((s) => `${s.event.describe} failing=${s.failing.join('+')}`).join('\n')).toEqual(nonZero(truth))
  } finally {
    await harness.close()
  }
}

describe('the rewards ledger equals the true inflows on every network', () => {
  it.each(worlds.map((spec) => [spec.network, spec] as const))('%s', async (_, spec) => {
    await fc.assert(
      fc.asyncProperty(steps(spec), (list) => play(spec, list)),
      { numRuns: 60 },
    )
  }, 120_000)
})
