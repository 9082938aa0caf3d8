import { setTimeout as realDelay } from 'node:timers/promises'
import { getBase58Decoder } from '@solana/kit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NetworkInfo, type EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { tokenPrograms } from '../../../src/main/core/chains/solana.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { HostLimiter } from '../../../src/main/core/net/host-limiter.ts'
import { endpointDefaults } from '../../../src/main/core/networks/endpoint-defaults.ts'
import { grass } from '../../../src/main/core/networks/grass.ts'
import { helium } from '../../../src/main/core/networks/helium.ts'
import type { NetworkModule } from '../../../src/main/core/networks/network-module.ts'
import { nosana } from '../../../src/main/core/networks/nosana.ts'
import { render } from '../../../src/main/core/networks/render.ts'
import { rpcRoute, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'
import { rewardsByOwner, rewardsLaggingIndex } from '../../fixtures/chains/helium-oracle.ts'
import { genesis, tokenAccount, tokenAccountsOwner as owner, tokenAccountsResult } from '../../fixtures/chains/solana.ts'

const mints = {
  GRASS: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
  RENDER: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
  NOS: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
  HNT: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
  IOT: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns',
  MOBILE: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
}

const { serve } = servedPerTest()

type Held = { amounts: string[]; decimals: number }
type Filter = { mint?: string; programId?: string }

/**
 * A mainnet node holding, per mint, accounts of the asking owner with those base units (none when
 * absent); by `programId` it answers every account, as a node does for an owner's Token accounts.
 */
function solanaNode(holdings: Record<string, Held>, onCall: (method: string) => void = () => undefined): Promise<LoopbackApi> {
  const route = rpcRoute({
    getGenesisHash: () => ({ result: genesis.mainnet }),
    getTokenAccountsByOwner: (params) => {
      const [asker, filter] = params as [string, Filter]
      const mints = filter.mint === undefined ? Object.keys(holdings) : [filter.mint]
      const accounts = mints.flatMap((mint) => (holdings[mint]?.amounts ?? []).map((amount, i) => tokenAccount(asker, mint, amount, holdings[mint]?.decimals ?? 0, accountKey(mint, i))))
      return { result: tokenAccountsResult(accounts) }
    },
  })
  return serve((request) => {
    onCall((request.body as { method: string }).method)
    return route(request)
  })
}

/** A distinct token account address per mint and index. */
const accountKey = (mint: string, index: number): string => getBase58Decoder().decode(new Uint8Array(32).fill(mint.charCodeAt(0) + index))

function context(urls: Partial<Record<EndpointKey, string[]>>, signal = new AbortController().signal, http = new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 })): ReadContext {
  const pools = new Map<EndpointKey, EndpointPool>()
  return {
    http,
    signal,
    pool(key) {
      const existing = pools.get(key)
      if (existing) return existing
      const given = urls[key]
      if (!given) throw new Error(`this test gave no ${key} endpoint`)
      const pool = new EndpointPool(given)
      pools.set(key, pool)
      return pool
    },
  }
}

const filtersAsked = (node: LoopbackApi): Filter[] =>
  node.requests.flatMap((request) => {
    const { method, params } = request.body as { method: string; params: unknown[] }
    return method === 'getTokenAccountsByOwner' ? [params[1] as Filter] : []
  })

describe('the one-token SPL networks', () => {
  const cases: [NetworkModule, string, string, number][] = [
    [grass, 'GRASS', mints.GRASS, 9],
    [render, 'RENDER', mints.RENDER, 8],
    [nosana, 'NOS', mints.NOS, 6],
  ]

  it.each(cases)('$info.id reads its token’s liquid balance and names the host', async (network, symbol, mint, decimals) => {
    const node = await solanaNode({ [mint]: { amounts: ['123456789012'], decimals } })
    const read = await network.read(context({ solana: [node.url] }), owner)
    expect(read).toEqual({ holdings: [{ token: symbol, kind: 'liquid', key: '', amount: 123_456_789_012n, decimals }], hosts: [node.host] })
    expect(filtersAsked(node)).toEqual([{ mint }])
  })

  it.each(cases)('$info.id holds 0 of a token it has no account for', async (network, symbol, _mint, decimals) => {
    const node = await solanaNode({})
    const read = await network.read(context({ solana: [node.url] }), owner)
    expect(read.holdings).toEqual([{ token: symbol, kind: 'liquid', key: '', amount: 0n, decimals }])
  })
})

describe('module data', () => {
  const modules = [grass, helium, render, nosana]

  it.each(modules)('$info.id is valid contract data, with a CoinGecko id per token', (network) => {
    const { tokens, ...rest } = network.info
    expect(() => NetworkInfo.parse({ ...rest, tokens: tokens.map(({ symbol, name, decimals, where }) => ({ symbol, name, decimals, where })) })).not.toThrow()
    expect(network.info.chain).toBe('solana')
    for (const token of tokens) expect(token.priceIds.coingecko).toMatch(/^[a-z0-9-]+$/)
  })

  it('lists the endpoint keys each read uses', () => {
    expect(modules.map((network) => [network.info.id, network.endpoints])).toEqual([
      ['grass', ['solana']],
      ['helium', ['solana', 'helium-oracle']],
      ['render', ['solana']],
      ['nosana', ['solana']],
    ])
  })

  it('names the tokens with their mints and decimals', () => {
    expect(helium.info.tokens.map(({ symbol, decimals, where }) => [symbol, decimals, where])).toEqual([
      ['HNT', 8, `SPL mint ${mints.HNT}`],
      ['IOT', 6, `SPL mint ${mints.IOT}`],
      ['MOBILE', 6, `SPL mint ${mints.MOBILE}`],
    ])
  })
})

describe('Helium', () => {
  // Several accounts for HNT and MOBILE (HNT's past 2^64 in all), none for IOT, and a GRASS account the read must leave out.
  const balances: Record<string, Held> = {
    [mints.HNT]: { amounts: ['200000000', '50000000', '18446744073709551615'], decimals: 8 },
    [mints.MOBILE]: { amounts: ['1000', '234'], decimals: 6 },
    [mints.GRASS]: { amounts: ['999000000000'], decimals: 9 },
  }
  const liquid = [
    { token: 'HNT', kind: 'liquid', key: '', amount: 250_000_000n + 18_446_744_073_709_551_615n, decimals: 8 },
    { token: 'IOT', kind: 'liquid', key: '', amount: 0n, decimals: 6 },
    { token: 'MOBILE', kind: 'liquid', key: '', amount: 1234n, decimals: 6 },
  ]

  it('reads the three mints with one getTokenAccountsByOwner by the Token program, summing each mint exactly', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)
    expect(read.holdings.slice(0, 3)).toEqual(liquid)
    expect(node.requests.map((request) => request.body)).toMatchObject([
      { method: 'getGenesisHash' },
      { method: 'getTokenAccountsByOwner', params: [owner, { programId: tokenPrograms['spl-token'] }, { encoding: 'jsonParsed', commitment: 'confirmed' }] },
    ])
  })

  it('reads the three balances from Solana and the pending and lifetime rewards from the oracle', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [`${oracle.url}/`] }), owner)
    expect(read.holdings).toEqual([
      ...liquid,
      { token: 'HNT', kind: 'pending-reward', key: 'oracle', amount: 50_000_000n, decimals: 8, detail: 'Hotspot rewards not yet claimed', part: 'oracle' },
      { token: 'HNT', kind: 'earned', key: 'oracle', amount: 1_234_567_891n, decimals: 8, detail: 'Hotspot rewards to date', part: 'oracle' },
    ])
    expect(read.hosts).toEqual([node.host, oracle.host])
    expect(filtersAsked(node)).toEqual([{ programId: tokenPrograms['spl-token'] }])
    expect(oracle.requests.map((request) => [request.method, request.url.pathname, request.url.searchParams.get('owner')])).toEqual([['GET', '/rewards', owner]])
  })

  it('an oracle 500 still gives the balances, and the hosts list only Solana', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ status: 500, json: { error: 'Internal Server Error' } }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)
    expect(read).toEqual({ holdings: liquid, hosts: [node.host], failed: [{ part: 'oracle', problem: `rewards oracle: ${oracle.host} had an internal error (HTTP 500): Internal Server Error` }] })
    expect(oracle.requests).toHaveLength(2)
  })

  it('an oracle answer without the amounts is left out the same way', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: { currentRewards: '5' } }))
    expect(await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)).toEqual({
      holdings: liquid,
      hosts: [node.host],
      failed: [{ part: 'oracle', problem: `rewards oracle: ${oracle.host} answered /rewards without lifetime and pending amounts` }],
    })
  })

  it('a negative pending from a lagging oracle index counts as nothing pending', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsLaggingIndex }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)
    expect(read.holdings.slice(3)).toMatchObject([
      { token: 'HNT', kind: 'pending-reward', amount: 0n, decimals: 8 },
      { token: 'HNT', kind: 'earned', amount: 100n, decimals: 8 },
    ])
  })

  it('without Solana there is no read, however well the oracle answers', async () => {
    const node = await serve(rpcRoute({ getGenesisHash: () => ({ result: genesis.devnet }) }))
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const error: unknown = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect(error).toMatchObject({ kind: 'wrong-chain', host: node.host })
  })

  it('passes the read’s signal down: a cancelled read asks nothing', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const controller = new AbortController()
    controller.abort()
    const error: unknown = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }, controller.signal), owner).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('cancelled') })
    expect(node.requests).toHaveLength(0)
    expect(oracle.requests).toHaveLength(0)
  })
})

describe('Solana’s per-method limit', () => {
  afterEach(() => vi.useRealTimers())

  it('60 Grass wallets read at once never start more than 40 getTokenAccountsByOwner per 10 s at the server', async () => {
    // The limiter's clock is injected, and the server stamps each call with the same clock;
    // fake timers fire the limiter's wake-up when the test moves the clock, instead of 10 s later.
    const clock = { now: 0 }
    const calls: { method: string; at: number }[] = []
    const node = await solanaNode({ [mints.GRASS]: { amounts: ['5'], decimals: 9 } }, (method) => calls.push({ method, at: clock.now }))
    const http = new ChainHttp({ limiter: new HostLimiter({ now: () => clock.now }), now: () => clock.now, timeoutMs: 5000 })
    const solanaLimit = endpointDefaults.solana.endpoints[0]?.limit
    if (!solanaLimit) throw new Error('no public Solana endpoint')
    http.limiter.declare(node.host, solanaLimit)
    const ctx = context({ solana: [node.url] }, undefined, http)
    const owners = Array.from({ length: 60 }, (_, i) => getBase58Decoder().decode(new Uint8Array(32).fill(i + 1)))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })

    const reads = Promise.all(owners.map((wallet) => grass.read(ctx, wallet)))
    const balanceCalls = (): number => calls.filter((call) => call.method === 'getTokenAccountsByOwner').length
    for (let waited = 0; balanceCalls() < 40 && waited < 5000; waited += 10) await realDelay(10)
    await realDelay(100)
    expect(balanceCalls()).toBe(40)

    clock.now = 10_000
    await vi.advanceTimersByTimeAsync(10_000)
    const read = await reads
    expect(read.map((r) => r.holdings[0]?.amount)).toEqual(owners.map(() => 5n))
    const starts = calls.filter((call) => call.method === 'getTokenAccountsByOwner').map((call) => call.at)
    expect(starts).toHaveLength(60)
    expect(Math.max(...starts.map((at) => starts.filter((other) => other >= at && other < at + 10_000).length))).toBeLessThanOrEqual(40)
    expect(http.limiter.stats().find((s) => s.host === node.host)?.peakMethodInWindow).toBe(40)
  })
})
