import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicClient, createTestClient, createWalletClient, getAddress, http as viemHttp, type Address, type Chain, type Hex } from 'viem'
import { arbitrum, mainnet } from 'viem/chains'
import { createEvmClient } from '../../../src/main/core/chains/evm.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { aethir, athDeployments } from '../../../src/main/core/networks/aethir.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import type { EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { anvilBinary, anvilMissingReason, startAnvil, type Anvil } from '../../support/anvil.ts'
import { loopbackApi, type LoopbackApi } from '../../support/loopback-api.ts'
import { compileTestToken, testTokenAbi } from '../../fixtures/chains/evm.ts'

/*
 * The EVM client against a real EVM node: anvil as Arbitrum One (42161) and as Ethereum (1),
 * with TestToken.sol compiled by solc-js and deployed by viem from anvil's unlocked dev account.
 * Amounts are far past 2^53, so a float anywhere on the way would show.
 */

if (anvilBinary === undefined) console.warn(anvilMissingReason)

const owners = ['0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', '0x1000000000000000000000000000000000000001', '0x2000000000000000000000000000000000000002'] as const
const [vitalik, second, third] = owners

type Node = { anvil: Anvil; chain: Chain; dev: Address; deploy(): Promise<Address>; send(to: Address, fn: 'mint' | 'transfer', args: readonly [Address, bigint]): Promise<void>; setCode(at: Address, code: Hex): Promise<void> }

async function node(anvil: Anvil, chain: Chain, bytecode: Hex): Promise<Node> {
  const transport = viemHttp(anvil.url)
  const wallet = createWalletClient({ chain, transport })
  const reader = createPublicClient({ chain, transport, pollingInterval: 20 })
  const tester = createTestClient({ chain, transport, mode: 'anvil' })
  const [dev] = await wallet.getAddresses()
  if (dev === undefined) throw new Error('anvil has no dev account')
  return {
    anvil,
    chain,
    dev,
    deploy: async () => {
      const hash = await wallet.deployContract({ abi: testTokenAbi, bytecode, account: dev })
      const receipt = await reader.waitForTransactionReceipt({ hash })
      if (!receipt.contractAddress) throw new Error('TestToken was not deployed')
      return receipt.contractAddress
    },
    send: async (to, fn, args) => {
      const hash = await wallet.writeContract({ address: to, abi: testTokenAbi, functionName: fn, args, account: dev })
      const receipt = await reader.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`${fn} reverted`)
    },
    setCode: (at, code) => tester.setCode({ address: at, bytecode: code }),
  }
}

describe.skipIf(anvilBinary === undefined)('the EVM client against anvil', () => {
  let arbitrumNode: Node
  let ethereumNode: Node
  let deployedBytecode: Hex
  let proxy: LoopbackApi
  const tokens: Address[] = []
  const closers: (() => Promise<void>)[] = []

  beforeAll(async () => {
    const compiled = await compileTestToken()
    deployedBytecode = compiled.deployedBytecode
    const start = async (chainId: number): Promise<Anvil> => {
      const anvil = await startAnvil({ chainId })
      closers.push(() => anvil.close())
      return anvil
    }
    const [arbitrumAnvil, ethereumAnvil] = await Promise.all([start(42161), start(1)])
    arbitrumNode = await node(arbitrumAnvil, arbitrum, compiled.bytecode)
    ethereumNode = await node(ethereumAnvil, mainnet, compiled.bytecode)
    const { dev } = arbitrumNode
    for (let i = 0; i < 3; i++) tokens.push(await arbitrumNode.deploy())
    const [a, b] = tokens as [Address, Address, Address]
    await arbitrumNode.send(a, 'mint', [vitalik, 1234567890123456789012n])
    await arbitrumNode.send(a, 'mint', [dev, 10n ** 27n])
    await arbitrumNode.send(a, 'transfer', [second, 987654321987654321987n])
    await arbitrumNode.send(b, 'mint', [vitalik, 2n ** 200n + 7n])
    await arbitrumNode.send(b, 'mint', [third, 1n])
    // A recording proxy in front of anvil: the only way to see how many requests, and which calls, went out.
    proxy = await loopbackApi(async (request) => {
      const answer = await fetch(arbitrumAnvil.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) })
      return { json: await answer.json() }
    })
    closers.push(() => proxy.close())
  }, 90_000)

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()))
  })

  const newHttp = (): ChainHttp => new ChainHttp({ timeoutMs: 2000, attempts: 2, backoffBaseMs: 5 })
  const erc20 = (address: Address) => ({ address, decimals: 18 })

  it('reads exact balances of several tokens for each owner, one batched request per read, the chain checked once', async () => {
    const http = newHttp()
    const client = createEvmClient({ http, pool: new EndpointPool([proxy.url]), chainId: 42161, chainName: 'Arbitrum One' })
    const all = tokens.map(erc20)

    expect(await client.erc20Balances(vitalik, all)).toEqual({ value: [1234567890123456789012n, 2n ** 200n + 7n, 0n], host: proxy.host })
    expect(await client.erc20Balances(second, all)).toEqual({ value: [987654321987654321987n, 0n, 0n], host: proxy.host })
    expect(await client.erc20Balances(third, all)).toEqual({ value: [0n, 1n, 0n], host: proxy.host })
    expect(await client.erc20Balances(arbitrumNode.dev, all.slice(0, 1))).toEqual({ value: [10n ** 27n - 987654321987654321987n], host: proxy.host })

    const methods = proxy.requests.map((request) => (request.body as { method: string }[]).map((call) => call.method))
    expect(methods).toEqual([
      ['eth_chainId', 'eth_call', 'eth_call', 'eth_call', 'eth_call', 'eth_call', 'eth_call'],
      ['eth_call', 'eth_call', 'eth_call'],
      ['eth_call', 'eth_call', 'eth_call'],
      ['eth_call'],
    ])
    expect(http.limiter.stats().find((s) => s.host === proxy.host)?.sent).toBe(4)
  })

  it('reads the native balance in wei, exactly', async () => {
    const value = 1_500_000_000_000_000_000n + 1n
    const wallet = createWalletClient({ chain: arbitrum, transport: viemHttp(arbitrumNode.anvil.url) })
    await wallet.sendTransaction({ account: arbitrumNode.dev, to: third, value })
    const client = createEvmClient({ http: newHttp(), pool: new EndpointPool([arbitrumNode.anvil.url]), chainId: 42161, chainName: 'Arbitrum One' })
    expect(await client.nativeBalance(third)).toEqual({ value, host: arbitrumNode.anvil.host })
    expect(await client.nativeBalance(second)).toEqual({ value: 0n, host: arbitrumNode.anvil.host })
  })

  it('refuses a node on another chain: "<host> is chain 42161, not Ethereum (1)"', async () => {
    const client = createEvmClient({ http: newHttp(), pool: new EndpointPool([arbitrumNode.anvil.url]), chainId: 1, chainName: 'Ethereum' })
    await expect(client.erc20Balances(vitalik, tokens.map(erc20))).rejects.toMatchObject({
      kind: 'wrong-chain',
      host: arbitrumNode.anvil.host,
      message: `${arbitrumNode.anvil.host} is chain 42161, not Ethereum (1)`,
    })
  })

  it('falls through a wrong-chain endpoint to the right one', async () => {
    const client = createEvmClient({ http: newHttp(), pool: new EndpointPool([ethereumNode.anvil.url, arbitrumNode.anvil.url]), chainId: 42161, chainName: 'Arbitrum One' })
    expect(await client.erc20Balances(vitalik, tokens.slice(0, 1).map(erc20))).toEqual({ value: [1234567890123456789012n], host: arbitrumNode.anvil.host })
  })

  it('refuses a token whose decimals() is not what we know, and an address without a contract', async () => {
    const [a] = tokens as [Address]
    const host = arbitrumNode.anvil.host
    const client = (): ReturnType<typeof createEvmClient> =>
      createEvmClient({ http: newHttp(), pool: new EndpointPool([arbitrumNode.anvil.url]), chainId: 42161, chainName: 'Arbitrum One' })
    await expect(client().erc20Balances(vitalik, [{ address: a, decimals: 6 }])).rejects.toMatchObject({
      kind: 'malformed',
      message: `${host} says the Arbitrum One token ${a} has 18 decimals, not 6: is the token address right?`,
    })
    const nowhere = '0x3000000000000000000000000000000000000003'
    await expect(client().erc20Balances(vitalik, [{ address: nowhere, decimals: 18 }])).rejects.toMatchObject({
      kind: 'malformed',
      message: `${host} has no contract at ${nowhere} (eth_call answered 0x): a wrong address, or a node that is not synced`,
    })
  })

  describe('the Aethir read', () => {
    const ethAmount = 40_000_000_000_000_000_000_000_000n + 17n
    const arbAmount = 123_456_789_012_345_678_901_234n

    beforeAll(async () => {
      // The real ATH addresses on each chain get TestToken's runtime code, then a balance.
      const [onEthereum, onArbitrum] = athDeployments.map((deployment) => getAddress(deployment.address))
      if (onEthereum === undefined || onArbitrum === undefined) throw new Error('ATH has two deployments')
      await ethereumNode.setCode(onEthereum, deployedBytecode)
      await arbitrumNode.setCode(onArbitrum, deployedBytecode)
      await ethereumNode.send(onEthereum, 'mint', [vitalik, ethAmount])
      await arbitrumNode.send(onArbitrum, 'mint', [vitalik, arbAmount])
    })

    function context(urls: Record<'ethereum' | 'arbitrum', string>): ReadContext {
      const pools = { ethereum: new EndpointPool([urls.ethereum]), arbitrum: new EndpointPool([urls.arbitrum]) }
      return {
        http: newHttp(),
        pool: (key: EndpointKey) => {
          if (key !== 'ethereum' && key !== 'arbitrum') throw new Error(`aethir asked for the ${key} pool`)
          return pools[key]
        },
        signal: new AbortController().signal,
      }
    }

    it('reads ATH on both chains as two liquid holdings', async () => {
      const read = await aethir.read(context({ ethereum: ethereumNode.anvil.url, arbitrum: arbitrumNode.anvil.url }), vitalik)
      expect(read).toEqual({
        holdings: [
          { token: 'ATH', kind: 'liquid', key: 'chain 1', amount: ethAmount, decimals: 18, detail: 'Ethereum', part: 'ethereum' },
          { token: 'ATH', kind: 'liquid', key: 'chain 42161', amount: arbAmount, decimals: 18, detail: 'Arbitrum One', part: 'arbitrum' },
        ],
        hosts: [ethereumNode.anvil.host, arbitrumNode.anvil.host],
      })
    })

    it('reads zero for a wallet without ATH', async () => {
      const read = await aethir.read(context({ ethereum: ethereumNode.anvil.url, arbitrum: arbitrumNode.anvil.url }), second)
      expect(read.holdings.map((h) => [h.detail, h.amount])).toEqual([
        ['Ethereum', 0n],
        ['Arbitrum One', 0n],
      ])
    })

    it('still reads Arbitrum One when the Ethereum endpoint is an Arbitrum node', async () => {
      const read = await aethir.read(context({ ethereum: arbitrumNode.anvil.url, arbitrum: arbitrumNode.anvil.url }), vitalik)
      expect(read).toMatchObject({ holdings: [{ token: 'ATH', kind: 'liquid', amount: arbAmount, decimals: 18, detail: 'Arbitrum One' }], hosts: [arbitrumNode.anvil.host] })
      expect(read.failed).toEqual([{ part: 'ethereum', problem: expect.stringContaining('not Ethereum (1)') }])
    })
  })
})
