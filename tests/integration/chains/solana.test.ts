import { describe, expect, it } from 'vitest'
import { fault } from '../../support/fault.ts'
import { createSolanaClient, type SolanaClient } from '../../../src/main/core/chains/solana.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { loopbackApi, type ApiAnswer, type ApiRequest, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'
import {
  genesis,
  getBalanceOwner,
  getBalanceResponse,
  invalidParamsError,
  tokenAccount,
  tokenAccountsFilter,
  tokenAccountsOwner,
  tokenAccountsResponse,
  tokenAccountsResult,
  tokenSupplyValue,
  unparsedTokenAccount,
} from '../../fixtures/chains/solana.ts'

const GRASS = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const HNT = 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux'
const documentedMint = '2cHr7QS3xfuSV8wdxo3ztuF4xbiarF6Nrgx3qpx3HzXR'

type Call = { method: string; params: unknown[] }
type Handler = (params: unknown[]) => ApiAnswer

const { servers } = servedPerTest()

const result = (value: unknown): ApiAnswer => ({ json: { jsonrpc: '2.0', id: 1, result: value } })
const rawJson = (text: string): ApiAnswer => ({ raw: text, headers: { 'content-type': 'application/json' } })
const callOf = (request: ApiRequest): Call => request.body as Call

/** A loopback Solana node: mainnet's genesis hash unless told otherwise, and the given methods. */
async function solanaNode(handlers: Record<string, Handler>): Promise<LoopbackApi> {
  const all: Record<string, Handler> = { getGenesisHash: () => result(genesis.mainnet), ...handlers }
  const server = await loopbackApi((request) => {
    const { method, params } = callOf(request)
    const handler = all[method]
    return handler ? handler(params) : { json: { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } } }
  })
  servers.push(server)
  return server
}

function client(urls: string[], http = new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 })): SolanaClient {
  return createSolanaClient({ http, pool: new EndpointPool(urls) })
}

const methods = (server: LoopbackApi): string[] => server.requests.map((request) => callOf(request).method)

describe('tokenBalances', () => {
  it('reads the documented getTokenAccountsByOwner body, after checking the genesis hash', async () => {
    const node = await solanaNode({ getTokenAccountsByOwner: () => rawJson(tokenAccountsResponse) })
    const { value, host } = await client([node.url]).tokenBalances(tokenAccountsOwner, [documentedMint])
    expect(value).toEqual(new Map([[documentedMint, { amount: 420_000_000_000_000n, decimals: 6 }]]))
    expect(host).toBe(node.host)
    expect(methods(node)).toEqual(['getGenesisHash', 'getTokenAccountsByOwner'])
    expect(callOf(node.requests[1]!).params).toEqual([tokenAccountsOwner, { mint: documentedMint }, { encoding: 'jsonParsed', commitment: 'confirmed' }])
  })

  it('sums every account the owner has for a mint, exactly, past 2^64', async () => {
    const node = await solanaNode({
      getTokenAccountsByOwner: () =>
        result(tokenAccountsResult([tokenAccount(tokenAccountsOwner, GRASS, '18446744073709551615', 9), tokenAccount(tokenAccountsOwner, GRASS, '1', 9, 'HxFLKUAmAMLz1jtT3hbvCMELwH5H9tpM2QugP8sKyfhW')])),
    })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [{ mint: GRASS, decimals: 9 }])
    expect(value.get(GRASS)).toEqual({ amount: 18_446_744_073_709_551_616n, decimals: 9 })
  })

  it('an owner with no account for the mint holds 0, with the decimals the caller declared', async () => {
    const node = await solanaNode({ getTokenAccountsByOwner: () => result(tokenAccountsResult([])) })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [{ mint: GRASS, decimals: 9 }])
    expect(value.get(GRASS)).toEqual({ amount: 0n, decimals: 9 })
    expect(methods(node)).toEqual(['getGenesisHash', 'getTokenAccountsByOwner'])
  })

  it('a bare mint with no account takes its decimals from the documented getTokenSupply', async () => {
    const node = await solanaNode({
      getTokenAccountsByOwner: () => result(tokenAccountsResult([])),
      getTokenSupply: () => result({ context: { slot: 1114 }, value: tokenSupplyValue }),
    })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [GRASS])
    expect(value.get(GRASS)).toEqual({ amount: 0n, decimals: 2 })
    expect(callOf(node.requests[2]!)).toMatchObject({ method: 'getTokenSupply', params: [GRASS, expect.anything()] })
  })

  it('asks by mint for each mint whose token program is not declared, and answers each from its own accounts', async () => {
    const node = await solanaNode({
      getTokenAccountsByOwner: (params) => {
        const mint = (params[1] as { mint: string }).mint
        return result(tokenAccountsResult(mint === HNT ? [tokenAccount(tokenAccountsOwner, HNT, '250000000', 8)] : []))
      },
    })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [
      { mint: HNT, decimals: 8 },
      { mint: GRASS, decimals: 9 },
    ])
    expect(value).toEqual(
      new Map([
        [HNT, { amount: 250_000_000n, decimals: 8 }],
        [GRASS, { amount: 0n, decimals: 9 }],
      ]),
    )
    expect(methods(node).filter((m) => m === 'getTokenAccountsByOwner')).toHaveLength(2)
  })

  it('reads the documented body by programId: one call for the mints of one program, each summed from its own accounts', async () => {
    const node = await solanaNode({ getTokenAccountsByOwner: () => rawJson(tokenAccountsResponse) })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [
      { mint: documentedMint, decimals: 6, program: 'spl-token' },
      { mint: GRASS, decimals: 9, program: 'spl-token' },
    ])
    expect(value).toEqual(
      new Map([
        [documentedMint, { amount: 420_000_000_000_000n, decimals: 6 }],
        [GRASS, { amount: 0n, decimals: 9 }],
      ]),
    )
    expect(methods(node)).toEqual(['getGenesisHash', 'getTokenAccountsByOwner'])
    expect(callOf(node.requests[1]!).params).toEqual([tokenAccountsOwner, tokenAccountsFilter, { encoding: 'jsonParsed', commitment: 'confirmed' }])
  })

  it('sums several accounts per mint exactly, leaves out mints it was not asked for, and reads a lone Token-2022 mint by itself', async () => {
    const token2022Mint = '2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo'
    const node = await solanaNode({
      getTokenAccountsByOwner: (params) => {
        const filter = params[1] as { mint?: string; programId?: string }
        if (filter.mint === token2022Mint) return result(tokenAccountsResult([tokenAccount(tokenAccountsOwner, token2022Mint, '7', 6)]))
        return result(
          tokenAccountsResult([
            tokenAccount(tokenAccountsOwner, HNT, '18446744073709551615', 8, 'HxFLKUAmAMLz1jtT3hbvCMELwH5H9tpM2QugP8sKyfhW'),
            tokenAccount(tokenAccountsOwner, documentedMint, '5', 6),
            tokenAccount(tokenAccountsOwner, HNT, '2', 8),
          ]),
        )
      },
    })
    const { value } = await client([node.url]).tokenBalances(tokenAccountsOwner, [
      { mint: HNT, decimals: 8, program: 'spl-token' },
      { mint: GRASS, decimals: 9, program: 'spl-token' },
      { mint: token2022Mint, decimals: 6, program: 'spl-token-2022' },
    ])
    expect(value).toEqual(
      new Map([
        [HNT, { amount: 18_446_744_073_709_551_617n, decimals: 8 }],
        [GRASS, { amount: 0n, decimals: 9 }],
        [token2022Mint, { amount: 7n, decimals: 6 }],
      ]),
    )
    expect(node.requests.slice(1).map((request) => callOf(request).params[1])).toEqual([tokenAccountsFilter, { mint: token2022Mint }])
  })

  it('checks the genesis hash once per endpoint, not once per call', async () => {
    const node = await solanaNode({ getTokenAccountsByOwner: () => result(tokenAccountsResult([])), getBalance: () => rawJson(getBalanceResponse) })
    const solana = client([node.url])
    await solana.tokenBalances(tokenAccountsOwner, [{ mint: GRASS, decimals: 9 }])
    await solana.nativeBalance(tokenAccountsOwner)
    expect(methods(node)).toEqual(['getGenesisHash', 'getTokenAccountsByOwner', 'getBalance'])
  })
})

describe('nativeBalance', () => {
  it('reads the documented getBalance body', async () => {
    const node = await solanaNode({ getBalance: () => rawJson(getBalanceResponse) })
    expect(await client([node.url]).nativeBalance(getBalanceOwner)).toEqual({ value: 0n, host: node.host })
    expect(callOf(node.requests[1]!)).toMatchObject({ method: 'getBalance', params: [getBalanceOwner, expect.anything()] })
  })

  it('keeps lamports beyond 2^53 exact', async () => {
    const node = await solanaNode({ getBalance: () => rawJson('{"jsonrpc":"2.0","result":{"context":{"slot":1},"value":9007199254740993},"id":1}') })
    expect((await client([node.url]).nativeBalance(getBalanceOwner)).value).toBe(9_007_199_254_740_993n)
  })
})

describe('faults', () => {
  it('waits out a 429 with Retry-After, then succeeds', async () => {
    let first = true
    const node = await solanaNode({
      getGenesisHash: () => {
        if (!first) return result(genesis.mainnet)
        first = false
        return { status: 429, headers: { 'retry-after': '1' }, json: { jsonrpc: '2.0', id: 1, error: { code: 429, message: 'Too many requests' } } }
      },
      getBalance: () => rawJson(getBalanceResponse),
    })
    const started = Date.now()
    expect((await client([node.url]).nativeBalance(getBalanceOwner)).value).toBe(0n)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(methods(node)).toEqual(['getGenesisHash', 'getGenesisHash', 'getBalance'])
  })

  it('a 500 on every try is an http fault naming the host', async () => {
    const node = await solanaNode({ getGenesisHash: () => ({ status: 500, json: { message: 'upstream exploded' } }) })
    const error = await fault(client([node.url]).nativeBalance(getBalanceOwner))
    expect(error).toMatchObject({ kind: 'http', status: 500, host: node.host, message: `${node.host} had an internal error (HTTP 500): upstream exploded` })
    expect(node.requests).toHaveLength(2)
  })

  it('a node that never answers is a timeout', async () => {
    const node = await solanaNode({ getGenesisHash: () => 'hang' })
    const error = await fault(client([node.url], new ChainHttp({ timeoutMs: 200, attempts: 1 })).nativeBalance(getBalanceOwner))
    expect(error).toMatchObject({ kind: 'timeout', message: `${node.host} did not answer within 200 ms` })
  })

  it('a body that is not JSON is malformed', async () => {
    const node = await solanaNode({ getGenesisHash: () => ({ raw: '<!doctype html><title>Bad gateway</title>' }) })
    const error = await fault(client([node.url]).nativeBalance(getBalanceOwner))
    expect(error).toMatchObject({ kind: 'malformed', message: `${node.host} answered getGenesisHash with something that is not JSON` })
  })

  const shapes: [string, ApiAnswer, string][] = [
    ['JSON that is not JSON-RPC', { json: { value: [] } }, 'answered getTokenAccountsByOwner with something that is not JSON-RPC'],
    ['a result without a list', result({ context: { slot: 1 }, value: null }), 'answered getTokenAccountsByOwner without a list of token accounts'],
    ['an account in base64, not jsonParsed', result(tokenAccountsResult([unparsedTokenAccount])), 'answered getTokenAccountsByOwner with a token account that is not jsonParsed'],
    ['a fractional amount', result(tokenAccountsResult([tokenAccount(tokenAccountsOwner, GRASS, '12.5', 9)])), 'answered getTokenAccountsByOwner with a token amount that is not a whole number of base units'],
    ['a truncated body', rawJson('{"jsonrpc":"2.0","result":{"value":['), 'answered getTokenAccountsByOwner with something that is not JSON'],
  ]
  it.each(shapes)('%s is malformed', async (_name, answer, message) => {
    const node = await solanaNode({ getTokenAccountsByOwner: () => answer })
    const error = await fault(client([node.url]).tokenBalances(tokenAccountsOwner, [{ mint: GRASS, decimals: 9 }]))
    expect(error).toMatchObject({ kind: 'malformed', host: node.host, message: `${node.host} ${message}` })
  })

  it('a JSON-RPC error is an rpc fault with the node’s code and message', async () => {
    const node = await solanaNode({ getBalance: () => ({ json: { jsonrpc: '2.0', id: 1, error: invalidParamsError } }) })
    const error = await fault(client([node.url]).nativeBalance(getBalanceOwner))
    expect(error).toMatchObject({ kind: 'rpc', message: `${node.host} refused getBalance (error -32602: Invalid param: WrongSize)` })
  })

  const clusters: [string, string, string][] = [
    ['devnet', genesis.devnet, 'devnet'],
    ['testnet', genesis.testnet, 'testnet'],
    ['the documented example cluster', genesis.documentedExample, `another cluster, genesis hash ${genesis.documentedExample}`],
  ]
  it.each(clusters)('an endpoint on %s is the wrong chain, and is asked nothing else', async (_name, hash, words) => {
    const node = await solanaNode({ getGenesisHash: () => result(hash), getBalance: () => rawJson(getBalanceResponse) })
    const error = await fault(client([node.url]).nativeBalance(getBalanceOwner))
    expect(error).toMatchObject({ kind: 'wrong-chain', host: node.host, message: `${node.host} is not Solana mainnet (it is ${words}); give a mainnet-beta RPC URL` })
    expect(methods(node)).toEqual(['getGenesisHash'])
  })

  it('falls through to the second endpoint when the first is down, and says which answered', async () => {
    const down = await solanaNode({})
    const downUrl = down.url
    await servers.splice(servers.indexOf(down), 1)[0]?.close()
    const up = await solanaNode({ getBalance: () => rawJson(getBalanceResponse) })
    expect(await client([downUrl, up.url]).nativeBalance(getBalanceOwner)).toEqual({ value: 0n, host: up.host })
  })

  it('falls through a devnet endpoint to a mainnet one', async () => {
    const devnet = await solanaNode({ getGenesisHash: () => result(genesis.devnet) })
    const mainnet = await solanaNode({ getTokenAccountsByOwner: () => rawJson(tokenAccountsResponse) })
    const { value, host } = await client([devnet.url, mainnet.url]).tokenBalances(tokenAccountsOwner, [documentedMint])
    expect(host).toBe(mainnet.host)
    expect(value.get(documentedMint)?.amount).toBe(420_000_000_000_000n)
    expect(methods(devnet)).toEqual(['getGenesisHash'])
  })

  it('when every endpoint fails, the fault names each', async () => {
    const devnet = await solanaNode({ getGenesisHash: () => result(genesis.devnet) })
    const broken = await solanaNode({ getGenesisHash: () => ({ status: 503, json: {} }) })
    const error = await fault(client([devnet.url, broken.url]).nativeBalance(getBalanceOwner))
    expect(error.message).toBe(`${devnet.host} is not Solana mainnet (it is devnet); give a mainnet-beta RPC URL; ${broken.host} had an internal error (HTTP 503)`)
  })
})
