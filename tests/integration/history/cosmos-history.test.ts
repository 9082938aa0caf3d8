import { describe, expect, it } from 'vitest'
import { cosmosTxHistory, moduleAccount, type CosmosHistoryOptions } from '../../../src/main/core/chains/cosmos-history.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { akash } from '../../../src/main/core/networks/akash.ts'
import {
  bankSend,
  bmeCloseDeployment,
  bmeTenant,
  escrowAccount,
  guideCloseDeployment,
  indexingDisabled,
  legacyTxResponse,
  provider,
  tenant,
  txResponse,
  txSearchLcd,
  validatorA,
  validatorB,
  withdrawRewards,
  type MsgSpec,
  type TxSpec,
} from '../../fixtures/chains/cosmos-history.ts'
import { servedPerTest, type ApiAnswer, type ApiRequest } from '../../support/loopback-api.ts'

/*
 * The Cosmos SDK history source, and Akash's declaration of it, against loopback LCDs that search
 * transactions the way SDK 0.50+ nodes do (`query`) and the way SDK 0.45 nodes do (`events`,
 * merged `logs`): staking rewards and lease earnings found once each, paged newest first, the
 * dialect learned from the node's documented error, a 429 mid-way got past from the same cursor,
 * and a node without a transaction index named as out of reach.
 */

const { serve } = servedPerTest()

const window: HistoryWindow = { fromMs: Date.parse('2026-03-01T00:00:00Z'), toMs: Date.parse('2026-04-15T00:00:00Z') }
const ibc = 'ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2'
const hash = (n: number): string => n.toString(16).toUpperCase().padStart(64, 'A')

const withdrawLease = (amount: string): MsgSpec => ({ action: '/akash.market.v1beta5.MsgWithdrawLease', sender: provider, module: 'market', events: bankSend(escrowAccount, provider, amount) })
const withdrawReward = (validator: string, amount: string): MsgSpec => ({ action: '/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward', sender: provider, module: 'distribution', events: withdrawRewards(provider, validator, amount) })

/** The provider's transactions, and one of someone else's. */
const specs: TxSpec[] = [
  { hash: hash(1), at: '2026-04-10T12:00:00Z', height: 1010, msgs: [withdrawLease('1234567uact'), withdrawLease('890000uact,10uakt')] },
  { hash: hash(2), at: '2026-04-08T12:00:00Z', height: 1008, msgs: [withdrawReward(validatorA, `1500000uakt,12${ibc}`), withdrawReward(validatorB, '0uakt')] },
  // Delegating more withdraws the rewards accrued so far (x/distribution hooks).
  {
    hash: hash(3),
    at: '2026-04-05T12:00:00Z',
    height: 1005,
    msgs: [{ action: '/cosmos.staking.v1beta1.MsgDelegate', sender: provider, module: 'staking', events: [...withdrawRewards(provider, validatorA, '2500uakt'), ...bankSend(provider, moduleAccount('akash', 'bonded_tokens_pool'), '1000000uakt')] }],
  },
  // Closing its bid returns the provider's bid deposit from escrow: not income.
  { hash: hash(4), at: '2026-04-04T12:00:00Z', height: 1004, msgs: [{ action: '/akash.market.v1beta5.MsgCloseBid', sender: provider, module: 'market', events: bankSend(escrowAccount, provider, '500000uact') }] },
  { hash: hash(5), at: '2026-04-03T12:00:00Z', height: 1003, code: 5, msgs: [withdrawReward(validatorA, '99uakt')] },
  { hash: hash(6), at: '2026-01-01T12:00:00Z', height: 900, msgs: [withdrawLease('777uact')] },
  { hash: hash(7), at: '2026-04-20T12:00:00Z', height: 1020, msgs: [withdrawLease('999uact')] },
  { hash: hash(8), at: '2026-04-09T12:00:00Z', height: 1009, msgs: [{ action: '/akash.market.v1beta5.MsgWithdrawLease', sender: tenant, module: 'market', events: bankSend(escrowAccount, tenant, '5uact') }] },
]

const at = (iso: string): number => Date.parse(iso)
const earning = (action: string): string => `lease earnings withdrawn from Akash escrow (${action})`
const otherPayout = (action: string): string => `paid out of Akash escrow when a lease, bid or deployment closed: the last lease earnings, or a deposit coming back, for you to mark (${action})`
const inflow = (id: string, token: 'AKT' | 'ACT', amount: bigint, iso: string, classification: PastInflow['classification'], rule: string): PastInflow => ({ id, token, amount, decimals: 6, at: at(iso), classification, rule })

const expectedForProvider: PastInflow[] = [
  inflow(`tx:${hash(1)}:0:uact`, 'ACT', 1234567n, '2026-04-10T12:00:00Z', 'reward', earning('/akash.market.v1beta5.MsgWithdrawLease')),
  inflow(`tx:${hash(1)}:1:uact`, 'ACT', 890000n, '2026-04-10T12:00:00Z', 'reward', earning('/akash.market.v1beta5.MsgWithdrawLease')),
  inflow(`tx:${hash(1)}:1:uakt`, 'AKT', 10n, '2026-04-10T12:00:00Z', 'reward', earning('/akash.market.v1beta5.MsgWithdrawLease')),
  inflow(`tx:${hash(2)}:0:uakt`, 'AKT', 1500000n, '2026-04-08T12:00:00Z', 'reward', 'staking rewards withdrawn from validator akashvaloper1p…8u5y'),
  inflow(`tx:${hash(3)}:0:uakt`, 'AKT', 2500n, '2026-04-05T12:00:00Z', 'reward', 'staking rewards withdrawn from validator akashvaloper1p…8u5y'),
  inflow(`tx:${hash(4)}:0:uact`, 'ACT', 500000n, '2026-04-04T12:00:00Z', 'inflow', otherPayout('/akash.market.v1beta5.MsgCloseBid')),
  inflow(`tx:${guideCloseDeployment.txhash}:0:uakt`, 'AKT', 60400n + 50000000n, guideCloseDeployment.timestamp, 'inflow', otherPayout('close-deployment')),
].sort((a, b) => a.id.localeCompare(b.id))

function context(urls: string[], http = new ChainHttp({ timeoutMs: 2000, attempts: 1 })): ReadContext {
  for (const url of urls) http.limiter.declare(new URL(url).host, { requests: 1000, perMs: 1000, concurrency: 8 })
  const pool = new EndpointPool(urls)
  return {
    http,
    pool: (key) => {
      if (key !== 'akash-lcd') throw new Error(`asked for the ${key} pool`)
      return pool
    },
    signal: new AbortController().signal,
  }
}

/**
 * Pages until the cursor is null; a page that throws is asked again from the same cursor, as the
 * runner does. Inflows are kept once per id, as the runner books them: a transaction two searches
 * find must give the same inflow both times.
 */
async function drain(source: HistorySource, ctx: ReadContext, address = provider): Promise<{ inflows: PastInflow[]; pages: HistoryPage[]; faults: unknown[] }> {
  const pages: HistoryPage[] = []
  const faults: unknown[] = []
  const booked = new Map<string, PastInflow>()
  let cursor: string | null = null
  for (let i = 0; i < 200; i++) {
    try {
      const page = await source.page(ctx, address, window, cursor)
      pages.push(page)
      for (const found of page.inflows) {
        const before = booked.get(found.id)
        if (before !== undefined) expect(found).toEqual(before)
        booked.set(found.id, found)
      }
      cursor = page.cursor
      if (cursor === null) return { inflows: [...booked.values()].sort((a, b) => a.id.localeCompare(b.id)), pages, faults }
    } catch (error) {
      faults.push(error)
    }
  }
  throw new Error('the source never finished')
}

const akashLike = (pageSize: number): CosmosHistoryOptions => ({
  endpoint: 'akash-lcd',
  chainId: 'akashnet-2',
  denoms: { uakt: { symbol: 'AKT', decimals: 6 }, uact: { symbol: 'ACT', decimals: 6 } },
  payouts: [
    {
      sender: moduleAccount('akash', 'escrow'),
      earningActions: /^\/akash\.market\.v1beta\d+\.MsgWithdrawLease$/,
      earningWords: 'lease earnings withdrawn from Akash escrow',
      otherWords: 'paid out of Akash escrow when a lease, bid or deployment closed: the last lease earnings, or a deposit coming back, for you to mark',
    },
  ],
  reach: 'test',
  pageSize,
})

describe('Akash history from the LCD transaction search', () => {
  it("knows the escrow module's account", () => {
    expect(moduleAccount('akash', 'escrow')).toBe(escrowAccount)
  })

  it('finds staking rewards and lease earnings on an SDK 0.50 node by `query`, newest first, each once, in the window only', async () => {
    const lcd = txSearchLcd({ dialect: 'query', txs: [...specs.map(txResponse), guideCloseDeployment] })
    const server = await serve(lcd.route)
    const { inflows, pages, faults } = await drain(akash.history!, context([server.url]))
    expect(faults).toEqual([])
    expect(inflows).toEqual(expectedForProvider)
    expect(lcd.seen.map((s) => s.conditions)).toEqual([[`withdraw_rewards.delegator='${provider}'`], [`transfer.recipient='${provider}' AND transfer.sender='${escrowAccount}'`]])
    expect(server.requests.filter((r) => r.url.pathname === '/cosmos/tx/v1beta1/txs').every((r) => r.url.searchParams.get('order_by') === 'ORDER_BY_DESC')).toBe(true)
    expect(pages.at(-1)?.reachedMs).toBe(window.fromMs)
    expect(pages.reduce((n, p) => n + p.requests, 0)).toBe(3) // node_info once, then one page of each search
  })

  it('pages through each search, reading them in step so the frontier only moves back', async () => {
    const lcd = txSearchLcd({ dialect: 'query', txs: [...specs.map(txResponse), guideCloseDeployment] })
    const server = await serve(lcd.route)
    const { inflows, pages } = await drain(cosmosTxHistory(akashLike(2)), context([server.url]))
    expect(inflows).toEqual(expectedForProvider)
    expect(Math.max(...lcd.seen.map((s) => s.page))).toBeGreaterThanOrEqual(3)
    expect(lcd.seen.every((s) => s.limit === 2)).toBe(true)
    const reached = pages.map((p) => p.reachedMs)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    expect(reached.at(-1)).toBe(window.fromMs)
  })

  it('ends a search whose last page was full at "page should be within [1, N] range" when the node gives no total', async () => {
    const staking = specs.filter((spec) => spec.msgs.some((m) => m.action.includes('distribution') || m.action.includes('staking')))
    const lcd = txSearchLcd({ dialect: 'query', txs: staking.map(txResponse), withoutTotal: true })
    const server = await serve(lcd.route)
    const { inflows, faults } = await drain(cosmosTxHistory(akashLike(staking.length)), context([server.url]))
    expect(faults).toEqual([])
    expect(inflows.map((i) => i.id)).toEqual([`tx:${hash(2)}:0:uakt`, `tx:${hash(3)}:0:uakt`])
    expect(lcd.seen.filter((s) => s.conditions[0]?.startsWith('withdraw_rewards')).map((s) => s.page)).toEqual([1, 2])
  })

  it('asks an SDK 0.45 node by `events` once it answers "must declare at least one event to search", and reads its merged logs', async () => {
    // SDK 0.45: withdraw_rewards names no delegator; the sender of the message does.
    const legacy = specs.map((spec) => ({ ...spec, msgs: spec.msgs.map((m) => ({ ...m, events: m.events.map((e) => (e.type === 'withdraw_rewards' ? { ...e, attrs: e.attrs.filter(([k]) => k !== 'delegator') } : e)) })) }))
    const lcd = txSearchLcd({ dialect: 'events', txs: [...legacy.map(legacyTxResponse), guideCloseDeployment] })
    const server = await serve(lcd.route)
    const { inflows, faults } = await drain(cosmosTxHistory(akashLike(3)), context([server.url]))
    expect(faults).toEqual([])
    expect(inflows).toEqual(expectedForProvider)
    const searches = server.requests.filter((r) => r.url.pathname === '/cosmos/tx/v1beta1/txs')
    // Only the first search went out as `query`: the endpoint's dialect is remembered.
    expect(searches.map((r) => (r.url.searchParams.has('query') ? 'query' : 'events'))).toEqual(['query', ...searches.slice(1).map(() => 'events')])
    expect(lcd.seen[0]?.conditions).toEqual([`message.sender='${provider}'`])
    expect(lcd.seen.find((s) => s.conditions.length === 2)?.conditions).toEqual([`transfer.recipient='${provider}'`, `transfer.sender='${escrowAccount}'`])
    expect(lcd.seen.some((s) => s.page > 1)).toBe(true)
  })

  it('a 429 mid-way: the page throws a retryable fault, and the same cursor then gives the same inflows', async () => {
    const lcd = txSearchLcd({ dialect: 'query', txs: [...specs.map(txResponse), guideCloseDeployment] })
    let searches = 0
    const server = await serve((request: ApiRequest): ApiAnswer => {
      if (request.url.pathname === '/cosmos/tx/v1beta1/txs' && ++searches === 3) return { status: 429, headers: { 'retry-after': '0' }, json: { code: 8, message: 'rate limited', details: [] } }
      return lcd.route(request)
    })
    const { inflows, faults } = await drain(cosmosTxHistory(akashLike(2)), context([server.url]))
    expect(faults).toHaveLength(1)
    expect(faults[0]).toMatchObject({ kind: 'rate-limited', retryable: true })
    expect(inflows).toEqual(expectedForProvider)
  })

  it('ends with what is out of reach when every endpoint keeps no transaction index, and falls through to one that has it', async () => {
    const noIndex = await serve((request) => (request.url.pathname === '/cosmos/tx/v1beta1/txs' ? indexingDisabled : txSearchLcd({ dialect: 'query', txs: [] }).route(request)))
    const { inflows, pages } = await drain(akash.history!, context([noIndex.url]))
    expect(inflows).toEqual([])
    expect(pages.at(-1)).toMatchObject({ cursor: null, reachedMs: window.fromMs })
    expect(pages[0]?.outOfReach).toBe(`${noIndex.host} keeps no transaction index (tx_index is off), so past withdrawals cannot be searched there; your own LCD with indexing on (Endpoints) can`)

    const indexed = await serve(txSearchLcd({ dialect: 'query', txs: specs.map(txResponse) }).route)
    const both = await drain(akash.history!, context([noIndex.url, indexed.url]))
    expect(both.pages.every((p) => p.outOfReach === undefined)).toBe(true)
    expect(both.inflows).toHaveLength(expectedForProvider.length - 1)
  })

  it("books a tenant's deposit coming back from escrow for the operator to mark (the BME testnet capture and the deploy guide)", async () => {
    const server = await serve(txSearchLcd({ dialect: 'query', txs: [bmeCloseDeployment, guideCloseDeployment] }).route)
    const bme = await drain(akash.history!, context([server.url]), bmeTenant)
    expect(bme.inflows).toEqual([inflow(`tx:${bmeCloseDeployment.txhash}:0:uact`, 'ACT', 2000000n, bmeCloseDeployment.timestamp, 'inflow', otherPayout('/akash.deployment.v1beta4.MsgCloseDeployment'))])
    const guide = await drain(akash.history!, context([server.url]), tenant)
    expect(guide.inflows).toEqual([inflow(`tx:${guideCloseDeployment.txhash}:0:uakt`, 'AKT', 4939600n, guideCloseDeployment.timestamp, 'inflow', otherPayout('close-deployment'))])
  })

  it('refuses an endpoint of another chain', async () => {
    const server = await serve(txSearchLcd({ dialect: 'query', txs: [], chainId: 'cosmoshub-4' }).route)
    await expect(akash.history!.page(context([server.url]), provider, window, null)).rejects.toMatchObject({ kind: 'wrong-chain', message: `${server.host} serves the chain "cosmoshub-4", not akashnet-2` })
  })
})
