import { describe, expect, it } from 'vitest'
import { countBits } from '../../../src/main/core/chains/filecoin.ts'
import type { ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { filecoin } from '../../../src/main/core/networks/filecoin.ts'
import {
  methodNotFound,
  minerAvailable,
  minerFaultsDocumented,
  minerFaultsFive,
  minerFaultsNone,
  minerPower,
  minerPowerDocumented,
  minerState,
  networkMainnet,
  sectorCountDocumented,
  walletBalance,
} from '../../fixtures/chains/filecoin.ts'
import { rpcRoute, type LoopbackApi, type RpcReply, servedPerTest } from '../../support/loopback-api.ts'

/*
 * filecoin.ts's storage-provider facts, read against a loopback Lotus node answering the
 * documented StateMinerPower, StateMinerFaults (a bitfield of RLE+ runs) and StateMinerSectorCount
 * results: power and faulty sectors, fee debt, and a gateway that does not serve StateMinerFaults.
 */

const { serve } = servedPerTest()
const miner = 'f01234'
const FIL = 10n ** 18n

type Methods = Record<string, (params: unknown) => RpcReply>

const minerMethods = (extra: Methods = {}, feeDebt = 0n): Methods => ({
  'Filecoin.StateNetworkName': () => ({ result: networkMainnet }),
  'Filecoin.StateReadState': () => ({ result: { ...minerState, State: { ...minerState.State, FeeDebt: feeDebt.toString() } } }),
  'Filecoin.StateMinerAvailableBalance': () => ({ result: minerAvailable }),
  'Filecoin.StateMinerPower': () => ({ result: minerPower }),
  'Filecoin.StateMinerFaults': () => ({ result: minerFaultsNone }),
  ...extra,
})

const lotus = (methods: Methods): Promise<LoopbackApi> => serve(rpcRoute(methods))

function context(url: string): ReadContext {
  const pool = new EndpointPool([url])
  return { http: new ChainHttp({ timeoutMs: 300, attempts: 1 }), pool: () => pool, signal: new AbortController().signal }
}

const methodsCalled = (server: LoopbackApi): unknown[] => server.requests.map((request) => (request.body as { method?: unknown }).method)

describe('Filecoin miner facts', () => {
  it('a healthy miner: its power in words and figures, no faulty sector, no fee debt', async () => {
    const node = await lotus(minerMethods())
    const read = await filecoin.read(context(node.url), miner)
    expect(read.facts).toEqual([
      {
        kind: 'filecoin.power',
        key: '',
        status: 'proving',
        words: '2.25 PiB quality-adjusted power, faulty sectors: 0',
        summary: true,
        figures: { rawBytePower: 1.5 * 2 ** 50, qualityAdjPower: 2.25 * 2 ** 50, faultySectors: 0, hasMinPower: 1 },
        part: 'power',
      },
      { kind: 'filecoin.fee-debt', key: '', status: 'clear', words: 'no fee debt', summary: false, figures: {}, amount: { token: 'FIL', amount: 0n, decimals: 18 } },
    ])
    expect(read.failed).toBeUndefined()
    expect(read.hosts).toEqual([node.host])
    // Power and faults at the heaviest tipset (a null key), like the funds.
    expect(node.requests.map((request) => request.body)).toContainEqual(expect.objectContaining({ method: 'Filecoin.StateMinerFaults', params: [miner, null] }))
  })

  it.each([
    ['the documented [5, 1]: sector 5', minerFaultsDocumented, 1],
    ['go-bitfield’s [0, 3, 5, 2]: sectors 0–2, 8 and 9', minerFaultsFive, 5],
    ['[0]: none', minerFaultsNone, 0],
  ])('counts the faulty sectors of %s', async (_, runs, count) => {
    const node = await lotus(minerMethods({ 'Filecoin.StateMinerFaults': () => ({ result: runs }) }))
    const power = (await filecoin.read(context(node.url), miner)).facts?.[0]
    expect(power?.figures.faultySectors).toBe(count)
    expect(power?.status).toBe(count > 0 ? 'faulty' : 'proving')
  })

  it('a gateway that does not serve StateMinerFaults: the Faulty count of StateMinerSectorCount', async () => {
    const node = await lotus(minerMethods({ 'Filecoin.StateMinerFaults': () => ({ error: methodNotFound }), 'Filecoin.StateMinerSectorCount': () => ({ result: sectorCountDocumented }) }))
    const read = await filecoin.read(context(node.url), miner)
    expect(read.facts?.[0]).toMatchObject({ status: 'faulty', words: '2.25 PiB quality-adjusted power, faulty sectors: 42', figures: { faultySectors: 42 } })
    expect(methodsCalled(node)).toContain('Filecoin.StateMinerSectorCount')
  })

  it('the documented power of 0 bytes: no power, and said so', async () => {
    const node = await lotus(minerMethods({ 'Filecoin.StateMinerPower': () => ({ result: { ...minerPowerDocumented, HasMinPower: false } }) }))
    const power = (await filecoin.read(context(node.url), miner)).facts?.[0]
    expect(power).toMatchObject({ status: 'no-power', words: '0 B quality-adjusted power (below the 10 TiB minimum), faulty sectors: 0', figures: { qualityAdjPower: 0, hasMinPower: 0 } })
  })

  it('fee debt is a fact with its exact amount, shown on the card', async () => {
    const node = await lotus(minerMethods({}, FIL / 4n))
    const debt = (await filecoin.read(context(node.url), miner)).facts?.find((fact) => fact.kind === 'filecoin.fee-debt')
    expect(debt).toEqual({ kind: 'filecoin.fee-debt', key: '', status: 'in-debt', words: 'fee debt: 0.25 FIL', summary: true, figures: {}, amount: { token: 'FIL', amount: FIL / 4n, decimals: 18 } })
  })

  it('power that cannot be read fails its part only: funds and fee debt stand', async () => {
    const node = await lotus(minerMethods({ 'Filecoin.StateMinerPower': () => ({ error: { code: 1, message: 'state lookup failed' } }) }))
    const read = await filecoin.read(context(node.url), miner)
    expect(read.holdings.map((holding) => holding.kind)).toEqual(['liquid', 'locked', 'pledge'])
    expect(read.facts?.map((fact) => fact.kind)).toEqual(['filecoin.fee-debt'])
    expect(read.failed).toEqual([{ part: 'power', problem: expect.stringContaining('miner power could not be read') }])
  })

  it('a faults answer that is not a bitfield fails the power part as malformed', async () => {
    const node = await lotus(minerMethods({ 'Filecoin.StateMinerFaults': () => ({ result: 'sAI=' }) }))
    const read = await filecoin.read(context(node.url), miner)
    expect(read.failed?.[0]?.problem).toContain('a bitfield that is not a list of runs')
  })

  it('a plain wallet has no facts', async () => {
    const node = await lotus({ 'Filecoin.StateNetworkName': () => ({ result: networkMainnet }), 'Filecoin.WalletBalance': () => ({ result: walletBalance }) })
    const read = await filecoin.read(context(node.url), 'f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za')
    expect(read.facts).toBeUndefined()
  })
})

describe('countBits', () => {
  it.each([
    [[0], 0],
    [[5, 1], 1],
    [[0, 3, 5, 2], 5],
    [[0, 1, 1, 1, 1, 1], 3],
  ])('%j has %i bits set', (runs, count) => {
    expect(countBits(runs, 'lotus.test')).toBe(count)
  })

  it.each([[null], [[1.5]], [[-1]], [['5']], [{ runs: [1] }]])('%j is malformed', (runs) => {
    expect(() => countBits(runs, 'lotus.test')).toThrow(FetchFault)
  })
})
