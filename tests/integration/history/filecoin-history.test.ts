import { describe, expect, it } from 'vitest'
import type { HistoryPage, HistoryWindow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { HostLimiter } from '../../../src/main/core/net/host-limiter.ts'
import { endpointDefaults } from '../../../src/main/core/networks/endpoint-defaults.ts'
import { filecoin } from '../../../src/main/core/networks/filecoin.ts'
import { epochOf, epochTimeMs, FIL, filfoxRoute, lotusPastMethods, type ActorAt, type FilfoxTransfer, type LotusPast } from '../../fixtures/chains/filecoin-history.ts'
import { rpcRoute, servedPerTest, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * Filecoin's backfill against a loopback Lotus gateway that keeps 2,000 epochs, and, when the
 * operator sets one, a loopback Filfox API for what is older (tests/fixtures/chains/filecoin-history.ts).
 */

const { serve } = servedPerTest()
const history = filecoin.history!

const miner = 'f01234'
const wallet = 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za'
const head = epochOf(Date.UTC(2026, 2, 6, 10, 0, 0))
const toMs = Date.UTC(2026, 2, 6, 9, 17, 35)
const top = epochOf(toMs)
const window: HistoryWindow = { fromMs: toMs - 3 * 86_400_000, toMs }
const milli = FIL / 1000n
/** Block rewards of 0.001 FIL an epoch; the owner withdraws 50 FIL at `withdrawal`. */
const withdrawal = 5_815_500
const minerAt = (height: number): ActorAt => ({ kind: 'miner', balance: 1000n * FIL + BigInt(height - 5_800_000) * milli - (height > withdrawal ? 50n * FIL : 0n) })
const walletAt = (height: number): ActorAt => (height < 5_815_000 ? null : { kind: 'account', balance: 3n * FIL + (height > 5_815_700 ? 2n * FIL : 0n) })
const past: LotusPast = { head, keep: 2000, actors: { [miner]: minerAt, [wallet]: walletAt } }

function context(lotus: LoopbackApi, indexer: LoopbackApi | null = null): ReadContext {
  const limiter = new HostLimiter()
  for (const server of [lotus, indexer]) if (server) limiter.declare(server.host, { requests: 1000, perMs: 1000, concurrency: 4 })
  const pools = { filecoin: new EndpointPool([lotus.url]), indexer: indexer === null ? null : new EndpointPool([`${indexer.url}/api/v1`]) }
  return {
    http: new ChainHttp({ limiter, timeoutMs: 1000, attempts: 1, backoffBaseMs: 1 }),
    pool: (key) => {
      if (key === 'filecoin') return pools.filecoin
      // As the backfill's context answers a key with no URL set: there is no pool.
      if (key === 'filecoin-indexer' && pools.indexer !== null) return pools.indexer
      throw new Error(`no endpoint for ${key}: none is set`)
    },
    signal: new AbortController().signal,
  }
}

async function allPages(ctx: ReadContext, address: string, cursor: string | null = null): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = []
  let next = cursor
  do {
    const page = await history.page(ctx, address, window, next)
    pages.push(page)
    next = page.cursor
  } while (next !== null && pages.length < 60)
  return pages
}

/** The sample heights the walk should take: the first read's epoch, then every whole hour of epochs the gateway still holds. */
function expectedSamples(): number[] {
  const heights = [top]
  for (let h = Math.floor((top - 1) / 120) * 120; h >= head - 2000; h -= 120) heights.push(h)
  return heights
}

describe('Filecoin backfill', () => {
  it('a storage provider: its funds an hour apart across the 2,000 epochs the gateway keeps, each hour’s growth a reward, a withdrawal none', async () => {
    const server = await serve(rpcRoute(lotusPastMethods(past)))
    const pages = await allPages(context(server), miner)
    const samples = expectedSamples()
    const booked = pages.flatMap((p) => p.inflows)
    const segments = samples.slice(1).map((older, i) => ({ older, newer: samples[i]! }))
    const expected = segments.filter((s) => !(s.older < withdrawal && withdrawal < s.newer))
    expect(booked.map((i) => i.id)).toEqual(expected.map((s) => `epochs:${s.older}-${s.newer}`))
    for (const [i, inflow] of booked.entries()) {
      const segment = expected[i]!
      expect(inflow).toMatchObject({ token: 'FIL', decimals: 18, classification: 'reward', amount: BigInt(segment.newer - segment.older) * milli, at: epochTimeMs(segment.newer - 1) })
      expect(inflow.at).toBeLessThan(toMs)
      expect(inflow.rule).toContain("growth of the miner actor's funds")
    }
    // The first segment runs from the first read's epoch, not a whole hour: nothing at or after the first read.
    expect(booked[0]?.id).toBe(`epochs:${samples[1]}-${top}`)
    // The walk ends at the 2,000-epoch edge: the next hour below was refused, and says why.
    const last = pages.at(-1)!
    expect(samples.at(-1)).toBeGreaterThanOrEqual(head - 2000)
    expect(samples.at(-1)! - 120).toBeLessThan(head - 2000)
    expect(last.cursor).toBeNull()
    expect(last.outOfReach).toBe('the public Lotus endpoints keep about 2,000 epochs (~16 h); older history needs an indexer')
    expect(last.reachedMs).toBe(epochTimeMs(samples.at(-1)!))
    expect(pages.slice(0, -1).every((p) => p.outOfReach === undefined && p.cursor !== null)).toBe(true)
    // Two requests a sample (the tipset, the state), the head once more to judge the refusal.
    expect(pages.reduce((sum, p) => sum + p.requests, 0)).toBe(samples.length * 2 + 2)
  })

  it('a deeper backfill later meets the same segment ids with the same amounts', async () => {
    const server = await serve(rpcRoute(lotusPastMethods(past)))
    const run = async (fromMs: number): Promise<string[]> => {
      const lines: string[] = []
      let cursor: string | null = null
      do {
        const page: HistoryPage = await history.page(context(server), miner, { fromMs, toMs }, cursor)
        lines.push(...page.inflows.map((i) => `${i.id} ${i.amount}`))
        cursor = page.cursor
      } while (cursor !== null)
      return lines
    }
    const shallow = await run(toMs - 5.5 * 3_600_000)
    const deep = await run(toMs - 9.25 * 3_600_000)
    expect(deep.slice(0, shallow.length)).toEqual(shallow)
    expect(deep.length).toBeGreaterThan(shallow.length)
  })

  it('a wallet’s received FIL, its first funding included, is an inflow for the operator to mark', async () => {
    const server = await serve(rpcRoute(lotusPastMethods(past)))
    const booked = (await allPages(context(server), wallet)).flatMap((p) => p.inflows)
    expect(booked.map((i) => [i.classification, i.amount])).toEqual([
      ['inflow', 2n * FIL],
      ['inflow', 3n * FIL],
    ])
    expect(booked[0]?.rule).toContain('for you to mark')
  })

  it('a 429 mid-way throws a retryable fault; the same cursor again gives the same entries', async () => {
    const table = rpcRoute(lotusPastMethods(past))
    let refuseAt = -1
    const server = await serve((request: ApiRequest): ApiAnswer => (server.requests.length === refuseAt ? { status: 429, headers: { 'retry-after': '0' }, json: { message: 'rate limited' } } : table(request)))
    const ctx = context(server)
    const first = await history.page(ctx, miner, window, null)
    refuseAt = server.requests.length + 1 // the state read of the next page
    const error: unknown = await history.page(ctx, miner, window, first.cursor).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).retryable).toBe(true)
    const again = await history.page(ctx, miner, window, first.cursor)
    const unbroken = await allPages(context(await serve(rpcRoute(lotusPastMethods(past)))), miner)
    expect(again.inflows).toEqual(unbroken[1]?.inflows)
    expect(again.cursor).toBe(unbroken[1]?.cursor)
  })

  it('a refusal within the 2,000 epochs it guarantees is a fault to retry, not the edge', async () => {
    const server = await serve(rpcRoute(lotusPastMethods({ ...past, keep: 500 })))
    const ctx = context(server)
    let cursor: string | null = null
    let error: unknown = null
    for (let i = 0; i < 10 && error === null; i++) {
      try {
        cursor = (await history.page(ctx, miner, window, cursor)).cursor
      } catch (e) {
        error = e
      }
    }
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).message).toContain('lookbacks of more than 24h0m0s are disallowed')
  })

  it('with an indexer set, goes on below the edge from Filfox: block rewards as rewards, FIL received as inflows, nothing the Lotus part covered', async () => {
    const lotus = await serve(rpcRoute(lotusPastMethods(past)))
    const lowest = expectedSamples().at(-1)!
    const transfers: FilfoxTransfer[] = [
      // At or above the lowest sample: the Lotus part booked it as growth.
      { height: lowest + 5, message: null, from: 'f02', to: miner, value: 7n * milli, type: 'reward' },
      { height: lowest - 1, message: null, from: 'f02', to: miner, value: 9n * milli, type: 'reward' },
      ...Array.from({ length: 150 }, (_, i): FilfoxTransfer => ({ height: lowest - 100 - i * 20, message: null, from: 'f02', to: miner, value: 8n * milli, type: 'reward' })),
      { height: lowest - 300, message: 'bafy2bzacedpledge', from: 'f3owner', to: miner, value: 100n * FIL, type: 'receive' },
      { height: lowest - 301, message: 'bafy2bzacedfee', from: miner, to: 'f099', value: -(1n * milli), type: 'miner-fee' },
      // Before the window: not booked, and the walk stops there.
      { height: epochOf(window.fromMs) - 10, message: null, from: 'f02', to: miner, value: 8n * milli, type: 'reward' },
    ]
    const indexer = await serve(filfoxRoute(miner, transfers))
    const pages = await allPages(context(lotus, indexer), miner)
    const fromIndexer = pages.flatMap((p) => p.inflows).filter((i) => i.id.startsWith('filfox:'))
    const rewards = fromIndexer.filter((i) => i.classification === 'reward')
    expect(rewards).toHaveLength(151)
    expect(rewards[0]).toMatchObject({ id: `filfox:reward:${lowest - 1}`, amount: 9n * milli, at: epochTimeMs(lowest - 1), token: 'FIL', decimals: 18 })
    expect(rewards.every((i) => i.at >= window.fromMs && i.at < epochTimeMs(lowest))).toBe(true)
    expect(fromIndexer.filter((i) => i.classification === 'inflow')).toEqual([
      expect.objectContaining({ id: 'filfox:msg:bafy2bzacedpledge', amount: 100n * FIL, rule: expect.stringContaining('for you to mark') }),
    ])
    // Paged: rewards over two pages of 100, then the receive type.
    const asked = indexer.requests.map((r) => `${r.url.searchParams.get('type')} ${r.url.searchParams.get('page')}`)
    expect(asked).toEqual(['reward 0', 'reward 1', 'receive 0'])
    expect(pages.at(-1)?.cursor).toBeNull()
    expect(pages.every((p) => p.outOfReach === undefined)).toBe(true)
    const reached = pages.map((p) => p.reachedMs)
    expect(reached.every((ms, i) => i === 0 || ms <= reached[i - 1]!)).toBe(true)
    expect(reached.at(-1)).toBe(window.fromMs)
  })

  it('without an indexer the pool for it is absent and nothing is asked of one; there is no default indexer', async () => {
    expect(endpointDefaults['filecoin-indexer'].endpoints).toEqual([])
    expect(filecoin.endpoints).not.toContain('filecoin-indexer')
    expect(history.reach).toContain('Older history needs an indexer you set')
  })

  it('a first read older than what the gateway keeps goes straight to the edge; an empty window reads nothing', async () => {
    const server = await serve(rpcRoute(lotusPastMethods(past)))
    const old = { fromMs: window.fromMs - 86_400_000, toMs: window.fromMs }
    const page = await history.page(context(server), miner, old, null)
    expect(page).toMatchObject({ inflows: [], cursor: null, outOfReach: 'the public Lotus endpoints keep about 2,000 epochs (~16 h); older history needs an indexer', reachedMs: old.toMs })
    expect(await history.page(context(server), miner, { fromMs: toMs, toMs }, null)).toEqual({ inflows: [], cursor: null, reachedMs: toMs, requests: 0 })
  })
})
