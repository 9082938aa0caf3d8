import fc from 'fast-check'
import { minerFaultsNone, minerPower, minerState, networkMainnet } from '../../fixtures/chains/filecoin.ts'
import { rpcRoute } from '../loopback-api.ts'
import { described, failable, share, type Inflow, type World, type WorldEvent, type WorldSpec } from './world.ts'

/*
 * Filecoin's world: a storage provider's miner actor on a Lotus node, answered as
 * StateReadState (the miner State as tests/fixtures/chains/filecoin.ts has it),
 * StateMinerAvailableBalance, and its power and faults. A block reward pays 25 % at once and vests the rest (FIP-0004);
 * vesting, pledging and withdrawing are the provider's own moves.
 */

const miner = 'f01234'

type Move = 'vest' | 'pledge' | 'withdraw'

type FilecoinEvent = WorldEvent & ({ kind: 'income'; amount: bigint } | { kind: 'operator'; move: Move; percent: number } | { kind: 'price'; cents: number } | { kind: 'quiet' })

type Funds = { available: bigint; locked: bigint; pledge: bigint }

export function filecoinWorld(): WorldSpec<FilecoinEvent> {
  const events = described(
    fc.oneof(
      fc.record({ kind: fc.constant('income' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 21n }) }),
      fc.record({ kind: fc.constant('operator' as const), move: fc.constantFrom<Move>('vest', 'pledge', 'withdraw'), percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('price' as const), cents: fc.integer({ min: 1, max: 10_000 }) }),
      fc.constant({ kind: 'quiet' as const }),
    )
  )
  return {
    network: 'filecoin',
    events,
    failures: ['all'],
    async start(gecko) {
      gecko.set('filecoin', '4.20')
      const funds: Funds = { available: 10n ** 20n, locked: 3n * 10n ** 20n, pledge: 6n * 10n ** 20n }
      const failing = new Set<string>()
      const lotus = await failable(
        () => failing.has('all'),
        rpcRoute({
          'Filecoin.StateNetworkName': () => ({ result: networkMainnet }),
          'Filecoin.StateReadState': () => ({
            result: {
              ...minerState,
              Balance: (funds.available + funds.locked + funds.pledge).toString(),
              State: { ...minerState.State, LockedFunds: funds.locked.toString(), InitialPledge: funds.pledge.toString(), PreCommitDeposits: '0', FeeDebt: '0' },
            },
          }),
          'Filecoin.StateMinerAvailableBalance': () => ({ result: funds.available.toString() }),
          // Power and faults are facts beside the funds: they never move the ledger.
          'Filecoin.StateMinerPower': () => ({ result: minerPower }),
          'Filecoin.StateMinerFaults': () => ({ result: minerFaultsNone }),
        }),
      )
      return {
        network: 'filecoin',
        address: miner,
        endpoints: { filecoin: lotus.url },
        failing,
        apply(event): Inflow[] {
          if (event.kind === 'income') {
            const now = event.amount / 4n
            funds.available += now
            funds.locked += event.amount - now
            return [{ token: 'FIL', amount: event.amount }]
          }
          if (event.kind === 'price') gecko.set('filecoin', (event.cents / 100).toFixed(2))
          if (event.kind !== 'operator') return []
          const from = event.move === 'vest' ? funds.locked : funds.available
          const amount = share(from, event.percent)
          if (event.move === 'vest') {
            funds.locked -= amount
            funds.available += amount
          } else if (event.move === 'pledge') {
            funds.available -= amount
            funds.pledge += amount
          } else {
            funds.available -= amount
          }
          return []
        },
        priceOf: (token) => (token === 'FIL' ? (gecko.get('filecoin') ?? null) : null),
        close: () => lotus.close(),
      } satisfies World<FilecoinEvent>
    },
  }
}
