import fc from 'fast-check'
import { nodeInfo } from '../../fixtures/chains/cosmos.ts'
import type { ApiAnswer } from '../loopback-api.ts'
import { described, failable, share, type Inflow, type World, type WorldEvent, type WorldSpec } from './world.ts'

/*
 * Akash's world: an LCD answering the bank, staking, distribution and market (lease) queries in
 * the shapes of tests/fixtures/chains/cosmos.ts (cosmos-sdk REST and akash market v1beta5), from
 * a provider's state: AKT and ACT in the bank (a zero balance left out, as the bank module does),
 * delegated and unbonding AKT, pending staking rewards, and its leases' withdrawals.
 */

const provider = 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8'
const validator = 'akashvaloper1p6fulzhjcsghakuracwn20tjqmvf7zvsja8u5y'

type Move = 'claim' | 'delegate' | 'undelegate' | 'unbonded' | 'burn' | 'send'

type AkashEvent = WorldEvent &
  (
    | { kind: 'income'; source: 'staking' | 'lease'; amount: bigint }
    | { kind: 'operator'; move: Move; percent: number }
    | { kind: 'price'; cents: number }
    | { kind: 'quiet' }
  )

type AkashState = { uakt: bigint; uact: bigint; delegated: bigint; unbonding: bigint; pending: bigint; withdrawnAct: bigint; withdrawnAkt: bigint }

const paths = {
  nodeInfo: '/cosmos/base/tendermint/v1beta1/node_info',
  balances: `/cosmos/bank/v1beta1/balances/${provider}`,
  delegations: `/cosmos/staking/v1beta1/delegations/${provider}`,
  unbonding: `/cosmos/staking/v1beta1/delegators/${provider}/unbonding_delegations`,
  rewards: `/cosmos/distribution/v1beta1/delegators/${provider}/rewards`,
  leases: '/akash/market/v1beta5/leases/list',
}

const page = (total: number) => ({ next_key: null, total: String(total) })
const dec = (amount: bigint): string => `${amount}.000000000000000000`

function lease(withdrawn: { denom: string; amount: bigint }, dseq: number): unknown {
  const xid = `akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq/${dseq}`
  return {
    lease: { id: { owner: 'akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq', dseq: String(dseq), gseq: 1, oseq: 1, provider, bseq: 0 }, state: 'active', price: { denom: withdrawn.denom, amount: '1.000000000000000000' }, created_at: '25880690', closed_on: '0', reason: 'lease_closed_invalid', reclamation: null },
    escrow_payment: {
      id: { aid: { scope: 'deployment', xid }, xid: `1/1/${provider}` },
      state: { owner: provider, state: 'open', rate: { denom: withdrawn.denom, amount: '1.000000000000000000' }, balance: { denom: withdrawn.denom, amount: '0.000000000000000000' }, unsettled: { denom: withdrawn.denom, amount: '0.000000000000000000' }, withdrawn: { denom: withdrawn.denom, amount: withdrawn.amount.toString() } },
    },
  }
}

function answer(state: AkashState, path: string): ApiAnswer {
  switch (path) {
    case paths.nodeInfo:
      return { json: nodeInfo() }
    case paths.balances: {
      const balances = [
        { denom: 'uact', amount: state.uact },
        { denom: 'uakt', amount: state.uakt },
      ].filter((coin) => coin.amount > 0n)
      return { json: { balances: balances.map((c) => ({ denom: c.denom, amount: c.amount.toString() })), pagination: page(balances.length) } }
    }
    case paths.delegations:
      return {
        json: {
          delegation_responses:
            state.delegated === 0n ? [] : [{ delegation: { delegator_address: provider, validator_address: validator, shares: dec(state.delegated) }, balance: { denom: 'uakt', amount: state.delegated.toString() } }],
          pagination: page(state.delegated === 0n ? 0 : 1),
        },
      }
    case paths.unbonding:
      return {
        json: {
          unbonding_responses:
            state.unbonding === 0n
              ? []
              : [{ delegator_address: provider, validator_address: validator, entries: [{ creation_height: '2442278', completion_time: '2026-12-27T10:59:03Z', initial_balance: state.unbonding.toString(), balance: state.unbonding.toString() }] }],
          pagination: page(state.unbonding === 0n ? 0 : 1),
        },
      }
    case paths.rewards:
      return {
        json: state.pending === 0n ? { rewards: [], total: [] } : { rewards: [{ validator_address: validator, reward: [{ denom: 'uakt', amount: dec(state.pending) }] }], total: [{ denom: 'uakt', amount: dec(state.pending) }] },
      }
    case paths.leases:
      return { json: { leases: [lease({ denom: 'uact', amount: state.withdrawnAct }, 25880666), lease({ denom: 'uakt', amount: state.withdrawnAkt }, 19000001)], pagination: page(2) } }
    default:
      return { status: 404, json: { code: 5, message: 'Not Found', details: [] } }
  }
}

function apply(state: AkashState, event: AkashEvent, setPrice: (cents: number) => void): Inflow[] {
  if (event.kind === 'income') {
    if (event.source === 'staking') state.pending += event.amount
    else {
      state.uact += event.amount
      state.withdrawnAct += event.amount
    }
    return [{ token: event.source === 'staking' ? 'AKT' : 'ACT', amount: event.amount }]
  }
  if (event.kind === 'price') setPrice(event.cents)
  if (event.kind !== 'operator') return []
  switch (event.move) {
    case 'claim':
      state.uakt += state.pending
      state.pending = 0n
      break
    case 'delegate': {
      const amount = share(state.uakt, event.percent)
      state.uakt -= amount
      state.delegated += amount
      break
    }
    case 'undelegate': {
      const amount = share(state.delegated, event.percent)
      state.delegated -= amount
      state.unbonding += amount
      break
    }
    case 'unbonded':
      state.uakt += state.unbonding
      state.unbonding = 0n
      break
    case 'burn': {
      // BME: ACT burned at $1 mints AKT at the oracle price; here 1 ACT buys 0.4 AKT.
      const burned = share(state.uact, event.percent)
      state.uact -= burned
      state.uakt += (burned * 2n) / 5n
      break
    }
    case 'send':
      state.uakt -= share(state.uakt, event.percent)
      break
  }
  return []
}

export function akashWorld(): WorldSpec<AkashEvent> {
  const events = described(
    fc.oneof(
      fc.record({ kind: fc.constant('income' as const), source: fc.constantFrom('staking' as const, 'lease' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 12n }) }),
      fc.record({ kind: fc.constant('operator' as const), move: fc.constantFrom<Move>('claim', 'delegate', 'undelegate', 'unbonded', 'burn', 'send'), percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('price' as const), cents: fc.integer({ min: 1, max: 10_000 }) }),
      fc.constant({ kind: 'quiet' as const }),
    )
  )
  return {
    network: 'akash',
    events,
    failures: ['all', 'staking-rewards', 'leases'],
    async start(gecko) {
      gecko.set('akash-network', '2.10')
      const state: AkashState = { uakt: 50_000_000n, uact: 3_000_000n, delegated: 10_000_000n, unbonding: 0n, pending: 0n, withdrawnAct: 9_000_000n, withdrawnAkt: 1_000_000n }
      const failing = new Set<string>()
      const down = (path: string): boolean =>
        failing.has('all') || (failing.has('staking-rewards') && path === paths.rewards) || (failing.has('leases') && path === paths.leases)
      const lcd = await failable(
        (request) => down(request.url.pathname),
        (request) => answer(state, request.url.pathname),
      )
      return {
        network: 'akash',
        address: provider,
        endpoints: { 'akash-lcd': lcd.url },
        failing,
        apply: (event) => apply(state, event, (cents) => gecko.set('akash-network', (cents / 100).toFixed(2))),
        priceOf: (token) => (token === 'AKT' ? (gecko.get('akash-network') ?? null) : null),
        close: () => lcd.close(),
      } satisfies World<AkashEvent>
    },
  }
}
