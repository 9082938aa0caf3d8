import { describe, expect, it } from 'vitest'
import type { HistoryPage, HistoryWindow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { HostLimiter } from '../../../src/main/core/net/host-limiter.ts'
import { bittensor } from '../../../src/main/core/networks/bittensor.ts'
import { endpointDefaults } from '../../../src/main/core/networks/endpoint-defaults.ts'
import { addresses, polkadotGenesisHash, storageKeys, type StakeFields } from '../../fixtures/chains/substrate.ts'
import { archiveMethods, hashOf, steadyTimes, timestampNowKey, type ArchiveChain, type ArchiveState } from '../../fixtures/chains/substrate-history.ts'
import { rpcRoute, servedPerTest, type ApiRequest, type ApiAnswer, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * Bittensor's backfill against a loopback subtensor archive node (tests/fixtures/chains/substrate-history.ts):
 * the block at each UTC day's end found by its Timestamp.Now, the coldkey's balance and stake read
 * at that block's hash, and each day's growth the operator did not cause booked as that day's
 * reward, newest day first, one day a page.
 */

const { serve } = servedPerTest()
const history = bittensor.history!

const TAO = 1_000_000_000n
const alpha = TAO
const day = 86_400_000
const march = (d: number, h = 0, m = 0, s = 0): number => Date.UTC(2026, 2, d, h, m, s)
/** Block 1 at 2026-03-01 00:00:06, 12 s a block: block 7200·k is the last of day k (03-01 is day 0). */
const times = steadyTimes(march(1, 0, 0, 6))

const root = (stake: bigint): StakeFields => ({ hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 0, stake, isRegistered: true })
const sn19 = (stake: bigint): StakeFields => ({ hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 19, stake, isRegistered: true })
const price19 = { 19: 50_000_000n } // 0.05 TAO per α
const state = (free: bigint, rootStake: bigint, alpha19: bigint): ArchiveState => ({ free, stakes: [root(rootStake), sn19(alpha19)], prices: price19 })

/**
 * Alice earns 1 α a day on subnet 19; on 03-05 root dividends add 0.1 TAO, and she unstakes 20 α
 * for 1 TAO (at 0.05 TAO per α). Her first read (the baseline) is at 03-06 09:00:05.
 */
const aliceChain: ArchiveChain = {
  coldkey: addresses.alice,
  head: 39_000,
  timeOf: times,
  changes: [
    { from: 0, state: state(10n * TAO, 5n * TAO, 100n * alpha) },
    { from: 20_000, state: state(10n * TAO, 5n * TAO, 101n * alpha) }, // 03-03
    { from: 25_000, state: state(10n * TAO, 5n * TAO, 102n * alpha) }, // 03-04
    { from: 30_000, state: state(10n * TAO, 5_100_000_000n, 103n * alpha) }, // 03-05: root dividends, and 1 α
    { from: 32_000, state: state(11n * TAO, 5_100_000_000n, 83n * alpha) }, // 03-05: 20 α unstaked for 1 TAO
    { from: 37_000, state: state(11n * TAO, 5_100_000_000n, 84n * alpha) }, // 03-06
    { from: 38_800, state: state(11n * TAO, 5_100_000_000n, 85n * alpha) }, // 03-06, after the first read
  ],
}

const toMs = march(6, 9, 0, 5)
const window: HistoryWindow = { fromMs: toMs - 3 * day, toMs }

function context(server: LoopbackApi, options: { attempts?: number } = {}): ReadContext {
  const limiter = new HostLimiter()
  limiter.declare(server.host, { requests: 1000, perMs: 1000, concurrency: 4 })
  const pool = new EndpointPool([server.url])
  return {
    http: new ChainHttp({ limiter, timeoutMs: 1000, attempts: options.attempts ?? 1, backoffBaseMs: 1 }),
    pool: (key) => {
      if (key !== 'subtensor-archive') throw new RangeError(`the Bittensor backfill asked for ${key}`)
      return pool
    },
    signal: new AbortController().signal,
  }
}

/** Every page from `cursor` until the window is done. */
async function allPages(ctx: ReadContext, cursor: string | null = null): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = []
  let next = cursor
  do {
    const page = await history.page(ctx, addresses.alice, window, next)
    pages.push(page)
    next = page.cursor
  } while (next !== null && pages.length < 20)
  return pages
}

const summary = (page: HistoryPage): string[] => page.inflows.map((i) => `${i.id} ${i.classification} ${i.amount}`)

/** The JSON-RPC calls of each request, as "method first-param". */
function calls(server: LoopbackApi, from = 0): string[][] {
  const words = (call: unknown): string => {
    const { method, params } = call as { method?: unknown; params?: unknown[] }
    return `${String(method)} ${String(params?.[0])}`
  }
  return server.requests.slice(from).map((request) => (Array.isArray(request.body) ? request.body.map(words) : [words(request.body)]))
}

describe('Bittensor backfill from daily snapshots', () => {
  it('books each day’s growth in its own unit, newest day first, one day a page, up to the first read and back to the window’s first midnight', async () => {
    const server = await serve(rpcRoute(archiveMethods(aliceChain)))
    const pages = await allPages(context(server))
    expect(pages.map(summary)).toEqual([
      // 03-06, up to the first read: the block before 09:00:05 (#38700), not the later one with 85 α.
      ['day:SN19α:2026-03-06 reward 1000000000'],
      // 03-05: TAO rose 1.1 while SN19α fell 19 (worth 0.95 TAO): the move is hers; of the 0.15 TAO left,
      // 0.1 is the root stake's growth, and 0.05 arrived in the free balance, for her to mark.
      ['day:TAO:2026-03-05 reward 100000000', 'day:TAO:2026-03-05:inflow inflow 50000000'],
      // 03-04 back to the window's first midnight; 03-03 from 09:00:05 is less than a day and not read, so
      // each day's id always stands for a whole day (a deeper backfill later meets the same ids).
      ['day:SN19α:2026-03-04 reward 1000000000'],
    ])
    expect(pages.map((p) => p.cursor === null)).toEqual([false, false, true])
    expect(pages.map((p) => new Date(p.reachedMs).toISOString())).toEqual(['2026-03-06T00:00:00.000Z', '2026-03-05T00:00:00.000Z', new Date(window.fromMs).toISOString()])
    expect(pages.every((p) => p.outOfReach === undefined)).toBe(true)

    const [first, second] = pages.map((p) => p.inflows)
    // Each day's entry is dated at the day's last block (the first read's day: the last block before it).
    expect(first?.[0]?.at).toBe(times(38_700))
    expect(second?.[0]?.at).toBe(times(36_000))
    expect(first?.[0]).toMatchObject({ token: 'SN19α', decimals: 9, classification: 'reward' })
    expect(first?.[0]?.rule).toMatch(/^derived from daily snapshots \(blocks #36000 and #38700 of the archive node\), not a per-epoch record: growth of everything owned in SN19α$/)
    expect(second?.[1]?.rule).toContain('a transfer from another account, for you to mark')
    for (const inflow of pages.flatMap((p) => p.inflows)) {
      expect(inflow.at).toBeGreaterThanOrEqual(window.fromMs)
      expect(inflow.at).toBeLessThan(window.toMs)
    }
  })

  it('a deeper backfill later meets the same ids with the same amounts: every day it books is whole', async () => {
    const server = await serve(rpcRoute(archiveMethods(aliceChain)))
    const run = async (fromMs: number): Promise<string[]> => {
      const pages: HistoryPage[] = []
      let cursor: string | null = null
      do {
        const page: HistoryPage = await history.page(context(server), addresses.alice, { fromMs, toMs }, cursor)
        pages.push(page)
        cursor = page.cursor
      } while (cursor !== null)
      return pages.flatMap(summary)
    }
    const shallow = await run(toMs - 2.5 * day)
    const deep = await run(toMs - 4 * day)
    expect(deep.slice(0, shallow.length)).toEqual(shallow)
    expect(deep.length).toBeGreaterThan(shallow.length)
  })

  it('reads each snapshot at its block’s hash, and a page from a cursor reads one snapshot, not two', async () => {
    const server = await serve(rpcRoute(archiveMethods(aliceChain)))
    const ctx = context(server)
    const first = await history.page(ctx, addresses.alice, window, null)
    const afterFirst = server.requests.length
    const second = await history.page(ctx, addresses.alice, window, first.cursor)
    const secondCalls = calls(server, afterFirst)
    // The older block found in one round: its hash and the one after it, their timestamps; then the state at it.
    expect(secondCalls).toEqual([
      ['chain_getBlockHash 28800', 'chain_getBlockHash 28801'],
      [`state_getStorage ${timestampNowKey}`, `state_getStorage ${timestampNowKey}`],
      [`state_getStorage ${storageKeys.account(addresses.alice)}`, 'state_call StakeInfoRuntimeApi_get_stake_info_for_coldkey', 'state_call SwapRuntimeApi_current_alpha_price'],
    ])
    // The balance, the stake and the price, each at #28800's hash.
    const stateRead = server.requests.at(-1)?.body as { params: unknown[] }[]
    expect(stateRead.map((call) => call.params.at(-1))).toEqual([hashOf(28_800), hashOf(28_800), hashOf(28_800)])
    expect(second.requests).toBe(3)
    // The first page: the genesis check, the finalized head and its time, the block before the first read, its state and price, the day before's.
    expect(first.requests).toBe(server.requests.length - 3)
  })

  it('resumes from a saved cursor with the same entries as an unbroken run', async () => {
    const server = await serve(rpcRoute(archiveMethods(aliceChain)))
    const unbroken = (await allPages(context(server))).flatMap(summary)
    const ctx = context(server)
    const first = await history.page(ctx, addresses.alice, window, null)
    const second = await history.page(ctx, addresses.alice, window, first.cursor)
    // A restart: a new context (new pools, new clients) given the persisted cursor.
    const rest = await allPages(context(server), second.cursor)
    expect([...summary(first), ...summary(second), ...rest.flatMap(summary)]).toEqual(unbroken)
  })

  it('a 429 mid-way throws a retryable fault; the same cursor again gives the same entries', async () => {
    const table = rpcRoute(archiveMethods(aliceChain))
    let refuseAt = -1
    const server = await serve((request: ApiRequest): ApiAnswer => {
      const count = server.requests.length
      return count === refuseAt ? { status: 429, headers: { 'retry-after': '0' }, json: { error: 'Too Many Requests' } } : table(request)
    })
    const ctx = context(server)
    const first = await history.page(ctx, addresses.alice, window, null)
    const second = await history.page(ctx, addresses.alice, window, first.cursor)
    refuseAt = server.requests.length + 2 // the third request of the next page: its state read
    const error: unknown = await history.page(ctx, addresses.alice, window, second.cursor).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).kind).toBe('rate-limited')
    expect((error as FetchFault).retryable).toBe(true)
    const again = await history.page(ctx, addresses.alice, window, second.cursor)
    expect(summary(again)).toEqual(['day:SN19α:2026-03-04 reward 1000000000'])
    expect(again.cursor).toBeNull()
  })

  it('finds the last block of a day across a halt in block production', async () => {
    // Blocks stop after #28790 (03-04 23:58) for three hours: #28790 is 03-04's last block.
    const halted: ArchiveChain = { ...aliceChain, timeOf: steadyTimes(march(1, 0, 0, 6), { after: 28_790, ms: 3 * 3_600_000 }) }
    const server = await serve(rpcRoute(archiveMethods(halted)))
    const pages = await allPages(context(server))
    expect(pages[2]?.inflows[0]?.rule).toContain('blocks #21600 and #28790')
    expect(pages[1]?.inflows[0]?.rule).toContain('blocks #28790 and')
  })

  it('an endpoint that keeps no state that old ends the walk and names what is out of reach', async () => {
    const server = await serve(rpcRoute(archiveMethods({ ...aliceChain, stateFrom: 25_000 })))
    const pages = await allPages(context(server))
    expect(pages.map(summary)).toEqual([['day:SN19α:2026-03-06 reward 1000000000'], ['day:TAO:2026-03-05 reward 100000000', 'day:TAO:2026-03-05:inflow inflow 50000000'], []])
    const last = pages.at(-1)
    expect(last?.cursor).toBeNull()
    expect(last?.reachedMs).toBe(march(5))
    expect(last?.outOfReach).toMatch(/could not give the stake at the start of 2026-03-04 \(.*State already discarded.*\): that day and older are out of its reach/)
  })

  it('any other refusal of a past block is thrown for the runner to ask again, not taken as the end of reach', async () => {
    const table = archiveMethods(aliceChain)
    const server = await serve(
      rpcRoute({ ...table, state_call: (params) => (Array.isArray(params) && params[2] === hashOf(28_800) ? { error: { code: -32603, message: 'Internal error' } } : table.state_call!(params)) }),
    )
    const ctx = context(server)
    const first = await history.page(ctx, addresses.alice, window, null)
    const error: unknown = await history.page(ctx, addresses.alice, window, first.cursor).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).message).toContain('Internal error')
  })

  it('stake in the layout before February 2025 ends the walk there, named, instead of failing', async () => {
    const server = await serve(rpcRoute(archiveMethods({ ...aliceChain, legacyLayoutBelow: 25_000 })))
    const pages = await allPages(context(server))
    expect(pages).toHaveLength(3)
    expect(pages.at(-1)?.outOfReach).toMatch(/does not decode/)
  })

  it('refuses an endpoint of another chain, naming it, and books nothing', async () => {
    const table = archiveMethods(aliceChain)
    const server = await serve(rpcRoute({ ...table, chain_getBlockHash: (params) => (Array.isArray(params) && params[0] === 0 ? { result: polkadotGenesisHash } : table.chain_getBlockHash!(params)) }))
    const error: unknown = await history.page(context(server), addresses.alice, window, null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).kind).toBe('wrong-chain')
  })

  it('a damaged cursor starts the window again; an empty window reads nothing', async () => {
    const server = await serve(rpcRoute(archiveMethods(aliceChain)))
    const fresh = await history.page(context(server), addresses.alice, window, null)
    const damaged = await history.page(context(server), addresses.alice, window, '{"v":1,"boundary":"x"}')
    expect(summary(damaged)).toEqual(summary(fresh))
    const before = server.requests.length
    expect(await history.page(context(server), addresses.alice, { fromMs: toMs, toMs }, null)).toEqual({ inflows: [], cursor: null, reachedMs: toMs, requests: 0 })
    expect(server.requests.length).toBe(before)
  })

  it('says what it reads, and reads OTF’s archive node by default, held to OTF’s published limit', () => {
    expect(history.reach).toBe("Daily snapshots of your stake from subtensor's archive node: each day's growth you did not cause counts as that day's reward (derived, not a per-epoch record).")
    const [archive] = endpointDefaults['subtensor-archive'].endpoints
    expect(archive?.url).toBe('https://archive.chain.opentensor.ai')
    expect(archive?.limit).toEqual({ requests: 1, perMs: 1200, concurrency: 1 })
  })
})
