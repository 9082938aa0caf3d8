import fc from 'fast-check'
import { erc20NodeMethods } from '../../fixtures/chains/evm.ts'
import { rpcRoute } from '../loopback-api.ts'
import { described, failable, share, type Inflow, type World, type WorldEvent, type WorldSpec } from './world.ts'

/*
 * Aethir's world: ATH as an ERC-20 on Ethereum and on Arbitrum One, each chain its own node
 * answering eth_chainId and eth_call (balanceOf, decimals) as a node does. Withdrawn checker
 * rewards arrive on Arbitrum; the operator bridges between the chains and sends ATH away.
 */

const owner = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const ownerKey = owner.toLowerCase()
const ath = { ethereum: '0xbe0ed4138121ecfc5c0e56b40517da27e6c5226b', arbitrum: '0xc87b37a581ec3257b734886d9d3a581f5a9d056c' } as const
type Chain = keyof typeof ath

type AethirEvent = WorldEvent &
  (
    | { kind: 'income'; amount: bigint }
    | { kind: 'quiet'; bridgeFrom: Chain; percent: number }
    | { kind: 'operator'; chain: Chain; percent: number }
    | { kind: 'price'; cents: number }
  )

const chain = fc.constantFrom<Chain>('ethereum', 'arbitrum')

export function aethirWorld(): WorldSpec<AethirEvent> {
  const events = described(
    fc.oneof(
      fc.record({ kind: fc.constant('income' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 24n }) }),
      // A bridge moves ATH between the wallet's own two balances: no income, nothing leaves.
      fc.record({ kind: fc.constant('quiet' as const), bridgeFrom: chain, percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('operator' as const), chain, percent: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ kind: fc.constant('price' as const), cents: fc.integer({ min: 1, max: 10_000 }) }),
    )
  )
  return {
    network: 'aethir',
    events,
    failures: ['all', 'ethereum', 'arbitrum'],
    async start(gecko) {
      gecko.set('aethir', '0.05')
      const balances: Record<Chain, Record<string, Record<string, bigint>>> = {
        ethereum: { [ath.ethereum]: { [ownerKey]: 10n ** 21n } },
        arbitrum: { [ath.arbitrum]: { [ownerKey]: 0n } },
      }
      const failing = new Set<string>()
      const node = (name: Chain, chainId: number) => failable(() => failing.has('all') || failing.has(name), rpcRoute(erc20NodeMethods({ chainId, balances: balances[name] })))
      const [ethereum, arbitrum] = await Promise.all([node('ethereum', 1), node('arbitrum', 42161)])
      const balance = (name: Chain): bigint => balances[name][ath[name]]?.[ownerKey] ?? 0n
      const set = (name: Chain, amount: bigint): void => {
        const token = balances[name][ath[name]]
        if (token) token[ownerKey] = amount
      }
      return {
        network: 'aethir',
        address: owner,
        endpoints: { ethereum: ethereum.url, arbitrum: arbitrum.url },
        failing,
        apply(event): Inflow[] {
          if (event.kind === 'income') {
            set('arbitrum', balance('arbitrum') + event.amount)
            return [{ token: 'ATH', amount: event.amount }]
          }
          if (event.kind === 'quiet') {
            const to: Chain = event.bridgeFrom === 'ethereum' ? 'arbitrum' : 'ethereum'
            const moved = share(balance(event.bridgeFrom), event.percent)
            set(event.bridgeFrom, balance(event.bridgeFrom) - moved)
            set(to, balance(to) + moved)
          } else if (event.kind === 'operator') {
            set(event.chain, balance(event.chain) - share(balance(event.chain), event.percent))
          } else {
            gecko.set('aethir', (event.cents / 100).toFixed(2))
          }
          return []
        },
        priceOf: (token) => (token === 'ATH' ? (gecko.get('aethir') ?? null) : null),
        async close() {
          await Promise.all([ethereum.close(), arbitrum.close()])
        },
      } satisfies World<AethirEvent>
    },
  }
}
