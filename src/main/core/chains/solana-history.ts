import { isRecord } from '../is-record.ts'
import type { HistorySource, HistoryWindow, PastInflow } from '../holdings/history-source.ts'
import type { ReadContext } from '../holdings/holding.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { jsonRpc, jsonRpcBatch, resultOf, type RpcCall } from '../net/json-rpc.ts'
import { clientPerPool, type ChainDeps } from './chain-deps.ts'
import type { SplToken } from './solana.ts'

/*
 * A Solana wallet's past SPL inflows, for the backfill. For each of the network's mints the
 * owner's token accounts are found (getTokenAccountsByOwner), each account's signatures read
 * backwards in pages (getSignaturesForAddress, `before`), and the transactions of those in the
 * window fetched (getTransaction, jsonParsed). An inflow is the rise of the owner's balance of the
 * mint across one transaction (meta.postTokenBalances − meta.preTokenBalances, by owner); a fall
 * or no change is not one. Its source decides its class: a distributor or claim program the
 * network names, or a sender it names, is a reward; anything else is an inflow the operator marks.
 *
 * Kit's RPC sends one call per request, so this speaks JSON-RPC through net/json-rpc.ts: a page's
 * transactions go in batches, as web3.js 1.x getParsedTransactions does. The host limiter counts
 * each call of a batch against the public endpoint's 40 calls of one method per 10 s, so a page
 * fetches at most one such window's worth of transactions, and a restart loses at most that.
 */

/** A named source of a network's token: a program among the transaction's instructions, or an owner whose balance fell. */
export type SplSource = {
  by: 'program' | 'sender'
  address: string
  /** For the rule, in words: "Nosana's jobs program". */
  name: string
  /** false: named in the rule but left to the operator (a staking program returns principal as well as rewards). */
  reward: boolean
}

export type SplHistoryOptions = { tokens: readonly SplToken[]; sources: readonly SplSource[]; reach: string }

/** Signatures asked per getSignaturesForAddress; those outside the window cost nothing more. */
const signaturesPerCall = 100
/** Transactions fetched per page: the public endpoint's 40 calls of one method per 10 s. */
const transactionsPerPage = 40
/** Calls per batch request, so two batches of a page travel side by side within 20 in flight. */
const callsPerBatch = 20
const cursorVersion = 1

type TokenAccount = { pubkey: string; mint: string }
type Cursor = { accounts: TokenAccount[]; at: number; before: string | null }
type SignatureInfo = { signature: string; blockTime: number | null; failed: boolean }
type Tally = { requests: number }

/** Genesis checks and batch refusals, per endpoint, for the life of a pool. */
type PoolState = { deps: ChainDeps; mainnet: Map<string, Promise<void>>; noBatch: Set<string> }
const stateFor = clientPerPool('solana', (deps): PoolState => ({ deps, mainnet: new Map(), noBatch: new Set() }))

export function splHistory(options: SplHistoryOptions): HistorySource {
  return {
    reach: options.reach,
    async page(ctx, owner, window, cursorText) {
      const tally: Tally = { requests: 0 }
      const state = stateFor(ctx)
      const cursor = parseCursor(cursorText) ?? { accounts: await tokenAccounts(ctx, state, owner, options.tokens, tally), at: 0, before: null }
      const account = cursor.accounts[cursor.at]
      if (account === undefined) return { inflows: [], cursor: null, reachedMs: window.fromMs, requests: tally.requests }
      const step = await signaturesStep(ctx, state, account, window, cursor.before, tally)
      const transactions = await fetchTransactions(ctx, state, step.fetch, tally)
      const token = options.tokens.find((t) => t.mint === account.mint)
      const inflows = token === undefined ? [] : transactions.flatMap((tx, i) => inflowOf(tx, step.fetch[i], owner, token, cursor.accounts, options.sources, window))
      const next: Cursor | null = !step.done ? { ...cursor, before: step.last } : cursor.at + 1 < cursor.accounts.length ? { ...cursor, at: cursor.at + 1, before: null } : null
      return { inflows, cursor: next === null ? null : JSON.stringify({ v: cursorVersion, ...next }), reachedMs: progress(window, cursor, step), requests: tally.requests }
    },
  }
}

/** A cursor from an older version or damaged starts the window again: what was booked is not booked twice. */
function parseCursor(text: string | null): Cursor | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    if (!isRecord(value) || value.v !== cursorVersion || !Array.isArray(value.accounts) || typeof value.at !== 'number') return null
    const accounts = value.accounts.filter((a): a is TokenAccount => isRecord(a) && typeof a.pubkey === 'string' && typeof a.mint === 'string')
    if (accounts.length !== value.accounts.length) return null
    const before = typeof value.before === 'string' ? value.before : null
    return { accounts, at: value.at, before }
  } catch {
    return null
  }
}

/**
 * Progress across the window, newest end first. With several token accounts each is read back
 * from the window's end again, so each is given an equal share of it and progress never goes back.
 */
function progress(window: HistoryWindow, cursor: Cursor, step: { done: boolean; oldestMs: number }): number {
  const span = Math.max(1, window.toMs - window.fromMs)
  const share = step.done ? 1 : Math.min(1, Math.max(0, (window.toMs - step.oldestMs) / span))
  const done = (cursor.at + share) / Math.max(1, cursor.accounts.length)
  return Math.max(window.fromMs, Math.round(window.toMs - span * done))
}

/** Runs `call` on the pool's endpoints in turn, once each is known to be mainnet. */
async function onMainnet<T>(ctx: ReadContext, state: PoolState, tally: Tally, call: (url: string) => Promise<T>): Promise<T> {
  const { value } = await state.deps.pool.call(async (url) => {
    await checkMainnet(ctx, state, url, tally)
    return call(url)
  })
  return value
}

const mainnetGenesis = '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d' // as solana.ts checks it

/** A devnet URL pasted by mistake would backfill devnet's history as if it were real: asked once per endpoint, like live reads. */
function checkMainnet(ctx: ReadContext, state: PoolState, url: string, tally: Tally): Promise<void> {
  let check = state.mainnet.get(url)
  if (check === undefined) {
    tally.requests += 1
    const host = hostOf(url)
    check = jsonRpc(state.deps.http, url, 'getGenesisHash', [], { signal: ctx.signal }).then((hash) => {
      if (hash !== mainnetGenesis) throw new FetchFault('wrong-chain', host, `${host} is not Solana mainnet (genesis hash ${String(hash).slice(0, 44)}); give a mainnet-beta RPC URL`)
    })
    state.mainnet.set(url, check)
    check.catch(() => state.mainnet.delete(url))
  }
  return check
}

/** The owner's token accounts of each mint (https://solana.com/docs/rpc/http/gettokenaccountsbyowner), in the order of the tokens. */
async function tokenAccounts(ctx: ReadContext, state: PoolState, owner: string, tokens: readonly SplToken[], tally: Tally): Promise<TokenAccount[]> {
  const lists = await Promise.all(
    tokens.map((token) =>
      onMainnet(ctx, state, tally, async (url) => {
        tally.requests += 1
        const answer = await jsonRpc(state.deps.http, url, 'getTokenAccountsByOwner', [owner, { mint: token.mint }, { encoding: 'jsonParsed', commitment: 'confirmed' }], {
          signal: ctx.signal,
        })
        const value = isRecord(answer) ? answer.value : undefined
        if (!Array.isArray(value)) throw malformed(url, 'getTokenAccountsByOwner', 'without a list of token accounts')
        return value.flatMap((item): TokenAccount[] => {
          const mint = path(item, ['account', 'data', 'parsed', 'info', 'mint'])
          return isRecord(item) && typeof item.pubkey === 'string' && mint === token.mint ? [{ pubkey: item.pubkey, mint }] : []
        })
      }),
    ),
  )
  return lists.flat()
}

type SignaturesStep = { fetch: SignatureInfo[]; last: string | null; done: boolean; oldestMs: number }

/**
 * One getSignaturesForAddress page (https://solana.com/docs/rpc/http/getsignaturesforaddress),
 * newest to oldest: skips what is at or after the window's end and what failed (a failed
 * transaction moves no tokens), stops at the first before its start, and keeps at most a page of
 * transactions to fetch. `last` is the last signature consumed: the next page starts before it.
 */
async function signaturesStep(ctx: ReadContext, state: PoolState, account: TokenAccount, window: HistoryWindow, before: string | null, tally: Tally): Promise<SignaturesStep> {
  const config = { limit: signaturesPerCall, commitment: 'finalized', ...(before === null ? {} : { before }) }
  const infos = await onMainnet(ctx, state, tally, async (url) => {
    tally.requests += 1
    const answer = await jsonRpc(state.deps.http, url, 'getSignaturesForAddress', [account.pubkey, config], { signal: ctx.signal })
    if (!Array.isArray(answer)) throw malformed(url, 'getSignaturesForAddress', 'without a list of signatures')
    return answer.map((item) => signatureInfo(item, url))
  })
  const fetch: SignatureInfo[] = []
  let last = before
  let consumed = 0
  let oldestMs = window.toMs
  for (const info of infos) {
    if (fetch.length >= transactionsPerPage) break
    const atMs = info.blockTime === null ? null : info.blockTime * 1000
    if (atMs !== null && atMs < window.fromMs) return { fetch, last, done: true, oldestMs: window.fromMs }
    consumed += 1
    last = info.signature
    if (atMs !== null) oldestMs = Math.min(oldestMs, atMs)
    if (!info.failed && (atMs === null || atMs < window.toMs)) fetch.push(info)
  }
  const done = consumed === infos.length && infos.length < signaturesPerCall
  return { fetch, last, done, oldestMs }
}

function signatureInfo(item: unknown, url: string): SignatureInfo {
  if (!isRecord(item) || typeof item.signature !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{32,90}$/.test(item.signature)) throw malformed(url, 'getSignaturesForAddress', 'with an entry that is not a signature')
  const blockTime = typeof item.blockTime === 'number' && Number.isSafeInteger(item.blockTime) ? item.blockTime : null
  return { signature: item.signature, blockTime, failed: item.err !== null && item.err !== undefined }
}

/** getTransaction (https://solana.com/docs/rpc/http/gettransaction), jsonParsed, in batches; answers in the order asked. */
async function fetchTransactions(ctx: ReadContext, state: PoolState, infos: readonly SignatureInfo[], tally: Tally): Promise<Record<string, unknown>[]> {
  const chunks: SignatureInfo[][] = []
  for (let i = 0; i < infos.length; i += callsPerBatch) chunks.push(infos.slice(i, i + callsPerBatch))
  const answers = await Promise.all(chunks.map((chunk) => onMainnet(ctx, state, tally, (url) => transactionsAt(ctx, state, url, chunk, tally))))
  return answers.flat()
}

async function transactionsAt(ctx: ReadContext, state: PoolState, url: string, chunk: readonly SignatureInfo[], tally: Tally): Promise<Record<string, unknown>[]> {
  const host = hostOf(url)
  const calls: RpcCall[] = chunk.map((info) => ({ method: 'getTransaction', params: [info.signature, { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0, commitment: 'finalized' }] }))
  const results = await batchOrSingles(ctx, state, url, calls, tally)
  return results.map((result, i) => {
    const signature = chunk[i]?.signature ?? ''
    // The node listed the signature, so a null here is a node without that part of the ledger: another endpoint may have it.
    if (!isRecord(result)) throw new FetchFault('malformed', host, `${host} listed transaction ${signature.slice(0, 12)}… but has no copy of it`)
    return result
  })
}

/** One batch; an endpoint that refuses batches (JSON-RPC 2.0 allows it) is asked one call at a time from then on. */
async function batchOrSingles(ctx: ReadContext, state: PoolState, url: string, calls: readonly RpcCall[], tally: Tally): Promise<unknown[]> {
  const host = hostOf(url)
  if (calls.length > 1 && !state.noBatch.has(url)) {
    tally.requests += 1
    const outcomes = await jsonRpcBatch(state.deps.http, url, calls, { signal: ctx.signal }).catch((error: unknown) => {
      if (!(error instanceof FetchFault) || error.retryable || !isBatchRefusal(error)) throw error
      state.noBatch.add(url)
      return null
    })
    // A call's own error (a rate limit inside a 200, a slot not kept) is that call's fault, not a refusal.
    if (outcomes !== null) return outcomes.map((outcome, i) => resultOf(outcome, host, calls[i]?.method ?? 'a call'))
  }
  return Promise.all(
    calls.map((call) => {
      tally.requests += 1
      return jsonRpc(state.deps.http, url, call.method, call.params, { signal: ctx.signal })
    }),
  )
}

/** What a node says to a batch it will not take: one JSON-RPC error, a body that is no list, or a 4xx. */
const isBatchRefusal = (fault: FetchFault): boolean => fault.kind === 'rpc' || fault.kind === 'malformed' || (fault.kind === 'http' && (fault.status === 400 || fault.status === 413))

/**
 * The owner's inflow of the account's mint in one transaction, classified, or none. Balances are
 * the documented Token Balances structure (https://solana.com/docs/rpc/json-structures#token-balances);
 * an entry without `owner` (older transactions) counts as the owner's when its account is one of
 * the owner's token accounts.
 */
function inflowOf(tx: Record<string, unknown>, info: SignatureInfo | undefined, owner: string, token: SplToken, accounts: readonly TokenAccount[], sources: readonly SplSource[], window: HistoryWindow): PastInflow[] {
  const meta = isRecord(tx.meta) ? tx.meta : null
  if (info === undefined || meta === null || (meta.err !== null && meta.err !== undefined)) return []
  const blockTime = typeof tx.blockTime === 'number' ? tx.blockTime : info.blockTime
  if (blockTime === null) return []
  const at = blockTime * 1000
  if (at < window.fromMs || at >= window.toMs) return []
  const keys = accountKeys(tx)
  const ownAccounts = new Set(accounts.map((a) => a.pubkey))
  const pre = balancesOf(meta.preTokenBalances, token.mint, keys)
  const post = balancesOf(meta.postTokenBalances, token.mint, keys)
  const isOwners = (b: Balance): boolean => b.owner === owner || (b.owner === null && b.account !== null && ownAccounts.has(b.account))
  const sum = (list: Balance[]): bigint => list.filter(isOwners).reduce((total, b) => total + b.amount, 0n)
  const delta = sum(post) - sum(pre)
  if (delta <= 0n) return []
  const decimals = [...post, ...pre].find(isOwners)?.decimals ?? token.decimals
  return [{ id: `sig:${info.signature}:${token.mint}`, token: token.symbol, amount: delta, decimals, at, ...classify(tx, pre, post, owner, sources) }]
}

type Balance = { owner: string | null; account: string | null; amount: bigint; decimals: number }

function balancesOf(list: unknown, mint: string, keys: readonly string[]): Balance[] {
  if (!Array.isArray(list)) return []
  return list.flatMap((entry): Balance[] => {
    if (!isRecord(entry) || entry.mint !== mint || !isRecord(entry.uiTokenAmount)) return []
    const raw = entry.uiTokenAmount.amount
    const decimals = entry.uiTokenAmount.decimals
    if (typeof raw !== 'string' || !/^\d{1,40}$/.test(raw) || typeof decimals !== 'number') return []
    const account = typeof entry.accountIndex === 'number' ? (keys[entry.accountIndex] ?? null) : null
    return [{ owner: typeof entry.owner === 'string' ? entry.owner : null, account, amount: BigInt(raw), decimals }]
  })
}

/** jsonParsed gives `{ pubkey, signer, writable, source }` per account key; json gives the bare keys. */
function accountKeys(tx: Record<string, unknown>): string[] {
  const keys = path(tx, ['transaction', 'message', 'accountKeys'])
  if (!Array.isArray(keys)) return []
  return keys.map((key) => (typeof key === 'string' ? key : isRecord(key) && typeof key.pubkey === 'string' ? key.pubkey : ''))
}

/** Every program the transaction ran, inner instructions included (jsonParsed names each by `programId`). */
function programsOf(tx: Record<string, unknown>): Set<string> {
  const outer = path(tx, ['transaction', 'message', 'instructions'])
  const inner = path(tx, ['meta', 'innerInstructions'])
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [])
  const instructions = [...list(outer), ...list(inner).flatMap((group) => list(isRecord(group) ? group.instructions : undefined))]
  const programs = new Set<string>()
  for (const instruction of instructions) if (isRecord(instruction) && typeof instruction.programId === 'string') programs.add(instruction.programId)
  return programs
}

function classify(tx: Record<string, unknown>, pre: Balance[], post: Balance[], owner: string, sources: readonly SplSource[]): Pick<PastInflow, 'classification' | 'rule'> {
  const programs = programsOf(tx)
  const senders = sendersOf(pre, post, owner)
  const source = sources.find((s) => (s.by === 'program' ? programs.has(s.address) : senders.includes(s.address)))
  if (source !== undefined) {
    const where = `${source.name} (${source.by} ${source.address})`
    return source.reward ? { classification: 'reward', rule: `from ${where}` } : { classification: 'inflow', rule: `from ${where}: a reward or your own withdrawal, for you to mark` }
  }
  const [sender] = senders
  return { classification: 'inflow', rule: sender === undefined ? 'received with no sender among the token balances (minted, or moved by a program)' : `received from ${sender}, not a known distributor` }
}

/** Owners other than `owner` whose balance of the mint fell in the transaction. */
function sendersOf(pre: Balance[], post: Balance[], owner: string): string[] {
  const change = new Map<string, bigint>()
  for (const b of pre) if (b.owner !== null && b.owner !== owner) change.set(b.owner, (change.get(b.owner) ?? 0n) - b.amount)
  for (const b of post) if (b.owner !== null && b.owner !== owner) change.set(b.owner, (change.get(b.owner) ?? 0n) + b.amount)
  return [...change].filter(([, d]) => d < 0n).map(([who]) => who)
}

function path(value: unknown, keys: readonly string[]): unknown {
  let current = value
  for (const key of keys) current = isRecord(current) ? current[key] : undefined
  return current
}

function malformed(url: string, method: string, what: string): FetchFault {
  const host = hostOf(url)
  return new FetchFault('malformed', host, `${host} answered ${method} ${what}`)
}
