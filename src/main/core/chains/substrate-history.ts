import { Twox128 } from '@polkadot-api/substrate-bindings'
import { hex as hexCodec } from '@scure/base'
import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import { isRecord } from '../is-record.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../holdings/history-source.ts'
import type { ReadContext } from '../holdings/holding.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { resultOf, type RpcCall, type RpcOutcome } from '../net/json-rpc.ts'
import { RpcCoalescer } from '../net/rpc-coalescer.ts'
import { clientPerPool, oncePerEndpoint, type ChainDeps } from './chain-deps.ts'
import { decodeAccountInfo, decodeStakeInfos, decodeU64, publicKeyOf, systemAccountKey } from './substrate.ts'

/*
 * A subtensor coldkey's past, as daily snapshots read from an archive node: subtensor keeps no
 * per-epoch record of what a coldkey earned that a watch-only reader can list, so the backfill
 * reads the same state the live read does (System.Account, StakeInfoRuntimeApi) at the last block
 * of each UTC day and hands two neighbouring snapshots to the network's rule, which says what grew
 * that the operator did not cause. Newest day first; each page reads one older snapshot and
 * compares it with the one the cursor holds, so a restart re-reads at most one day.
 *
 * JSON-RPC (sc-rpc-api: chain/mod.rs, state/mod.rs; docs.rs/crate/sc-rpc-api): chain_getFinalizedHead,
 * chain_getHeader(hash) → { number: hex, … }, chain_getBlockHash(number) → hash (null past the
 * head), state_getStorage(key, at) and state_call(method, data, at) at a block hash.
 *
 * Finding the block at a day's end: blocks come every 12 s (subtensor common/src/lib.rs
 * MILLISECS_PER_BLOCK = 12000), so the number is estimated from a known block and its time, then
 * refined by reading `Timestamp.Now` (pallet_timestamp, Moment = u64 ms since the Unix epoch, runtime/src/lib.rs)
 * at a few candidate numbers in one batch, until a block before the boundary and its successor at
 * or after it are both known. A halted or slow stretch only costs more rounds (interpolation, then bisection).
 *
 * The StakeInfo layout decoded here (substrate.ts) is the one subtensor has answered since February
 * 2025 (tao_emission added, opentensor/subtensor 795d366d1); at older blocks the runtime answers
 * another layout or no such API, and an endpoint that is not an archive refuses state that old.
 * Those end the walk with what is out of reach named, not a failure.
 */

/** A coldkey at one block: its free and reserved TAO, its stake per netuid summed over hotkeys, and the subnets' prices. */
export type StakeSnapshot = {
  block: number
  /** The block's Timestamp.Now, ms. */
  atMs: number
  free: bigint
  reserved: bigint
  /** Per netuid, the stake summed over the coldkey's hotkeys: root (0) in rao, a subnet's in its alpha. */
  stake: Map<number, bigint>
  /** Per subnet, its pool price in rao per whole alpha at that block; absent where the runtime could not say. */
  prices: Map<number, bigint>
}

/** What the network's rule finds grown between two snapshots, per unit, that the operator did not cause. */
export type SnapshotGrowth = {
  token: string
  amount: bigint
  decimals: number
  classification: PastInflow['classification']
  /** The rule in words; the source prefixes "derived from daily snapshots". */
  rule: string
  /** Tells apart two entries of one unit and day ('inflow' beside a reward): part of the id. */
  variant?: string
}

export type SnapshotHistoryOptions = {
  key: EndpointKey
  genesisHash: string
  chainName: string
  ss58Prefix: number
  reach: string
  growth(older: StakeSnapshot, newer: StakeSnapshot): SnapshotGrowth[]
}

const blockMs = 12_000
const dayMs = 86_400_000
/** Rounds of candidate blocks before the nearest block found before the boundary is taken as it is. */
const maxLocateRounds = 24
const cursorVersion = 1
const timestampNowKey = `0x${hexCodec.encode(Twox128(new TextEncoder().encode('Timestamp')))}${hexCodec.encode(Twox128(new TextEncoder().encode('Now')))}`

type Tally = { requests: number }
type Block = { number: number; hash: string; atMs: number }
/** The snapshot the cursor holds: the boundary it was read for (its block is the last before it). */
type Held = { boundary: number; snapshot: StakeSnapshot }

type Archive = { deps: ChainDeps; rpc: RpcCoalescer; checked: (url: string, signal: AbortSignal | undefined, tally: Tally) => Promise<void> }

export function snapshotHistory(options: SnapshotHistoryOptions): HistorySource {
  const archiveFor = clientPerPool(options.key, (deps): Archive => {
    const rpc = new RpcCoalescer(deps.http)
    let counting: Tally | null = null
    const once = oncePerEndpoint(async (url, signal) => {
      if (counting) counting.requests += 1
      await assertGenesis(rpc, url, options, signal)
    })
    return {
      deps,
      rpc,
      checked: (url, signal, tally) => {
        counting = tally
        return once(url, signal)
      },
    }
  })

  return {
    reach: options.reach,
    async page(ctx, address, window, cursorText) {
      const tally: Tally = { requests: 0 }
      const held = parseCursor(cursorText)
      const start = firstMidnight(window.fromMs)
      if (window.toMs <= start || (held !== null && held.boundary <= start)) return { inflows: [], cursor: null, reachedMs: window.fromMs, requests: 0 }
      const archive = archiveFor(ctx)
      const { value } = await archive.deps.pool.call(async (url) => {
        await archive.checked(url, ctx.signal, tally)
        return dayStep(ctx, archive, url, address, window, held, options, tally)
      })
      return { ...value, requests: tally.requests }
    },
  }
}

/** One day: the newer snapshot (from the cursor, or read at the window's end), the older one read now, and what grew between. */
async function dayStep(ctx: ReadContext, archive: Archive, url: string, address: string, window: HistoryWindow, held: Held | null, options: SnapshotHistoryOptions, tally: Tally): Promise<Omit<HistoryPage, 'requests'>> {
  const reader = blockReader(ctx, archive, url, options.ss58Prefix, tally)
  const newer: Held = held ?? { boundary: window.toMs, snapshot: await reader.snapshot(address, await reader.lastBefore(window.toMs, await reader.finalizedHead()), []) }
  // Whole UTC days only, back to the first midnight in the window: a day's id then always stands for
  // the same span, so a later, deeper backfill meets the same ids (only the first read's day is partial, and fixed).
  const boundary = utcDayStart(newer.boundary - 1)
  let older: StakeSnapshot
  try {
    const anchor = { number: newer.snapshot.block, hash: '', atMs: newer.snapshot.atMs }
    const block = await reader.lastBefore(boundary, anchor)
    if (block.number === 0) throw new FetchFault('rpc', hostOf(url), `${options.chainName} had not begun before ${isoDay(boundary)}`)
    older = await reader.snapshot(address, block, [...newer.snapshot.stake.keys()])
  } catch (error) {
    if (!beyondReach(error)) throw error
    const outOfReach = `${hostOf(url)} could not give the stake at the start of ${isoDay(newer.boundary - 1)} (${error.message}): that day and older are out of its reach (it takes an archive node, and stake before February 2025 is in a layout not read here)`
    return { inflows: [], cursor: null, reachedMs: newer.boundary, outOfReach }
  }
  const day = isoDay(newer.boundary - 1)
  const at = newer.snapshot.atMs
  const inWindow = at >= window.fromMs && at < window.toMs
  const inflows = inWindow ? options.growth(older, newer.snapshot).filter((g) => g.amount > 0n).map((g) => inflowOf(g, day, at, older, newer.snapshot)) : []
  const done = boundary <= firstMidnight(window.fromMs)
  return { inflows, cursor: done ? null : formatCursor({ boundary, snapshot: older }), reachedMs: done ? window.fromMs : boundary }
}

function inflowOf(growth: SnapshotGrowth, day: string, at: number, older: StakeSnapshot, newer: StakeSnapshot): PastInflow {
  const variant = growth.variant === undefined ? '' : `:${growth.variant}`
  return {
    id: `day:${growth.token}:${day}${variant}`,
    token: growth.token,
    amount: growth.amount,
    decimals: growth.decimals,
    at,
    classification: growth.classification,
    rule: `derived from daily snapshots (blocks #${older.block} and #${newer.block} of the archive node), not a per-epoch record: ${growth.rule}`,
  }
}

/**
 * A refusal that asking again will not change: the node has pruned that state or never had it
 * (sc-client's "UnknownBlock: State already discarded"), its runtime then had no such API
 * ("Exported method … is not found"), or answered in a layout of another era (a body that does not
 * decode). Any other refusal is thrown, for the runner to ask again.
 */
function beyondReach(error: unknown): error is FetchFault {
  if (!(error instanceof FetchFault)) return false
  return error.kind === 'malformed' || (error.kind === 'rpc' && /discarded|pruned|not found|unknownblock|had not begun|is not before/i.test(error.message))
}

type BlockReader = {
  finalizedHead(): Promise<Block>
  /** The last block whose timestamp is before `boundary`, at or below `anchor` when the anchor is at or after it. */
  lastBefore(boundary: number, anchor: Block): Promise<Block>
  snapshot(address: string, block: Block, pricedNetuids: readonly number[]): Promise<StakeSnapshot>
}

function blockReader(ctx: ReadContext, archive: Archive, url: string, ss58Prefix: number, tally: Tally): BlockReader {
  const host = hostOf(url)
  const batch = async (calls: readonly RpcCall[]): Promise<RpcOutcome[]> => {
    tally.requests += 1
    return archive.rpc.batch(url, calls, ctx.signal)
  }
  const timestamps = async (blocks: readonly { number: number; hash: string }[]): Promise<Block[]> => {
    const outcomes = await batch(blocks.map((b) => ({ method: 'state_getStorage', params: [timestampNowKey, b.hash] })))
    return blocks.map((b, i) => ({ ...b, atMs: Number(decoded(host, `Timestamp.Now at #${b.number}`, resultOf(outcomes[i], host, 'state_getStorage'), (hex) => decodeU64(present(hex)))) }))
  }
  const probe = async (numbers: readonly number[]): Promise<Block[]> => {
    const outcomes = await batch(numbers.map((n) => ({ method: 'chain_getBlockHash', params: [n] })))
    const hashes = numbers.map((number, i) => ({ number, hash: blockHash(host, resultOf(outcomes[i], host, 'chain_getBlockHash'), number) }))
    return timestamps(hashes)
  }

  return {
    async finalizedHead() {
      tally.requests += 1
      const hash = blockHash(host, resultOf(await archive.rpc.call(url, { method: 'chain_getFinalizedHead', params: [] }, ctx.signal), host, 'chain_getFinalizedHead'), 'finalized')
      const [header, now] = await batch([
        { method: 'chain_getHeader', params: [hash] },
        { method: 'state_getStorage', params: [timestampNowKey, hash] },
      ])
      const number = headerNumber(host, resultOf(header, host, 'chain_getHeader'))
      const atMs = Number(decoded(host, 'Timestamp.Now at the finalized head', resultOf(now, host, 'state_getStorage'), (hex) => decodeU64(present(hex))))
      return { number, hash, atMs }
    },

    async lastBefore(boundary, anchor) {
      const max = anchor.number
      let lo: Block | null = anchor.atMs < boundary ? anchor : null
      let hi: Block | null = anchor.atMs >= boundary ? anchor : null
      for (let round = 0; round < maxLocateRounds; round++) {
        if (lo !== null && (lo.number === max || (hi !== null && hi.number === lo.number + 1))) return lo.hash === '' ? (await probe([lo.number]))[0] ?? lo : lo
        if (hi !== null && hi.number === 0) throw new FetchFault('rpc', host, `block #0 is not before ${new Date(boundary).toISOString()}`)
        for (const block of await probe(candidates(lo, hi, boundary, max))) {
          if (block.atMs < boundary && (lo === null || block.number > lo.number)) lo = block
          if (block.atMs >= boundary && (hi === null || block.number < hi.number)) hi = block
        }
      }
      if (lo === null) throw new FetchFault('malformed', host, `${host}'s block times never fell before ${new Date(boundary).toISOString()}`)
      return lo
    },

    async snapshot(address, block, pricedNetuids) {
      const priceCall = (netuid: number): RpcCall => ({ method: 'state_call', params: ['SwapRuntimeApi_current_alpha_price', netuidHex(netuid), block.hash] })
      const asked = pricedNetuids.filter((n) => n !== 0)
      const [account, stakeInfo, ...priceAnswers] = await batch([
        { method: 'state_getStorage', params: [systemAccountKey(address), block.hash] },
        { method: 'state_call', params: ['StakeInfoRuntimeApi_get_stake_info_for_coldkey', `0x${hexCodec.encode(publicKeyOf(address))}`, block.hash] },
        ...asked.map(priceCall),
      ])
      const balances = decoded(host, `System.Account at #${block.number}`, resultOf(account, host, 'state_getStorage'), decodeAccountInfo)
      const entries = decoded(host, `StakeInfoRuntimeApi at #${block.number}`, resultOf(stakeInfo, host, 'StakeInfoRuntimeApi_get_stake_info_for_coldkey'), (hex) => decodeStakeInfos(present(hex), ss58Prefix))
      const stake = new Map<number, bigint>()
      for (const entry of entries) if (entry.stake > 0n) stake.set(entry.netuid, (stake.get(entry.netuid) ?? 0n) + entry.stake)
      const prices = pricesOf(host, asked, priceAnswers)
      const missing = [...stake.keys()].filter((n) => n !== 0 && !asked.includes(n))
      if (missing.length > 0) for (const [netuid, price] of pricesOf(host, missing, await batch(missing.map(priceCall)))) prices.set(netuid, price)
      return { block: block.number, atMs: block.atMs, free: balances.free, reserved: balances.reserved, stake, prices }
    },
  }
}

/**
 * The next block numbers to read: from the nearest known block before the boundary, forward by its
 * time at 12 s a block; from the nearest at or after it, back likewise; and the midpoint, so a
 * stretch of missed slots is bisected. Within (lo, hi) and at most `max`.
 */
function candidates(lo: Block | null, hi: Block | null, boundary: number, max: number): number[] {
  const low = lo?.number ?? -1
  const high = Math.min(hi?.number ?? max + 1, max + 1)
  const picks: number[] = []
  if (lo !== null) {
    const ahead = lo.number + Math.max(1, Math.floor((boundary - 1 - lo.atMs) / blockMs))
    picks.push(ahead, ahead + 1)
  }
  if (hi !== null) {
    const back = hi.number - Math.max(1, Math.ceil((hi.atMs - boundary + 1) / blockMs))
    picks.push(back, back + 1)
  }
  if (lo !== null && hi !== null) picks.push(Math.floor((lo.number + hi.number) / 2))
  const inside = [...new Set(picks.map((n) => Math.min(Math.max(n, low + 1), high - 1)))].filter((n) => n > low && n < high && n >= 0)
  return inside.sort((a, b) => a - b)
}

/** Each price answer decoded; a runtime without the API (before the swap pallet) gives none, a rate limit is asked again. */
function pricesOf(host: string, netuids: readonly number[], outcomes: readonly (RpcOutcome | undefined)[]): Map<number, bigint> {
  const prices = new Map<number, bigint>()
  netuids.forEach((netuid, i) => {
    const outcome = outcomes[i]
    if (outcome === undefined) return
    if (!outcome.ok) {
      if (outcome.code === -32005 || outcome.code === -32429) resultOf(outcome, host, 'SwapRuntimeApi_current_alpha_price')
      return
    }
    prices.set(netuid, decoded(host, `SwapRuntimeApi_current_alpha_price(${netuid})`, outcome.result, (hex) => decodeU64(present(hex))))
  })
  return prices
}

async function assertGenesis(rpc: RpcCoalescer, url: string, options: SnapshotHistoryOptions, signal: AbortSignal | undefined): Promise<void> {
  const host = hostOf(url)
  const hash = blockHash(host, resultOf(await rpc.call(url, { method: 'chain_getBlockHash', params: [0] }, signal), host, 'chain_getBlockHash'), 0)
  if (hash.toLowerCase() !== options.genesisHash.toLowerCase()) {
    throw new FetchFault('wrong-chain', host, `${host} is not ${options.chainName}: its genesis block is ${hash.slice(0, 6)}…${hash.slice(-4)}; give a ${options.chainName} archive node's URL`)
  }
}

function blockHash(host: string, result: unknown, which: number | string): string {
  if (typeof result === 'string' && /^0x[0-9a-f]{64}$/i.test(result)) return result
  // A number past the head answers null.
  throw new FetchFault('malformed', host, `${host} answered no block hash for block ${typeof which === 'number' ? `#${which}` : which}`)
}

function headerNumber(host: string, header: unknown): number {
  const number = isRecord(header) ? header.number : undefined
  if (typeof number === 'string' && /^0x[0-9a-f]{1,8}$/i.test(number)) return Number.parseInt(number.slice(2), 16)
  throw new FetchFault('malformed', host, `${host} answered chain_getHeader without a block number`)
}

function decoded<T>(host: string, what: string, result: unknown, decode: (hex: string | null) => T): T {
  if (result !== null && (typeof result !== 'string' || !/^0x([0-9a-f]{2})*$/i.test(result))) throw new FetchFault('malformed', host, `${host} answered ${what} with something that is not SCALE hex`)
  try {
    return decode(result)
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).slice(0, 120)
    throw new FetchFault('malformed', host, `${host} answered ${what} with a body that does not decode (${why})`)
  }
}

function present(hex: string | null): string {
  if (hex === null) throw new Error('null where a value was due')
  return hex
}

function netuidHex(netuid: number): string {
  return `0x${hexCodec.encode(Uint8Array.of(netuid & 0xff, (netuid >> 8) & 0xff))}`
}

function utcDayStart(ms: number): number {
  return Math.floor(ms / dayMs) * dayMs
}

/** The first UTC midnight at or after `ms`: the oldest boundary read (the hours before it are less than a day). */
function firstMidnight(ms: number): number {
  return Math.ceil(ms / dayMs) * dayMs
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
// The cursor: the boundary done and its snapshot, amounts as decimal strings, so the next page
// compares against it without reading it again. A damaged cursor starts the window again: what
// was booked is not booked twice (ids are per unit and day).

function formatCursor(held: Held): string {
  const { snapshot } = held
  const strings = (map: Map<number, bigint>): Record<string, string> => Object.fromEntries([...map].map(([k, v]) => [String(k), v.toString()]))
  return JSON.stringify({
    v: cursorVersion,
    boundary: held.boundary,
    block: snapshot.block,
    at: snapshot.atMs,
    free: snapshot.free.toString(),
    reserved: snapshot.reserved.toString(),
    stake: strings(snapshot.stake),
    prices: strings(snapshot.prices),
  })
}

function parseCursor(text: string | null): Held | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    if (!isRecord(value) || value.v !== cursorVersion) return null
    const { boundary, block, at, free, reserved, stake, prices } = value
    if (!isWhole(boundary) || !isWhole(block) || !isWhole(at) || !isAmount(free) || !isAmount(reserved)) return null
    const stakeMap = amountsByNetuid(stake)
    const priceMap = amountsByNetuid(prices)
    if (stakeMap === null || priceMap === null) return null
    return { boundary, snapshot: { block, atMs: at, free: BigInt(free), reserved: BigInt(reserved), stake: stakeMap, prices: priceMap } }
  } catch {
    return null
  }
}

function amountsByNetuid(value: unknown): Map<number, bigint> | null {
  if (!isRecord(value)) return null
  const entries = Object.entries(value)
  if (!entries.every(([k, v]) => /^\d{1,5}$/.test(k) && isAmount(v))) return null
  return new Map(entries.map(([k, v]) => [Number(k), BigInt(v as string)]))
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function isAmount(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,40}$/.test(value)
}
