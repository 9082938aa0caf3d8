import fc from 'fast-check'
import { genesis, tokenAccount, tokenAccountsResult } from '../../fixtures/chains/solana.ts'
import { rpcRoute } from '../loopback-api.ts'
import { described, failable, share, type GeckoPrices, type Inflow, type World, type WorldEvent, type WorldSpec } from './world.ts'

/*
 * Solana worlds: SPL token accounts of one owner (several accounts per mint, closed at zero as a
 * wallet closes them), answered as getTokenAccountsByOwner does by mint or by program; for Helium,
 * the rewards oracle's pending and lifetime HNT beside them.
 */

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'

type SplSpec = { symbol: string; mint: string; decimals: number; coingecko: string | null }

type SplEvent = WorldEvent &
  (
    | { kind: 'income'; token: number; amount: bigint; newAccount: boolean }
    | { kind: 'operator'; token: number; percent: number }
    | { kind: 'price'; token: number; cents: number }
    | { kind: 'quiet' }
  )

type HeliumEvent = WorldEvent & ({ kind: 'income'; hotspot: bigint } | { kind: 'operator'; claim: true })

function splEvents(tokens: readonly SplSpec[]): fc.Arbitrary<SplEvent> {
  const token = fc.nat({ max: tokens.length - 1 })
  return described(
    fc.oneof(
    fc.record({ kind: fc.constant('income' as const), token, amount: fc.bigInt({ min: 1n, max: 10n ** 12n }), newAccount: fc.boolean() }),
    fc.record({ kind: fc.constant('operator' as const), token, percent: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ kind: fc.constant('price' as const), token, cents: fc.integer({ min: 1, max: 100_000 }) }),
    fc.constant({ kind: 'quiet' as const }),
    ),
  )
}

type SplState = { accounts: Map<string, bigint[]>; failing: Set<string> }

function applySpl(tokens: readonly SplSpec[], state: SplState, gecko: GeckoPrices, event: SplEvent): Inflow[] {
  if (event.kind === 'quiet') return []
  const spec = tokens[event.token]
  if (spec === undefined) throw new RangeError('no such token')
  const accounts = state.accounts.get(spec.mint) ?? []
  state.accounts.set(spec.mint, accounts)
  if (event.kind === 'income') {
    if (event.newAccount || accounts.length === 0) accounts.push(event.amount)
    else accounts[0] = (accounts[0] ?? 0n) + event.amount
    return [{ token: spec.symbol, amount: event.amount }]
  }
  if (event.kind === 'operator') {
    // The operator sends a share of the largest account away; an emptied account is closed.
    const index = accounts.indexOf(accounts.reduce((a, b) => (b > a ? b : a), 0n))
    if (index >= 0) accounts[index] = (accounts[index] ?? 0n) - share(accounts[index] ?? 0n, event.percent)
    state.accounts.set(
      spec.mint,
      accounts.filter((amount) => amount > 0n),
    )
    return []
  }
  if (spec.coingecko !== null) gecko.set(spec.coingecko, (event.cents / 100).toFixed(2))
  return []
}

async function solanaNode(state: SplState, tokens: readonly SplSpec[]) {
  const decimalsOf = (mint: string): number => tokens.find((t) => t.mint === mint)?.decimals ?? 0
  return failable(
    () => state.failing.has('all'),
    rpcRoute({
      getGenesisHash: () => ({ result: genesis.mainnet }),
      getTokenAccountsByOwner: (params) => {
        const filter = (params as unknown[])[1] as { mint?: string; programId?: string }
        const mints = filter.mint === undefined ? [...state.accounts.keys()] : [filter.mint]
        const accounts = mints.flatMap((mint) => (state.accounts.get(mint) ?? []).map((amount, i) => tokenAccount(owner, mint, amount.toString(), decimalsOf(mint), `${mint.slice(0, 30)}${String(i).padStart(14, '1')}`)))
        return { result: tokenAccountsResult(accounts) }
      },
    }),
  )
}

function priceOf(tokens: readonly SplSpec[], gecko: GeckoPrices, token: string): string | null {
  const id = tokens.find((t) => t.symbol === token)?.coingecko
  return id == null ? null : (gecko.get(id) ?? null)
}

/** Grass, Render, Nosana: one SPL token each, rewards as balance growth. */
export function splWorld(network: string, token: SplSpec): WorldSpec<SplEvent> {
  const tokens = [token]
  return {
    network,
    events: splEvents(tokens),
    failures: ['all'],
    async start(gecko) {
      if (token.coingecko !== null) gecko.set(token.coingecko, '1.25')
      const state: SplState = { accounts: new Map([[token.mint, [10n ** BigInt(token.decimals)]]]), failing: new Set() }
      const node = await solanaNode(state, tokens)
      return {
        network,
        address: owner,
        endpoints: { solana: node.url },
        failing: state.failing,
        apply: (event) => applySpl(tokens, state, gecko, event),
        priceOf: (symbol) => priceOf(tokens, gecko, symbol),
        close: () => node.close(),
      } satisfies World<SplEvent>
    },
  }
}

const heliumTokens: SplSpec[] = [
  { symbol: 'HNT', mint: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux', decimals: 8, coingecko: 'helium' },
  { symbol: 'IOT', mint: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns', decimals: 6, coingecko: 'helium-iot' },
  { symbol: 'MOBILE', mint: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6', decimals: 6, coingecko: 'helium-mobile' },
]

/**
 * Helium: HNT income is what the rewards oracle's lifetime counter adds (Hotspot rewards), and a
 * claim moves pending HNT into the wallet, which is no income; IOT and MOBILE arriving in the
 * wallet are income as balance growth, since no counter covers them. HNT landing in the wallet
 * from anywhere else is the operator's own business under the network's rule, so the world's
 * HNT arrives only by claims.
 */
export function heliumWorld(): WorldSpec<SplEvent | HeliumEvent> {
  const hotspot = fc.record({ kind: fc.constant('income' as const), hotspot: fc.bigInt({ min: 1n, max: 10n ** 10n }) })
  const claim = fc.record({ kind: fc.constant('operator' as const), claim: fc.constant(true as const) })
  const tokenEvents = splEvents(heliumTokens).filter((event) => !(event.kind === 'income' && event.token === 0))
  const heliumEvents = described(fc.oneof(hotspot, claim))
  return {
    network: 'helium',
    events: fc.oneof(tokenEvents, heliumEvents),
    failures: ['all', 'oracle'],
    async start(gecko) {
      gecko.set('helium', '3.50')
      gecko.set('helium-iot', '0.0007')
      gecko.set('helium-mobile', '0.0004')
      const state: SplState = { accounts: new Map([[heliumTokens[0]?.mint ?? '', [5n * 10n ** 8n]]]), failing: new Set() }
      const oracle = { pending: 0n, lifetime: 7n * 10n ** 8n }
      const node = await solanaNode(state, heliumTokens)
      const oracleServer = await failable(
        () => state.failing.has('all') || state.failing.has('oracle'),
        () => ({ json: { lifetime: oracle.lifetime.toString(), pending: oracle.pending.toString() } }),
      )
      return {
        network: 'helium',
        address: owner,
        endpoints: { solana: node.url, 'helium-oracle': oracleServer.url },
        failing: state.failing,
        apply(event) {
          if ('hotspot' in event) {
            oracle.pending += event.hotspot
            oracle.lifetime += event.hotspot
            return [{ token: 'HNT', amount: event.hotspot }]
          }
          if ('claim' in event) {
            const mint = heliumTokens[0]?.mint ?? ''
            state.accounts.set(mint, [...(state.accounts.get(mint) ?? []), oracle.pending].filter((amount) => amount > 0n))
            oracle.pending = 0n
            return []
          }
          return applySpl(heliumTokens, state, gecko, event)
        },
        priceOf: (symbol) => priceOf(heliumTokens, gecko, symbol),
        async close() {
          await Promise.all([node.close(), oracleServer.close()])
        },
      } satisfies World<SplEvent | HeliumEvent>
    },
  }
}
