import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from '../../../src/main/agent/agent.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import type { DeskClient } from '../../../src/renderer/src/api/client.ts'
import { createWsClient } from '../../../src/renderer/src/api/client-ws.ts'
import { createDeskStore, type DeskStore } from '../../../src/renderer/src/store/store.ts'
import { tokenAccountsOwner } from '../../fixtures/chains/solana.ts'
import { fakeKey, solanaHistoryMethods, type FakeTransaction } from '../../fixtures/chains/solana-history.ts'
import { simplePriceText } from '../../fixtures/prices/coingecko.ts'
import { ticker } from '../../fixtures/prices/coinpaprika.ts'
import { marketChartRangeText } from '../../fixtures/prices/price-history.ts'
import { loopbackApi, rpcRoute, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * A Grass wallet's backfill through the page's store over the WebSocket client, against a real
 * agent whose Solana RPC and price feeds are loopback stand-ins: adding the wallet makes its
 * first read the baseline, core then reads the wallet's past on its own, and the store follows it
 * through backfill.progress to done, with what it booked in the ledger at the day's price. Read
 * again at another depth books nothing twice; a depth out of bounds is refused on its field; a
 * page opened later reads every wallet's status on connect.
 */

const dayMs = 86_400_000
const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
/** Grass's airdrop claim program, as grass.ts names it: GRASS from it is a reward. */
const claimProgram = 'Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk'
const owner = tokenAccountsOwner
const ownAccount = fakeKey('backfill store GRASS account')
/** GRASS on every past day; today's live price differs, so a backfilled entry shows which it got. */
const dayPrice = '2.1'
const livePrice = '2.345'

let agent: RunningAgent | undefined
let clients: DeskClient[] = []
let stores: DeskStore[] = []
let servers: LoopbackApi[] = []

afterEach(async () => {
  stores.forEach((store) => store.dispose())
  clients.forEach((client) => client.close())
  await agent?.stop().catch(() => undefined)
  await Promise.all(servers.map((server) => server.close()))
  ;[stores, clients, servers] = [[], [], []]
})

/** `amount` GRASS into the owner's account `daysAgo` days before now, from `sender`, through `programs`. */
function received(daysAgo: number, amount: bigint, label: string, programs: string[] = []): FakeTransaction {
  const atMs = Date.now() - daysAgo * dayMs
  const sender = fakeKey(`sender of ${label}`)
  return {
    signature: fakeKey(`backfill store ${label}`, 64),
    slot: 300_000_000 + Math.floor(atMs / 400),
    blockTime: Math.floor(atMs / 1000),
    signer: sender,
    programs,
    balances: [
      { account: fakeKey(`${sender} GRASS`), owner: sender, mint: grassMint, decimals: 9, pre: 1_000_000_000_000n, post: 1_000_000_000_000n - amount },
      { account: ownAccount, owner, mint: grassMint, decimals: 9, pre: 5n, post: 5n + amount },
    ],
  }
}

/** A Solana node holding the owner's past: 3.5 GRASS claimed from the airdrop 10 days ago, 1.25 from a stranger 40 days ago. */
async function solanaNode(): Promise<LoopbackApi> {
  const transactions = [received(10, 3_500_000_000n, 'claim', [claimProgram]), received(40, 1_250_000_000n, 'stranger')]
  const node = await loopbackApi(rpcRoute(solanaHistoryMethods({ owner, accounts: [{ pubkey: ownAccount, mint: grassMint, decimals: 9 }], transactions })))
  servers.push(node)
  return node
}

/** CoinGecko: today's price, and one price a day over any range asked; CoinPaprika: today's, close to it. */
async function priceFeeds(): Promise<{ coingecko: string; coinpaprika: string }> {
  const coinGecko = await loopbackApi((request) => {
    const path = request.url.pathname
    if (path === '/simple/price') return { raw: simplePriceText('usd', { grass: { price: livePrice, updated: Math.floor(Date.now() / 1000) - 60 } }) }
    if (path !== '/coins/grass/market_chart/range') return { status: 404, json: { error: 'coin not found' } }
    const from = Number(request.url.searchParams.get('from')) * 1000
    const to = Number(request.url.searchParams.get('to')) * 1000
    const points: [number, string][] = []
    for (let at = Math.ceil(from / dayMs) * dayMs; at <= to; at += dayMs) points.push([at, dayPrice])
    return { raw: marketChartRangeText(points) }
  })
  const coinPaprika = await loopbackApi((request) =>
    request.url.pathname === '/tickers/grass-grass' ? { json: ticker('grass-grass', 'USD', 2.35) } : { status: 404, json: { error: 'id not found' } },
  )
  servers.push(coinGecko, coinPaprika)
  return { coingecko: coinGecko.url, coinpaprika: coinPaprika.url }
}

/** A page's store, and the states core pushed to it (backfill.progress) as they came. */
function connect(): DeskStore & { pushed: string[] } {
  if (agent === undefined) throw new Error('no agent')
  const client = createWsClient({ url: `ws://127.0.0.1:${agent.port}/ws`, backoff: { initialMs: 50, maxMs: 200 } })
  const store = createDeskStore(client)
  const pushed: string[] = []
  client.on('backfill.progress', (status) => pushed.push(status.state))
  clients.push(client)
  stores.push(store)
  return Object.assign(store, { pushed })
}

beforeEach(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-backfill-store-'))
  const feeds = await priceFeeds()
  agent = await startAgent({ port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 1000, logLevel: 'error', priceFeeds: feeds, publicEndpoints: false }, silentLogger)
})

describe("the page's backfill over a real agent", () => {
  it("follows a new wallet's backfill from its first read to done, and finds what it booked in the ledger at the day's price", async () => {
    const desk = connect()
    await expect.poll(() => desk.getState().connection.status).toBe('connected')
    await expect.poll(() => desk.getState().backfillByWallet).toEqual({})
    const node = await solanaNode()
    expect(await desk.getState().setEndpoint('solana', node.url)).toBeNull()
    desk.getState().editWalletDraft({ network: 'grass', address: owner, label: 'Rig 1' })
    expect(await desk.getState().addWallet()).toBe(true)
    const id = desk.getState().walletSettings?.[0]?.id ?? ''
    const status = () => desk.getState().backfillByWallet?.[id]
    // Nothing here asks for it: the first read's baseline starts the backfill, and progress is pushed.
    await expect.poll(() => status()?.state, { timeout: 15_000 }).toBe('done')
    expect(desk.pushed).toContain('running')
    expect(desk.pushed.at(-1)).toBe('done')
    expect(status()).toMatchObject({ network: 'grass', depthDays: 365, daysDone: 365, daysTotal: 365, rewards: 1, inflows: 1, problem: null })
    expect(status()?.requests).toBeGreaterThan(0)
    expect(status()?.reach).toMatch(/GRASS/)
    const baseline = status()?.toMs ?? 0
    expect(Math.abs(baseline - Date.now())).toBeLessThan(60_000)

    // Core said it booked: the ledger the store reloads holds both, at the day's price, and says so.
    const backfilled = () => desk.getState().rewards.filter((r) => r.source === 'backfill')
    await expect.poll(() => backfilled().length, { timeout: 10_000 }).toBe(2)
    expect(backfilled().map((r) => [r.classification, r.amount, r.price, r.fiat, r.pricing])).toEqual([
      ['reward', '3500000000', dayPrice, '7.35', 'daily'],
      ['inflow', '1250000000', dayPrice, '2.625', 'daily'],
    ])
  })

  it('reads again at another depth booking nothing twice, refuses a depth out of bounds, and shows every status to a page opened later', async () => {
    const first = connect()
    await expect.poll(() => first.getState().connection.status).toBe('connected')
    const node = await solanaNode()
    expect(await first.getState().setEndpoint('solana', node.url)).toBeNull()
    first.getState().editWalletDraft({ network: 'grass', address: owner, label: 'Rig 1' })
    expect(await first.getState().addWallet()).toBe(true)
    const id = first.getState().walletSettings?.[0]?.id ?? ''
    await expect.poll(() => first.getState().backfillByWallet?.[id]?.state, { timeout: 15_000 }).toBe('done')

    expect(await first.getState().startBackfill(id, 0)).toMatchObject({ code: 'invalid-input', field: 'depthDays' })
    expect(await first.getState().startBackfill(id, 3651)).toMatchObject({ code: 'invalid-input', field: 'depthDays' })
    expect(await first.getState().pauseBackfill('wallet-00000000')).toMatchObject({ code: 'not-found' })

    // 30 days back: only the claim 10 days ago is in the window, and it is booked already.
    expect(await first.getState().startBackfill(id, 30)).toBeNull()
    expect(first.getState().backfillByWallet?.[id]).toMatchObject({ depthDays: 30, daysTotal: 30 })
    await expect.poll(() => first.getState().backfillByWallet?.[id]?.state, { timeout: 15_000 }).toBe('done')
    await first.getState().loadRewards()
    expect(first.getState().rewards.filter((r) => r.source === 'backfill')).toHaveLength(2)

    const later = connect()
    await expect.poll(() => later.getState().backfillByWallet?.[id], { timeout: 10_000 }).toMatchObject({ state: 'done', depthDays: 30, daysDone: 30 })
    expect(Object.keys(later.getState().backfillByWallet ?? {})).toEqual([id])
  })
})
