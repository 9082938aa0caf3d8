import { describe, expect, it } from 'vitest'
import { splHistory, type SplSource } from '../../../src/main/core/chains/solana-history.ts'
import { splToken } from '../../../src/main/core/chains/solana.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import type { HostLimit } from '../../../src/main/core/net/host-limiter.ts'
import { endpointDefaults } from '../../../src/main/core/networks/endpoint-defaults.ts'
import { grass } from '../../../src/main/core/networks/grass.ts'
import { nosana } from '../../../src/main/core/networks/nosana.ts'
import { render } from '../../../src/main/core/networks/render.ts'
import { fault } from '../../support/fault.ts'
import { rpcRoute, servedPerTest, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../support/loopback-api.ts'
import { batchRefused } from '../../fixtures/chains/evm.ts'
import { genesis, tokenAccountsOwner, tokenAccountsResponse } from '../../fixtures/chains/solana.ts'
import {
  fakeKey,
  signaturesDocumented,
  solanaHistoryMethods,
  tooManyRequests,
  transactionDocumented,
  type FakeTransaction,
  type FakeWallet,
} from '../../fixtures/chains/solana-history.ts'

const GRASS_MINT = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const NOS_MINT = 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7'
const owner = fakeKey('owner')
const ownAccount = fakeKey('owner GRASS account')
const hourMs = 3_600_000
/** A window of whole seconds, as block times are. */
const window: HistoryWindow = { fromMs: 1_767_225_600_000, toMs: 1_767_225_600_000 + 200 * hourMs }

const GRASS = splToken({ symbol: 'GRASS', name: 'Grass', decimals: 9, mint: GRASS_MINT, priceIds: {} })

const { serve } = servedPerTest()

type Rpc = { method: string; params: unknown[] }
const callsOf = (request: ApiRequest): Rpc[] => (Array.isArray(request.body) ? (request.body as Rpc[]) : [request.body as Rpc])
const asked = (node: LoopbackApi, method: string): Rpc[] => node.requests.flatMap(callsOf).filter((call) => call.method === method)

let nextSlot = 1
/** `amount` of `mint` into the owner's `account` from `sender`, at `atMs`. */
function incoming(atMs: number, amount: bigint, options: { sender?: string; programs?: string[]; mint?: string; decimals?: number; account?: string; failed?: boolean } = {}): FakeTransaction {
  const sender = options.sender ?? fakeKey('a stranger')
  const mint = options.mint ?? GRASS_MINT
  const decimals = options.decimals ?? 9
  const slot = nextSlot++
  return {
    signature: fakeKey(`tx ${String(slot)}`, 64),
    slot: 300_000_000 + Math.floor(atMs / 400),
    blockTime: Math.floor(atMs / 1000),
    signer: sender,
    programs: options.programs ?? [],
    failed: options.failed ?? false,
    balances: [
      { account: fakeKey(`${sender} ${mint}`), owner: sender, mint, decimals, pre: 1_000_000_000_000n, post: 1_000_000_000_000n - amount },
      { account: options.account ?? ownAccount, owner, mint, decimals, pre: 5n, post: 5n + amount },
    ],
  }
}

function wallet(transactions: FakeTransaction[], extra: Partial<FakeWallet> = {}): FakeWallet {
  return { owner, accounts: [{ pubkey: ownAccount, mint: GRASS_MINT, decimals: 9 }], transactions, ...extra }
}

function node(data: FakeWallet, intercept?: (request: ApiRequest, index: number) => ApiAnswer | null): Promise<LoopbackApi> {
  const route = rpcRoute(solanaHistoryMethods(data))
  let index = 0
  return serve((request) => intercept?.(request, index++) ?? route(request))
}

/** One try per request, so a fault reaches the page; hosts held to a loose limit, so tests do not wait on it. */
function context(urls: string[], limit: HostLimit = { requests: 1000, perMs: 1000, concurrency: 20 }): ReadContext {
  const http = new ChainHttp({ timeoutMs: 2000, attempts: 1, backoffBaseMs: 1 })
  for (const url of urls) http.limiter.declare(new URL(url).host, limit)
  const pool = new EndpointPool(urls)
  return { http, signal: new AbortController().signal, pool: () => pool }
}

/** Every page until the cursor is null. */
async function drain(source: HistorySource, ctx: ReadContext, at: HistoryWindow = window): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = []
  let cursor: string | null = null
  do {
    const page: HistoryPage = await source.page(ctx, owner, at, cursor)
    pages.push(page)
    cursor = page.cursor
  } while (cursor !== null && pages.length < 50)
  return pages
}

const history = (sources: SplSource[] = []): HistorySource => splHistory({ tokens: [GRASS], sources, reach: 'test' })
const hourly = (count: number, amount = (i: number): bigint => BigInt(i + 1) * 1_000_000n): FakeTransaction[] =>
  Array.from({ length: count }, (_, i) => incoming(window.toMs - (i + 1) * hourMs, amount(i)))

describe('the Solana SPL history source', () => {
  it('pages through a token account newest first and finds each inflow once, with its signature, amount and block time', async () => {
    const txs = hourly(95)
    const server = await node(wallet(txs))
    const pages = await drain(history(), context([server.url]))

    const inflows = pages.flatMap((p) => p.inflows)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(inflows).toHaveLength(95)
    expect(new Set(inflows.map((i) => i.id)).size).toBe(95)
    const first = txs[0]!
    expect(inflows[0]).toMatchObject({ id: `sig:${first.signature}:${GRASS_MINT}`, token: 'GRASS', amount: 1_000_000n, decimals: 9, at: window.toMs - hourMs, classification: 'inflow' })
    expect(inflows.map((i) => i.at)).toEqual([...inflows.map((i) => i.at)].sort((a, b) => b - a))
    // Each page asks signatures where the last ended, within the documented limit of 1000.
    const sigCalls = asked(server, 'getSignaturesForAddress').map((c) => c.params[1] as { limit: number; before?: string })
    expect(sigCalls.every((c) => c.limit >= 1 && c.limit <= 1000)).toBe(true)
    expect(sigCalls[0]?.before).toBeUndefined()
    expect(sigCalls.slice(1).every((c) => typeof c.before === 'string')).toBe(true)
    // No page fetches more transactions than one 10 s window of the public endpoint allows per method (40).
    expect(pages.every((p) => p.inflows.length <= 40)).toBe(true)
    expect(asked(server, 'getTransaction')).toHaveLength(95)
    // The requests each page reports are the requests the node saw.
    expect(pages.reduce((n, p) => n + p.requests, 0)).toBe(server.requests.length)
    // Progress only goes back in time, and ends at the window's start.
    const reached = pages.map((p) => p.reachedMs)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    expect(reached.at(-1)).toBe(window.fromMs)
  })

  it('keeps to the window: nothing at or after its end, nothing before its start, and reads no further back', async () => {
    const s = 1000
    const at = {
      afterEnd: incoming(window.toMs + s, 1n),
      atEnd: incoming(window.toMs, 2n),
      justBeforeEnd: incoming(window.toMs - s, 3n),
      atStart: incoming(window.fromMs, 4n),
      beforeStart: incoming(window.fromMs - s, 5n),
      longBefore: incoming(window.fromMs - 24 * hourMs, 6n),
    }
    const server = await node(wallet(Object.values(at)))
    const pages = await drain(history(), context([server.url]))
    const inflows = pages.flatMap((p) => p.inflows)
    expect(inflows.map((i) => i.amount)).toEqual([3n, 4n])
    expect(inflows.every((i) => i.at >= window.fromMs && i.at < window.toMs)).toBe(true)
    const fetched = asked(server, 'getTransaction').map((c) => c.params[0])
    expect(fetched).toEqual([at.justBeforeEnd.signature, at.atStart.signature])
    expect(pages.at(-1)?.cursor).toBeNull()
  })

  it('stops at the window start even when older signatures fill the page', async () => {
    const txs = [...hourly(3), ...Array.from({ length: 250 }, (_, i) => incoming(window.fromMs - (i + 1) * hourMs, 7n))]
    const server = await node(wallet(txs))
    const pages = await drain(history(), context([server.url]))
    expect(pages.flatMap((p) => p.inflows)).toHaveLength(3)
    expect(asked(server, 'getSignaturesForAddress')).toHaveLength(1)
    expect(asked(server, 'getTransaction')).toHaveLength(3)
  })

  it('a 429 mid-way throws a retryable fault; the same cursor again gives the same inflows, and the whole window is found once', async () => {
    const data = wallet(hourly(95))
    let refused = false
    // The second getTransaction batch, on the second page, is refused as the public endpoint refuses it.
    let batches = 0
    const server = await node(data, (request) => {
      if (!Array.isArray(request.body)) return null
      batches += 1
      if (batches !== 3 || refused) return null
      refused = true
      return { status: 429, headers: { 'retry-after': '1' }, json: tooManyRequests }
    })
    const ctx = context([server.url])
    const source = history()
    const first = await source.page(ctx, owner, window, null)
    const failure = await fault(source.page(ctx, owner, window, first.cursor))
    expect(failure.kind).toBe('rate-limited')
    expect(failure.retryable).toBe(true)

    const again = await source.page(ctx, owner, window, first.cursor)
    const control = await node(data)
    const clean = await source.page(context([control.url]), owner, window, first.cursor)
    expect(again.inflows).toEqual(clean.inflows)
    expect(again.cursor).toBe(clean.cursor)

    const rest = again.cursor === null ? [] : await drainFrom(source, ctx, again.cursor)
    const all = [...first.inflows, ...again.inflows, ...rest.flatMap((p) => p.inflows)]
    expect(all).toHaveLength(95)
    expect(new Set(all.map((i) => i.id)).size).toBe(95)
  })

  it('books no inflow for a transaction that leaves the owner’s balance as it was, sends tokens out, moves them between the owner’s own accounts, or failed', async () => {
    const secondAccount = fakeKey('owner second GRASS account')
    const t = (hours: number): number => window.toMs - hours * hourMs
    const unchanged = incoming(t(1), 0n)
    const outgoing: FakeTransaction = {
      ...incoming(t(2), 0n),
      signer: owner,
      balances: [
        { account: ownAccount, owner, mint: GRASS_MINT, decimals: 9, pre: 900n, post: 400n },
        { account: fakeKey('shop'), owner: fakeKey('shop owner'), mint: GRASS_MINT, decimals: 9, pre: 0n, post: 500n },
      ],
    }
    const betweenOwn: FakeTransaction = {
      ...incoming(t(3), 0n),
      signer: owner,
      balances: [
        { account: ownAccount, owner, mint: GRASS_MINT, decimals: 9, pre: 400n, post: 100n },
        { account: secondAccount, owner, mint: GRASS_MINT, decimals: 9, pre: null, post: 300n },
      ],
    }
    const failed = incoming(t(4), 50n, { failed: true })
    const received = incoming(t(5), 70n)
    const server = await node(wallet([unchanged, outgoing, betweenOwn, failed, received], { accounts: [{ pubkey: ownAccount, mint: GRASS_MINT, decimals: 9 }, { pubkey: secondAccount, mint: GRASS_MINT, decimals: 9 }] }))
    const pages = await drain(history(), context([server.url]))
    expect(pages.flatMap((p) => p.inflows).map((i) => i.amount)).toEqual([70n])
    // A failed transaction is known from its signature entry and is not fetched.
    expect(asked(server, 'getTransaction').map((c) => c.params[0])).not.toContain(failed.signature)
    // Both token accounts were read, one after the other.
    expect(new Set(asked(server, 'getSignaturesForAddress').map((c) => c.params[0]))).toEqual(new Set([ownAccount, secondAccount]))
  })

  it('asks getTransaction as documented: jsonParsed, version 0 transactions, in batches', async () => {
    const server = await node(wallet(hourly(5)))
    await drain(history(), context([server.url]))
    const call = asked(server, 'getTransaction')[0]
    expect(call?.params[1]).toEqual({ encoding: 'jsonParsed', maxSupportedTransactionVersion: 0, commitment: 'finalized' })
    expect(asked(server, 'getTokenAccountsByOwner')[0]?.params).toEqual([owner, { mint: GRASS_MINT }, { encoding: 'jsonParsed', commitment: 'confirmed' }])
    expect(server.requests.filter((r) => Array.isArray(r.body))).toHaveLength(1)
  })

  it('fits a page into one window of the public endpoint’s documented limit (40 calls of one method per 10 s)', async () => {
    const publicLimit = endpointDefaults.solana.endpoints[0]!.limit
    const server = await node(wallet(hourly(60)))
    const started = Date.now()
    const page = await history().page(context([server.url], publicLimit), owner, window, null)
    expect(page.inflows).toHaveLength(40)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(asked(server, 'getTransaction')).toHaveLength(40)
  })

  it('asks one call at a time of a node that refuses batches, with the same result', async () => {
    const data = wallet(hourly(30))
    const server = await node(data, (request) => (Array.isArray(request.body) ? { json: batchRefused } : null))
    const inflows = (await drain(history(), context([server.url]))).flatMap((p) => p.inflows)
    expect(inflows).toHaveLength(30)
    expect(asked(server, 'getTransaction').length).toBeGreaterThanOrEqual(30)
  })

  it('reads the documented bodies: the getTokenAccountsByOwner example, a signature with no block time, a transaction with no token balances', async () => {
    const documentedMint = '2cHr7QS3xfuSV8wdxo3ztuF4xbiarF6Nrgx3qpx3HzXR'
    const server = await serve((request) => {
      const call = callsOf(request)[0]
      const answer = (result: unknown): unknown => ({ jsonrpc: '2.0', id: (request.body as { id: number }).id, result })
      if (call?.method === 'getTokenAccountsByOwner') return { raw: tokenAccountsResponse, headers: { 'content-type': 'application/json' } }
      if (call?.method === 'getGenesisHash') return { json: answer(genesis.mainnet) }
      if (call?.method === 'getSignaturesForAddress') return { json: answer(signaturesDocumented) }
      if (!Array.isArray(request.body)) return { json: answer(transactionDocumented) }
      return { json: (request.body as { id: number }[]).map((c) => ({ jsonrpc: '2.0', id: c.id, result: transactionDocumented })) }
    })
    const source = splHistory({ tokens: [splToken({ symbol: 'DOC', name: 'Documented', decimals: 6, mint: documentedMint, priceIds: {} })], sources: [], reach: 'test' })
    const page = await source.page(context([server.url]), tokenAccountsOwner, window, null)
    expect(page).toMatchObject({ inflows: [], cursor: null, reachedMs: window.fromMs })
    expect(asked(server, 'getSignaturesForAddress')[0]?.params[0]).toBe('BGocb4GEpbTFm8UFV2VsDSaBXHELPfAXrvd4vtt8QWrA')
  })

  it('an owner without token accounts of the mint has no past to read', async () => {
    const server = await node(wallet([], { accounts: [] }))
    const page = await history().page(context([server.url]), owner, window, null)
    expect(page).toMatchObject({ inflows: [], cursor: null, reachedMs: window.fromMs })
    expect(asked(server, 'getSignaturesForAddress')).toHaveLength(0)
  })

  it('refuses an endpoint on another cluster before reading any history from it', async () => {
    const server = await node(wallet(hourly(2), { genesisHash: genesis.devnet }))
    const error = await fault(history().page(context([server.url]), owner, window, null))
    expect(error.kind).toBe('wrong-chain')
    expect(asked(server, 'getSignaturesForAddress')).toHaveLength(0)
  })

  it('a signature list that is not one is a malformed answer, not an empty past', async () => {
    const server = await node(wallet(hourly(2)), (request) => ((request.body as Rpc).method === 'getSignaturesForAddress' ? { json: { jsonrpc: '2.0', id: 1, result: { value: [] } } } : null))
    expect((await fault(history().page(context([server.url]), owner, window, null))).kind).toBe('malformed')
  })

  it('a damaged cursor starts the window again instead of failing', async () => {
    const server = await node(wallet(hourly(3)))
    const page = await history().page(context([server.url]), owner, window, '{"v":0}')
    expect(page.inflows).toHaveLength(3)
  })
})

describe('classifying by source', () => {
  const distributor = fakeKey('a distributor wallet')
  const t = (hours: number): number => window.toMs - hours * hourMs

  it('a named distributor program or sender means reward; a named staking program and anyone else, an inflow to mark', async () => {
    const nosJobs = 'nosJhNRqr2bc9g1nfGDcXXTXvYUmxD4cVwy2pMWhrYM'
    const nosRewards = 'nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp'
    const nosStaking = 'nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE'
    const nosAccount = fakeKey('owner NOS account')
    const nos = (hours: number, amount: bigint, programs: string[] = []): FakeTransaction => incoming(t(hours), amount, { mint: NOS_MINT, decimals: 6, account: nosAccount, programs })
    const server = await node({
      owner,
      accounts: [{ pubkey: nosAccount, mint: NOS_MINT, decimals: 6 }],
      transactions: [nos(1, 10n, [fakeKey('compute budget'), nosJobs]), nos(2, 20n, [nosRewards]), nos(3, 30n, [nosStaking]), nos(4, 40n)],
    })
    const inflows = (await drain(nosana.history!, context([server.url]))).flatMap((p) => p.inflows)
    const byAmount = new Map(inflows.map((i): [bigint, PastInflow] => [i.amount, i]))
    expect(byAmount.get(10n)).toMatchObject({ classification: 'reward', token: 'NOS', decimals: 6 })
    expect(byAmount.get(10n)?.rule).toContain(nosJobs)
    expect(byAmount.get(20n)).toMatchObject({ classification: 'reward' })
    expect(byAmount.get(20n)?.rule).toContain('rewards program')
    expect(byAmount.get(30n)).toMatchObject({ classification: 'inflow' })
    expect(byAmount.get(30n)?.rule).toContain('staking program')
    expect(byAmount.get(40n)).toMatchObject({ classification: 'inflow' })
    expect(byAmount.get(40n)?.rule).toContain(fakeKey('a stranger'))
  })

  it('a named sender: GRASS from the distributor wallet is a reward, from another wallet an inflow', async () => {
    const server = await node(wallet([incoming(t(1), 1n, { sender: distributor }), incoming(t(2), 2n, { sender: fakeKey('a friend') })]))
    const source = history([{ by: 'sender', address: distributor, name: 'the test distributor', reward: true }])
    const inflows = (await drain(source, context([server.url]))).flatMap((p) => p.inflows)
    expect(inflows.map((i) => [i.amount, i.classification])).toEqual([
      [1n, 'reward'],
      [2n, 'inflow'],
    ])
    expect(inflows[0]?.rule).toBe(`from the test distributor (sender ${distributor})`)
  })

  it('Grass: a claim through its airdrop program is a reward', async () => {
    const server = await node(wallet([incoming(t(1), 9n, { programs: ['Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk'] }), incoming(t(2), 8n)]))
    const inflows = (await drain(grass.history!, context([server.url]))).flatMap((p) => p.inflows)
    expect(inflows.map((i) => [i.amount, i.classification])).toEqual([
      [9n, 'reward'],
      [8n, 'inflow'],
    ])
  })

  it('Render names no source: every inflow is one to mark, and its reach says so', async () => {
    const RENDER_MINT = 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof'
    const account = fakeKey('owner RENDER account')
    const server = await node({ owner, accounts: [{ pubkey: account, mint: RENDER_MINT, decimals: 8 }], transactions: [incoming(t(1), 5n, { mint: RENDER_MINT, decimals: 8, account, programs: [fakeKey('some program')] })] })
    const inflows = (await drain(render.history!, context([server.url]))).flatMap((p) => p.inflows)
    expect(inflows).toMatchObject([{ classification: 'inflow', token: 'RENDER', amount: 5n }])
    expect(render.history?.reach).toMatch(/names no program or wallet/)
  })
})

async function drainFrom(source: HistorySource, ctx: ReadContext, cursor: string): Promise<HistoryPage[]> {
  const pages: HistoryPage[] = []
  let next: string | null = cursor
  while (next !== null && pages.length < 50) {
    const page: HistoryPage = await source.page(ctx, owner, window, next)
    pages.push(page)
    next = page.cursor
  }
  return pages
}
