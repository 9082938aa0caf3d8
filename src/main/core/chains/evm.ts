import { decodeAbiParameters, encodeFunctionData, erc20Abi, getAddress, isAddress, isHex, type Address, type Hex } from 'viem'
import type { EndpointKey } from '../../../shared/contract/wallets.ts'
import { FetchFault, hostOf } from '../net/chain-http.ts'
import { jsonRpcBatch, resultOf, type RpcCall } from '../net/json-rpc.ts'
import type { AddressCheck, Holding, HoldingsRead, ReadContext } from '../holdings/holding.ts'
import { clientPerPool, type ChainDeps, type Sourced } from './chain-deps.ts'

/*
 * EVM chains (Ethereum, Arbitrum One) over JSON-RPC: ERC-20 `balanceOf` and `eth_getBalance`.
 * viem encodes the calls and checks addresses; the requests go through our own JSON-RPC batch
 * on ChainHttp, so the host limiter and its retries are the only retry layer, and a dead
 * endpoint falls through to the next in the pool. Every read is one HTTP request: the first one
 * to an endpoint also carries `eth_chainId` and each token's `decimals()`, checked once, because
 * an RPC URL pasted into the wrong slot or a wrong contract constant would otherwise show a
 * plausible, wrong balance.
 *   https://ethereum.github.io/execution-apis/docs/reference/eth_call
 *   https://ethereum.github.io/execution-apis/docs/reference/eth_getbalance
 *   https://eips.ethereum.org/EIPS/eip-695 (eth_chainId)
 */

export type EvmChain = { endpoint: EndpointKey; chainId: number; chainName: string }

/** The chains our networks' tokens live on, with the endpoint key whose pool serves each. */
export const evmChains = {
  ethereum: { endpoint: 'ethereum', chainId: 1, chainName: 'Ethereum' },
  arbitrum: { endpoint: 'arbitrum', chainId: 42161, chainName: 'Arbitrum One' },
} as const satisfies Record<string, EvmChain>

export type Erc20Token = { address: string; decimals: number }

export type EvmClient = {
  /** `balanceOf(owner)` for each token, in base units, in the order given; one request. */
  erc20Balances(owner: string, tokens: readonly Erc20Token[], signal?: AbortSignal): Promise<Sourced<bigint[]>>
  /** The chain's own coin (ETH on both), in wei. */
  nativeBalance(owner: string, signal?: AbortSignal): Promise<Sourced<bigint>>
}

const decimalsCall = encodeFunctionData({ abi: erc20Abi, functionName: 'decimals' })

export function createEvmClient(deps: ChainDeps & { chainId: number; chainName: string }): EvmClient {
  const { http, pool, chainId, chainName } = deps
  // What each endpoint said its chain is, and which tokens' decimals it confirmed.
  const chainOf = new Map<string, number>()
  const confirmed = new Set<string>()

  /** `calls` in one batch, after the checks this endpoint has not passed yet; answers their results. */
  async function checkedBatch(url: string, calls: readonly LabelledCall[], tokens: readonly Erc20Token[], signal?: AbortSignal): Promise<unknown[]> {
    const host = hostOf(url)
    const known = chainOf.get(url)
    if (known !== undefined && known !== chainId) throw wrongChain(host, known)
    const unconfirmed = tokens.filter((token) => !confirmed.has(tokenKey(url, token)))
    const checks: RpcCall[] = [...(known === undefined ? [{ method: 'eth_chainId', params: [] }] : []), ...unconfirmed.map((token) => ethCall(token.address, decimalsCall))]
    const outcomes = await jsonRpcBatch(http, url, [...checks, ...calls], { signal })
    if (known === undefined) {
      const said = Number(quantity(resultOf(outcomes.shift(), host, 'eth_chainId'), host, 'eth_chainId'))
      chainOf.set(url, said)
      if (said !== chainId) throw wrongChain(host, said)
    }
    for (const token of unconfirmed) {
      const decimals = word(resultOf(outcomes.shift(), host, `decimals() of ${token.address}`), host, token.address)
      if (decimals !== BigInt(token.decimals)) {
        throw new FetchFault('malformed', host, `${host} says the ${chainName} token ${token.address} has ${decimals} decimals, not ${token.decimals}: is the token address right?`)
      }
      confirmed.add(tokenKey(url, token))
    }
    return calls.map((call, i) => resultOf(outcomes[i], host, call.label))
  }

  function wrongChain(host: string, said: number): FetchFault {
    return new FetchFault('wrong-chain', host, `${host} is chain ${said}, not ${chainName} (${chainId})`)
  }

  return {
    erc20Balances: async (owner, tokens, signal) => {
      const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [evmAddress(owner)] })
      const calls = tokens.map((token) => ({ ...ethCall(token.address, data), label: `balanceOf on ${token.address}` }))
      return pool.call(async (url) => {
        const results = await checkedBatch(url, calls, tokens, signal)
        return results.map((result, i) => word(result, hostOf(url), tokens[i]?.address ?? 'a token'))
      })
    },
    nativeBalance: async (owner, signal) =>
      pool.call(async (url) => {
        const [result] = await checkedBatch(url, [{ method: 'eth_getBalance', params: [evmAddress(owner), 'latest'], label: 'eth_getBalance' }], [], signal)
        return quantity(result, hostOf(url), 'eth_getBalance')
      }),
  }
}

/** A call and how a fault names it ("balanceOf on 0xc87B…"). */
type LabelledCall = RpcCall & { label: string }

function tokenKey(url: string, token: Erc20Token): string {
  return `${url} ${token.address.toLowerCase()}`
}

function ethCall(to: string, data: Hex): RpcCall {
  return { method: 'eth_call', params: [{ to, data }, 'latest'] }
}

function evmAddress(input: string): Address {
  if (!isAddress(input, { strict: false })) throw new TypeError(`not an EVM address: ${input.slice(0, 60)}`)
  return input
}

/** A JSON-RPC QUANTITY ("0x1", "0x0234c8a3397aab58": some nodes keep leading zeros). */
function quantity(result: unknown, host: string, method: string): bigint {
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(result)) throw new FetchFault('malformed', host, `${host} answered ${method} with something that is not a hex number`)
  return BigInt(result)
}

/** An `eth_call` result holding one uint256; "0x" is what a node answers where no contract is. */
function word(result: unknown, host: string, contract: string): bigint {
  if (typeof result !== 'string' || !isHex(result)) throw new FetchFault('malformed', host, `${host} answered eth_call to ${contract} with something that is not hex data`)
  if (result === '0x') throw new FetchFault('malformed', host, `${host} has no contract at ${contract} (eth_call answered 0x): a wrong address, or a node that is not synced`)
  if (result.length < 66) throw new FetchFault('malformed', host, `${host} answered eth_call to ${contract} with ${(result.length - 2) / 2} bytes, not a 32-byte number`)
  const [value] = decodeAbiParameters([{ type: 'uint256' }], result)
  return value
}

/** An ERC-20 a network's token is deployed as; its holding is 'liquid' with the chain's name as detail. */
export type Erc20Deployment = EvmChain & { token: string; address: string; decimals: number }

// One client per pool and chain, so each endpoint's chain and decimals are checked once, not on every read.
const clientsByChain = new Map<number, (ctx: ReadContext) => EvmClient>()

function clientFor(ctx: ReadContext, chain: EvmChain): EvmClient {
  let clientFor = clientsByChain.get(chain.chainId)
  if (!clientFor) {
    clientFor = clientPerPool(chain.endpoint, (deps) => createEvmClient({ ...deps, chainId: chain.chainId, chainName: chain.chainName }))
    clientsByChain.set(chain.chainId, clientFor)
  }
  return clientFor(ctx)
}

/**
 * A network whose holdings are plain ERC-20 balances (Aethir, and Livepeer's or Storj's token):
 * one request per chain, all in parallel. A chain that fails leaves its holdings out and the
 * others stand; only when every chain fails does the read throw, naming what each one said.
 */
export async function erc20HoldingsRead(ctx: ReadContext, address: string, deployments: readonly Erc20Deployment[]): Promise<HoldingsRead> {
  const byEndpoint = Map.groupBy(deployments, (deployment) => deployment.endpoint)
  const groups = [...byEndpoint.values()].filter((group): group is [Erc20Deployment, ...Erc20Deployment[]] => group.length > 0)
  const settled = await Promise.allSettled(groups.map((group) => clientFor(ctx, group[0]).erc20Balances(address, group, ctx.signal)))
  const holdings: Holding[] = []
  const hosts: string[] = []
  const faults: { part: string; fault: FetchFault }[] = []
  settled.forEach((outcome, i) => {
    const part = groups[i]?.[0].endpoint ?? 'main'
    if (outcome.status === 'rejected') {
      if (!(outcome.reason instanceof FetchFault)) throw outcome.reason
      faults.push({ part, fault: outcome.reason })
      return
    }
    if (!hosts.includes(outcome.value.host)) hosts.push(outcome.value.host)
    groups[i]?.forEach((deployment, k) => {
      const amount = outcome.value.value[k] ?? 0n
      holdings.push({ token: deployment.token, kind: 'liquid', key: `chain ${deployment.chainId}`, amount, decimals: deployment.decimals, detail: deployment.chainName, part })
    })
  })
  const last = faults.at(-1)?.fault
  if (last !== undefined && faults.length === groups.length) {
    throw faults.length === 1 ? last : new FetchFault(last.kind, last.host, faults.map(({ fault }) => fault.message).join('; '))
  }
  return faults.length === 0 ? { holdings, hosts } : { holdings, hosts, failed: faults.map(({ part, fault }) => ({ part, problem: fault.message })) }
}

/**
 * An Ethereum-style address, as every EVM chain shares it. All one case carries no checksum and
 * is taken as is (saved checksummed); mixed case must match its EIP-55 checksum, which catches
 * most typos. https://eips.ethereum.org/EIPS/eip-55
 */
export function checkEvmAddress(input: string): AddressCheck {
  const text = input.trim()
  if (text === '') return { ok: false, message: 'paste an Ethereum address: 0x followed by 40 hex characters' }
  if (/\.eth$/i.test(text)) return { ok: false, message: 'ENS names are not looked up: paste the 0x address this name points to' }
  if (/^[0-9a-fA-F]{40}$/.test(text)) return { ok: false, message: 'an Ethereum address starts with 0x: add it in front of these 40 hex characters' }
  if (/^[oO]x/.test(text)) return { ok: false, message: 'an Ethereum address starts with zero-x (0x), not the letter O' }
  if (!/^0x/i.test(text)) return { ok: false, message: 'an Ethereum address starts with 0x; this looks like an address of another chain' }
  const hex = text.slice(2)
  if (hex.length !== 40) return { ok: false, message: `an Ethereum address is 0x followed by 40 hex characters (this has ${hex.length})` }
  const stray = /[^0-9a-fA-F]/.exec(hex)
  if (stray) return { ok: false, message: `an Ethereum address has only 0-9 and a-f after 0x; "${stray[0]}" is not one of them` }
  if (/^0{40}$/.test(hex)) return { ok: false, message: 'this is the zero address: nobody owns it, nothing is ever paid to it' }
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) {
    return { ok: true, address: getAddress(`0x${hex.toLowerCase()}`), note: 'this address has no checksum (it is all one case), so a typo in it cannot be caught: compare it with your wallet' }
  }
  const address = `0x${hex}`
  if (!isAddress(address, { strict: true })) return { ok: false, message: "the capital letters do not match the address's checksum (EIP-55): a typo? copy it again" }
  return { ok: true, address }
}
