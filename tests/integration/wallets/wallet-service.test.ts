import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { EndpointKey, WalletsSnapshot } from '../../../src/shared/contract/wallets.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { networks } from '../../../src/main/core/networks/index.ts'
import { createCoinGeckoFeed } from '../../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../../src/main/core/prices/coinpaprika.ts'
import { PriceService } from '../../../src/main/core/prices/price-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { WalletService } from '../../../src/main/core/wallets/wallet-service.ts'
import { rewardsByOwner } from '../../fixtures/chains/helium-oracle.ts'
import { genesis, tokenAccount, tokenAccountsResult } from '../../fixtures/chains/solana.ts'
import { simplePriceText } from '../../fixtures/prices/coingecko.ts'
import { loopbackApi, rpcRoute, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * The wallet service end to end on real parts: network modules reading a loopback Solana RPC and
 * Helium oracle, CoinGecko on loopback, the ledger in a real SQLite file. What is checked is what
 * the operator sees: figures, their freshness and source, and the rewards booked.
 */

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'
const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const hntMint = 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux'

const servers: LoopbackApi[] = []
const services: { service: WalletService; ledger: LedgerStore }[] = []
afterEach(async () => {
  for (const { service, ledger } of services.splice(0)) {
    await service.stop()
    ledger.close()
  }
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(route: (request: ApiRequest) => ApiAnswer): Promise<LoopbackApi> {
  const server = await loopbackApi(route)
  servers.push(server)
  return server
}

/** A Solana node holding `balances` (base units per mint) for the owner; `down` makes it answer 500. */
async function solanaNode(balances: Record<string, string>) {
  const state = { balances, down: false }
  const rpc = rpcRoute({
    getGenesisHash: () => ({ result: genesis.mainnet }),
    getTokenAccountsByOwner: (params) => {
      // By one mint, or by program: every token account the owner has (Helium reads its three mints at once).
      const filter = (params as unknown[])[1] as { mint?: string; programId?: string }
      const mints = filter.mint === undefined ? Object.keys(state.balances) : [filter.mint]
      const decimalsOf = (mint: string): number => (mint === grassMint ? 9 : mint === hntMint ? 8 : 6)
      const accounts = mints.flatMap((mint) => {
        const amount = state.balances[mint]
        return amount === undefined ? [] : [tokenAccount(owner, mint, amount, decimalsOf(mint))]
      })
      return { result: tokenAccountsResult(accounts) }
    },
  })
  const server = await serve((request) => (state.down ? { status: 500, json: { message: 'node is syncing' } } : rpc(request)))
  return { server, state }
}

async function coinGecko(prices: Record<string, string>) {
  return serve((request) => {
    const ids = (request.url.searchParams.get('ids') ?? '').split(',')
    const currency = request.url.searchParams.get('vs_currencies') ?? 'usd'
    const entries = Object.fromEntries(ids.filter((id) => prices[id] !== undefined).map((id) => [id, { price: prices[id] ?? '0', updated: 1_764_570_000 }]))
    return { raw: simplePriceText(currency, entries), headers: { 'content-type': 'application/json' } }
  })
}

type Harness = { service: WalletService; settings: Settings; snapshots: WalletsSnapshot[]; ledger: LedgerStore; now: { value: number } }

async function harness(options: { wallets: Settings['wallets']; endpoints: Partial<Record<EndpointKey, string>>; coingecko: string; ledgerPath?: string }): Promise<Harness> {
  const now = { value: 1_800_000_000_000 }
  const http = new ChainHttp({ timeoutMs: 500, attempts: 1 })
  const ledger = LedgerStore.open(options.ledgerPath ?? ':memory:')
  const paprika = await serve(() => ({ status: 503, json: {} }))
  const prices = new PriceService({
    primary: createCoinGeckoFeed({ http, baseUrl: options.coingecko }),
    fallback: createCoinPaprikaFeed({ http, baseUrl: paprika.url }),
    now: () => now.value,
  })
  prices.restore(ledger.loadPrices())
  const harnessState: Harness = {
    settings: { ...defaultSettings, wallets: options.wallets },
    snapshots: [],
    ledger,
    now,
    service: undefined as unknown as WalletService,
  }
  harnessState.service = new WalletService({
    networks,
    ledger,
    prices,
    http,
    settings: () => harnessState.settings,
    customEndpoint: (key) => Promise.resolve(options.endpoints[key]),
    emit: (snapshot) => harnessState.snapshots.push(snapshot),
    log: silentLogger,
    now: () => now.value,
    // Only the loopback endpoints: a test never reaches for a public host.
    publicEndpoints: false,
  })
  services.push({ service: harnessState.service, ledger })
  return harnessState
}

const grassWallet = { id: 'wallet-00000001', network: 'grass' as const, address: owner, label: 'Rig 1', addedAt: 1 }

describe('WalletService', () => {
  it('shows each holding with its fiat value, the host it came from, and the totals', async () => {
    const { server } = await solanaNode({ [grassMint]: '12500000000' })
    const gecko = await coinGecko({ grass: '2.5' })
    const h = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url })
    const snapshot = await h.service.refresh()
    expect(snapshot.wallets).toEqual([
      {
        wallet: grassWallet,
        holdings: [{ token: 'GRASS', kind: 'liquid', amount: '12500000000', decimals: 9, detail: null, fiat: '31.25' }],
        fiatTotal: '31.25',
        partial: false,
        freshness: 'live',
        fetchedAt: h.now.value,
        source: [server.host],
        error: null,
      },
    ])
    expect(snapshot.total).toEqual({ fiat: '31.25', partial: false })
    expect(snapshot.networks).toEqual([{ network: 'grass', fiat: '31.25', partial: false, freshness: 'live' }])
    expect(snapshot.prices).toEqual([expect.objectContaining({ token: 'GRASS', price: '2.5', source: 'coingecko', freshness: 'live' })])
    // Once before the read (refreshing) and once after it.
    expect(h.snapshots.map((s) => s.refreshing)).toEqual([true, false])
  })

  it('books a balance increase as a reward at the price of the day, and a withdrawal as nothing', async () => {
    const { server, state } = await solanaNode({ [grassMint]: '1000000000' })
    const gecko = await coinGecko({ grass: '2' })
    const h = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url })
    await h.service.refresh()
    expect(h.ledger.rewards({ limit: 10 })).toEqual([])
    state.balances = { [grassMint]: '1500000000' }
    h.now.value += 60_000
    await h.service.refresh()
    state.balances = { [grassMint]: '200000000' }
    h.now.value += 60_000
    await h.service.refresh()
    expect(h.ledger.rewards({ limit: 10 })).toEqual([
      expect.objectContaining({ network: 'grass', token: 'GRASS', amount: '500000000', decimals: 9, price: '2', fiat: '1', currency: 'usd', source: 'balance-delta', classification: 'reward' }),
    ])
  })

  it('keeps the last good figures when the chain fails, marked stale with the reason', async () => {
    const { server, state } = await solanaNode({ [grassMint]: '1000000000' })
    const gecko = await coinGecko({ grass: '2' })
    const h = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url })
    const good = await h.service.refresh()
    state.down = true
    h.now.value += 60_000
    const [wallet] = (await h.service.refresh()).wallets
    expect(wallet).toMatchObject({ freshness: 'stale', fetchedAt: good.wallets[0]?.fetchedAt, holdings: good.wallets[0]?.holdings, source: [server.host] })
    expect(wallet?.error).toContain(`${server.host} had an internal error (HTTP 500): node is syncing`)
    expect((await h.service.refresh()).networks[0]?.freshness).toBe('stale')
  })

  it('calls a wallet stale when its last good read is older than two refresh intervals', async () => {
    const { server } = await solanaNode({ [grassMint]: '1' })
    const gecko = await coinGecko({ grass: '2' })
    const h = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url })
    await h.service.refresh()
    h.now.value += 2 * h.settings.walletRefreshMinutes * 60_000 + 1
    expect(h.service.snapshot().wallets[0]?.freshness).toBe('stale')
  })

  it('reads a Helium wallet whose oracle is down as partly read, keeping its last reward figures and booking nothing', async () => {
    const { server } = await solanaNode({ [hntMint]: '250000000' })
    let oracleDown = false
    const oracle = await serve(() => (oracleDown ? { status: 502, json: {} } : { json: rewardsByOwner }))
    const gecko = await coinGecko({ helium: '4' })
    const wallet = { ...grassWallet, network: 'helium' as const, label: 'Hotspots' }
    const h = await harness({ wallets: [wallet], endpoints: { solana: server.url, 'helium-oracle': oracle.url }, coingecko: gecko.url })
    await h.service.refresh()
    oracleDown = true
    h.now.value += 60_000
    const [view] = (await h.service.refresh()).wallets
    expect(view?.freshness).toBe('stale')
    expect(view?.error).toMatch(/^partly read: rewards oracle: /)
    expect(view?.holdings.filter((x) => x.token === 'HNT')).toEqual([
      { token: 'HNT', kind: 'liquid', amount: '250000000', decimals: 8, detail: null, fiat: '10' },
      { token: 'HNT', kind: 'pending-reward', amount: rewardsByOwner.pending, decimals: 8, detail: 'Hotspot rewards not yet claimed', fiat: '2' },
      { token: 'HNT', kind: 'earned', amount: rewardsByOwner.lifetime, decimals: 8, detail: 'Hotspot rewards to date', fiat: '49.38271564' },
    ])
    // The owned total counts liquid and pending, not the lifetime counter.
    expect(view?.fiatTotal).toBe('12')
    expect(h.ledger.rewards({ limit: 10 })).toEqual([])
  })

  it('marks a wallet partial when one of its tokens has no price', async () => {
    const { server } = await solanaNode({ [hntMint]: '100000000', iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns: '5000000' })
    const oracle = await serve(() => ({ json: rewardsByOwner }))
    const gecko = await coinGecko({ helium: '4' })
    const wallet = { ...grassWallet, network: 'helium' as const }
    const h = await harness({ wallets: [wallet], endpoints: { solana: server.url, 'helium-oracle': oracle.url }, coingecko: gecko.url })
    const snapshot = await h.service.refresh()
    expect(snapshot.wallets[0]).toMatchObject({ fiatTotal: '6', partial: true })
    expect(snapshot.total).toEqual({ fiat: '6', partial: true })
  })

  it('values with the operator’s own price when one is set', async () => {
    const { server } = await solanaNode({ [grassMint]: '2000000000' })
    const gecko = await coinGecko({ grass: '2' })
    const h = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url })
    await h.service.refresh()
    h.settings = { ...h.settings, prices: { overrides: { GRASS: '0.1' } } }
    const snapshot = h.service.snapshot()
    expect(snapshot.wallets[0]?.fiatTotal).toBe('0.2')
    expect(snapshot.prices[0]).toMatchObject({ source: 'manual', freshness: 'manual', price: '0.1' })
  })

  it('after a restart shows the last holdings and prices from the ledger, the prices as cached', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'desk-wallets-')), 'ledger.sqlite')
    const { server } = await solanaNode({ [grassMint]: '1000000000' })
    const gecko = await coinGecko({ grass: '3' })
    const first = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url, ledgerPath: path })
    await first.service.refresh()
    await first.service.stop()
    first.ledger.close()
    services.length = 0
    const again = await harness({ wallets: [grassWallet], endpoints: { solana: server.url }, coingecko: gecko.url, ledgerPath: path })
    const snapshot = again.service.snapshot()
    expect(snapshot.wallets[0]).toMatchObject({ fiatTotal: '3', fetchedAt: first.now.value })
    expect(snapshot.prices[0]).toMatchObject({ token: 'GRASS', price: '3', freshness: 'cached' })
  })

  it('lets one chain fail without holding up the others', async () => {
    const { server } = await solanaNode({ [grassMint]: '1000000000' })
    const gecko = await coinGecko({ grass: '2', 'akash-network': '1' })
    const hanging = await serve(() => 'hang')
    const akashWallet = { id: 'wallet-00000002', network: 'akash' as const, address: 'akash1p6fulzhjcsghakuracwn20tjqmvf7zvsclf6yw', label: 'Provider', addedAt: 1 }
    const h = await harness({ wallets: [grassWallet, akashWallet], endpoints: { solana: server.url, 'akash-lcd': hanging.url }, coingecko: gecko.url })
    const snapshot = await h.service.refresh()
    expect(snapshot.wallets.map((w) => [w.wallet.label, w.freshness])).toEqual([
      ['Rig 1', 'live'],
      ['Provider', 'stale'],
    ])
    expect(snapshot.wallets[1]?.error).toContain(`${hanging.host} did not answer within 500 ms`)
  })
})
