import { describe, expect, it } from 'vitest'
import { fault } from '../../support/fault.ts'
import { createFilecoinClient, type FilecoinClient } from '../../../src/main/core/chains/filecoin.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { filecoin, minerHoldings } from '../../../src/main/core/networks/filecoin.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { loopbackApi, rpcRoute, type ApiAnswer, type ApiRequest, type LoopbackApi, type RpcReply, servedPerTest } from '../../support/loopback-api.ts'
import {
  accountState,
  actorNotFound,
  minerAvailable,
  minerNumbers,
  minerState,
  networkCalibration,
  networkMainnet,
  readStateDocumented,
  walletBalance,
  walletBalanceDocumented,
} from '../../fixtures/chains/filecoin.ts'

/*
 * The Lotus JSON-RPC client and the Filecoin network against loopback nodes that answer the
 * documented results, JSON-RPC errors, HTTP errors, garbage, silence and another network.
 */

const wallet = 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za'
const miner = 'f01234'
const FIL = 10n ** 18n

type Methods = Record<string, (params: unknown) => RpcReply>

const { servers } = servedPerTest()

/** A loopback Lotus node on mainnet unless told otherwise, answering `methods` (unknown ones: -32601). */
async function lotus(methods: Methods, options: { before?: (request: ApiRequest) => ApiAnswer | null } = {}): Promise<LoopbackApi> {
  const route = rpcRoute({ 'Filecoin.StateNetworkName': () => ({ result: networkMainnet }), ...methods })
  const server = await loopbackApi((request) => options.before?.(request) ?? route(request))
  servers.push(server)
  return server
}

const minerMethods: Methods = {
  'Filecoin.StateReadState': () => ({ result: minerState }),
  'Filecoin.StateMinerAvailableBalance': () => ({ result: minerAvailable }),
}

const fastHttp = (): ChainHttp => new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 })

function client(urls: string[], http = fastHttp()): FilecoinClient {
  return createFilecoinClient({ http, pool: new EndpointPool(urls) })
}

function context(urls: string[], signal = new AbortController().signal, http = fastHttp()): ReadContext {
  const pool = new EndpointPool(urls)
  return { http, pool: () => pool, signal }
}

type Call = { method: string; params: unknown }
const calls = (server: LoopbackApi): Call[] => server.requests.map((request) => request.body as Call)
const methodsCalled = (server: LoopbackApi): string[] => calls(server).map((call) => call.method)

describe('walletBalance', () => {
  it('reads attoFIL exactly, past 2^64, after checking the network', async () => {
    const node = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const { value, host } = await client([node.url]).walletBalance(wallet)
    expect(value).toBe(12_345_678_901_234_567_891n)
    expect(host).toBe(node.host)
    expect(calls(node)).toMatchObject([
      { method: 'Filecoin.StateNetworkName', params: [] },
      { method: 'Filecoin.WalletBalance', params: [wallet] },
    ])
  })

  it('the documented "0" is zero, not an error', async () => {
    const node = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalanceDocumented }) })
    expect((await client([node.url]).walletBalance(wallet)).value).toBe(0n)
  })

  it('asks an endpoint for its network once, not on every read', async () => {
    const node = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const lotusClient = client([node.url])
    await lotusClient.walletBalance(wallet)
    await lotusClient.walletBalance(wallet)
    expect(methodsCalled(node)).toEqual(['Filecoin.StateNetworkName', 'Filecoin.WalletBalance', 'Filecoin.WalletBalance'])
  })
})

describe('minerFunds', () => {
  it('reads a miner actor’s state (balance included) and available funds at the heaviest tipset', async () => {
    const node = await lotus(minerMethods)
    const { value } = await client([node.url]).minerFunds(miner)
    expect(value).toEqual({
      balance: 1000n * FIL,
      available: 150n * FIL,
      lockedRewards: 300n * FIL,
      initialPledge: 580n * FIL,
      preCommitDeposits: 20n * FIL,
      feeDebt: 0n,
    })
    expect(calls(node)).toMatchObject([
      { method: 'Filecoin.StateNetworkName', params: [] },
      { method: 'Filecoin.StateReadState', params: [miner, null] },
      { method: 'Filecoin.StateMinerAvailableBalance', params: [miner, null] },
    ])
  })

  it('an actor that is not a miner (an account’s ID) answers null, without asking for miner funds', async () => {
    const node = await lotus({ ...minerMethods, 'Filecoin.StateReadState': () => ({ result: accountState }) })
    expect((await client([node.url]).minerFunds('f01000')).value).toBeNull()
    expect(methodsCalled(node)).toEqual(['Filecoin.StateNetworkName', 'Filecoin.StateReadState'])
  })

  it('the documented StateReadState body (an empty State) is not a miner’s', async () => {
    const node = await lotus({ ...minerMethods, 'Filecoin.StateReadState': () => ({ result: readStateDocumented }) })
    expect((await client([node.url]).minerFunds(miner)).value).toBeNull()
  })

  it('an available balance below zero (fee debt) is kept signed', async () => {
    const node = await lotus({ ...minerMethods, 'Filecoin.StateMinerAvailableBalance': () => ({ result: '-2500000000000000000' }) })
    expect((await client([node.url]).minerFunds(miner)).value?.available).toBe(-2_500_000_000_000_000_000n)
  })

  it('an actor that does not exist: the node’s own error, as an rpc fault', async () => {
    const node = await lotus({ 'Filecoin.StateReadState': () => ({ error: actorNotFound }) })
    const error = await fault(client([node.url]).minerFunds('f099999999'))
    expect(error.kind).toBe('rpc')
    expect(error.message).toBe(`${node.host} refused Filecoin.StateReadState (error 1: resolution lookup failed (f099999999): actor not found)`)
  })

  it.each([
    ['Filecoin.StateReadState', { Balance: '0', State: null }, 'StateReadState without a State object'],
    ['Filecoin.StateReadState', { ...minerState, Balance: 12 }, 'StateReadState Balance with something that is not an attoFIL amount'],
    ['Filecoin.StateMinerAvailableBalance', '1.5', 'StateMinerAvailableBalance with something that is not an attoFIL amount'],
    ['Filecoin.StateReadState', { ...minerState, State: { ...minerState.State, FeeDebt: '-1' } }, 'FeeDebt with something that is not an attoFIL amount'],
  ])('%s answering %j is malformed', async (method, result, what) => {
    const node = await lotus({ ...minerMethods, [method]: () => ({ result }) })
    const error = await fault(client([node.url]).minerFunds(miner))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered ${what}`)
  })
})

describe('wrong network', () => {
  it('a Calibration (testnet) node is refused before it is asked about the address', async () => {
    const node = await lotus({ 'Filecoin.StateNetworkName': () => ({ result: networkCalibration }), 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const error = await fault(client([node.url]).walletBalance(wallet))
    expect(error.kind).toBe('wrong-chain')
    expect(error.message).toBe(`${node.host} follows the Filecoin network "calibrationnet", not mainnet`)
    expect(methodsCalled(node)).toEqual(['Filecoin.StateNetworkName'])
  })

  it('the first endpoint on a testnet: the second one answers, and the host says so', async () => {
    const testnet = await lotus({ 'Filecoin.StateNetworkName': () => ({ result: networkCalibration }), 'Filecoin.WalletBalance': () => ({ result: '1' }) })
    const mainnet = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const { value, host } = await client([testnet.url, mainnet.url]).walletBalance(wallet)
    expect(value).toBe(12_345_678_901_234_567_891n)
    expect(host).toBe(mainnet.host)
    expect(methodsCalled(testnet)).toEqual(['Filecoin.StateNetworkName'])
  })

  it('a node that does not know StateNetworkName is not trusted', async () => {
    const node = await lotus({ 'Filecoin.StateNetworkName': () => ({ error: { code: -32601, message: 'method not found' } }) })
    const error = await fault(client([node.url]).walletBalance(wallet))
    expect(error.kind).toBe('rpc')
    expect(error.message).toBe(`${node.host} refused Filecoin.StateNetworkName (error -32601: method not found)`)
  })
})

describe('faults', () => {
  it('a 429 with Retry-After is waited out and asked again', async () => {
    let limited = 1
    const node = await lotus(
      { 'Filecoin.WalletBalance': () => ({ result: walletBalance }) },
      { before: (request) => ((request.body as Call).method === 'Filecoin.WalletBalance' && limited-- > 0 ? { status: 429, headers: { 'retry-after': '1' }, raw: 'Too Many Requests' } : null) },
    )
    const started = Date.now()
    expect((await client([node.url]).walletBalance(wallet)).value).toBe(12_345_678_901_234_567_891n)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(methodsCalled(node)).toEqual(['Filecoin.StateNetworkName', 'Filecoin.WalletBalance', 'Filecoin.WalletBalance'])
  })

  it('a 500, after a retry, says so', async () => {
    const node = await lotus({}, { before: (request) => ((request.body as Call).method === 'Filecoin.WalletBalance' ? { status: 500, raw: 'internal error' } : null) })
    const error = await fault(client([node.url]).walletBalance(wallet))
    expect(error.kind).toBe('http')
    expect(error.message).toBe(`${node.host} had an internal error (HTTP 500)`)
    expect(methodsCalled(node).filter((method) => method === 'Filecoin.WalletBalance')).toHaveLength(2)
  })

  it('a node that never answers: "did not answer within N ms"', async () => {
    const node = await lotus({}, { before: () => 'hang' })
    const error = await fault(client([node.url], new ChainHttp({ timeoutMs: 200, attempts: 1 })).walletBalance(wallet))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`${node.host} did not answer within 200 ms`)
  })

  it('garbage labelled as JSON is malformed', async () => {
    const node = await lotus({}, { before: () => ({ raw: '{"jsonrpc":"2.0","result":"12', headers: { 'content-type': 'application/json' } }) })
    const error = await fault(client([node.url]).walletBalance(wallet))
    expect(error.kind).toBe('malformed')
    expect(error.message).toBe(`${node.host} answered something that is not JSON (application/json, 29 bytes)`)
  })

  it('a balance that is not an attoFIL string is malformed', async () => {
    const node = await lotus({ 'Filecoin.WalletBalance': () => ({ result: 12.5 }) })
    const error = await fault(client([node.url]).walletBalance(wallet))
    expect(error.message).toBe(`${node.host} answered WalletBalance with something that is not an attoFIL amount`)
  })

  it('the first endpoint down: the second one answers', async () => {
    const down = await lotus({})
    await down.close()
    servers.splice(servers.indexOf(down), 1)
    const up = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const { host } = await client([down.url, up.url]).walletBalance(wallet)
    expect(host).toBe(up.host)
  })
})

describe('minerHoldings', () => {
  it('splits the balance into liquid, vesting and pledged parts that add up to it', () => {
    const holdings = minerHoldings({ ...minerNumbers, lockedRewards: minerNumbers.lockedFunds })
    expect(holdings).toEqual([
      { token: 'FIL', kind: 'liquid', key: '', amount: 150n * FIL, decimals: 18, detail: 'available' },
      // LockedFunds says 300, but 50 of it has vested and is already in the available 150.
      { token: 'FIL', kind: 'locked', key: '', amount: 250n * FIL, decimals: 18, detail: 'vesting block rewards' },
      { token: 'FIL', kind: 'pledge', key: '', amount: 600n * FIL, decimals: 18, detail: 'sector pledge and pre-commit deposits' },
    ])
    expect(holdings.reduce((sum, holding) => sum + holding.amount, 0n)).toBe(minerNumbers.balance)
  })

  it('with nothing vested yet, locked is LockedFunds as it stands', () => {
    const holdings = minerHoldings({ balance: 1000n, available: 100n, lockedRewards: 300n, initialPledge: 600n, preCommitDeposits: 0n, feeDebt: 0n })
    expect(holdings.map((holding) => holding.amount)).toEqual([100n, 300n, 600n])
  })

  it('fee debt beyond the unlocked funds: nothing is liquid and the debt comes out of the vesting part', () => {
    const holdings = minerHoldings({ balance: 1000n, available: -50n, lockedRewards: 300n, initialPledge: 600n, preCommitDeposits: 0n, feeDebt: 150n })
    expect(holdings.map((holding) => holding.amount)).toEqual([0n, 250n, 600n])
  })
})

describe('the Filecoin network read', () => {
  it('a storage provider (f0 miner actor): liquid, locked and pledge, with the host', async () => {
    const node = await lotus(minerMethods)
    const read = await filecoin.read(context([node.url]), miner)
    expect(read.holdings.map((holding) => [holding.kind, holding.amount])).toEqual([
      ['liquid', 150n * FIL],
      ['locked', 250n * FIL],
      ['pledge', 600n * FIL],
    ])
    expect(read.hosts).toEqual([node.host])
  })

  it('an f0 ID that is an account reads its wallet balance instead', async () => {
    const node = await lotus({ ...minerMethods, 'Filecoin.StateReadState': () => ({ result: accountState }), 'Filecoin.WalletBalance': () => ({ result: '5000000000000000000' }) })
    const read = await filecoin.read(context([node.url]), 'f01000')
    expect(read.holdings).toEqual([{ token: 'FIL', kind: 'liquid', key: '', amount: 5n * FIL, decimals: 18 }])
  })

  it('a wallet: its liquid FIL', async () => {
    const node = await lotus({ 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const read = await filecoin.read(context([node.url]), wallet)
    expect(read).toEqual({ holdings: [{ token: 'FIL', kind: 'liquid', key: '', amount: 12_345_678_901_234_567_891n, decimals: 18 }], hosts: [node.host] })
  })

  it('passes the read’s signal down: cancelling stops a read that hangs', async () => {
    const node = await lotus({}, { before: (request) => ((request.body as Call).method === 'Filecoin.WalletBalance' ? 'hang' : null) })
    const controller = new AbortController()
    const started = Date.now()
    const reading = filecoin.read(context([node.url], controller.signal, new ChainHttp({ timeoutMs: 10_000, attempts: 1 })), wallet)
    setTimeout(() => controller.abort(), 100)
    const error = await fault(reading)
    expect(error.message).toContain('the read was cancelled')
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
