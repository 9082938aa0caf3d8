import { createHash } from 'node:crypto'
import { toBech32 } from '@cosmjs/encoding'
import { z } from 'zod'
import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import { isRecord } from '../is-record.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../holdings/history-source.ts'
import type { ReadContext } from '../holdings/holding.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { clientPerPool, oncePerEndpoint, type ChainDeps } from './chain-deps.ts'

/*
 * A Cosmos SDK wallet's past income from the LCD's transaction search, newest first:
 *   GET /cosmos/tx/v1beta1/txs (GetTxsEvent, https://docs.cosmos.network/sdk/latest/api-reference/rest/tx/gettxsevent)
 * SDK 0.50 and later search by `query` (a CometBFT event query) with `page`, `limit` and
 * `order_by`, and ignore `events`; without a query they answer HTTP 500 "query cannot be empty"
 * (x/auth/tx QueryTxsByEvents). Older nodes know only `events` (page/limit since 0.46,
 * `pagination.offset/limit` before) and, given none, answer HTTP 400 "must declare at least one
 * event to search" (x/auth/tx service.go GetTxsEvent). So `query` goes first, and each endpoint
 * is asked the other way once it answers one of those.
 * Two searches, read in step so the reported frontier only moves back:
 *   - staking rewards withdrawn: events `withdraw_rewards` {amount, validator, delegator}
 *     (x/distribution keeper; `delegator` on SDK 0.47+, so older nodes are searched by
 *     message.sender and the events read in the sender's own messages);
 *   - payouts from a module account (Akash's escrow paying a provider): bank `transfer`
 *     {recipient, sender, amount}. Since SDK 0.50 every event of a message carries its `msg_index`
 *     (baseapp runMsgs); before, `logs[i].events` hold message i's events, merged by type.
 * Amounts are the events' coin strings ("1234uakt,5uact"); the time is the tx's `timestamp`.
 * A node without a transaction index answers "transaction indexing is disabled" (CometBFT
 * rpc/core TxSearch), a pruned one "height N is not available, lowest height is M" (rpc/core
 * getHeight): both end the search with what is out of reach, in words. A page past the last
 * answers "page should be within [1, N] range" (rpc/core validatePage): the search is done.
 */

export type CosmosDenom = { symbol: string; decimals: number }

/** Payouts from a module account into the wallet (Akash's escrow paying a provider). */
export type ModulePayout = {
  /** The module account that pays (see moduleAccount). */
  sender: string
  /** Messages (their type URL, the `message.action`) under which every payout from `sender` is income. */
  earningActions: RegExp
  /** The ledger's words for such income: "lease earnings withdrawn from Akash escrow". */
  earningWords: string
  /** The ledger's words for any other payout from `sender` (deposits coming back), which the operator marks. */
  otherWords: string
}

export type CosmosHistoryOptions = {
  endpoint: EndpointKey
  chainId: string
  /** The units the live reader names; other denoms (IBC vouchers) are left out, as the reader leaves them. */
  denoms: Record<string, CosmosDenom>
  payouts: readonly ModulePayout[]
  reach: string
  /** Transactions per search page. */
  pageSize?: number
}

/** A module's account address: the first 20 bytes of sha256(module name) (SDK types/address.Module), in `prefix`'s bech32. */
export function moduleAccount(prefix: string, moduleName: string): string {
  return toBech32(prefix, createHash('sha256').update(moduleName).digest().subarray(0, 20))
}

const defaultPageSize = 50
/** CometBFT caps a search page at 100 (rpc/core validatePerPage). */
const maxPageSize = 100

const SearchState = z.object({ page: z.number().int().min(1), reachedMs: z.number(), done: z.boolean() })
type SearchState = z.infer<typeof SearchState>
const Cursor = z.object({ v: z.literal(1), searches: z.array(SearchState) })
type Cursor = z.infer<typeof Cursor>

type Mode = 'query' | 'events'
/** A search in both dialects: a CometBFT query, and the `events` list older nodes AND together. */
type Search = { query: string; events: string[] }

type CosmosHistoryClient = ChainDeps & { modes: Map<string, Mode>; onChain: (url: string, signal: AbortSignal) => Promise<void>; sent: { requests: number } }

/**
 * Staking rewards and module payouts into a Cosmos SDK wallet, one search page per call. Each page
 * reads the search whose reading stands latest; a search ends at a short page or at a
 * transaction older than the window.
 */
export function cosmosTxHistory(options: CosmosHistoryOptions): HistorySource {
  const limit = Math.min(maxPageSize, options.pageSize ?? defaultPageSize)
  const clientFor = clientPerPool(options.endpoint, (deps) => createClient(deps, options.chainId))
  const searchCount = 1 + options.payouts.length

  return {
    reach: options.reach,
    async page(ctx, address, window, cursor): Promise<HistoryPage> {
      if (!/^[a-z0-9]{1,90}$/.test(address)) throw new TypeError(`not a bech32 account address: ${address.slice(0, 60)}`)
      const state = readCursor(cursor, searchCount) ?? { v: 1, searches: Array.from({ length: searchCount }, () => ({ page: 1, reachedMs: window.toMs, done: false })) }
      const index = nextSearch(state)
      const current = state.searches[index]
      if (current === undefined) return { inflows: [], cursor: null, reachedMs: window.fromMs, requests: 0 }
      const search = searchesOf(address, options.payouts)[index] ?? { query: '', events: [] }
      const client = clientFor(ctx)
      const before = client.sent.requests
      const answer = await searchPage(client, ctx, search, current.page, limit)
      const requests = client.sent.requests - before
      let next: SearchState
      let inflows: PastInflow[] = []
      if ('outOfReach' in answer) {
        next = { ...current, reachedMs: window.fromMs, done: true }
      } else {
        inflows = dedupe(answer.txs.flatMap((tx) => inflowsOfTx(tx, address, options))).filter((i) => i.at >= window.fromMs && i.at < window.toMs)
        next = advance(current, answer, limit, window)
      }
      const searches = state.searches.map((s, i) => (i === index ? next : s))
      const reachedMs = Math.max(window.fromMs, ...searches.map((s) => (s.done ? window.fromMs : s.reachedMs)))
      const done = searches.every((s) => s.done)
      return {
        inflows,
        cursor: done ? null : JSON.stringify({ v: 1, searches }),
        reachedMs,
        requests,
        ...('outOfReach' in answer ? { outOfReach: answer.outOfReach } : {}),
      }
    },
  }
}

function createClient(deps: ChainDeps, chainId: string): CosmosHistoryClient {
  const sent = { requests: 0 }
  const onChain = oncePerEndpoint(async (base, signal) => {
    const host = hostOf(base)
    sent.requests += 1
    const body = await deps.http.getJson(lcdUrl(base, '/cosmos/base/tendermint/v1beta1/node_info'), signal === undefined ? {} : { signal })
    const network = isRecord(body) && isRecord(body.default_node_info) ? body.default_node_info.network : undefined
    if (typeof network !== 'string') throw malformed(host, 'node_info without default_node_info.network')
    if (network !== chainId) throw new FetchFault('wrong-chain', host, `${host} serves the chain "${network.replace(/[^\w.-]/g, '').slice(0, 40)}", not ${chainId}`)
  })
  return { ...deps, modes: new Map(), onChain, sent }
}

function searchesOf(address: string, payouts: readonly ModulePayout[]): Search[] {
  return [
    { query: `withdraw_rewards.delegator='${address}'`, events: [`message.sender='${address}'`] },
    ...payouts.map((p) => ({ query: `transfer.recipient='${address}' AND transfer.sender='${p.sender}'`, events: [`transfer.recipient='${address}'`, `transfer.sender='${p.sender}'`] })),
  ]
}

function readCursor(cursor: string | null, count: number): Cursor | null {
  if (cursor === null) return null
  try {
    const result = Cursor.safeParse(JSON.parse(cursor))
    return result.success && result.data.searches.length === count ? result.data : null
  } catch {
    // Not this source's cursor: read the window again from its newest end (nothing is booked twice).
    return null
  }
}

/** The search not yet done whose reading stands latest (the first of them on a tie); -1 when all are done. */
function nextSearch(state: Cursor): number {
  let best = -1
  state.searches.forEach((s, i) => {
    if (!s.done && (best === -1 || s.reachedMs > (state.searches[best]?.reachedMs ?? -Infinity))) best = i
  })
  return best
}

type TxsPage = { txs: Tx[]; total: number | null }

function advance(current: SearchState, page: TxsPage, limit: number, window: HistoryWindow): SearchState {
  const oldest = Math.min(...page.txs.map((tx) => tx.atMs))
  const done = page.txs.length < limit || (page.total !== null && current.page * limit >= page.total) || oldest < window.fromMs
  return { page: current.page + 1, reachedMs: done ? window.fromMs : Math.max(window.fromMs, Math.min(current.reachedMs, oldest)), done }
}

/** One page of a search, asked in the dialect each endpoint speaks; out of reach when every endpoint says the index cannot answer. */
async function searchPage(client: CosmosHistoryClient, ctx: ReadContext, search: Search, page: number, limit: number): Promise<TxsPage | { outOfReach: string }> {
  const reasons = new Map<string, string>()
  try {
    const { value } = await client.pool.call(async (base) => {
      await client.onChain(base, ctx.signal)
      try {
        return await askInDialect(client, base, search, page, limit, ctx.signal)
      } catch (error) {
        const why = error instanceof FetchFault ? outOfReach(error) : null
        if (why !== null) reasons.set(base, why)
        throw error
      }
    })
    return value
  } catch (error) {
    const [why] = reasons.values()
    if (why !== undefined && reasons.size === client.pool.urls.length) return { outOfReach: why }
    throw error
  }
}

async function askInDialect(client: CosmosHistoryClient, base: string, search: Search, page: number, limit: number, signal: AbortSignal): Promise<TxsPage> {
  const mode = client.modes.get(base) ?? 'query'
  try {
    return await ask(client, base, mode, search, page, limit, signal)
  } catch (error) {
    if (!(error instanceof FetchFault)) throw error
    // A page past the last (a full last page, and no total to tell): CometBFT rpc/core validatePage.
    if (/page should be within \[1, \d+\] range/i.test(error.message)) return { txs: [], total: null }
    const other: Mode | null = mode === 'query' && /must declare at least one event/i.test(error.message) ? 'events' : mode === 'events' && /query cannot be empty/i.test(error.message) ? 'query' : null
    if (other === null) throw error
    client.modes.set(base, other)
    return ask(client, base, other, search, page, limit, signal)
  }
}

async function ask(client: CosmosHistoryClient, base: string, mode: Mode, search: Search, page: number, limit: number, signal: AbortSignal): Promise<TxsPage> {
  const url = new URL(lcdUrl(base, '/cosmos/tx/v1beta1/txs'))
  if (mode === 'query') url.searchParams.set('query', search.query)
  else {
    for (const event of search.events) url.searchParams.append('events', event)
    // SDK 0.45 pages by pagination.offset/limit only; 0.46 and 0.47 by page/limit.
    url.searchParams.set('pagination.offset', String((page - 1) * limit))
    url.searchParams.set('pagination.limit', String(limit))
  }
  url.searchParams.set('page', String(page))
  url.searchParams.set('limit', String(limit))
  url.searchParams.set('order_by', 'ORDER_BY_DESC')
  client.sent.requests += 1
  const body = await client.http.getJson(url.href, { signal })
  return txsPage(body, hostOf(base))
}

/** Why an endpoint can never answer this search, in words; null for a fault that may pass. */
function outOfReach(fault: FetchFault): string | null {
  if (/transaction indexing is disabled/i.test(fault.message)) {
    return `${fault.host} keeps no transaction index (tx_index is off), so past withdrawals cannot be searched there; your own LCD with indexing on (Endpoints) can`
  }
  const pruned = /lowest height is (\d{1,15})/i.exec(fault.message)
  if (pruned?.[1] !== undefined) return `${fault.host} keeps blocks only from height ${pruned[1]} on: withdrawals before it are out of its reach`
  return null
}

function txsPage(body: unknown, host: string): TxsPage {
  if (!isRecord(body) || !Array.isArray(body.tx_responses)) throw malformed(host, 'a tx search without tx_responses')
  const pagination = isRecord(body.pagination) ? body.pagination : {}
  const totalText = typeof body.total === 'string' ? body.total : typeof pagination.total === 'string' ? pagination.total : null
  const total = totalText !== null && /^\d{1,15}$/.test(totalText) ? Number(totalText) : null
  return { txs: (body.tx_responses as unknown[]).map((raw) => txOf(raw, host)), total }
}

/** One event of one message, its attributes in order (a merged `logs` event is split into one record per repeat). */
type EventRecord = { msgIndex: number; type: string; attrs: Map<string, string> }
type Tx = { hash: string; code: number; atMs: number; records: EventRecord[] }

function txOf(raw: unknown, host: string): Tx {
  if (!isRecord(raw) || typeof raw.txhash !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(raw.txhash)) throw malformed(host, 'a transaction without its txhash')
  const atMs = typeof raw.timestamp === 'string' ? Date.parse(raw.timestamp) : NaN
  if (!Number.isFinite(atMs)) throw malformed(host, `transaction ${raw.txhash} without a timestamp`)
  const code = typeof raw.code === 'number' ? raw.code : 0
  const logs = Array.isArray(raw.logs) ? (raw.logs as unknown[]) : []
  const records = logs.length > 0 ? logs.flatMap((log) => logRecords(log)) : eventRecords(Array.isArray(raw.events) ? (raw.events as unknown[]) : [])
  return { hash: raw.txhash.toUpperCase(), code, atMs, records }
}

/** SDK 0.47 and older: logs[i] holds message i's events, each type's attributes merged into one list. */
function logRecords(log: unknown): EventRecord[] {
  if (!isRecord(log) || !Array.isArray(log.events)) return []
  const msgIndex = typeof log.msg_index === 'number' ? log.msg_index : Number(log.msg_index ?? 0)
  return (log.events as unknown[]).flatMap((event) => split(event).map((attrs) => ({ msgIndex, type: typeOf(event), attrs })))
}

/** SDK 0.50 and later: flat events, each message's carrying msg_index; the fee and signature events carry none. */
function eventRecords(events: unknown[]): EventRecord[] {
  return events.flatMap((event) =>
    split(event).flatMap((attrs) => {
      const index = attrs.get('msg_index')
      return index === undefined || !/^\d{1,4}$/.test(index) ? [] : [{ msgIndex: Number(index), type: typeOf(event), attrs }]
    }),
  )
}

const typeOf = (event: unknown): string => (isRecord(event) && typeof event.type === 'string' ? event.type : '')

/** An event's attributes as records: a key seen again starts the next one (logs merge one type's events). */
function split(event: unknown): Map<string, string>[] {
  const attributes = isRecord(event) && Array.isArray(event.attributes) ? (event.attributes as unknown[]) : []
  const records: Map<string, string>[] = []
  let current = new Map<string, string>()
  for (const attribute of attributes) {
    if (!isRecord(attribute) || typeof attribute.key !== 'string' || typeof attribute.value !== 'string') continue
    if (current.has(attribute.key) && attribute.key !== 'msg_index') {
      records.push(current)
      current = new Map()
    }
    current.set(attribute.key, attribute.value)
  }
  if (current.size > 0) records.push(current)
  return records
}

/** Every inflow of one transaction into `address`: staking rewards withdrawn, and payouts from the module accounts. */
function inflowsOfTx(tx: Tx, address: string, options: Pick<CosmosHistoryOptions, 'denoms' | 'payouts'>): PastInflow[] {
  if (tx.code !== 0) return []
  const inflows = new Map<string, PastInflow>()
  const add = (msgIndex: number, coins: string | undefined, classification: PastInflow['classification'], rule: string): void => {
    for (const [denom, amount] of parseCoins(coins ?? '')) {
      const unit = options.denoms[denom]
      if (unit === undefined || amount === 0n) continue
      const id = `tx:${tx.hash}:${msgIndex}:${denom}`
      const prior = inflows.get(id)
      inflows.set(id, prior === undefined ? { id, token: unit.symbol, amount, decimals: unit.decimals, at: tx.atMs, classification, rule } : { ...prior, amount: prior.amount + amount })
    }
  }
  for (const record of tx.records) {
    const message = messageOf(tx, record.msgIndex)
    if (record.type === 'withdraw_rewards') {
      const delegator = record.attrs.get('delegator')
      if (delegator === address || (delegator === undefined && message.sender === address)) {
        const validator = record.attrs.get('validator')
        add(record.msgIndex, record.attrs.get('amount'), 'reward', `staking rewards withdrawn${validator === undefined ? '' : ` from validator ${shortAddress(validator)}`}`)
      }
    } else if (record.type === 'transfer' && record.attrs.get('recipient') === address) {
      const payout = options.payouts.find((p) => p.sender === record.attrs.get('sender'))
      if (payout === undefined) continue
      const earning = payout.earningActions.test(message.action)
      add(record.msgIndex, record.attrs.get('amount'), earning ? 'reward' : 'inflow', earning ? `${payout.earningWords} (${message.action})` : `${payout.otherWords} (${message.action || 'no message named'})`)
    }
  }
  return [...inflows.values()]
}

/** The message's action (type URL) and signer, from its `message` event that names an action. */
function messageOf(tx: Tx, msgIndex: number): { action: string; sender: string } {
  const record = tx.records.find((r) => r.msgIndex === msgIndex && r.type === 'message' && r.attrs.has('action'))
  return { action: record?.attrs.get('action') ?? '', sender: record?.attrs.get('sender') ?? '' }
}

/** A Coins string ("1234uakt,56ibc/27394F…"): amounts by denom; an empty string is no coins. */
function parseCoins(text: string): Map<string, bigint> {
  const coins = new Map<string, bigint>()
  for (const part of text.split(',')) {
    const match = /^(\d{1,78})([a-zA-Z][a-zA-Z0-9/:._-]{1,127})$/.exec(part.trim())
    if (match?.[1] === undefined || match[2] === undefined) continue
    coins.set(match[2], (coins.get(match[2]) ?? 0n) + BigInt(match[1]))
  }
  return coins
}

/** One inflow per id: a transaction on two pages (new ones push old ones along) is read twice. */
function dedupe(inflows: PastInflow[]): PastInflow[] {
  return [...new Map(inflows.map((i) => [i.id, i])).values()]
}

function lcdUrl(base: string, path: string): string {
  const url = new URL(base)
  url.pathname = url.pathname.replace(/\/+$/, '') + path
  return url.href
}

const shortAddress = (address: string): string => (address.length > 20 ? `${address.slice(0, 14)}…${address.slice(-4)}` : address)

function malformed(host: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${what}`)
}
