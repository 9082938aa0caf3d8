import { describe, expect, it } from 'vitest'
import { fault } from '../../support/fault.ts'
import { createCosmosClient, type CosmosClient } from '../../../src/main/core/chains/cosmos.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { akash } from '../../../src/main/core/networks/akash.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { loopbackApi, type ApiAnswer, type ApiRequest, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'
import {
  bankBalancesEmpty,
  bankBalancesPage1,
  bankBalancesPage2,
  delegationsAkash,
  delegationsDocumented,
  gatewayError,
  leasesEmpty,
  leasesPage1,
  leasesPage2,
  nodeInfo,
  rewardsAkash,
  rewardsEmpty,
  unbondingDocumented,
  unbondingEmpty,
} from '../../fixtures/chains/cosmos.ts'

/*
 * The Cosmos LCD client and the Akash network against loopback LCDs that answer the documented
 * bodies, the gateway's error shape, garbage, silence and another chain.
 */

const wallet = 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw'
const provider = 'akash19zzh7whjt4vfwxd5wtj3tjtyatnpntfhldshd8'

const paths = {
  nodeInfo: '/cosmos/base/tendermint/v1beta1/node_info',
  balances: (address: string) => `/cosmos/bank/v1beta1/balances/${address}`,
  delegations: (address: string) => `/cosmos/staking/v1beta1/delegations/${address}`,
  unbonding: (address: string) => `/cosmos/staking/v1beta1/delegators/${address}/unbonding_delegations`,
  rewards: (address: string) => `/cosmos/distribution/v1beta1/delegators/${address}/rewards`,
  leases: '/akash/market/v1beta5/leases/list',
}

type Route = (request: ApiRequest) => ApiAnswer

const { servers } = servedPerTest()

/** A loopback Akash LCD: node_info says akashnet-2 unless a route says otherwise; unknown paths are 404s. */
async function lcd(routes: Record<string, Route | ApiAnswer>): Promise<LoopbackApi> {
  const all: Record<string, Route | ApiAnswer> = { [paths.nodeInfo]: { json: nodeInfo() }, ...routes }
  const server = await loopbackApi((request) => {
    const route = all[request.url.pathname]
    if (route === undefined) return { status: 404, json: { code: 5, message: 'Not Found', details: [] } }
    return typeof route === 'function' ? route(request) : route
  })
  servers.push(server)
  return server
}

/** The full set of routes for one account, each overridable. */
function accountRoutes(address: string, overrides: Record<string, Route | ApiAnswer> = {}): Record<string, Route | ApiAnswer> {
  return {
    [paths.balances(address)]: (request) => ({ json: request.url.searchParams.get('pagination.key') === 'dWFrdA==' ? bankBalancesPage2 : bankBalancesPage1 }),
    [paths.delegations(address)]: { json: delegationsAkash },
    [paths.unbonding(address)]: { json: unbondingEmpty },
    [paths.rewards(address)]: { json: rewardsAkash },
    [paths.leases]: (request) => ({ json: request.url.searchParams.get('pagination.key') === 'qpP0...' ? leasesPage2 : leasesPage1 }),
    ...overrides,
  }
}

const fastHttp = (): ChainHttp => new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 })

function client(urls: string[], http = fastHttp()): CosmosClient {
  return createCosmosClient({ http, pool: new EndpointPool(urls), chainId: 'akashnet-2' })
}

function context(urls: string[], signal = new AbortController().signal, http = fastHttp()): ReadContext {
  const pool = new EndpointPool(urls)
  return { http, pool: () => pool, signal }
}

const requestsTo = (server: LoopbackApi, path: string): ApiRequest[] => server.requests.filter((request) => request.url.pathname === path)

describe('bank balances', () => {
  it('follows pagination.next_key with pagination.key and sums every denom exactly', async () => {
    const node = await lcd(accountRoutes(wallet))
    const { value, host } = await client([node.url]).bankBalances(wallet)
    expect(value).toEqual(
      new Map([
        ['ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1', 250000n],
        ['uact', 5000000n],
        ['uakt', 123456789n],
      ]),
    )
    expect(host).toBe(node.host)
    const pages = requestsTo(node, paths.balances(wallet))
    expect(pages.map((request) => request.url.searchParams.get('pagination.key'))).toEqual([null, 'dWFrdA=='])
    expect(node.requests[0]?.url.pathname).toBe(paths.nodeInfo)
  })

  it('an account the chain has never seen has no balances, not an error', async () => {
    const node = await lcd({ [paths.balances(wallet)]: { json: bankBalancesEmpty } })
    expect((await client([node.url]).bankBalances(wallet)).value).toEqual(new Map())
  })

  it('asks an endpoint for its chain once, not on every read', async () => {
    const node = await lcd(accountRoutes(wallet))
    const cosmos = client([node.url])
    await cosmos.bankBalances(wallet)
    await cosmos.delegations(wallet)
    await cosmos.stakingRewards(wallet)
    expect(requestsTo(node, paths.nodeInfo)).toHaveLength(1)
  })

  it('keeps the path prefix and query of an operator URL (where an API key may live)', async () => {
    const node = await lcd({
      [`/akash/api-key-123${paths.nodeInfo}`]: { json: nodeInfo() },
      [`/akash/api-key-123${paths.balances(wallet)}`]: { json: bankBalancesPage2 },
    })
    const { value } = await client([`${node.url}/akash/api-key-123/?tenant=ops`]).bankBalances(wallet)
    expect(value).toEqual(new Map([['uakt', 123456789n]]))
    expect(node.requests.map((request) => request.url.searchParams.get('tenant'))).toEqual(['ops', 'ops'])
  })
})

describe('staking', () => {
  it('sums the documented delegations body by denom', async () => {
    const node = await lcd({ [paths.delegations(wallet)]: { json: delegationsDocumented } })
    expect((await client([node.url]).delegations(wallet)).value).toEqual(new Map([['stake', 511_400_000n]]))
  })

  it('sums the documented unbonding entries', async () => {
    const node = await lcd({ [paths.unbonding(wallet)]: { json: unbondingDocumented } })
    expect((await client([node.url]).unbonding(wallet)).value).toBe(50_000_000_000n)
  })

  it('floors the rewards total (DecCoins with 18 fractional digits) to whole base units', async () => {
    const node = await lcd({ [paths.rewards(wallet)]: { json: rewardsAkash } })
    expect((await client([node.url]).stakingRewards(wallet)).value).toEqual(new Map([['uakt', 2000n]]))
  })
})

describe('provider earnings', () => {
  it('sums escrow_payment.state.withdrawn over every page of the provider’s leases', async () => {
    const node = await lcd(accountRoutes(provider))
    const { value } = await client([node.url]).providerEarnings(provider)
    expect(value.withdrawn).toEqual(new Map([['uact', 13_780_746n], ['uakt', 6_249_987n]]))
    expect(value.leases).toEqual([
      {
        id: 'akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq/25880666/1/1',
        owner: 'akash102kdwsssl6jf4frdcz50mua6j0h6d8wdhjh7nq',
        dseq: '25880666',
        state: 'active',
        escrow: 'open',
        closedOn: 0,
        unsettled: { denom: 'uact', amount: 0n },
      },
      {
        id: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw/19000001/1/1',
        owner: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw',
        dseq: '19000001',
        state: 'closed',
        escrow: 'closed',
        closedOn: 19_500_000,
        unsettled: { denom: 'uakt', amount: 0n },
      },
    ])
    const pages = requestsTo(node, paths.leases)
    expect(pages).toHaveLength(2)
    expect(pages[0]?.url.searchParams.get('filters.provider')).toBe(provider)
    expect(pages[0]?.url.searchParams.get('pagination.limit')).toBe('500')
    expect(pages[1]?.url.searchParams.get('pagination.key')).toBe('qpP0...')
  })

  it('an address that is not a provider has no leases', async () => {
    const node = await lcd({ [paths.leases]: { json: leasesEmpty } })
    expect((await client([node.url]).providerEarnings(wallet)).value).toEqual({ leases: [], withdrawn: new Map() })
  })

  it('a node that hands back the same page key again is not followed round in circles', async () => {
    const node = await lcd({ [paths.leases]: { json: leasesPage1 } })
    const error = await fault(client([node.url]).providerEarnings(provider))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered ${paths.leases} with a pagination key it had already given`)
    expect(requestsTo(node, paths.leases)).toHaveLength(2)
  })
})

describe('wrong chain', () => {
  it('an endpoint on another chain is refused before it is asked about the address', async () => {
    const node = await lcd({ [paths.nodeInfo]: { json: nodeInfo('cosmoshub-4') }, ...accountRoutes(wallet) })
    const error = await fault(client([node.url]).bankBalances(wallet))
    expect(error.kind).toBe('wrong-chain')
    expect(error.message).toBe(`${node.host} serves the chain "cosmoshub-4", not akashnet-2: it is not an endpoint for this network`)
    expect(requestsTo(node, paths.balances(wallet))).toHaveLength(0)
  })

  it('a node_info without the network is malformed, not trusted', async () => {
    const node = await lcd({ [paths.nodeInfo]: { json: { application_version: {} } }, ...accountRoutes(wallet) })
    const error = await fault(client([node.url]).bankBalances(wallet))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered node_info without default_node_info.network`)
  })

  it('a failed chain check is asked again on the next read', async () => {
    let failures = 1
    const node = await lcd({
      [paths.nodeInfo]: () => (failures-- > 0 ? { status: 503, json: { code: 14, message: 'unavailable', details: [] } } : { json: nodeInfo() }),
      ...accountRoutes(wallet),
    })
    const cosmos = client([node.url], new ChainHttp({ timeoutMs: 300, attempts: 1 }))
    expect((await fault(cosmos.bankBalances(wallet))).kind).toBe('http')
    expect((await cosmos.bankBalances(wallet)).value.get('uakt')).toBe(123456789n)
    expect(requestsTo(node, paths.nodeInfo)).toHaveLength(2)
  })
})

describe('faults', () => {
  it('a 429 with Retry-After is waited out and asked again', async () => {
    let limited = 1
    const node = await lcd({
      [paths.rewards(wallet)]: () => (limited-- > 0 ? { status: 429, headers: { 'retry-after': '1' }, json: { code: 8, message: 'rate limited', details: [] } } : { json: rewardsAkash }),
    })
    const started = Date.now()
    const { value } = await client([node.url]).stakingRewards(wallet)
    expect(value.get('uakt')).toBe(2000n)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(requestsTo(node, paths.rewards(wallet))).toHaveLength(2)
  })

  it('a 500 with the gateway’s error body names the node’s reason, after a retry', async () => {
    const node = await lcd({ [paths.balances(wallet)]: { status: 500, json: gatewayError } })
    const error = await fault(client([node.url]).bankBalances(wallet))
    expect(error.kind).toBe('http')
    expect(error.message).toBe(`${node.host} had an internal error (HTTP 500): decoding bech32 failed: invalid checksum`)
    expect(requestsTo(node, paths.balances(wallet))).toHaveLength(2)
  })

  it('an endpoint that never answers: "did not answer within N ms"', async () => {
    const node = await lcd({ [paths.balances(wallet)]: 'hang' })
    const error = await fault(client([node.url], new ChainHttp({ timeoutMs: 200, attempts: 1 })).bankBalances(wallet))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`${node.host} did not answer within 200 ms`)
  })

  it('an HTML page instead of JSON is malformed', async () => {
    const node = await lcd({ [paths.balances(wallet)]: { raw: '<html><body>502 Bad Gateway</body></html>' } })
    const error = await fault(client([node.url]).bankBalances(wallet))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered something that is not JSON (text/html, 41 bytes)`)
  })

  it.each([
    [{ balances: 'lots' }, 'a body without its balances list'],
    [{ balances: [{ denom: 'uakt', amount: '1e6' }] }, 'a balance whose amount is not a non-negative decimal number'],
    [{ balances: [{ denom: 'uakt', amount: '-5' }] }, 'a balance whose amount is not a non-negative decimal number'],
    [{ balances: [{ denom: 'uakt', amount: 5 }] }, 'a balance whose amount is not a non-negative decimal number'],
    [{ balances: [{ amount: '5' }] }, 'a balance that is not a {denom, amount} coin'],
    [{ balances: [], pagination: { next_key: 7 } }, 'a pagination.next_key that is not a string'],
    [[1, 2, 3], `${paths.balances(wallet)} with something that is not an object`],
  ])('JSON of the wrong shape %j is malformed', async (body, what) => {
    const node = await lcd({ [paths.balances(wallet)]: { json: body } })
    const error = await fault(client([node.url]).bankBalances(wallet))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered ${what}`)
  })

  it('the first endpoint down: the second one answers, and the host says so', async () => {
    const down = await lcd({})
    await down.close()
    servers.splice(servers.indexOf(down), 1)
    const up = await lcd(accountRoutes(wallet))
    const { value, host } = await client([down.url, up.url]).bankBalances(wallet)
    expect(value.get('uakt')).toBe(123456789n)
    expect(host).toBe(up.host)
  })

  it('the first endpoint on the wrong chain: the second one answers', async () => {
    const testnet = await lcd({ [paths.nodeInfo]: { json: nodeInfo('sandbox-01') }, ...accountRoutes(wallet) })
    const mainnet = await lcd(accountRoutes(wallet))
    const { host } = await client([testnet.url, mainnet.url]).bankBalances(wallet)
    expect(host).toBe(mainnet.host)
    expect(requestsTo(testnet, paths.balances(wallet))).toHaveLength(0)
  })
})

describe('the Akash network read', () => {
  it('a provider: liquid per token, staked, pending rewards and lifetime lease earnings, with the host', async () => {
    const node = await lcd(accountRoutes(provider))
    const read = await akash.read(context([node.url]), provider)
    expect(read.holdings).toEqual([
      { token: 'ACT', kind: 'liquid', key: '', amount: 5_000_000n, decimals: 6 },
      { token: 'AKT', kind: 'liquid', key: '', amount: 123_456_789n, decimals: 6 },
      { token: 'AKT', kind: 'staked', key: '', amount: 42_500_000n, decimals: 6 },
      // Read as zero, kept as zero: a part that comes back is then growth, not a new baseline.
      { token: 'AKT', kind: 'locked', key: 'unbonding', amount: 0n, decimals: 6, detail: 'unbonding' },
      { token: 'AKT', kind: 'pending-reward', key: 'staking', amount: 2000n, decimals: 6, detail: 'staking rewards', part: 'staking-rewards' },
      { token: 'ACT', kind: 'earned', key: 'leases', amount: 13_780_746n, decimals: 6, detail: 'provider leases', part: 'leases' },
      { token: 'AKT', kind: 'earned', key: 'leases', amount: 6_249_987n, decimals: 6, detail: 'provider leases', part: 'leases' },
    ])
    expect(read.hosts).toEqual([node.host])
  })

  it('a wallet that is no provider has no earnings; unbonding stake stays counted as locked', async () => {
    const node = await lcd(accountRoutes(wallet, { [paths.leases]: { json: leasesEmpty }, [paths.unbonding(wallet)]: { json: unbondingDocumented } }))
    const read = await akash.read(context([node.url]), wallet)
    expect(read.holdings.filter((holding) => holding.kind === 'earned')).toEqual([])
    expect(read.holdings).toContainEqual({ token: 'AKT', kind: 'locked', key: 'unbonding', amount: 50_000_000_000n, decimals: 6, detail: 'unbonding' })
  })

  it('an empty wallet still shows its AKT, at zero', async () => {
    const node = await lcd({
      [paths.balances(wallet)]: { json: bankBalancesEmpty },
      [paths.delegations(wallet)]: { json: { delegation_responses: [], pagination: { next_key: null, total: '0' } } },
      [paths.unbonding(wallet)]: { json: unbondingEmpty },
      [paths.rewards(wallet)]: { json: rewardsEmpty },
      [paths.leases]: { json: leasesEmpty },
    })
    const read = await akash.read(context([node.url]), wallet)
    expect(read.holdings).toEqual([
      { token: 'AKT', kind: 'liquid', key: '', amount: 0n, decimals: 6 },
      { token: 'AKT', kind: 'locked', key: 'unbonding', amount: 0n, decimals: 6, detail: 'unbonding' },
    ])
  })

  it('failing rewards and leases leave those figures out; the read still succeeds', async () => {
    const node = await lcd(accountRoutes(provider, { [paths.rewards(provider)]: { status: 500, json: gatewayError }, [paths.leases]: { status: 501, json: { code: 12, message: 'Not Implemented', details: [] } } }))
    const read = await akash.read(context([node.url]), provider)
    expect(read.holdings.map((holding) => `${holding.token} ${holding.kind}`)).toEqual(['ACT liquid', 'AKT liquid', 'AKT staked', 'AKT locked'])
    expect(read.hosts).toEqual([node.host])
    expect(read.failed).toEqual([
      { part: 'staking-rewards', problem: 'staking rewards could not be read' },
      { part: 'leases', problem: 'provider leases could not be read' },
    ])
  })

  it('the bank balance is required: without it the read fails', async () => {
    const node = await lcd(accountRoutes(wallet, { [paths.balances(wallet)]: { status: 500, json: gatewayError } }))
    const error = await fault(akash.read(context([node.url]), wallet))
    expect(error.message).toBe(`${node.host} had an internal error (HTTP 500): decoding bech32 failed: invalid checksum`)
  })

  it('checks an endpoint’s chain once across reads of the same pool', async () => {
    const node = await lcd(accountRoutes(wallet))
    const ctx = context([node.url])
    await akash.read(ctx, wallet)
    await akash.read(ctx, wallet)
    expect(requestsTo(node, paths.nodeInfo)).toHaveLength(1)
  })

  it('passes the read’s signal down: cancelling stops a read that hangs', async () => {
    const node = await lcd(accountRoutes(wallet, { [paths.balances(wallet)]: 'hang' }))
    const controller = new AbortController()
    const started = Date.now()
    const reading = akash.read(context([node.url], controller.signal, new ChainHttp({ timeoutMs: 10_000, attempts: 1 })), wallet)
    setTimeout(() => controller.abort(), 100)
    const error = await fault(reading)
    expect(error.message).toContain('the read was cancelled')
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
