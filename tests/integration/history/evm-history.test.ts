import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicClient, createTestClient, createWalletClient, getAddress, http as viemHttp, type Address, type Chain, type Hex } from 'viem'
import { arbitrum, mainnet } from 'viem/chains'
import type { HistoryPage, HistoryWindow, PastInflow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { aethir, aethirCheckerClaimContracts, athDeployments } from '../../../src/main/core/networks/aethir.ts'
import type { EndpointKey } from '../../../src/shared/contract/wallets.ts'
import { compileTestToken, testTokenAbi } from '../../fixtures/chains/evm.ts'
import { publicnodeRefusal } from '../../fixtures/chains/evm-history.ts'
import { anvilBinary, anvilMissingReason, startAnvil, type Anvil } from '../../support/anvil.ts'
import { loopbackApi, type LoopbackApi } from '../../support/loopback-api.ts'

/*
 * Aethir's history source against real EVM nodes: anvil as Arbitrum One and as Ethereum, TestToken's
 * runtime code at ATH's real addresses, and real Transfer events into the wallet from Aethir's
 * claim-and-withdraw contract (impersonated) and from other senders, days apart. Read directly, then
 * through a loopback proxy that refuses windows wider than 16 blocks in publicnode's words and
 * answers one 429 mid-way.
 */

if (anvilBinary === undefined) console.warn(anvilMissingReason)

const ath = 10n ** 18n
const [claimAddress] = aethirCheckerClaimContracts.map((c) => getAddress(c.address))
const stranger: Address = '0x1000000000000000000000000000000000000001'

type Sent = { txHash: string; logIndex: number; ms: number }

type Node = {
  anvil: Anvil
  dev: Address
  owner: Address
  token: Address
  send(from: Address, fn: 'mint' | 'transfer', args: readonly [Address, bigint]): Promise<Sent>
  mine(blocks: number, intervalSec: number): Promise<void>
  nextTimestamp(sec: number): Promise<void>
  latestSec(): Promise<number>
}

async function node(anvil: Anvil, chain: Chain, tokenAddress: string, bytecode: Hex): Promise<Node> {
  const transport = viemHttp(anvil.url)
  const wallet = createWalletClient({ chain, transport })
  const reader = createPublicClient({ chain, transport, pollingInterval: 20 })
  const tester = createTestClient({ chain, transport, mode: 'anvil' })
  const [dev, owner] = await wallet.getAddresses()
  if (dev === undefined || owner === undefined) throw new Error('anvil has too few dev accounts')
  const token = getAddress(tokenAddress)
  await tester.setCode({ address: token, bytecode })
  return {
    anvil,
    dev,
    owner,
    token,
    send: async (from, fn, args) => {
      const hash = await wallet.writeContract({ address: token, abi: testTokenAbi, functionName: fn, args, account: from, chain })
      const receipt = await reader.waitForTransactionReceipt({ hash })
      if (receipt.status !== 'success') throw new Error(`${fn} reverted`)
      const block = await reader.getBlock({ blockNumber: receipt.blockNumber })
      return { txHash: hash.toLowerCase(), logIndex: receipt.logs[0]?.logIndex ?? -1, ms: Number(block.timestamp) * 1000 }
    },
    mine: (blocks, interval) => tester.mine({ blocks, interval }),
    nextTimestamp: (sec) => tester.setNextBlockTimestamp({ timestamp: BigInt(sec) }),
    latestSec: async () => Number((await reader.getBlock()).timestamp),
  }
}

const expected = (chainId: number, sent: Sent, amount: bigint, classification: PastInflow['classification'], rule: string): PastInflow => ({
  id: `log:${chainId}:${sent.txHash}:${sent.logIndex}`,
  token: 'ATH',
  amount,
  decimals: 18,
  at: sent.ms,
  classification,
  rule,
})

const byId = (a: PastInflow, b: PastInflow): number => a.id.localeCompare(b.id)

describe.skipIf(anvilBinary === undefined)('Aethir history against anvil', () => {
  let arb: Node
  let eth: Node
  let window: HistoryWindow
  let inflowsExpected: PastInflow[]
  const closers: (() => Promise<void>)[] = []

  beforeAll(async () => {
    const compiled = await compileTestToken()
    const [onEthereum, onArbitrum] = athDeployments
    if (onEthereum === undefined || onArbitrum === undefined || claimAddress === undefined) throw new Error('ATH has two deployments and a claim contract')
    const start = async (chainId: number): Promise<Anvil> => {
      const anvil = await startAnvil({ chainId })
      closers.push(() => anvil.close())
      return anvil
    }
    const [arbAnvil, ethAnvil] = await Promise.all([start(42161), start(1)])
    arb = await node(arbAnvil, arbitrum, onArbitrum.address, compiled.deployedBytecode)
    eth = await node(ethAnvil, mainnet, onEthereum.address, compiled.deployedBytecode)

    // Aethir's claim contract holds ATH and pays it out, impersonated.
    const tester = createTestClient({ chain: arbitrum, transport: viemHttp(arbAnvil.url), mode: 'anvil' })
    await tester.impersonateAccount({ address: claimAddress })
    await tester.setBalance({ address: claimAddress, value: ath })
    await arb.send(arb.dev, 'mint', [claimAddress, 1000n * ath])
    await arb.send(arb.dev, 'mint', [arb.dev, 1000n * ath])

    const early = await arb.send(arb.dev, 'transfer', [arb.owner, 3n * ath])
    await arb.mine(24, 3600)
    const fromSec = (await arb.latestSec()) + 1800
    await arb.mine(3, 3600)
    const reward1 = await arb.send(claimAddress, 'transfer', [arb.owner, 100n * ath])
    await arb.mine(10, 3600)
    const gift = await arb.send(arb.dev, 'transfer', [arb.owner, 5n * ath])
    await arb.send(arb.owner, 'transfer', [arb.dev, 1n * ath]) // out of the wallet: not an inflow
    const minted = await arb.send(arb.dev, 'mint', [arb.owner, 7n * ath])
    await arb.send(arb.dev, 'transfer', [stranger, 2n * ath]) // to someone else
    const reward2 = await arb.send(claimAddress, 'transfer', [arb.owner, 50n * ath])
    await arb.mine(5, 600)
    const toSec = (await arb.latestSec()) + 30
    await arb.nextTimestamp(toSec + 30)
    const late = await arb.send(claimAddress, 'transfer', [arb.owner, 99n * ath]) // after the baseline read
    window = { fromMs: fromSec * 1000, toMs: toSec * 1000 }
    expect(early.ms).toBeLessThan(window.fromMs)
    expect(late.ms).toBeGreaterThanOrEqual(window.toMs)

    // On Ethereum: one transfer in the window, in the owner's Ethereum wallet (the same address).
    await eth.nextTimestamp(fromSec + 7200)
    const onEth = await eth.send(eth.dev, 'mint', [arb.owner, 11n * ath])

    const fromClaim = "from Aethir's checker claim-and-withdraw contract (0x3EB6…1111) on Arbitrum One"
    inflowsExpected = [
      expected(42161, reward1, 100n * ath, 'reward', fromClaim),
      expected(42161, gift, 5n * ath, 'inflow', `a transfer from ${arb.dev.slice(0, 6)}…${arb.dev.slice(-4)} on Arbitrum One: not a known ATH reward payout, for you to mark`),
      expected(42161, minted, 7n * ath, 'inflow', 'minted to this wallet on Arbitrum One: not a known ATH reward payout, for you to mark'),
      expected(42161, reward2, 50n * ath, 'reward', fromClaim),
      expected(1, onEth, 11n * ath, 'inflow', 'minted to this wallet on Ethereum: not a known ATH reward payout, for you to mark'),
    ].sort(byId)
  }, 120_000)

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()))
  })

  function context(urls: Record<'ethereum' | 'arbitrum', string>): ReadContext {
    const http = new ChainHttp({ timeoutMs: 5000, attempts: 1 })
    for (const url of Object.values(urls)) http.limiter.declare(new URL(url).host, { requests: 1000, perMs: 1000, concurrency: 8 })
    const pools = { ethereum: new EndpointPool([urls.ethereum]), arbitrum: new EndpointPool([urls.arbitrum]) }
    return {
      http,
      pool: (key: EndpointKey) => {
        if (key !== 'ethereum' && key !== 'arbitrum') throw new Error(`aethir asked for the ${key} pool`)
        return pools[key]
      },
      signal: new AbortController().signal,
    }
  }

  /** Pages until the cursor is null; a page that throws is asked again from the same cursor, as the runner does. */
  async function drain(ctx: ReadContext): Promise<{ inflows: PastInflow[]; pages: HistoryPage[]; faults: unknown[] }> {
    const pages: HistoryPage[] = []
    const faults: unknown[] = []
    let cursor: string | null = null
    for (let i = 0; i < 400; i++) {
      let page: HistoryPage
      try {
        page = await aethir.history!.page(ctx, arb.owner, window, cursor)
      } catch (error) {
        faults.push(error)
        continue
      }
      pages.push(page)
      cursor = page.cursor
      if (cursor === null) return { inflows: pages.flatMap((p) => p.inflows), pages, faults }
    }
    throw new Error('the source never finished')
  }

  it('finds every ATH transfer into the wallet in the window on both chains, the claim contract’s as rewards, each once', async () => {
    const { inflows, pages, faults } = await drain(context({ arbitrum: arb.anvil.url, ethereum: eth.anvil.url }))
    expect(faults).toEqual([])
    expect([...inflows].sort(byId)).toEqual(inflowsExpected)
    const reached = pages.map((p) => p.reachedMs)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    expect(reached.at(-1)).toBe(window.fromMs)
  })

  describe('through a proxy that refuses wide windows and answers one 429', () => {
    let proxy: LoopbackApi
    const windows: { from: number; to: number; refused: boolean }[] = []

    beforeAll(async () => {
      let getLogs = 0
      proxy = await loopbackApi(async (request) => {
        const calls = (Array.isArray(request.body) ? request.body : [request.body]) as { id: number; method: string; params: [{ fromBlock: string; toBlock: string }] }[]
        const logCalls = calls.filter((c) => c.method === 'eth_getLogs')
        if (logCalls.length > 0 && ++getLogs === 3) return { status: 429, headers: { 'retry-after': '0' }, json: { jsonrpc: '2.0', id: null, error: { code: -32005, message: 'rate limited' } } }
        const refused = new Map<number, unknown>()
        for (const call of logCalls) {
          const [filter] = call.params
          const from = Number(BigInt(filter.fromBlock))
          const to = Number(BigInt(filter.toBlock))
          const refuse = to - from + 1 > 16
          windows.push({ from, to, refused: refuse })
          if (refuse) refused.set(call.id, { jsonrpc: '2.0', id: call.id, error: publicnodeRefusal(16) })
        }
        const forwarded = calls.filter((c) => !refused.has(c.id))
        const answers = forwarded.length === 0 ? [] : ((await (await fetch(arb.anvil.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forwarded) })).json()) as { id: number }[])
        const byCallId = new Map<number, unknown>([...answers.map((a): [number, unknown] => [a.id, a]), ...refused])
        const merged = calls.map((c) => byCallId.get(c.id))
        return { json: Array.isArray(request.body) ? merged : merged[0] }
      })
      closers.push(() => proxy.close())
    })

    it('narrows the window to what the proxy answers, gets past the 429 from the same cursor, and finds the same inflows', async () => {
      const { inflows, faults } = await drain(context({ arbitrum: proxy.url, ethereum: eth.anvil.url }))
      expect(faults).toHaveLength(1)
      expect(faults[0]).toMatchObject({ kind: 'rate-limited', retryable: true })
      expect([...inflows].sort(byId)).toEqual(inflowsExpected)
      const answered = windows.filter((w) => !w.refused)
      expect(windows.some((w) => w.refused)).toBe(true)
      expect(answered.every((w) => w.to - w.from + 1 <= 16)).toBe(true)
      // The windows answered tile the located range once, newest first, with no gap (the 429'd page repeats its window).
      const distinct = answered.filter((w, i) => i === 0 || w.from !== answered[i - 1]?.from)
      distinct.slice(1).forEach((w, i) => expect(w.to).toBe((distinct[i]?.from ?? 0) - 1))
    })
  })
})
