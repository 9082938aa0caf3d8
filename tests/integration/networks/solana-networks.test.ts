import { describe, expect, it } from 'vitest'
import { NetworkInfo, type EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { grass } from '../../../src/main/core/networks/grass.ts'
import { helium } from '../../../src/main/core/networks/helium.ts'
import type { NetworkModule, ReadContext } from '../../../src/main/core/networks/network-module.ts'
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

/** A mainnet node holding, per mint, one account of `owner` with that many base units (none when absent). */
function solanaNode(holdings: Record<string, { amount: string; decimals: number }>): Promise<LoopbackApi> {
  return serve(
    rpcRoute({
      getGenesisHash: () => ({ result: genesis.mainnet }),
      getTokenAccountsByOwner: (params) => {
        const mint = ((params as unknown[])[1] as { mint: string }).mint
        const held = holdings[mint]
        return { result: tokenAccountsResult(held ? [tokenAccount(owner, mint, held.amount, held.decimals)] : []) }
      },
    }),
  )
}

function context(urls: Partial<Record<EndpointKey, string[]>>, signal = new AbortController().signal): ReadContext {
  const pools = new Map<EndpointKey, EndpointPool>()
  return {
    http: new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 }),
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

const mintsAsked = (node: LoopbackApi): string[] =>
  node.requests.flatMap((request) => {
    const { method, params } = request.body as { method: string; params: unknown[] }
    return method === 'getTokenAccountsByOwner' ? [(params[1] as { mint: string }).mint] : []
  })

describe('the one-token SPL networks', () => {
  const cases: [NetworkModule, string, string, number][] = [
    [grass, 'GRASS', mints.GRASS, 9],
    [render, 'RENDER', mints.RENDER, 8],
    [nosana, 'NOS', mints.NOS, 6],
  ]

  it.each(cases)('$info.id reads its token’s liquid balance and names the host', async (network, symbol, mint, decimals) => {
    const node = await solanaNode({ [mint]: { amount: '123456789012', decimals } })
    const read = await network.read(context({ solana: [node.url] }), owner)
    expect(read).toEqual({ holdings: [{ token: symbol, kind: 'liquid', amount: 123_456_789_012n, decimals }], hosts: [node.host] })
    expect(mintsAsked(node)).toEqual([mint])
  })

  it.each(cases)('$info.id holds 0 of a token it has no account for', async (network, symbol, _mint, decimals) => {
    const node = await solanaNode({})
    const read = await network.read(context({ solana: [node.url] }), owner)
    expect(read.holdings).toEqual([{ token: symbol, kind: 'liquid', amount: 0n, decimals }])
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
  const balances = { [mints.HNT]: { amount: '250000000', decimals: 8 }, [mints.MOBILE]: { amount: '1234', decimals: 6 } }
  const liquid = [
    { token: 'HNT', kind: 'liquid', amount: 250_000_000n, decimals: 8 },
    { token: 'IOT', kind: 'liquid', amount: 0n, decimals: 6 },
    { token: 'MOBILE', kind: 'liquid', amount: 1234n, decimals: 6 },
  ]

  it('reads the three balances from Solana and the pending and lifetime rewards from the oracle', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [`${oracle.url}/`] }), owner)
    expect(read.holdings).toEqual([
      ...liquid,
      { token: 'HNT', kind: 'pending-reward', amount: 50_000_000n, decimals: 8 },
      { token: 'HNT', kind: 'earned', amount: 1_234_567_891n, decimals: 8 },
    ])
    expect(read.hosts).toEqual([node.host, oracle.host])
    expect(mintsAsked(node)).toEqual([mints.HNT, mints.IOT, mints.MOBILE])
    expect(oracle.requests.map((request) => [request.method, request.url.pathname, request.url.searchParams.get('owner')])).toEqual([['GET', '/rewards', owner]])
  })

  it('an oracle 500 still gives the balances, and the hosts list only Solana', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ status: 500, json: { error: 'Internal Server Error' } }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)
    expect(read).toEqual({ holdings: liquid, hosts: [node.host], problems: [`rewards oracle: ${oracle.host} had an internal error (HTTP 500): Internal Server Error`] })
    expect(oracle.requests).toHaveLength(2)
  })

  it('an oracle answer without the amounts is left out the same way', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: { currentRewards: '5' } }))
    expect(await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)).toEqual({
      holdings: liquid,
      hosts: [node.host],
      problems: [`rewards oracle: ${oracle.host} answered /rewards without lifetime and pending amounts`],
    })
  })

  it('a negative pending from a lagging oracle index counts as nothing pending', async () => {
    const node = await solanaNode(balances)
    const oracle = await serve(() => ({ json: rewardsLaggingIndex }))
    const read = await helium.read(context({ solana: [node.url], 'helium-oracle': [oracle.url] }), owner)
    expect(read.holdings.slice(3)).toEqual([
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
