import { describe, expect, it } from 'vitest'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { akash } from '../../../src/main/core/networks/akash.ts'
import {
  bankBalancesPage2,
  delegationsAkash,
  gatewayError,
  leaseProvider,
  leasesEmpty,
  leasesPage,
  leasesRanDry,
  nodeInfo,
  rewardsAkash,
  tenants,
  unbondingEmpty,
  type LeaseShape,
} from '../../fixtures/chains/cosmos.ts'
import { loopbackApi, type ApiAnswer, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'

/*
 * akash.ts's lease facts, read against a loopback LCD that lists a provider's leases in the
 * documented QueryLeasesResponse shape (tests/fixtures/chains/cosmos.ts leaseEntry): the summary
 * a wallet card shows, each lease that ran out of escrow, and none at all for an address that
 * has no lease on record.
 */

const { servers } = servedPerTest()
const leasesPath = '/akash/market/v1beta5/leases/list'

async function lcd(address: string, leases: ApiAnswer): Promise<LoopbackApi> {
  const routes: Record<string, ApiAnswer> = {
    '/cosmos/base/tendermint/v1beta1/node_info': { json: nodeInfo() },
    [`/cosmos/bank/v1beta1/balances/${address}`]: { json: bankBalancesPage2 },
    [`/cosmos/staking/v1beta1/delegations/${address}`]: { json: delegationsAkash },
    [`/cosmos/staking/v1beta1/delegators/${address}/unbonding_delegations`]: { json: unbondingEmpty },
    [`/cosmos/distribution/v1beta1/delegators/${address}/rewards`]: { json: rewardsAkash },
    [leasesPath]: leases,
  }
  const server = await loopbackApi((request) => routes[request.url.pathname] ?? { status: 404, json: { code: 5, message: 'Not Found', details: [] } })
  servers.push(server)
  return server
}

function context(url: string): ReadContext {
  const pool = new EndpointPool([url])
  return { http: new ChainHttp({ timeoutMs: 300, attempts: 1 }), pool: () => pool, signal: new AbortController().signal }
}

const readLeases = async (leases: LeaseShape[]): Promise<Awaited<ReturnType<typeof akash.read>>> => {
  const node = await lcd(leaseProvider, { json: leasesPage(leases) })
  return akash.read(context(node.url), leaseProvider)
}

describe('Akash lease facts', () => {
  it('a provider whose tenant ran dry: a summary and the lease closed for insufficient funds, with what is unsettled', async () => {
    const read = await readLeases(leasesRanDry)
    expect(read.facts).toEqual([
      {
        kind: 'akash.leases',
        key: '',
        status: 'leasing',
        words: '1 active lease; 1 closed for lack of funds',
        summary: true,
        figures: { active: 1, activeOverdrawn: 0, overdrawn: 1, insufficientFunds: 1, total: 3 },
        part: 'leases',
      },
      {
        kind: 'akash.lease',
        key: `${tenants.b}/25900001/1/1`,
        status: 'insufficient_funds/overdrawn',
        words: 'lease 25900001 of tenant akash1p6fu…f6yw: closed for insufficient funds at block 25990000, 2.4133 ACT unsettled',
        figures: { active: 0, closedOn: 25_990_000 },
        // unsettled "2413301.500000000000000000" uact, floored to base units.
        amount: { token: 'ACT', amount: 2_413_301n, decimals: 6 },
        part: 'leases',
      },
    ])
    expect(read.failed).toBeUndefined()
  })

  it('an active lease whose escrow is overdrawn comes first and says so', async () => {
    const read = await readLeases([...leasesRanDry, { owner: tenants.a, dseq: '26000000', state: 'active', escrow: 'overdrawn', unsettled: '100.000000000000000000' }])
    expect(read.facts?.[0]).toMatchObject({ status: 'leasing', words: '2 active leases, 1 overdrawn; 1 closed for lack of funds', figures: { active: 2, activeOverdrawn: 1, overdrawn: 2 } })
    expect(read.facts?.slice(1).map((fact) => [fact.status, fact.figures.active])).toEqual([
      ['active/overdrawn', 1],
      ['insufficient_funds/overdrawn', 0],
    ])
    expect(read.facts?.[1]?.words).toBe('lease 26000000 of tenant akash102kd…h7nq: active with its escrow overdrawn, 0.0001 ACT unsettled')
  })

  it('a provider with every lease closed is idle', async () => {
    const read = await readLeases(leasesRanDry.filter((lease) => lease.state !== 'active'))
    expect(read.facts?.[0]).toMatchObject({ status: 'idle', words: '0 active leases; 1 closed for lack of funds', figures: { active: 0, total: 2 } })
  })

  it('reports the 20 most recently closed troubled leases one by one, and counts them all', async () => {
    const dry = Array.from({ length: 25 }, (_, i): LeaseShape => ({ owner: tenants.b, dseq: String(25_000_000 + i), state: 'insufficient_funds', escrow: 'overdrawn', closedOn: String(25_100_000 + i) }))
    const read = await readLeases(dry)
    const leases = read.facts?.filter((fact) => fact.kind === 'akash.lease') ?? []
    expect(read.facts?.[0]?.figures.insufficientFunds).toBe(25)
    expect(leases).toHaveLength(20)
    expect(leases[0]?.figures.closedOn).toBe(25_100_024)
    expect(leases[19]?.figures.closedOn).toBe(25_100_005)
  })

  it('an address with no lease on record is no provider: no facts, so no lease alert can fire', async () => {
    const node = await lcd(tenants.b, { json: leasesEmpty })
    const read = await akash.read(context(node.url), tenants.b)
    expect(read.facts).toBeUndefined()
    expect(read.holdings.filter((holding) => holding.kind === 'earned')).toEqual([])
  })

  it('leases that cannot be read leave the facts out and say the part failed (its last facts are kept)', async () => {
    const node = await lcd(leaseProvider, { status: 500, json: gatewayError })
    const read = await akash.read(context(node.url), leaseProvider)
    expect(read.facts).toBeUndefined()
    expect(read.failed).toEqual([{ part: 'leases', problem: 'provider leases could not be read' }])
  })

  it('a lease whose state is not one of the enum names is malformed, and fails only the leases part', async () => {
    const body = leasesPage(leasesRanDry) as { leases: { lease: { state: unknown } }[] }
    const first = body.leases[0]
    if (first !== undefined) first.lease.state = 1
    const node = await lcd(leaseProvider, { json: body })
    const read = await akash.read(context(node.url), leaseProvider)
    expect(read.failed).toEqual([{ part: 'leases', problem: 'provider leases could not be read' }])
    expect(read.holdings.some((holding) => holding.kind === 'liquid')).toBe(true)
  })
})
