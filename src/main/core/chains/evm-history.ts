import { decodeEventLog, encodeEventTopics, erc20Abi, getAddress, isAddress, isHex, numberToHex, type Address, type Hex } from 'viem'
import { z } from 'zod'
import { isRecord } from '../is-record.ts'
import type { HistoryPage, HistorySource, HistoryWindow, PastInflow } from '../holdings/history-source.ts'
import type { ReadContext } from '../holdings/holding.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { resultOf, sendRpc, type RpcAnswer, type RpcCall } from '../net/json-rpc.ts'
import { clientPerPool, type ChainDeps } from './chain-deps.ts'
import type { Erc20Deployment } from './evm.ts'

/*
 * An ERC-20's past inflows into a wallet: `eth_getLogs` for Transfer(from, to = the wallet) on the
 * token, one block window per page, newest first, block times from `eth_getBlockByNumber`.
 *   https://ethereum.github.io/execution-apis/docs/reference/eth_getlogs (fromBlock/toBlock as
 *   QUANTITY without leading zeros, topics order-dependent, `removed` on a reorg)
 *   https://docs.metamask.io/metamask-connect/evm/reference/json-rpc-api/eth_getBlockByNumber/
 * Public endpoints cap a query by block range or by result count, each in its own words; a window
 * they refuse is halved, and it doubles again after a success, never back up to a size refused
 * lately. The refusals recognised, as providers answer them (ponder-sh/ponder
 * packages/utils/src/getLogsRetryHelper.ts and its per-provider tests record them):
 *   publicnode "exceed maximum block range: 50000"; Infura -32005 "query returned more than
 *   10000 results"; Alchemy -32602 "Log response size exceeded"; arb1.arbitrum.io "logs matched
 *   by query exceeds limit of 10000"; llamarpc -32602 "query exceeds max results 20000";
 *   QuickNode/BlockPI "limited to a 10,000 range"; "block range is too wide", "Block range is too
 *   large". A timeout counts as a refusal too: a window too wide for the node never answers.
 * The window's ends are blocks, found from the window's times: a first block before each time at
 * the chain's recent block rate (measured over its last 1,000 blocks), then interpolation search on
 * block timestamps (a guess from the timestamps bracketing the target, a halving step whenever a
 * guess fails to halve the bracket), each probe one cached `eth_getBlockByNumber`.
 */

/** A contract whose transfers into a wallet are the network's rewards, named for the ledger. */
export type RewardSender = { address: string; words: string }

export type Erc20HistoryDeployment = Erc20Deployment & { rewardSenders: readonly RewardSender[] }

export type Erc20HistoryOptions = {
  /** Read in this order when their frontiers tie. */
  deployments: readonly Erc20HistoryDeployment[]
  reach: string
  /** Blocks in a chain's first window, and the most a window grows to. */
  initialSpan?: number
  maxSpan?: number
}

const defaultInitialSpan = 50_000
const defaultMaxSpan = 1_000_000
/** Successes in a row after which a refused size is tried again: it may have been a dense stretch, not a range limit. */
const forgetAfter = 32
/** Halvings one page may try before it gives up on the endpoint. */
const maxRefusals = 40
/** eth_getBlockByNumber calls per batch. */
const blockBatch = 100
/** Block timestamps kept per chain and endpoint pool. */
const maxCachedBlocks = 50_000

const ChainState = z.object({
  chainId: z.number().int(),
  /** The last block of the next window; absent until the window's blocks are located. */
  end: z.number().int().min(-1).optional(),
  /** The first block at or after the window's start. */
  stop: z.number().int().min(0).optional(),
  span: z.number().int().min(1),
  /** The smallest window refused lately; grown windows stay below it. */
  ceiling: z.number().int().min(2).nullable(),
  streak: z.number().int().min(0),
  /** How far back this chain is read, ms. */
  reachedMs: z.number(),
  done: z.boolean(),
})
type ChainState = z.infer<typeof ChainState>
const Cursor = z.object({ v: z.literal(1), chains: z.array(ChainState) })
type Cursor = z.infer<typeof Cursor>
type Span = Pick<ChainState, 'span' | 'ceiling' | 'streak'>

/** A window the endpoint refused: half as wide, and that size remembered. */
export function shrunk(span: Span): Span {
  return { span: Math.max(1, Math.floor(span.span / 2)), ceiling: span.span, streak: 0 }
}

/** A window the endpoint answered: twice as wide, up to `max` and below the size refused lately. */
export function grown(span: Span, max: number): Span {
  const streak = span.ceiling === null ? 0 : span.streak + 1
  const ceiling = streak >= forgetAfter ? null : span.ceiling
  const doubled = Math.min(max, span.span * 2)
  return { span: ceiling !== null && doubled >= ceiling ? span.span : doubled, ceiling, streak: ceiling === null ? 0 : streak }
}

const refusalWords = [/block range/i, /range (is )?too (large|wide|big)/i, /more than \d+ results/i, /exceeds? (max|the|limit)/i, /response size/i, /limited to/i, /too many (blocks|logs|results)/i]
/** Infura's "daily request count exceeded, request rate limited" (-32005), Alchemy's "exceeded its compute units per second capacity" (429). */
const rateWords = /rate.?limit|too many requests|per second|daily request/i

/** Whether a JSON-RPC error is the endpoint asking us to slow down. */
export function isRateLimit(error: { code: number | null; message: string }): boolean {
  return error.code === 429 || error.code === -32429 || rateWords.test(error.message)
}

/** Whether an eth_getLogs error says the window is too wide (not a rate limit, not a bad query). */
export function isWindowRefusal(error: { code: number | null; message: string }): boolean {
  if (isRateLimit(error)) return false
  // Infura's -32005 is both "more than 10000 results" and its rate limit, told apart above.
  return refusalWords.some((words) => words.test(error.message)) || error.code === -32005
}

type Probe = { n: number; ms: number }

/** One endpoint of one chain, for one page: every request goes through it and is counted. */
type Conn = {
  url: string
  host: string
  deployment: Erc20HistoryDeployment
  send(calls: readonly RpcCall[]): Promise<RpcAnswer[]>
  times: Map<number, number>
}

type EvmHistoryClient = { times: Map<number, number>; checked: Map<string, Promise<void>> }

const clientsByChain = new Map<number, (ctx: ReadContext) => EvmHistoryClient & ChainDeps>()

function clientFor(ctx: ReadContext, deployment: Erc20HistoryDeployment): EvmHistoryClient & ChainDeps {
  let clientOf = clientsByChain.get(deployment.chainId)
  if (clientOf === undefined) {
    clientOf = clientPerPool(deployment.endpoint, (deps) => ({ ...deps, times: new Map(), checked: new Map() }))
    clientsByChain.set(deployment.chainId, clientOf)
  }
  return clientOf(ctx)
}

/**
 * The past inflows of one ERC-20 deployed on one or more EVM chains. Each chain is read newest
 * first; a page reads the chain whose reading stands latest, so the frontier the page reports
 * (the time back to which every chain is read) only moves back.
 */
export function erc20TransferHistory(options: Erc20HistoryOptions): HistorySource {
  const { deployments, reach } = options
  const initialSpan = options.initialSpan ?? defaultInitialSpan
  const maxSpan = options.maxSpan ?? defaultMaxSpan
  const fresh = (window: HistoryWindow): Cursor => ({
    v: 1,
    chains: deployments.map((d) => ({ chainId: d.chainId, span: initialSpan, ceiling: null, streak: 0, reachedMs: window.toMs, done: false })),
  })

  return {
    reach,
    async page(ctx, address, window, cursor): Promise<HistoryPage> {
      const owner = evmAddress(address)
      const state = readCursor(cursor, deployments) ?? fresh(window)
      const index = nextChain(state)
      const chain = state.chains[index]
      const deployment = deployments[index]
      if (chain === undefined || deployment === undefined) return { inflows: [], cursor: null, reachedMs: window.fromMs, requests: 0 }
      const client = clientFor(ctx, deployment)
      const tally = { requests: 0 }
      const { value } = await client.pool.call(async (url) => {
        const conn = connect(client, url, deployment, ctx.signal, tally)
        await checkChain(client, conn)
        return chain.end === undefined || chain.stop === undefined ? located(conn, chain, window) : scan(conn, chain, window, owner, maxSpan)
      })
      const chains = state.chains.map((c, i) => (i === index ? value.chain : c))
      const reachedMs = frontier(chains, window)
      const done = chains.every((c) => c.done)
      return { inflows: value.inflows, cursor: done ? null : JSON.stringify({ v: 1, chains }), reachedMs, requests: tally.requests }
    },
  }
}

/** A cursor this source wrote for these deployments; anything else reads the window from its newest end again (nothing is booked twice). */
function readCursor(cursor: string | null, deployments: readonly Erc20HistoryDeployment[]): Cursor | null {
  if (cursor === null) return null
  try {
    const result = Cursor.safeParse(JSON.parse(cursor))
    const chains = result.success ? result.data.chains : []
    return result.success && chains.length === deployments.length && chains.every((c, i) => c.chainId === deployments[i]?.chainId) ? result.data : null
  } catch {
    return null
  }
}

/** The chain not yet done whose reading stands latest (the first of them on a tie); -1 when all are done. */
function nextChain(state: Cursor): number {
  let best = -1
  state.chains.forEach((c, i) => {
    if (!c.done && (best === -1 || c.reachedMs > (state.chains[best]?.reachedMs ?? -Infinity))) best = i
  })
  return best
}

/** The time back to which every chain is read. */
function frontier(chains: readonly ChainState[], window: HistoryWindow): number {
  return Math.max(window.fromMs, ...chains.map((c) => (c.done ? window.fromMs : c.reachedMs)))
}

function connect(client: EvmHistoryClient & ChainDeps, url: string, deployment: Erc20HistoryDeployment, signal: AbortSignal, tally: { requests: number }): Conn {
  return {
    url,
    host: hostOf(url),
    deployment,
    times: client.times,
    send: (calls) => {
      tally.requests += 1
      return sendRpc(client.http, url, calls, { batch: true, signal })
    },
  }
}

/** eth_chainId, once per endpoint: a URL in the wrong slot would otherwise read another chain's logs. */
async function checkChain(client: EvmHistoryClient, conn: Conn): Promise<void> {
  let check = client.checked.get(conn.url)
  if (check === undefined) {
    check = (async () => {
      const [answer] = await conn.send([{ method: 'eth_chainId', params: [] }])
      const said = Number(quantity(resultOf(outcome(answer), conn.host, 'eth_chainId'), conn.host, 'eth_chainId'))
      const { chainId, chainName } = conn.deployment
      if (said !== chainId) throw new FetchFault('wrong-chain', conn.host, `${conn.host} is chain ${said}, not ${chainName} (${chainId})`)
    })()
    client.checked.set(conn.url, check)
    check.catch(() => client.checked.delete(conn.url))
  }
  return check
}

type Step = { chain: ChainState; inflows: PastInflow[] }

/** The window's blocks: the last before its end, the first at or after its start. */
async function located(conn: Conn, chain: ChainState, window: HistoryWindow): Promise<Step> {
  const [latestAnswer] = await conn.send([{ method: 'eth_getBlockByNumber', params: ['latest', false] }])
  const latest = blockOf(resultOf(outcome(latestAnswer), conn.host, 'eth_getBlockByNumber'), conn.host, null)
  remember(conn.times, latest.n, latest.ms)
  const end = (await firstAtOrAfter(conn, window.toMs, await blockBefore(conn, window.toMs, latest), latest)) - 1
  const stop = await firstAtOrAfter(conn, window.fromMs, await blockBefore(conn, window.fromMs, latest), latest)
  const done = end < stop
  return { chain: { ...chain, end, stop, done, reachedMs: done ? window.fromMs : chain.reachedMs }, inflows: [] }
}

/**
 * A block before `ms` (or block 0), found back from `hi` at the recent block rate, the step doubled
 * until one is: the search then never reads ancient blocks a public endpoint may no longer serve
 * (Ethereum nodes that prune pre-merge history: go-ethereum core/history PrunePoints,
 * ethereum/go-ethereum#31939), and takes fewer reads.
 */
async function blockBefore(conn: Conn, ms: number, hi: Probe): Promise<Probe> {
  if (hi.n === 0 || hi.ms < ms) return hi
  const ref = { n: Math.max(0, hi.n - 1000), ms: 0 }
  ref.ms = await blockTime(conn, ref.n)
  if (ref.ms < ms || ref.n === 0) return ref
  const msPerBlock = Math.max(1, (hi.ms - ref.ms) / (hi.n - ref.n))
  for (let distance = Math.ceil(((hi.ms - ms) / msPerBlock) * 1.1) + 1; ; distance *= 2) {
    const n = Math.max(0, hi.n - distance)
    const probe = { n, ms: await blockTime(conn, n) }
    if (probe.ms < ms || n === 0) return probe
  }
}

/** The first block in [lo.n, hi.n + 1] whose time is at or after `ms` (block times never decrease). */
async function firstAtOrAfter(conn: Conn, ms: number, lo: Probe, hi: Probe): Promise<number> {
  if (lo.ms >= ms) return lo.n
  if (hi.ms < ms) return hi.n + 1
  let halve = false
  // lo.ms < ms <= hi.ms throughout.
  while (hi.n - lo.n > 1) {
    const width = hi.n - lo.n
    const guess = halve ? lo.n + Math.floor(width / 2) : lo.n + Math.round(((ms - lo.ms) / (hi.ms - lo.ms)) * width)
    const n = Math.min(hi.n - 1, Math.max(lo.n + 1, guess))
    const probe = { n, ms: await blockTime(conn, n) }
    if (probe.ms < ms) lo = probe
    else hi = probe
    halve = !halve && hi.n - lo.n > width / 2
  }
  return hi.n
}

/** One window back from `chain.end`, narrowed until the endpoint answers it. */
async function scan(conn: Conn, chain: ChainState, window: HistoryWindow, owner: Address, maxSpan: number): Promise<Step> {
  const { end, stop } = chain
  if (end === undefined || stop === undefined) throw new TypeError('scan before the window is located')
  let span: Span = chain
  for (let refusals = 0; ; refusals++) {
    const from = Math.max(stop, end - span.span + 1)
    const logs = await transferLogs(conn, owner, from, end)
    if ('refused' in logs) {
      if (span.span === 1 || refusals >= maxRefusals) throw new FetchFault('rpc', conn.host, `${conn.host} refuses eth_getLogs even for ${span.span} block${span.span === 1 ? '' : 's'}: ${logs.refused}`)
      span = shrunk(span)
      continue
    }
    // Newest first, like the pages; a transfer to itself moves nothing in.
    const transfers = logs.transfers.filter((t) => !t.removed && t.from !== owner).sort((a, b) => b.block - a.block || b.logIndex - a.logIndex)
    const times = await blockTimes(conn, [...new Set(transfers.map((t) => t.block)), from])
    const inflows = transfers.map((t) => inflowOf(conn.deployment, t, times.get(t.block) ?? 0)).filter((i) => i.at >= window.fromMs && i.at < window.toMs)
    const done = from <= stop
    const reachedMs = done ? window.fromMs : Math.max(window.fromMs, times.get(from) ?? window.fromMs)
    return { chain: { ...chain, ...grown(span, maxSpan), end: from - 1, reachedMs, done }, inflows }
  }
}

type Transfer = { from: Address; value: bigint; block: number; txHash: string; logIndex: number; removed: boolean }

/** eth_getLogs for Transfer(*, owner) on the token in [from, to], batched with the time of `from`. */
async function transferLogs(conn: Conn, owner: Address, from: number, to: number): Promise<{ transfers: Transfer[] } | { refused: string }> {
  const topics = encodeEventTopics({ abi: erc20Abi, eventName: 'Transfer', args: { to: owner } })
  const filter = { address: conn.deployment.address, fromBlock: numberToHex(from), toBlock: numberToHex(to), topics }
  const calls: RpcCall[] = [{ method: 'eth_getLogs', params: [filter] }]
  if (!conn.times.has(from)) calls.push(blockCall(from))
  let answers: RpcAnswer[]
  try {
    answers = await conn.send(calls)
  } catch (error) {
    if (error instanceof FetchFault && error.kind === 'timeout') return { refused: error.message }
    throw error
  }
  const [logsAnswer, blockAnswer] = answers
  const logs = outcome(logsAnswer)
  if (logs !== undefined && !logs.ok && isRateLimit(logs)) throw new FetchFault('rate-limited', conn.host, `${conn.host} asked us to slow down (eth_getLogs error ${logs.code ?? ''}: ${logs.message})`)
  if (logs !== undefined && !logs.ok && isWindowRefusal(logs)) return { refused: logs.message }
  const result = resultOf(logs, conn.host, 'eth_getLogs')
  if (!Array.isArray(result)) throw malformed(conn.host, 'eth_getLogs with something that is not a list')
  if (blockAnswer !== undefined) {
    const block = blockOf(resultOf(outcome(blockAnswer), conn.host, 'eth_getBlockByNumber'), conn.host, from)
    remember(conn.times, block.n, block.ms)
  }
  return { transfers: result.map((raw: unknown) => transferOf(raw, conn, owner)) }
}

function transferOf(raw: unknown, conn: Conn, owner: Address): Transfer {
  const { host, deployment } = conn
  if (!isRecord(raw)) throw malformed(host, 'a log that is not an object')
  const { topics, data, address, transactionHash } = raw
  if (typeof address !== 'string' || address.toLowerCase() !== deployment.address.toLowerCase()) throw malformed(host, `a log of another contract than the token ${deployment.address}`)
  if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string' && isHex(t)) || typeof data !== 'string' || !isHex(data)) throw malformed(host, 'a log without hex topics and data')
  if (typeof transactionHash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(transactionHash)) throw malformed(host, 'a log without its transaction hash')
  let args: { from: Address; to: Address; value: bigint }
  try {
    args = decodeEventLog({ abi: erc20Abi, eventName: 'Transfer', topics: topics as [Hex, ...Hex[]], data, strict: true }).args
  } catch {
    throw malformed(host, 'a log that is not an ERC-20 Transfer')
  }
  if (getAddress(args.to) !== owner) throw malformed(host, `a Transfer to ${args.to}, not to ${owner}`)
  return {
    from: getAddress(args.from),
    value: args.value,
    block: Number(quantity(raw.blockNumber, host, 'a log’s blockNumber')),
    txHash: transactionHash.toLowerCase(),
    logIndex: Number(quantity(raw.logIndex, host, 'a log’s logIndex')),
    removed: raw.removed === true,
  }
}

const zeroAddress = '0x0000000000000000000000000000000000000000'

function inflowOf(deployment: Erc20HistoryDeployment, transfer: Transfer, at: number): PastInflow {
  const { chainId, chainName, token, decimals } = deployment
  const sender = deployment.rewardSenders.find((s) => s.address.toLowerCase() === transfer.from.toLowerCase())
  const base = { id: `log:${chainId}:${transfer.txHash}:${transfer.logIndex}`, token, amount: transfer.value, decimals, at }
  if (sender !== undefined) return { ...base, classification: 'reward', rule: `from ${sender.words} (${short(transfer.from)}) on ${chainName}` }
  const what = transfer.from === zeroAddress ? 'minted to this wallet' : `a transfer from ${short(transfer.from)}`
  return { ...base, classification: 'inflow', rule: `${what} on ${chainName}: not a known ${token} reward payout, for you to mark` }
}

/** The times of `blocks`, ms, from the cache or in batches of eth_getBlockByNumber. */
async function blockTimes(conn: Conn, blocks: readonly number[]): Promise<Map<number, number>> {
  const missing = blocks.filter((n) => !conn.times.has(n))
  for (let i = 0; i < missing.length; i += blockBatch) {
    const chunk = missing.slice(i, i + blockBatch)
    const answers = await conn.send(chunk.map(blockCall))
    chunk.forEach((n, k) => {
      const block = blockOf(resultOf(outcome(answers[k]), conn.host, 'eth_getBlockByNumber'), conn.host, n)
      remember(conn.times, n, block.ms)
    })
  }
  return new Map(blocks.map((n) => [n, conn.times.get(n) ?? 0]))
}

const blockTime = async (conn: Conn, n: number): Promise<number> => (await blockTimes(conn, [n])).get(n) ?? 0

function blockCall(n: number): RpcCall {
  return { method: 'eth_getBlockByNumber', params: [numberToHex(n), false] }
}

/** A block object's number and time (ms); `expected` null for 'latest'. */
function blockOf(result: unknown, host: string, expected: number | null): Probe {
  if (result === null) throw malformed(host, `eth_getBlockByNumber with no block ${expected ?? 'latest'}: a node that is not synced`)
  if (!isRecord(result)) throw malformed(host, 'eth_getBlockByNumber with something that is not a block')
  const n = Number(quantity(result.number, host, 'a block’s number'))
  if (expected !== null && n !== expected) throw malformed(host, `block ${n} when asked for block ${expected}`)
  return { n, ms: Number(quantity(result.timestamp, host, 'a block’s timestamp')) * 1000 }
}

function remember(times: Map<number, number>, n: number, ms: number): void {
  if (times.size >= maxCachedBlocks) {
    const oldest = times.keys().next()
    if (oldest.done !== true) times.delete(oldest.value)
  }
  times.set(n, ms)
}

function outcome(answer: RpcAnswer | undefined): Exclude<RpcAnswer, FetchFault> | undefined {
  if (answer instanceof FetchFault) throw answer
  return answer
}

/** A JSON-RPC QUANTITY ("0x1b4"). */
function quantity(value: unknown, host: string, what: string): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) throw malformed(host, `${what} that is not a hex number`)
  return BigInt(value)
}

function evmAddress(input: string): Address {
  if (!isAddress(input, { strict: false })) throw new TypeError(`not an EVM address: ${input.slice(0, 60)}`)
  return getAddress(input)
}

function malformed(host: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${what}`)
}

const short = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`
