import { isRecord } from '../is-record.ts'
import { address, type Address, createSolanaRpcFromTransport, getBase58Encoder, isAddress, type RpcTransport } from '@solana/kit'
// Kit's own HTTP transport parses with these, so lamports beyond 2^53 stay exact; kit does not re-export them.
import { parseJsonWithBigInts, stringifyJsonWithBigInts } from '@solana/rpc-spec-types'
import type { ChainHttp } from '../net/chain-http.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { resultOf } from '../net/json-rpc.ts'
import type { AddressCheck, Holding, HoldingsRead, ReadContext, TokenSpec } from '../holdings/holding.ts'
import { clientPerPool, oncePerEndpoint, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * Solana over kit's typed RPC, with the transport swapped for ours: every call goes through
 * ChainHttp (limiter, timeout, retries) and the endpoint pool (fallback, the host that answered).
 * Before an endpoint is first used its genesis hash is asked, so a devnet URL pasted by mistake
 * is refused instead of showing devnet balances as real ones.
 */

/** The genesis hash names the cluster (the Solana Explorer's GENESIS_HASHES; Octane's MAINNET_BETA_GENESIS_HASH). */
const genesisHashes = {
  mainnet: '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d',
  devnet: 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG',
  testnet: '4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY',
} as const

export type TokenBalance = { amount: bigint; decimals: number }

/**
 * The two token programs a mint can belong to. A mint's accounts are read by `{ mint }` (either
 * program), or with others of its program by `{ programId }` in one getTokenAccountsByOwner
 * (https://solana.com/docs/rpc/http/gettokenaccountsbyowner).
 */
export const tokenPrograms = {
  'spl-token': 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
  'spl-token-2022': 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
} as const
export type TokenProgram = keyof typeof tokenPrograms

/**
 * A mint, with the decimals the network declares; a bare mint has them read from the chain when
 * the owner holds none. Only a mint whose `program` is declared is read with the others of its
 * program: one of unknown program read by programId could silently come back empty.
 */
export type SplMint = string | { mint: string; decimals: number; program?: TokenProgram }

export type SolanaClient = {
  /** Per mint, the sum of every token account the owner has for it (0 when none). */
  tokenBalances(owner: string, mints: readonly SplMint[], signal?: AbortSignal): Promise<Sourced<Map<string, TokenBalance>>>
  /** SOL, in lamports. */
  nativeBalance(owner: string, signal?: AbortSignal): Promise<Sourced<bigint>>
}

export function createSolanaClient(deps: ChainDeps): SolanaClient {
  const rpcs = new Map<string, SolanaRpc>()

  const rpcAt = (url: string): SolanaRpc => {
    let rpc = rpcs.get(url)
    if (!rpc) {
      rpc = createSolanaRpcFromTransport(poolTransport(deps.http, url))
      rpcs.set(url, rpc)
    }
    return rpc
  }

  const onMainnet = oncePerEndpoint((url, signal) => assertMainnet(rpcAt(url), hostOf(url), signal))
  const checked = async (url: string, signal: AbortSignal | undefined): Promise<SolanaRpc> => {
    await onMainnet(url, signal)
    return rpcAt(url)
  }

  return {
    async tokenBalances(owner, mints, signal) {
      const ownerAddress = address(owner)
      return deps.pool.call(async (url) => {
        const rpc = await checked(url, signal)
        const host = hostOf(url)
        // Solana's public RPC allows 40 calls of one method per 10 s, and this is nearly every
        // read: mints of one program go in one call, a lone mint by itself (its answer is smaller).
        const answers = await Promise.all(
          readsFor(mints).map(async (filter) => {
            const answer: unknown = await rpc
              .getTokenAccountsByOwner(ownerAddress, filter, { encoding: 'jsonParsed', commitment: 'confirmed' })
              .send(signal ? { abortSignal: signal } : {})
            return sumByMint(answer, host)
          }),
        )
        const entries = await Promise.all(
          mints.map(async (spec): Promise<[string, TokenBalance]> => {
            const mint = typeof spec === 'string' ? spec : spec.mint
            const held = answers.find((sums) => sums.has(mint))?.get(mint)
            if (held) return [mint, held]
            const decimals = typeof spec === 'string' ? await mintDecimals(rpc, mint, host, signal) : spec.decimals
            return [mint, { amount: 0n, decimals }]
          }),
        )
        return new Map(entries)
      })
    },

    async nativeBalance(owner, signal) {
      const ownerAddress = address(owner)
      return deps.pool.call(async (url) => {
        const rpc = await checked(url, signal)
        const answer: unknown = await rpc.getBalance(ownerAddress).send(signal ? { abortSignal: signal } : {})
        const value = isRecord(answer) ? answer.value : undefined
        if (typeof value !== 'bigint' || value < 0n) throw malformed(hostOf(url), 'getBalance', 'without a lamport count')
        return value
      })
    },
  }
}

type AccountsFilter = { mint: Address } | { programId: Address }

/** One filter per program with two or more declared mints, one per mint otherwise. */
function readsFor(mints: readonly SplMint[]): AccountsFilter[] {
  const byProgram = new Map<TokenProgram, string[]>()
  const alone: string[] = []
  for (const spec of mints) {
    if (typeof spec === 'string' || spec.program === undefined) alone.push(typeof spec === 'string' ? spec : spec.mint)
    else byProgram.set(spec.program, [...(byProgram.get(spec.program) ?? []), spec.mint])
  }
  const filters: AccountsFilter[] = []
  for (const [program, group] of byProgram) {
    if (group.length > 1) filters.push({ programId: address(tokenPrograms[program]) })
    else alone.push(...group)
  }
  return [...filters, ...[...new Set(alone)].map((mint) => ({ mint: address(mint) }))]
}

type SolanaRpc = ReturnType<typeof createSolanaRpcFromTransport<RpcTransport>>

/** Kit's transport contract over ChainHttp: it answers the JSON-RPC envelope, or throws a FetchFault. */
function poolTransport(http: ChainHttp, url: string): RpcTransport {
  const host = hostOf(url)
  return async <TResponse>({ payload, signal }: Parameters<RpcTransport>[0]): Promise<TResponse> => {
    const method = isRecord(payload) && typeof payload.method === 'string' ? payload.method : 'a call'
    const rpcMethods = isRecord(payload) && typeof payload.method === 'string' ? [payload.method] : []
    const answer = await http.request(url, { method: 'POST', body: stringifyJsonWithBigInts(payload), contentType: 'application/json' }, { rpcMethods, ...(signal ? { signal } : {}) })
    let body: unknown
    try {
      body = parseJsonWithBigInts(answer.text)
    } catch {
      throw new FetchFault('malformed', host, `${host} answered ${method} with something that is not JSON`)
    }
    if (!isRecord(body) || body.jsonrpc !== '2.0') throw new FetchFault('malformed', host, `${host} answered ${method} with something that is not JSON-RPC`)
    if (body.error !== undefined && body.error !== null) {
      const error = isRecord(body.error) ? body.error : {}
      const code = typeof error.code === 'number' || typeof error.code === 'bigint' ? Number(error.code) : null
      const message = typeof error.message === 'string' ? error.message.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 200) : 'no message'
      // resultOf throws the house's fault for an RPC error (-32005 and -32429 become 'rate-limited').
      resultOf({ ok: false, code, message }, host, method)
    }
    if (!('result' in body)) throw new FetchFault('malformed', host, `${host} answered ${method} with neither a result nor an error`)
    return body as TResponse
  }
}

async function assertMainnet(rpc: SolanaRpc, host: string, signal: AbortSignal | undefined): Promise<void> {
  const hash: unknown = await rpc.getGenesisHash().send(signal ? { abortSignal: signal } : {})
  if (typeof hash !== 'string') throw malformed(host, 'getGenesisHash', 'without a hash')
  if (hash === genesisHashes.mainnet) return
  const cluster = hash === genesisHashes.devnet ? 'devnet' : hash === genesisHashes.testnet ? 'testnet' : `another cluster, genesis hash ${hash.slice(0, 44)}`
  throw new FetchFault('wrong-chain', host, `${host} is not Solana mainnet (it is ${cluster}); give a mainnet-beta RPC URL`)
}

/** The owner's total per mint over a jsonParsed getTokenAccountsByOwner result; a mint it has no account for is absent. */
function sumByMint(answer: unknown, host: string): Map<string, TokenBalance> {
  const method = 'getTokenAccountsByOwner'
  const accounts = isRecord(answer) ? answer.value : undefined
  if (!Array.isArray(accounts)) throw malformed(host, method, 'without a list of token accounts')
  const sums = new Map<string, TokenBalance>()
  for (const account of accounts) {
    const info = path(account, ['account', 'data', 'parsed', 'info'])
    const tokenAmount = isRecord(info) ? info.tokenAmount : undefined
    if (!isRecord(info) || typeof info.mint !== 'string' || !isRecord(tokenAmount)) throw malformed(host, method, 'with a token account that is not jsonParsed')
    const raw = tokenAmount.amount
    const places = wholeNumber(tokenAmount.decimals)
    if (typeof raw !== 'string' || !/^\d{1,40}$/.test(raw) || places === null) throw malformed(host, method, 'with a token amount that is not a whole number of base units')
    const sum = sums.get(info.mint)
    sums.set(info.mint, { amount: (sum?.amount ?? 0n) + BigInt(raw), decimals: sum?.decimals ?? places })
  }
  return sums
}

async function mintDecimals(rpc: SolanaRpc, mint: string, host: string, signal: AbortSignal | undefined): Promise<number> {
  const answer: unknown = await rpc.getTokenSupply(address(mint)).send(signal ? { abortSignal: signal } : {})
  const decimals = wholeNumber(path(answer, ['value', 'decimals']))
  if (decimals === null) throw malformed(host, 'getTokenSupply', 'without the mint’s decimals')
  return decimals
}

function path(value: unknown, keys: readonly string[]): unknown {
  let current = value
  for (const key of keys) current = isRecord(current) ? current[key] : undefined
  return current
}

/** Kit hands integers back as bigint or number depending on the method; either, if small and whole. */
function wholeNumber(value: unknown): number | null {
  const n = typeof value === 'bigint' ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 36 ? n : null
}

function malformed(host: string, method: string, what: string): FetchFault {
  return new FetchFault('malformed', host, `${host} answered ${method} ${what}`)
}

const base58Alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
export const solanaAddressRule = 'A Solana address is 32–44 base58 characters (no 0, O, I or l)'

/** Offline: is `input` a Solana address (the base58 of a 32-byte public key)? */
export function checkSolanaAddress(input: string): AddressCheck {
  const text = input.trim()
  if (text === '') return { ok: false, message: `Paste a wallet address. ${solanaAddressRule}.` }
  if (/^0x[0-9a-f]{40}$/i.test(text)) return { ok: false, message: `This is an Ethereum-style (0x…) address, not a Solana one. ${solanaAddressRule}.` }
  const chars = Array.from(text)
  const bad = chars.findIndex((char) => !base58Alphabet.includes(char))
  if (bad >= 0) {
    const char = chars[bad] ?? ''
    const shown = /\s/.test(char) ? 'a space' : `“${char}”`
    return { ok: false, message: `${shown} (character ${bad + 1}) is not a base58 character. ${solanaAddressRule}.` }
  }
  if (chars.length < 32 || chars.length > 44) return { ok: false, message: `${solanaAddressRule}; this one has ${chars.length}.` }
  if (!isAddress(text)) {
    const bytes = getBase58Encoder().encode(text).length
    return { ok: false, message: `This is base58 but decodes to ${bytes} bytes, not the 32 of a Solana public key. ${solanaAddressRule}.` }
  }
  return { ok: true, address: text }
}

/** A network's SPL token: its TokenSpec plus the mint the balance is read from, and the mint's token program. */
export type SplToken = TokenSpec & { mint: string; program: TokenProgram }

/**
 * A token's mint is on the original Token program unless it says 'spl-token-2022'. Helium's three
 * are: "All Helium Network Tokens are available on the TokenkegQ… program"
 * (https://docs.helium.com/solana/migration/exchange). A network's only token is read by its
 * mint, where the program makes no difference.
 */
export function splToken(token: Omit<SplToken, 'where' | 'program'> & { program?: TokenProgram }): SplToken {
  return { ...token, program: token.program ?? 'spl-token', where: `SPL mint ${token.mint}` }
}

const clientFor = clientPerPool('solana', createSolanaClient)

/** A network's SPL tokens' liquid balances, those of one program in one call: the whole read of Grass, Render, Nosana; Helium's balances. */
export async function splHoldingsRead(ctx: ReadContext, owner: string, tokens: readonly SplToken[]): Promise<HoldingsRead> {
  const client = clientFor(ctx)
  const { value, host } = await client.tokenBalances(owner, tokens.map(({ mint, decimals, program }) => ({ mint, decimals, program })), ctx.signal)
  const holdings = tokens.map((token): Holding => {
    const balance = value.get(token.mint) ?? { amount: 0n, decimals: token.decimals }
    return { token: token.symbol, kind: 'liquid', key: '', amount: balance.amount, decimals: balance.decimals }
  })
  return { holdings, hosts: [host] }
}
