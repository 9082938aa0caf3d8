import { describe, expect, it } from 'vitest'
import { erc20TransferHistory, grown, isWindowRefusal, shrunk, type Erc20HistoryDeployment } from '../../../src/main/core/chains/evm-history.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import type { EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { alchemyRateLimited, blockTimeSec, fakeTokenNode, fakeTxHash, infuraRateLimited, publicnodeRefusal, windowRefusals, type FakeChain } from '../../fixtures/chains/evm-history.ts'
import { rpcRoute, servedPerTest, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * The ERC-20 history source against loopback EVM nodes (tests/fixtures/chains/evm-history.ts) that
 * hold Transfer logs on a synthetic chain and refuse wide windows in each provider's words: every
 * inflow of the window found once, windows narrowed on a refusal and widened after successes, the
 * window's ends found from block times, and a 429 mid-way that the same cursor gets past.
 */

const { serve } = servedPerTest()

const owner = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const claim = '0x3EB64fc76De5D77659387E64951d78d5fCaE1111'
const stranger = '0x1000000000000000000000000000000000000001'
const token = '0xc87B37a581ec3257B734886d9d3a581F5A9d056c'
const zero = '0x0000000000000000000000000000000000000000'

const deployment = (chainId: number, endpoint: EndpointKey, chainName: string, address = token): Erc20HistoryDeployment => ({
  endpoint,
  chainId,
  chainName,
  token: 'ATH',
  address,
  decimals: 18,
  rewardSenders: [{ address: claim, words: "Aethir's checker claim-and-withdraw contract" }],
})

/** 100,000 blocks of 12 s from 2025-01-01T00:00:00Z. */
const chainOf = (over: Partial<FakeChain> = {}): FakeChain => ({
  chainId: 42161,
  token,
  genesisSec: Date.UTC(2025, 0, 1) / 1000,
  blockSec: 12,
  head: 100_000,
  transfers: [],
  ...over,
})

const ms = (chain: FakeChain, n: number): number => blockTimeSec(chain, n) * 1000

function context(pools: Partial<Record<EndpointKey, string[]>>, http = new ChainHttp({ timeoutMs: 2000, attempts: 1 })): ReadContext {
  const made = new Map<EndpointKey, EndpointPool>()
  // Loopback servers answer at once: the default 10 requests a second would only slow the test.
  for (const url of Object.values(pools).flat()) http.limiter.declare(new URL(url).host, { requests: 1000, perMs: 1000, concurrency: 8 })
  return {
    http,
    pool: (key) => {
      const urls = pools[key]
      if (urls === undefined) throw new Error(`asked for the ${key} pool`)
      let pool = made.get(key)
      if (pool === undefined) {
        pool = new EndpointPool(urls)
        made.set(key, pool)
      }
      return pool
    },
    signal: new AbortController().signal,
  }
}

/** Every page until the cursor is null: the inflows, and each page's reach and cursor. */
async function drain(source: HistorySource, ctx: ReadContext, window: HistoryWindow): Promise<{ inflows: PastInflow[]; pages: HistoryPage[] }> {
  const pages: HistoryPage[] = []
  let cursor: string | null = null
  do {
    const page = await source.page(ctx, owner, window, cursor)
    pages.push(page)
    cursor = page.cursor
    if (pages.length > 500) throw new Error('the source never finished')
  } while (cursor !== null)
  return { inflows: pages.flatMap((p) => p.inflows), pages }
}

async function node(
  chain: FakeChain,
  route?: (request: ApiRequest, answer: (request: ApiRequest) => ApiAnswer) => ApiAnswer,
): Promise<{ server: LoopbackApi } & Pick<ReturnType<typeof fakeTokenNode>, 'seen' | 'blocksRead'>> {
  const fake = fakeTokenNode(chain)
  const answer = rpcRoute(fake.methods)
  const server = await serve((request) => (route === undefined ? answer(request) : route(request, answer)))
  return { server, seen: fake.seen, blocksRead: fake.blocksRead }
}

describe('the ERC-20 history source over a loopback chain', () => {
  const transfers = [
    { block: 1_000, from: stranger, to: owner, value: 1n }, // before the window
    { block: 20_000, from: claim, to: owner, value: 100n * 10n ** 18n, logIndex: 3 },
    { block: 20_000, from: owner, to: owner, value: 5n }, // to itself: no inflow
    { block: 45_000, from: stranger, to: owner, value: 2n * 10n ** 18n },
    { block: 45_001, from: zero, to: owner, value: 7n },
    { block: 70_000, from: claim, to: owner, value: 50n * 10n ** 18n, removed: true }, // reorged away
    { block: 90_000, from: claim, to: owner, value: 9n }, // at the window's end: not in it
  ]
  const chain = chainOf({ transfers, refuse: (from, to) => (to - from + 1 > 20_000 ? publicnodeRefusal(20_000) : null) })
  const window = { fromMs: ms(chain, 10_000), toMs: ms(chain, 90_000) }

  it('finds each inflow of the window once, classified by sender, narrowing the window on "exceed maximum block range" and widening it again', async () => {
    const { server, seen } = await node(chain)
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const { inflows, pages } = await drain(source, context({ arbitrum: [server.url] }), window)

    expect(inflows).toEqual([
      { id: `log:42161:${fakeTxHash(transfers[4]!)}:0`, token: 'ATH', amount: 7n, decimals: 18, at: ms(chain, 45_001), classification: 'inflow', rule: 'minted to this wallet on Arbitrum One: not a known ATH reward payout, for you to mark' },
      {
        id: `log:42161:${fakeTxHash(transfers[3]!)}:0`,
        token: 'ATH',
        amount: 2n * 10n ** 18n,
        decimals: 18,
        at: ms(chain, 45_000),
        classification: 'inflow',
        rule: 'a transfer from 0x1000…0001 on Arbitrum One: not a known ATH reward payout, for you to mark',
      },
      {
        id: `log:42161:${fakeTxHash(transfers[1]!)}:3`,
        token: 'ATH',
        amount: 100n * 10n ** 18n,
        decimals: 18,
        at: ms(chain, 20_000),
        classification: 'reward',
        rule: "from Aethir's checker claim-and-withdraw contract (0x3EB6…1111) on Arbitrum One",
      },
    ])
    // Windows answered tile [first block of the window, last block before its end] once, newest first.
    const answered = seen.filter((w) => !w.refused)
    expect(answered[0]?.to).toBe(89_999)
    expect(answered.at(-1)?.from).toBe(10_000)
    answered.forEach((w, i) => {
      expect(w.to - w.from + 1).toBeLessThanOrEqual(20_000)
      if (i > 0) expect(w.to).toBe((answered[i - 1]?.from ?? 0) - 1)
    })
    // 50,000 and 25,000 refused, then 12,500 answered; growth stops below the size refused.
    expect(seen.filter((w) => w.refused).map((w) => w.to - w.from + 1)).toEqual([50_000, 25_000])
    expect(answered.slice(0, -1).every((w) => w.to - w.from + 1 === 12_500)).toBe(true)
    // The frontier only moves back, and ends at the window's start.
    const reached = pages.map((p) => p.reachedMs)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    expect(reached.at(-1)).toBe(window.fromMs)
    expect(pages.every((p) => p.requests >= 1)).toBe(true)
  })

  it.each(windowRefusals)('narrows the window on $provider\'s refusal ("$error.message")', async ({ error }) => {
    const { server, seen } = await node(chainOf({ transfers, refuse: (from, to) => (to - from + 1 > 5_000 ? error : null) }))
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const { inflows } = await drain(source, context({ arbitrum: [server.url] }), window)
    expect(inflows.map((i) => i.amount)).toEqual([7n, 2n * 10n ** 18n, 100n * 10n ** 18n])
    expect(seen.filter((w) => !w.refused).every((w) => w.to - w.from + 1 <= 5_000)).toBe(true)
  })

  it.each([
    { provider: 'Infura', error: infuraRateLimited },
    { provider: 'Alchemy', error: alchemyRateLimited },
  ])("tells a rate limit from a refusal: $provider's throws a retryable fault, the window unchanged", async ({ error }) => {
    const { server, seen } = await node(chainOf({ transfers, refuse: () => error }))
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const ctx = context({ arbitrum: [server.url] })
    const located = await source.page(ctx, owner, window, null)
    const fault = await source.page(ctx, owner, window, located.cursor).catch((e: unknown) => e)
    expect(fault).toBeInstanceOf(FetchFault)
    expect(fault).toMatchObject({ kind: 'rate-limited', retryable: true })
    expect(seen.map((w) => w.to - w.from + 1)).toEqual([50_000])
  })

  it('a 429 mid-way: the page throws a retryable fault, and the same cursor then gives the same inflows', async () => {
    let getLogs = 0
    const { server } = await node(chain, (request, answer) => {
      const calls = (Array.isArray(request.body) ? request.body : [request.body]) as { method: string }[]
      if (calls.some((c) => c.method === 'eth_getLogs') && ++getLogs === 5) return { status: 429, headers: { 'retry-after': '0' }, json: { jsonrpc: '2.0', id: null, error: { code: -32005, message: 'Too Many Requests' } } }
      return answer(request)
    })
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const ctx = context({ arbitrum: [server.url] })
    const collected: PastInflow[] = []
    let cursor: string | null = null
    let threw = 0
    for (let i = 0; i < 100; i++) {
      let page: HistoryPage
      try {
        page = await source.page(ctx, owner, window, cursor)
      } catch (error) {
        expect(error).toMatchObject({ kind: 'rate-limited', retryable: true })
        threw += 1
        continue
      }
      collected.push(...page.inflows)
      cursor = page.cursor
      if (cursor === null) break
    }
    expect(threw).toBe(1)
    expect(collected.map((i) => i.amount)).toEqual([7n, 2n * 10n ** 18n, 100n * 10n ** 18n])
  })

  it('reads two chains in step, so the frontier it reports only moves back; a wrong-chain endpoint falls through to the next', async () => {
    const arbitrum = chainOf({ transfers: [{ block: 60_000, from: claim, to: owner, value: 1n }] })
    // Ethereum here: 12 s blocks starting a day later, its own token address.
    const ethToken = '0xbe0Ed4138121EcFC5c0E56B40517da27E6c5226B'
    const ethereum = chainOf({ chainId: 1, token: ethToken, genesisSec: arbitrum.genesisSec + 86_400, transfers: [{ block: 30_000, from: stranger, to: owner, value: 2n }] })
    const arb = await node(arbitrum)
    const eth = await node(ethereum)
    const source = erc20TransferHistory({
      deployments: [deployment(42161, 'arbitrum', 'Arbitrum One'), deployment(1, 'ethereum', 'Ethereum', ethToken)],
      reach: 'test',
      initialSpan: 10_000,
      maxSpan: 10_000,
    })
    const w = { fromMs: ms(arbitrum, 20_000), toMs: ms(arbitrum, 95_000) }
    const { inflows, pages } = await drain(source, context({ arbitrum: [arb.server.url], ethereum: [arb.server.url, eth.server.url] }), w)
    expect(inflows.map((i) => [i.id.split(':')[1], i.amount, i.classification])).toEqual(
      expect.arrayContaining([
        ['42161', 1n, 'reward'],
        ['1', 2n, 'inflow'],
      ]),
    )
    expect(inflows).toHaveLength(2)
    const reached = pages.map((p) => p.reachedMs)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    expect(reached.at(-1)).toBe(w.fromMs)
    expect(eth.seen.length).toBeGreaterThan(0)
  })

  it('finds the window’s blocks from their times in a few reads, never near the genesis, and reads nothing when the window holds no block', async () => {
    // A node that no longer serves the chain's first million blocks.
    const long = chainOf({ head: 10_000_000, blockSec: 2, servesFrom: 1_000_000 })
    const { server, blocksRead } = await node(long)
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const ctx = context({ arbitrum: [server.url] })
    const first = await source.page(ctx, owner, { fromMs: ms(long, 3_333_333), toMs: ms(long, 7_777_777) + 1 }, null)
    // eth_chainId, latest, genesis, then the probes of two searches over ten million blocks.
    expect(first.requests).toBeLessThan(40)
    expect(first.cursor).not.toBeNull()
    const next = await source.page(ctx, owner, { fromMs: ms(long, 3_333_333), toMs: ms(long, 7_777_777) + 1 }, first.cursor)
    expect(JSON.parse(first.cursor!)).toMatchObject({ chains: [{ end: 7_777_777, stop: 3_333_333 }] })
    expect(next.reachedMs).toBe(ms(long, 7_777_777 - 50_000 + 1))
    expect(Math.min(...blocksRead)).toBeGreaterThan(1_000_000)

    const short = chainOf({ head: 500 })
    const { server: young } = await node(short)
    const before = { fromMs: (short.genesisSec - 100) * 1000, toMs: (short.genesisSec - 10) * 1000 }
    expect(await source.page(context({ arbitrum: [young.url] }), owner, before, null)).toMatchObject({ inflows: [], cursor: null, reachedMs: before.fromMs })
  })

  it('reads the window again from its newest end when the cursor is not its own', async () => {
    const { server } = await node(chain)
    const source = erc20TransferHistory({ deployments: [deployment(42161, 'arbitrum', 'Arbitrum One')], reach: 'test' })
    const ctx = context({ arbitrum: [server.url] })
    for (const stale of ['not json', '{"v":2}', JSON.stringify({ v: 1, chains: [] })]) {
      const page = await source.page(ctx, owner, window, stale)
      expect(JSON.parse(page.cursor!)).toMatchObject({ chains: [{ end: 89_999, stop: 10_000 }] })
    }
  })
})

describe('window sizes and refusals', () => {
  it('halves on a refusal and remembers the size; doubles after a success but stays below it until it is forgotten', () => {
    let span = { span: 50_000, ceiling: null as number | null, streak: 0 }
    span = shrunk(span)
    expect(span).toEqual({ span: 25_000, ceiling: 50_000, streak: 0 })
    span = grown(span, 1_000_000)
    expect(span.span).toBe(25_000)
    for (let i = 0; i < 31; i++) span = grown(span, 1_000_000)
    expect(span).toEqual({ span: 50_000, ceiling: null, streak: 0 })
    expect(grown({ span: 800_000, ceiling: null, streak: 0 }, 1_000_000).span).toBe(1_000_000)
    expect(shrunk({ span: 1, ceiling: null, streak: 0 }).span).toBe(1)
  })

  it('knows each provider’s refusal, and a rate limit or a bad query is no refusal', () => {
    for (const { error } of windowRefusals) expect(isWindowRefusal(error)).toBe(true)
    expect(isWindowRefusal(infuraRateLimited)).toBe(false)
    expect(isWindowRefusal(alchemyRateLimited)).toBe(false)
    expect(isWindowRefusal({ code: -32602, message: 'invalid argument 0: hex string without 0x prefix' })).toBe(false)
    expect(isWindowRefusal({ code: -32601, message: 'Method not found' })).toBe(false)
  })
})
