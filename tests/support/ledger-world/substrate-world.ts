import { Decimal } from 'decimal.js'
import fc from 'fast-check'
import { accountIdsHex, accountInfoHex, addresses, netuidHex, stakeInfoHex, storageKeys, subtensorMethods, trueHex, u16Hex, u64Hex, u64VecHex, type SubtensorState } from '../../fixtures/chains/substrate.ts'
import { rpcRoute } from '../loopback-api.ts'
import { described, failable, share, type Inflow, type World, type WorldSpec } from './world.ts'

/*
 * Bittensor's world: a coldkey on a subtensor node answering System.Account, StakeInfo,
 * OwnedHotkeys, IsNetworkMember, Uids, Emission and the alpha pool prices in SCALE, as
 * tests/fixtures/chains/substrate.ts encodes them. The coldkey's own hotkey mines on subnet 19;
 * it also stakes with a validator on root (TAO) and subnet 7. Rewards arrive as stake: alpha on a
 * subnet, TAO on root. Staking, unstaking and moving stake go through the subnet pools at their
 * price; a pool price moving changes no quantity.
 */

const coldkey = addresses.alice
const miner = addresses.bob
const validator = addresses.otfHotkey
const raoPerTao = 1_000_000_000n
const minerUid = 3

type Position = { hotkey: string; netuid: number }
const positions: Position[] = [
  { hotkey: miner, netuid: 19 },
  { hotkey: validator, netuid: 7 },
  { hotkey: validator, netuid: 0 },
]
const subnets = [7, 19] as const

type BittensorEvent =
  | { kind: 'income'; position: number; amount: bigint; emission: bigint }
  | { kind: 'operator'; move: 'stake' | 'unstake' | 'move' | 'send'; position: number; percent: number }
  | { kind: 'price'; netuid: (typeof subnets)[number]; rao: bigint }
  | { kind: 'quiet' }

type Chain = { free: bigint; stake: Map<string, bigint>; price: Map<number, bigint>; emission: bigint }

const at = (p: Position): string => `${p.hotkey}/${p.netuid}`

/** Alpha a pool gives for `tao` rao, and TAO it gives for `alpha`: at its price, rounded down as the chain does. */
const alphaFor = (tao: bigint, price: bigint): bigint => (tao * raoPerTao) / price
const taoFor = (alpha: bigint, price: bigint): bigint => (alpha * price) / raoPerTao

function serve(chain: Chain, state: SubtensorState): void {
  const stakes = positions.flatMap((p) => {
    const stake = chain.stake.get(at(p)) ?? 0n
    return stake === 0n ? [] : [{ hotkey: p.hotkey, coldkey, netuid: p.netuid, stake, isRegistered: p.hotkey === miner }]
  })
  state.storage = {
    [storageKeys.account(coldkey)]: accountInfoHex({ free: chain.free }),
    [storageKeys.ownedHotkeys(coldkey)]: accountIdsHex([miner]),
    [storageKeys.isNetworkMember(miner, 19)]: trueHex,
    [storageKeys.uids(19, miner)]: u16Hex(minerUid),
    [storageKeys.emission(19)]: u64VecHex([0n, 0n, 0n, chain.emission]),
  }
  state.calls = {
    [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.alicePublicKey}`]: stakeInfoHex(stakes),
    ...Object.fromEntries(subnets.map((netuid) => [`SwapRuntimeApi_current_alpha_price ${netuidHex(netuid)}`, u64Hex(chain.price.get(netuid) ?? raoPerTao)])),
  }
}

function apply(chain: Chain, event: BittensorEvent): Inflow[] {
  if (event.kind === 'quiet') return []
  if (event.kind === 'price') {
    chain.price.set(event.netuid, event.rao)
    return []
  }
  const position = positions[event.position] ?? positions[0]
  if (position === undefined) return []
  const key = at(position)
  const stake = chain.stake.get(key) ?? 0n
  const price = chain.price.get(position.netuid) ?? raoPerTao
  if (event.kind === 'income') {
    chain.stake.set(key, stake + event.amount)
    if (position.hotkey === miner) chain.emission = event.emission
    return [{ token: position.netuid === 0 ? 'TAO' : `SN${position.netuid}α`, amount: event.amount }]
  }
  switch (event.move) {
    case 'stake': {
      const tao = share(chain.free, event.percent)
      chain.free -= tao
      chain.stake.set(key, stake + (position.netuid === 0 ? tao : alphaFor(tao, price)))
      break
    }
    case 'unstake': {
      const alpha = share(stake, event.percent)
      chain.stake.set(key, stake - alpha)
      chain.free += position.netuid === 0 ? alpha : taoFor(alpha, price)
      break
    }
    case 'move': {
      // Stake moved to the other subnet: sold into one pool, bought from the other.
      const to = positions.find((p) => p.netuid !== position.netuid && p.netuid !== 0) ?? positions[0]
      if (to === undefined || position.netuid === 0) break
      const alpha = share(stake, event.percent)
      chain.stake.set(key, stake - alpha)
      const toKey = at(to)
      chain.stake.set(toKey, (chain.stake.get(toKey) ?? 0n) + alphaFor(taoFor(alpha, price), chain.price.get(to.netuid) ?? raoPerTao))
      break
    }
    case 'send':
      chain.free -= share(chain.free, event.percent)
      break
  }
  return []
}

export function bittensorWorld(): WorldSpec<BittensorEvent & { describe: string }> {
  const position = fc.nat({ max: positions.length - 1 })
  const events = described(
    fc.oneof(
      fc.record({ kind: fc.constant('income' as const), position, amount: fc.bigInt({ min: 1n, max: 10n ** 12n }), emission: fc.bigInt({ min: 0n, max: 10n ** 11n }) }),
      fc.record({ kind: fc.constant('operator' as const), move: fc.constantFrom('stake' as const, 'unstake' as const, 'move' as const, 'send' as const), position, percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('price' as const), netuid: fc.constantFrom(...subnets), rao: fc.bigInt({ min: 1_000_000n, max: 5n * raoPerTao }) }),
      fc.constant({ kind: 'quiet' as const }),
    ),
  )
  return {
    network: 'bittensor',
    events,
    failures: ['all', 'miners'],
    async start(gecko) {
      gecko.set('bittensor', '420.50')
      const chain: Chain = {
        free: 50n * raoPerTao,
        stake: new Map([
          [at({ hotkey: miner, netuid: 19 }), 100n * raoPerTao],
          [at({ hotkey: validator, netuid: 0 }), 10n * raoPerTao],
        ]),
        price: new Map([
          [7, 250_000_000n],
          [19, 500_000_000n],
        ]),
        emission: 4n * raoPerTao,
      }
      const state: SubtensorState = {}
      serve(chain, state)
      const failing = new Set<string>()
      const methods = subtensorMethods(state)
      const node = await failable(
        () => failing.has('all'),
        rpcRoute({
          ...methods,
          // The miner reads start by listing the hotkey's registrations: a node that refuses them fails that part alone.
          state_getKeysPaged: (params) => (failing.has('miners') ? { error: { code: -32000, message: 'state pruned' } } : (methods.state_getKeysPaged?.(params) ?? { result: [] })),
        }),
      )
      return {
        network: 'bittensor',
        address: coldkey,
        endpoints: { subtensor: node.url },
        failing,
        apply(event) {
          const inflows = apply(chain, event)
          serve(chain, state)
          return inflows
        },
        priceOf(token) {
          const tao = gecko.get('bittensor') ?? null
          if (token === 'TAO' || tao === null) return tao
          const rao = chain.price.get(Number(/^SN(\d+)α$/.exec(token)?.[1]))
          return rao === undefined ? null : new Decimal(rao.toString()).div(raoPerTao.toString()).times(tao).toDecimalPlaces(18).toFixed()
        },
        close: () => node.close(),
      } satisfies World<BittensorEvent & { describe: string }>
    },
  }
}
