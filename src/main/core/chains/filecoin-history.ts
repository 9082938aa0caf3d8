import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import { isRecord } from '../is-record.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../holdings/history-source.ts'
import type { ReadContext } from '../holdings/holding.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'
import { jsonRpc } from '../net/json-rpc.ts'
import { clientPerPool, oncePerEndpoint, type ChainDeps } from './chain-deps.ts'

/*
 * A Filecoin address's past, for the backfill. The public Lotus endpoints "only guarantee recent
 * state, i.e. 2000 of the latest blocks (last 16.67 hours)" (docs.filecoin.io, networks/mainnet/rpcs),
 * and a Lotus gateway refuses lookbacks past its cap ("lookbacks of more than … are disallowed",
 * lotus gateway/node.go). What they hold is read as the live read reads it: the actor's funds at
 * tipsets an hour apart (ChainGetTipSetByHeight, then StateReadState at that tipset's key; Lotus
 * build/openrpc/gateway.json), and the growth between two such samples is booked, as the live read
 * books growth between two reads: a storage provider's (miner actor's) funds less its fee debt are
 * rewards (block rewards are paid to the miner actor); a wallet's balance growth is FIL received,
 * an inflow for the operator to mark. Listing each won block would cost a request per tipset.
 *
 * Older history needs an indexer. There is no default one: when the operator sets one (endpoint key
 * 'filecoin-indexer'), it is spoken to as Filfox's REST API (https://filfox.info/api/v1, documented at
 * filfox.info/api/v1/docs/static/index.html): GET /address/{address}/transfers?pageSize&page&type,
 * newest first, answering { totalCount, transfers: [{ height, timestamp (s), message, from, to,
 * value (attoFIL, signed), type }] }, type 'reward' for block rewards and 'receive' for FIL received
 * (as Filfox's own explorer asks and labels them: filfox/filfox-explorer
 * components/miner/miner-address-detail.vue, locales/en.js). It covers what lies below the oldest
 * Lotus sample, so the two never book the same epochs.
 *
 * Epochs are 30 s from mainnet genesis at 2020-08-24T22:00:00Z (docs.filecoin.io networks/mainnet);
 * Lotus' own example tipset (height 4863283, timestamp 1744204890) agrees. So an epoch's time needs
 * no request, and the samples sit at whole hours of epochs (multiples of 120) whatever the head was
 * when a run began: a later run meets the same segments, with the same ids.
 */

export type FilecoinHistoryOptions = { lotusKey: EndpointKey; indexerKey: EndpointKey; reach: string }

const genesisMs = Date.UTC(2020, 7, 24, 22, 0, 0)
const epochMs = 30_000
/** Samples are an hour of epochs apart: 16 or so across the reachable range, two requests each. */
const sampleEpochs = 120
/** What the public endpoints guarantee; a refusal below it (less a margin for the head moving on) is the edge, not a fault. */
const guaranteedEpochs = 2000
const edgeMargin = 40
const transfersPerPage = 100
const cursorVersion = 1
const outOfReachWords = 'the public Lotus endpoints keep about 2,000 epochs (~16 h); older history needs an indexer'

type Tally = { requests: number }
/** `exists`: false where the actor was not yet created at that height (nothing held). */
type Sample = { height: number; owned: bigint; miner: boolean; exists: boolean }
type LotusCursor = { phase: 'lotus'; height: number; owned: bigint; miner: boolean; exists: boolean }
type IndexerCursor = { phase: 'indexer'; below: number; types: string[]; page: number; miner: boolean }
type Cursor = LotusCursor | IndexerCursor

type Lotus = { deps: ChainDeps; mainnet: (url: string, signal: AbortSignal | undefined) => Promise<void> }

const epochAt = (ms: number): number => Math.floor((ms - genesisMs) / epochMs)
const epochStartMs = (epoch: number): number => genesisMs + epoch * epochMs

export function filecoinHistory(options: FilecoinHistoryOptions): HistorySource {
  const lotusFor = clientPerPool(options.lotusKey, (deps): Lotus => ({ deps, mainnet: oncePerEndpoint((url, signal) => assertMainnet(deps, url, signal)) }))
  return {
    reach: options.reach,
    async page(ctx, address, window, cursorText) {
      const tally: Tally = { requests: 0 }
      const top = epochAt(window.toMs)
      // The oldest sample is the first whole hour of epochs in the window: every segment but the first
      // read's then spans the same epochs whenever it is read, so a later, deeper backfill meets the same ids.
      const from = Math.max(0, Math.ceil(Math.ceil((window.fromMs - genesisMs) / epochMs) / sampleEpochs) * sampleEpochs)
      if (top <= from) return { inflows: [], cursor: null, reachedMs: window.fromMs, requests: 0 }
      const cursor = parseCursor(cursorText)
      const indexer = indexerPool(ctx, options.indexerKey)
      const page =
        cursor?.phase === 'indexer'
          ? indexer === null
            ? { inflows: [], cursor: null, reachedMs: epochStartMs(cursor.below), outOfReach: outOfReachWords }
            : await indexerStep(ctx, indexer, address, window, cursor, tally)
          : await lotusStep(ctx, lotusFor(ctx), indexer !== null, address, window, { top, from }, cursor, tally)
      return { ...page, requests: tally.requests }
    },
  }
}

function indexerPool(ctx: ReadContext, key: EndpointKey): EndpointPool | null {
  try {
    return ctx.pool(key)
  } catch {
    // No indexer set: the pool has no URL, and the older part is out of reach.
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// The reachable range, from Lotus.

type Range = { top: number; from: number }
type StepResult = Omit<HistoryPage, 'requests'>

async function lotusStep(ctx: ReadContext, lotus: Lotus, hasIndexer: boolean, address: string, window: HistoryWindow, range: Range, cursor: LotusCursor | null, tally: Tally): Promise<StepResult> {
  const { value } = await lotus.deps.pool.call(async (url) => {
    await lotus.mainnet(url, ctx.signal)
    const newer: Sample | 'edge' = cursor ?? (await sampleOrEdge(ctx, lotus, url, address, range.top, tally))
    if (newer === 'edge') return edge(hasIndexer, range.top, window, null, window.toMs)
    const height = Math.max(range.from, (Math.ceil(newer.height / sampleEpochs) - 1) * sampleEpochs)
    const older = await sampleOrEdge(ctx, lotus, url, address, height, tally)
    if (older === 'edge') return edge(hasIndexer, newer.height, window, newer.miner, Math.max(window.fromMs, epochStartMs(newer.height)))
    const inflows = growthOf(older, newer, window)
    const done = height <= range.from
    const next: LotusCursor = { phase: 'lotus', height, owned: older.owned, miner: older.miner || newer.miner, exists: older.exists }
    return { inflows, cursor: done ? null : formatCursor(next), reachedMs: done ? window.fromMs : epochStartMs(height) }
  })
  return value
}

/** The reachable range ends at `below` (read back to `reachedMs`): on to the indexer when one is set, else done, saying what is out of reach. */
function edge(hasIndexer: boolean, below: number, window: HistoryWindow, miner: boolean | null, reachedMs: number): StepResult {
  if (!hasIndexer) return { inflows: [], cursor: null, reachedMs, outOfReach: outOfReachWords }
  // Whether it is a miner is not known when even the first sample was out of reach: both kinds are asked.
  const types = miner === false ? ['receive'] : ['reward', 'receive']
  return { inflows: [], cursor: formatCursor({ phase: 'indexer', below, types, page: 0, miner: miner ?? true }), reachedMs }
}

function growthOf(older: Sample, newer: Sample, window: HistoryWindow): PastInflow[] {
  const amount = newer.owned - older.owned
  const at = epochStartMs(newer.height - 1)
  // A miner actor created in between was funded by its owner (pledge, deposits): that is not income.
  if (amount <= 0n || at < window.fromMs || at >= window.toMs || (newer.miner && !older.exists)) return []
  const span = `epochs ${older.height} to ${newer.height}`
  const miner = newer.miner
  return [
    {
      id: `epochs:${older.height}-${newer.height}`,
      token: 'FIL',
      amount,
      decimals: 18,
      at,
      classification: miner ? 'reward' : 'inflow',
      rule: miner
        ? `growth of the miner actor's funds (balance less fee debt) between ${span}, read from Lotus at both: block rewards, as the live read books them`
        : `growth of the wallet's balance between ${span}, read from Lotus at both: FIL received, for you to mark`,
    },
  ]
}

/** The actor's funds at `height`, or 'edge' when the endpoint no longer holds it (beyond the guaranteed lookback). */
async function sampleOrEdge(ctx: ReadContext, lotus: Lotus, url: string, address: string, height: number, tally: Tally): Promise<Sample | 'edge'> {
  try {
    return await sample(ctx, lotus, url, address, height, tally)
  } catch (error) {
    if (!(error instanceof FetchFault) || error.kind !== 'rpc') throw error
    // Judged against the head now: a page resumed hours later must not take its old head's word.
    tally.requests += 1
    const head = heightOf(await jsonRpc(lotus.deps.http, url, 'Filecoin.ChainHead', [], { signal: ctx.signal }), hostOf(url), 'ChainHead')
    if (height < head - guaranteedEpochs + edgeMargin) return 'edge'
    throw error
  }
}

async function sample(ctx: ReadContext, lotus: Lotus, url: string, address: string, height: number, tally: Tally): Promise<Sample> {
  const host = hostOf(url)
  const call = (method: string, params: unknown[]): Promise<unknown> => {
    tally.requests += 1
    return jsonRpc(lotus.deps.http, url, `Filecoin.${method}`, params, { signal: ctx.signal })
  }
  // At a null round Lotus answers the tipset before it: its key is as good, the state is the same.
  const tipset = await call('ChainGetTipSetByHeight', [height, null])
  const key = isRecord(tipset) && Array.isArray(tipset.Cids) && tipset.Cids.length > 0 ? tipset.Cids : null
  if (key === null) throw malformed(host, `ChainGetTipSetByHeight(${height}) without the tipset's Cids`)
  let actor: unknown
  try {
    actor = await call('StateReadState', [address, key])
  } catch (error) {
    // Not yet created at that height: nothing was held.
    if (error instanceof FetchFault && error.kind === 'rpc' && /actor not found/i.test(error.message)) return { height, owned: 0n, miner: false, exists: false }
    throw error
  }
  if (!isRecord(actor) || !isRecord(actor.State)) throw malformed(host, 'StateReadState without a State object')
  const balance = attoFil(actor.Balance, host, 'StateReadState Balance')
  const state = actor.State
  if (!('LockedFunds' in state && 'InitialPledge' in state)) return { height, owned: balance, miner: false, exists: true }
  // What the live read's parts add up to (liquid + vesting + pledge) whenever the parts fit: the balance less the fee debt.
  const owned = balance - attoFil(state.FeeDebt, host, 'FeeDebt')
  return { height, owned: owned < 0n ? 0n : owned, miner: true, exists: true }
}

async function assertMainnet(deps: ChainDeps, url: string, signal: AbortSignal | undefined): Promise<void> {
  const host = hostOf(url)
  const name = await jsonRpc(deps.http, url, 'Filecoin.StateNetworkName', [], { signal })
  if (name !== 'mainnet') throw new FetchFault('wrong-chain', host, `${host} follows the Filecoin network "${String(name).slice(0, 40)}", not mainnet`)
}

function heightOf(tipset: unknown, host: string, what: string): number {
  const height = isRecord(tipset) ? tipset.Height : undefined
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) throw malformed(host, `${what} without a height`)
  return height
}

// ---------------------------------------------------------------------------------------------
// The older part, from the operator's indexer (Filfox's REST API).

type Transfer = { height: number; atMs: number; message: string | null; from: string; value: bigint; type: string }

async function indexerStep(ctx: ReadContext, pool: EndpointPool, address: string, window: HistoryWindow, cursor: IndexerCursor, tally: Tally): Promise<StepResult> {
  const [type, ...later] = cursor.types
  if (type === undefined) return { inflows: [], cursor: null, reachedMs: window.fromMs }
  const { value: answer, host } = await pool.call(async (url) => {
    tally.requests += 1
    const query = new URLSearchParams({ pageSize: String(transfersPerPage), page: String(cursor.page), type })
    return ctx.http.getJson(`${url.replace(/\/+$/, '')}/address/${encodeURIComponent(address)}/transfers?${query.toString()}`, { signal: ctx.signal })
  })
  const transfers = transfersOf(answer, host)
  const inflows = transfers.filter((t) => t.type === type && t.value > 0n && t.height < cursor.below && t.atMs >= window.fromMs && t.atMs < window.toMs).map((t) => indexedInflow(t, type))
  const oldest = transfers.reduce((min, t) => Math.min(min, t.atMs), Number.POSITIVE_INFINITY)
  const total = isRecord(answer) && typeof answer.totalCount === 'number' ? answer.totalCount : Number.POSITIVE_INFINITY
  const typeDone = transfers.length < transfersPerPage || oldest < window.fromMs || (cursor.page + 1) * transfersPerPage >= total
  const next: IndexerCursor | null = !typeDone ? { ...cursor, page: cursor.page + 1 } : later.length > 0 ? { ...cursor, types: later, page: 0 } : null
  return { inflows, cursor: next === null ? null : formatCursor(next), reachedMs: indexerProgress(window, cursor, typeDone ? window.fromMs : oldest) }
}

/** Progress over the indexer's part of the window, each type given an equal share, so it never goes back. */
function indexerProgress(window: HistoryWindow, cursor: IndexerCursor, reachedInType: number): number {
  const topMs = Math.min(window.toMs, epochStartMs(cursor.below))
  const span = Math.max(1, topMs - window.fromMs)
  const types = cursor.miner ? 2 : 1
  const doneTypes = types - cursor.types.length
  const share = Math.min(1, Math.max(0, (topMs - reachedInType) / span))
  return Math.max(window.fromMs, Math.round(topMs - (span * (doneTypes + share)) / types))
}

function indexedInflow(transfer: Transfer, type: string): PastInflow {
  const reward = type === 'reward'
  const id = reward ? `filfox:reward:${transfer.height}` : transfer.message === null ? `filfox:receive:${transfer.height}:${transfer.from}` : `filfox:msg:${transfer.message}`
  return {
    id,
    token: 'FIL',
    amount: transfer.value,
    decimals: 18,
    at: transfer.atMs,
    classification: reward ? 'reward' : 'inflow',
    rule: reward
      ? `block reward won at epoch ${transfer.height}, as the indexer lists it (from the reward actor)`
      : `FIL received from ${transfer.from}${transfer.message === null ? '' : ` (message ${transfer.message.slice(0, 12)}…)`}, as the indexer lists it: for you to mark`,
  }
}

function transfersOf(answer: unknown, host: string): Transfer[] {
  const list = isRecord(answer) ? answer.transfers : undefined
  if (!Array.isArray(list)) throw malformed(host, 'the transfers query without a list of transfers')
  return list.map((item: unknown): Transfer => {
    if (!isRecord(item) || typeof item.timestamp !== 'number' || !Number.isSafeInteger(item.timestamp) || typeof item.type !== 'string') throw malformed(host, 'a transfer without a timestamp or type')
    const value = typeof item.value === 'string' && /^-?\d{1,78}$/.test(item.value) ? BigInt(item.value) : null
    if (value === null) throw malformed(host, 'a transfer whose value is not an attoFIL amount')
    const atMs = item.timestamp * 1000
    const height = typeof item.height === 'number' && Number.isSafeInteger(item.height) ? item.height : epochAt(atMs)
    return { height, atMs, message: typeof item.message === 'string' && item.message !== '' ? item.message : null, from: typeof item.from === 'string' ? item.from.slice(0, 90) : 'unknown', value, type: item.type }
  })
}

function attoFil(value: unknown, host: string, what: string): bigint {
  if (typeof value !== 'string' || !/^\d{1,78}$/.test(value)) throw malformed(host, `${what} with something that is not an attoFIL amount`)
  return BigInt(value)
}

function malformed(host: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${what}`)
}

// ---------------------------------------------------------------------------------------------
// The cursor: where the walk stands and the held sample's funds, so the next page reads one sample.
// A damaged cursor starts the window again; ids are per segment of epochs, so nothing is booked twice.

function formatCursor(cursor: Cursor): string {
  return JSON.stringify(cursor.phase === 'lotus' ? { v: cursorVersion, ...cursor, owned: cursor.owned.toString() } : { v: cursorVersion, ...cursor })
}

function parseCursor(text: string | null): Cursor | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    if (!isRecord(value) || value.v !== cursorVersion || typeof value.miner !== 'boolean') return null
    if (value.phase === 'lotus' && isEpoch(value.height) && typeof value.owned === 'string' && /^\d{1,78}$/.test(value.owned) && typeof value.exists === 'boolean') {
      return { phase: 'lotus', height: value.height, owned: BigInt(value.owned), miner: value.miner, exists: value.exists }
    }
    const types = Array.isArray(value.types) ? value.types.filter((t): t is string => t === 'reward' || t === 'receive') : null
    if (value.phase === 'indexer' && isEpoch(value.below) && isEpoch(value.page) && types !== null && types.length === (value.types as unknown[]).length) {
      return { phase: 'indexer', below: value.below, types, page: value.page, miner: value.miner }
    }
    return null
  } catch {
    return null
  }
}

function isEpoch(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}
