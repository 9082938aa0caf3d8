import { describe, expect, it } from 'vitest'
import { createEvmClient, type EvmClient } from '../../../src/main/core/chains/evm.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { aethir } from '../../../src/main/core/networks/aethir.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import type { EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { loopbackApi, rpcRoute, type ApiRequest, servedPerTest } from '../../support/loopback-api.ts'
import {
  balanceOf1234,
  batchRefused,
  chainIdArbitrum,
  chainIdMainnet,
  erc20NodeMethods,
  getBalanceDocumented,
  revertError,
  word,
} from '../../fixtures/chains/evm.ts'

/*
 * The EVM client against loopback JSON-RPC servers answering documented bodies, error shapes,
 * garbage and silence. Each fault must come back as a FetchFault of the right kind whose message
 * names the host; the limiter's retries are the only retries.
 */

const { serve } = servedPerTest()

/** A URL where nothing listens any more. */
async function closedUrl(): Promise<string> {
  const server = await loopbackApi(() => ({ json: null }))
  await server.close()
  return server.url
}

const owner = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
const ath = { address: '0xc87B37a581ec3257B734886d9d3a581F5A9d056c', decimals: 18 }
const athOnEthereum = '0xbe0ed4138121ecfc5c0e56b40517da27e6c5226b'
const athOnArbitrum = ath.address.toLowerCase()
const ownerKey = owner.toLowerCase()

/** An Arbitrum One node answering with the documented bodies. */
const documentedNode = rpcRoute({
  eth_chainId: () => ({ result: chainIdArbitrum.result }),
  eth_call: (params) => {
    const [call] = params as [{ data: string }]
    return { result: call.data === '0x313ce567' ? word(18n) : balanceOf1234.result }
  },
  eth_getBalance: () => ({ result: getBalanceDocumented.body.result }),
})

function arbitrumClient(urls: string[], options: { timeoutMs?: number } = {}): EvmClient {
  const http = new ChainHttp({ timeoutMs: options.timeoutMs ?? 200, attempts: 2, backoffBaseMs: 5 })
  return createEvmClient({ http, pool: new EndpointPool(urls), chainId: 42161, chainName: 'Arbitrum One' })
}

describe('EVM JSON-RPC on the wire', () => {
  it('sends balanceOf as the documented eth_call and reads the documented answers exactly', async () => {
    const server = await serve(documentedNode)
    const client = arbitrumClient([server.url])
    expect(await client.erc20Balances(owner, [ath])).toEqual({ value: [balanceOf1234.amount], host: server.host })
    expect(await client.nativeBalance(owner)).toEqual({ value: getBalanceDocumented.wei, host: server.host })
    const [first] = server.requests
    expect(first?.body).toEqual([
      { jsonrpc: '2.0', id: expect.any(Number), method: 'eth_chainId', params: [] },
      { jsonrpc: '2.0', id: expect.any(Number), method: 'eth_call', params: [{ to: ath.address, data: '0x313ce567' }, 'latest'] },
      { jsonrpc: '2.0', id: expect.any(Number), method: 'eth_call', params: [{ to: ath.address, data: `0x70a08231000000000000000000000000${ownerKey.slice(2)}` }, 'latest'] },
    ])
    expect(server.requests[1]?.body).toEqual([{ jsonrpc: '2.0', id: expect.any(Number), method: 'eth_getBalance', params: [owner, 'latest'] }])
  })
})

describe('EVM faults', () => {
  it('429 with Retry-After: waits as asked, then reads (two requests, no more)', async () => {
    let calls = 0
    const server = await serve((request) => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: { error: 'Too Many Requests' } } : documentedNode(request)))
    const read = await arbitrumClient([server.url]).erc20Balances(owner, [ath])
    expect(read).toEqual({ value: [balanceOf1234.amount], host: server.host })
    expect(server.requests).toHaveLength(2)
    const [first, second] = server.requests as [ApiRequest, ApiRequest]
    expect(second.at - first.at).toBeGreaterThanOrEqual(950)
  })

  it('500: retried once, then "had an internal error (HTTP 500)"', async () => {
    const server = await serve(() => ({ status: 500, json: { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'upstream unavailable' } } }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'http',
      status: 500,
      message: `${server.host} had an internal error (HTTP 500): upstream unavailable`,
    })
    expect(server.requests).toHaveLength(2)
  })

  it('a node that never answers: "did not answer within 200 ms"', async () => {
    const server = await serve(() => 'hang')
    await expect(arbitrumClient([server.url]).nativeBalance(owner)).rejects.toMatchObject({ kind: 'timeout', message: `${server.host} did not answer within 200 ms` })
  })

  it('JSON cut off mid-body: malformed', async () => {
    const cut = '[{"jsonrpc":"2.0","id":1,"result":"0xa4'
    const server = await serve(() => ({ raw: cut, headers: { 'content-type': 'application/json' } }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'malformed',
      message: `${server.host} answered something that is not JSON (application/json, ${cut.length} bytes)`,
    })
  })

  it('an HTML page where the RPC should be: malformed', async () => {
    const server = await serve(() => ({ raw: '<!doctype html><title>Cloudflare</title>' }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({ kind: 'malformed' })
  })

  it('a JSON-RPC error object for one call: "refused balanceOf on <token> (error 3: execution reverted)"', async () => {
    const server = await serve(
      rpcRoute({
        eth_chainId: () => ({ result: chainIdArbitrum.result }),
        eth_call: (params) => ((params as [{ data: string }])[0].data === '0x313ce567' ? { result: word(18n) } : { error: revertError }),
      }),
    )
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'rpc',
      message: `${server.host} refused balanceOf on ${ath.address} (error 3: execution reverted)`,
    })
  })

  it('a node that refuses batches says so', async () => {
    const server = await serve(() => ({ json: batchRefused }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'rpc',
      message: `${server.host} refused batch (error -32600: batch requests are not supported)`,
    })
  })

  it('a chain id that is not a number: malformed', async () => {
    const server = await serve(rpcRoute({ eth_chainId: () => ({ result: 'arbitrum' }), eth_call: () => ({ result: word(18n) }) }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'malformed',
      message: `${server.host} answered eth_chainId with something that is not a hex number`,
    })
  })

  it('a short eth_call answer: malformed, not a small balance', async () => {
    const server = await serve(rpcRoute({ eth_chainId: () => ({ result: chainIdArbitrum.result }), eth_call: () => ({ result: '0x1234' }) }))
    await expect(arbitrumClient([server.url]).erc20Balances(owner, [ath])).rejects.toMatchObject({
      kind: 'malformed',
      message: `${server.host} answered eth_call to ${ath.address} with 2 bytes, not a 32-byte number`,
    })
  })

  it('the first endpoint down: the second answers, and the result says so', async () => {
    const down = await closedUrl()
    const server = await serve(documentedNode)
    expect(await arbitrumClient([down, server.url]).erc20Balances(owner, [ath])).toEqual({ value: [balanceOf1234.amount], host: server.host })
  })

  it('an Ethereum node in the Arbitrum slot: wrong-chain, asked once, and the next endpoint used', async () => {
    const ethereum = await serve(rpcRoute({ eth_chainId: () => ({ result: chainIdMainnet.result }) }))
    const alone = arbitrumClient([ethereum.url])
    for (let i = 0; i < 2; i++) {
      await expect(alone.erc20Balances(owner, [ath])).rejects.toMatchObject({ kind: 'wrong-chain', message: `${ethereum.host} is chain 1, not Arbitrum One (42161)` })
    }
    expect(ethereum.requests).toHaveLength(1)
    const arbitrum = await serve(documentedNode)
    expect(await arbitrumClient([ethereum.url, arbitrum.url]).nativeBalance(owner)).toEqual({ value: getBalanceDocumented.wei, host: arbitrum.host })
  })
})

describe('the Aethir read when a chain fails', () => {
  function context(urls: Record<'ethereum' | 'arbitrum', string>, options: { signal?: AbortSignal; timeoutMs?: number } = {}): ReadContext {
    const pools = { ethereum: new EndpointPool([urls.ethereum]), arbitrum: new EndpointPool([urls.arbitrum]) }
    return {
      http: new ChainHttp({ timeoutMs: options.timeoutMs ?? 200, attempts: 1 }),
      pool: (key: EndpointKey) => {
        if (key !== 'ethereum' && key !== 'arbitrum') throw new Error(`aethir asked for the ${key} pool`)
        return pools[key]
      },
      signal: options.signal ?? new AbortController().signal,
    }
  }

  const ethereumNode = rpcRoute(erc20NodeMethods({ chainId: 1, balances: { [athOnEthereum]: { [ownerKey]: 5n * 10n ** 30n + 1n } } }))
  const arbitrumNode = rpcRoute(erc20NodeMethods({ chainId: 42161, balances: { [athOnArbitrum]: { [ownerKey]: 777n } } }))

  it('Ethereum down: Arbitrum One still reads', async () => {
    const arbitrum = await serve(arbitrumNode)
    const read = await aethir.read(context({ ethereum: await closedUrl(), arbitrum: arbitrum.url }), owner)
    expect(read).toMatchObject({ holdings: [{ token: 'ATH', kind: 'liquid', amount: 777n, decimals: 18, detail: 'Arbitrum One' }], hosts: [arbitrum.host] })
    expect(read.failed).toEqual([{ part: 'ethereum', problem: expect.stringContaining('refused the connection') }])
  })

  it('Arbitrum One hanging: Ethereum still reads', async () => {
    const ethereum = await serve(ethereumNode)
    const arbitrum = await serve(() => 'hang')
    const read = await aethir.read(context({ ethereum: ethereum.url, arbitrum: arbitrum.url }), owner)
    expect(read).toEqual({
      holdings: [{ token: 'ATH', kind: 'liquid', key: 'chain 1', amount: 5n * 10n ** 30n + 1n, decimals: 18, detail: 'Ethereum', part: 'ethereum' }],
      hosts: [ethereum.host],
      failed: [{ part: 'arbitrum', problem: expect.stringContaining(`${arbitrum.host} did not answer within`) }],
    })
  })

  it('both down: the read throws, naming what each chain’s endpoint said', async () => {
    const ethereum = await closedUrl()
    const arbitrum = await serve(() => ({ status: 503, json: { message: 'maintenance' } }))
    const read = aethir.read(context({ ethereum, arbitrum: arbitrum.url }), owner)
    await expect(read).rejects.toMatchObject({
      kind: 'http',
      message: `${new URL(ethereum).host} refused the connection; ${arbitrum.host} had an internal error (HTTP 503): maintenance`,
    })
  })

  it('passes the read’s signal down: a cancelled read stops waiting at once', async () => {
    const ethereum = await serve(() => 'hang')
    const arbitrum = await serve(() => 'hang')
    const controller = new AbortController()
    const started = Date.now()
    setTimeout(() => controller.abort(), 50)
    await expect(aethir.read(context({ ethereum: ethereum.url, arbitrum: arbitrum.url }, { signal: controller.signal, timeoutMs: 5000 }), owner)).rejects.toMatchObject({
      message: expect.stringContaining('the read was cancelled'),
    })
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
