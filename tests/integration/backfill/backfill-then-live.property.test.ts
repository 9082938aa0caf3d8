import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { RewardEntry, WalletSetting } from '../../../src/shared/contract/wallets.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { createCoinGeckoFeed } from '../../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../../src/main/core/prices/coinpaprika.ts'
import { DailyPrices, createMemoryDailyPriceCache } from '../../../src/main/core/prices/price-history.ts'
import { PriceService } from '../../../src/main/core/prices/price-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { BackfillRunner } from '../../../src/main/core/wallets/backfill/backfill-runner.ts'
import { WalletService } from '../../../src/main/core/wallets/wallet-service.ts'
import { tokenAccount, tokenAccountsResult } from '../../fixtures/chains/solana.ts'
import { simplePriceText } from '../../fixtures/prices/coingecko.ts'
import { marketChartRangeText } from '../../fixtures/prices/price-history.ts'
import { fakeKey, solanaHistoryMethods, type FakeTransaction } from '../../fixtures/chains/solana-history.ts'
import { loopbackApi, rpcRoute } from '../../support/loopback-api.ts'

/*
 * Backfill, then live reads, over one Grass wallet whose whole life is a list of transactions on
 * a loopback Solana node: GRASS from the airdrop program, GRASS from someone else, GRASS sent
 * away. The wallet is added somewhere in that life. Whatever the life and wherever the baseline,
 * every inflow is booked exactly once: those before the baseline by the backfill (from the
 * node's signatures and transactions), those after by live reads (from balance growth).
 */

const owner = fakeKey('property owner')
const account = fakeKey('property GRASS account')
const mint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const airdrop = 'Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk'
const stranger = fakeKey('someone else')
const hourMs = 3_600_000
const start = Date.UTC(2026, 9, 1)

type Move = { kind: 'airdrop' | 'gift' | 'send'; amount: bigint; afterHours: number }

const moves = fc.array(
  fc.record({ kind: fc.constantFrom('airdrop' as const, 'gift' as const, 'send' as const), amount: fc.bigInt({ min: 1n, max: 10n ** 9n }), afterHours: fc.integer({ min: 1, max: 72 }) }),
  { minLength: 1, maxLength: 14 },
)

async function lifeOf(list: readonly Move[], baselineAfter: number): Promise<{ booked: RewardEntry[]; inflows: { at: number; amount: bigint; reward: boolean; live: boolean }[] }> {
  const now = { value: start }
  let balance = 0n
  let slot = 1000
  const transactions: FakeTransaction[] = []
  // The fixture's table holds the transactions it is given: built anew per call, it sees the life so far.
  const history = (method: 'getGenesisHash' | 'getSignaturesForAddress' | 'getTransaction') => (params: unknown) => {
    const methods = solanaHistoryMethods({ owner, accounts: [{ pubkey: account, mint, decimals: 6 }], transactions })
    const answer = methods[method]
    if (answer === undefined) throw new Error(`the fixture has no ${method}`)
    return answer(params)
  }
  const node = await loopbackApi(
    rpcRoute({
      getGenesisHash: history('getGenesisHash'),
      getSignaturesForAddress: history('getSignaturesForAddress'),
      getTransaction: history('getTransaction'),
      // The live reader asks balances: the account as the transactions so far left it.
      getTokenAccountsByOwner: () => ({ result: tokenAccountsResult([tokenAccount(owner, mint, balance.toString(), 6, account)]) }),
    }),
  )
  const gecko = await loopbackApi((request) => {
    if (request.url.pathname.endsWith('/simple/price')) return { raw: simplePriceText('usd', { grass: { price: '2.5', updated: Math.floor(now.value / 1000) } }), headers: { 'content-type': 'application/json' } }
    const from = Number(request.url.searchParams.get('from')) * 1000
    const to = Number(request.url.searchParams.get('to')) * 1000
    const days: [number, string][] = []
    for (let day = Math.ceil(from / 86_400_000) * 86_400_000; day <= to; day += 86_400_000) days.push([day, '1.5'])
    return { raw: marketChartRangeText(days), headers: { 'content-type': 'application/json' } }
  })
  const paprika = await loopbackApi(() => ({ status: 503, json: {} }))
  const http = new ChainHttp({ timeoutMs: 2_000, attempts: 1 })
  for (const url of [node.url, gecko.url, paprika.url]) http.limiter.declare(new URL(url).host, { requests: 10_000, perMs: 1_000, concurrency: 16 })
  const ledger = LedgerStore.open(':memory:')
  const wallet: WalletSetting = { id: 'wallet-prop0001', network: 'grass', address: owner, label: 'Rig', addedAt: start }
  const settings: Settings = { ...defaultSettings, wallets: [wallet] }
  const prices = new PriceService({ primary: createCoinGeckoFeed({ http, baseUrl: gecko.url }), fallback: createCoinPaprikaFeed({ http, baseUrl: paprika.url }), now: () => now.value })
  const service = new WalletService({ networks, ledger, prices, http, settings: () => settings, customEndpoint: (key) => Promise.resolve(key === 'solana' ? node.url : undefined), emit: () => undefined, log: silentLogger, now: () => now.value, publicEndpoints: false })
  const runner = new BackfillRunner({
    ledger,
    networks,
    settings: () => settings,
    context: (signal) => service.historyContext(signal),
    prices: new DailyPrices({ http, cache: createMemoryDailyPriceCache(), priceFeeds: { coingecko: gecko.url, coinpaprika: paprika.url }, now: () => now.value }),
    emit: () => undefined,
    booked: () => undefined,
    log: silentLogger,
    now: () => now.value,
    retry: { initialMs: 1, maxMs: 2, attempts: 2 },
  })
  const inflows: { at: number; amount: bigint; reward: boolean; live: boolean }[] = []
  try {
    let read = false
    for (const [index, move] of list.entries()) {
      if (index === baselineAfter && !read) {
        await service.readNow(wallet.id)
        read = true
      }
      now.value += move.afterHours * hourMs
      const amount = move.kind === 'send' ? -(move.amount < balance ? move.amount : balance) : move.amount
      if (amount === 0n) continue
      const before = balance
      balance += amount
      slot += 10
      const other = { account: fakeKey(`counterparty ${String(slot)}`), owner: move.kind === 'airdrop' ? null : stranger, mint, decimals: 6, pre: 10n ** 15n, post: 10n ** 15n - amount }
      transactions.push({ signature: fakeKey(`tx ${String(slot)}`, 64), slot, blockTime: Math.floor(now.value / 1000), signer: move.kind === 'send' ? owner : stranger, balances: [{ account, owner, mint, decimals: 6, pre: before, post: balance }, other], ...(move.kind === 'airdrop' ? { programs: [airdrop] } : {}) })
      if (amount > 0n) inflows.push({ at: Math.floor(now.value / 1000) * 1000, amount, reward: move.kind === 'airdrop', live: read })
      // After the baseline each move is seen by a read of its own, so no two moves net out.
      now.value += 1000
      if (read) await service.readNow(wallet.id)
    }
    if (!read) await service.readNow(wallet.id)
    runner.start(wallet.id, 365)
    await expect.poll(() => runner.status(wallet.id).state, { timeout: 10_000, interval: 10 }).toBe('done')
    return { booked: ledger.rewards({ walletId: wallet.id, limit: 5000 }), inflows }
  } finally {
    await runner.stop()
    await service.stop()
    ledger.close()
    await Promise.all([node.close(), gecko.close(), paprika.close()])
  }
}

const key = (at: number, amount: bigint | string): string => `${String(at)}:${String(amount)}`

describe('backfill, then live reads', () => {
  it('books every inflow exactly once, wherever the wallet was added', async () => {
    await fc.assert(
      fc.asyncProperty(moves, fc.nat({ max: 14 }), async (list, baselineAfter) => {
        const { booked, inflows } = await lifeOf(list, Math.min(baselineAfter, list.length))
        const backfilled = booked.filter((entry) => entry.source === 'backfill')
        const live = booked.filter((entry) => entry.source !== 'backfill')
        // Before the baseline: one entry per inflow, at its block time, a reward only from the airdrop program.
        expect(backfilled.map((e) => `${key(e.at, e.amount)}:${e.classification}`).sort()).toEqual(
          inflows.filter((i) => !i.live).map((i) => `${key(i.at, i.amount)}:${i.reward ? 'reward' : 'inflow'}`).sort(),
        )
        expect(backfilled.every((e) => e.pricing === 'daily' && e.price === '1.5')).toBe(true)
        // After it: each inflow's growth, once, from the read that followed it.
        expect(live.map((e) => e.amount).sort()).toEqual(inflows.filter((i) => i.live).map((i) => i.amount.toString()).sort())
        const baseline = Math.min(...live.map((e) => e.at), Number.POSITIVE_INFINITY)
        expect(backfilled.every((e) => e.at < baseline)).toBe(true)
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
