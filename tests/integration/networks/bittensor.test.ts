import { describe, expect, it } from 'vitest'
import { holdingId, type ReadContext } from '../../../src/main/core/holdings/holding.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { bittensor } from '../../../src/main/core/networks/bittensor.ts'
import {
  accountIdHex,
  accountIdsHex,
  accountInfoHex,
  addresses,
  netuidHex,
  polkadotGenesisHash,
  researchEmission,
  researchStakeInfo,
  stakeInfoHex,
  storageKeys,
  subtensorMethods,
  trueHex,
  u16Hex,
  u64Hex,
  u64VecHex,
  type SubtensorState,
} from '../../fixtures/chains/substrate.ts'
import { rpcRoute, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'

/*
 * bittensor.ts's read against a loopback subtensor node serving the storage and runtime calls of
 * tests/fixtures/chains/substrate.ts: which holdings, in which units (TAO, SN<n>α), under which
 * keys, with which unit prices, and which parts failed.
 */

const { serve } = servedPerTest()

const node = (state: SubtensorState): Promise<LoopbackApi> => serve(rpcRoute(subtensorMethods(state)))

function context(urls: string[], signal: AbortSignal = new AbortController().signal): ReadContext {
  const pool = new EndpointPool(urls)
  return {
    http: new ChainHttp({ timeoutMs: 300, attempts: 2, backoffBaseMs: 5 }),
    pool: (key) => {
      if (key !== 'subtensor') throw new RangeError(`bittensor asked for ${key}`)
      return pool
    },
    signal,
  }
}

/** The JSON-RPC methods of each request, a batch as a list. */
function methods(server: LoopbackApi): unknown[] {
  const name = (call: unknown): unknown => (call as { method?: unknown }).method
  return server.requests.map((request) => (Array.isArray(request.body) ? request.body.map(name) : name(request.body)))
}

/** Each request's calls as "method first-param", sorted within the request (the order callers joined a batch is not the point). */
function calls(server: LoopbackApi): string[][] {
  const words = (call: unknown): string => {
    const { method, params } = call as { method?: unknown; params?: unknown[] }
    return `${String(method)} ${String(params?.[0])}`
  }
  return server.requests.map((request) => (Array.isArray(request.body) ? request.body.map(words) : [words(request.body)]).sort())
}

const price = (netuid: number, rao: bigint): Record<string, string> => ({ [`SwapRuntimeApi_current_alpha_price ${netuidHex(netuid)}`]: u64Hex(rao) })

/**
 * Alice (coldkey) owns two hotkeys. Bob mines on subnet 1 (UID 1) and holds her stake there and on
 * subnet 3, where he is not registered. Foundry mines on subnet 19 (UID 2) with no stake row of its
 * own: Alice auto-stakes her subnet-19 incentive to the OTF validator, where her stake on 19 sits.
 * She also stakes on root and, through OTF, on subnet 1.
 */
const miningColdkey: SubtensorState = {
  storage: {
    [storageKeys.account(addresses.alice)]: accountInfoHex({ free: 1_234_500_000_000n, reserved: 2_000_000_000n }),
    [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob, addresses.foundryHotkey]),
    [storageKeys.isNetworkMember(addresses.bob, 1)]: trueHex,
    [storageKeys.isNetworkMember(addresses.foundryHotkey, 19)]: trueHex,
    [storageKeys.uids(1, addresses.bob)]: u16Hex(1),
    [storageKeys.uids(19, addresses.foundryHotkey)]: u16Hex(2),
    // Emission(1) is the research vector [0, 1234567, 42].
    [researchEmission.key]: researchEmission.result,
    [storageKeys.emission(19)]: u64VecHex([0n, 5n, 3_000_000_000n]),
    [storageKeys.autoStakeDestination(addresses.alice, 19)]: accountIdHex(addresses.otfHotkey),
  },
  calls: {
    [researchStakeInfo.params.join(' ')]: stakeInfoHex([
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 0, stake: 10_000_000_000n, emission: 5_000n, isRegistered: true },
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 1, stake: 5_000_000_000n, emission: 1_234_567n, isRegistered: true },
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 1, stake: 2_500_000_000n, emission: 9_000_000_000n, isRegistered: true },
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 3, stake: 1_000_000_000n, isRegistered: false },
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 19, stake: 7_000_000_000n, isRegistered: true },
    ]),
    ...price(1, 12_345_678n),
    ...price(3, 2_000_000_000n),
    ...price(19, 50_000_000n),
  },
}

const tao = { token: 'TAO', decimals: 9 }

describe('Bittensor read', () => {
  it('holds stake in each subnet’s own alpha, and finds every own miner, one with no stake row, with where its incentive goes', async () => {
    const server = await node(miningColdkey)
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings).toEqual([
      { ...tao, kind: 'liquid', key: '', amount: 1_234_500_000_000n },
      { ...tao, kind: 'locked', key: 'reserved', amount: 2_000_000_000n, detail: 'reserved' },
      { ...tao, kind: 'staked', key: addresses.otfHotkey, amount: 10_000_000_000n, detail: 'hotkey 5F4t…ZAc3, root', part: 'main' },
      { token: 'SN1α', decimals: 9, kind: 'staked', key: addresses.bob, amount: 5_000_000_000n, detail: 'hotkey 5FHn…94ty, subnet 1', part: 'main' },
      { token: 'SN1α', decimals: 9, kind: 'staked', key: addresses.otfHotkey, amount: 2_500_000_000n, detail: 'hotkey 5F4t…ZAc3, subnet 1', part: 'main' },
      { token: 'SN3α', decimals: 9, kind: 'staked', key: addresses.bob, amount: 1_000_000_000n, detail: 'hotkey 5FHn…94ty, subnet 3', part: 'main' },
      { token: 'SN19α', decimals: 9, kind: 'staked', key: addresses.otfHotkey, amount: 7_000_000_000n, detail: 'hotkey 5F4t…ZAc3, subnet 19', part: 'main' },
      // Emission(1)[1], in alpha; StakeInfo's dividends are part of it, not beside it. The OTF hotkey is a delegate: no emission line.
      { token: 'SN1α', decimals: 9, kind: 'emission', key: addresses.bob, amount: 1_234_567n, detail: 'miner UID 1 on subnet 1, hotkey 5FHn…94ty, per epoch', part: 'miners' },
      {
        token: 'SN19α',
        decimals: 9,
        kind: 'emission',
        key: addresses.foundryHotkey,
        amount: 3_000_000_000n,
        detail: 'miner UID 2 on subnet 19, hotkey 5HEo…P9M2, per epoch; incentive auto-staked to hotkey 5F4t…ZAc3, subnet 19',
        part: 'miners',
      },
    ])
    expect(read.unitPrices).toEqual([
      { unit: 'SN1α', quote: 'TAO', price: 12_345_678n, decimals: 9 },
      { unit: 'SN3α', quote: 'TAO', price: 2_000_000_000n, decimals: 9 },
      { unit: 'SN19α', quote: 'TAO', price: 50_000_000n, decimals: 9 },
    ])
    expect(read.failed).toBeUndefined()
    expect(read.hosts).toEqual([server.host])
    // Four requests in all, each step of the read one batch: the genesis; the balance, stake and owned
    // hotkeys; the registrations and the staked subnets' prices; the UIDs, Emission vectors and
    // auto-stake destinations (subnets 1 and 19 are staked, so no miner price is left to ask).
    expect(calls(server)).toEqual([
      ['chain_getBlockHash 0'],
      [`state_call StakeInfoRuntimeApi_get_stake_info_for_coldkey`, `state_getStorage ${storageKeys.account(addresses.alice)}`, `state_getStorage ${storageKeys.ownedHotkeys(addresses.alice)}`],
      [
        `state_call SwapRuntimeApi_current_alpha_price`,
        `state_call SwapRuntimeApi_current_alpha_price`,
        `state_call SwapRuntimeApi_current_alpha_price`,
        `state_getKeysPaged ${storageKeys.isNetworkMemberPrefix(addresses.bob)}`,
        `state_getKeysPaged ${storageKeys.isNetworkMemberPrefix(addresses.foundryHotkey)}`,
      ].sort(),
      [
        `state_getStorage ${researchEmission.key}`,
        `state_getStorage ${storageKeys.autoStakeDestination(addresses.alice, 1)}`,
        `state_getStorage ${storageKeys.autoStakeDestination(addresses.alice, 19)}`,
        `state_getStorage ${storageKeys.emission(19)}`,
        `state_getStorage ${storageKeys.uids(1, addresses.bob)}`,
        `state_getStorage ${storageKeys.uids(19, addresses.foundryHotkey)}`,
      ].sort(),
    ])
  })

  it('a miner registered on a subnet where the coldkey has no stake row at all gets its UID, emission and that subnet’s price', async () => {
    const state: SubtensorState = {
      storage: {
        [storageKeys.account(addresses.bob)]: accountInfoHex({ free: 1n }),
        [storageKeys.ownedHotkeys(addresses.bob)]: accountIdsHex([addresses.taostatsHotkey]),
        [storageKeys.isNetworkMember(addresses.taostatsHotkey, 64)]: trueHex,
        [storageKeys.uids(64, addresses.taostatsHotkey)]: u16Hex(0),
        [storageKeys.emission(64)]: u64VecHex([987_654_321n]),
      },
      calls: { [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.bobPublicKey}`]: '0x00', ...price(64, 4_000_000n) },
    }
    const server = await node(state)
    const read = await bittensor.read(context([server.url]), addresses.bob)
    expect(read).toEqual({
      holdings: [
        { ...tao, kind: 'liquid', key: '', amount: 1n },
        { token: 'SN64α', decimals: 9, kind: 'emission', key: addresses.taostatsHotkey, amount: 987_654_321n, detail: 'miner UID 0 on subnet 64, hotkey 5Hdd…KNm8, per epoch', part: 'miners' },
      ],
      hosts: [server.host],
      unitPrices: [{ unit: 'SN64α', quote: 'TAO', price: 4_000_000n, decimals: 9 }],
    })
    // No stake, so the price is asked once the miner is found, and only then.
    expect(methods(server).at(-1)).toEqual(['state_call'])
  })

  it('shows no auto-stake note when the destination is the miner’s own hotkey', async () => {
    const storage = { ...miningColdkey.storage, [storageKeys.autoStakeDestination(addresses.alice, 19)]: accountIdHex(addresses.foundryHotkey) }
    const server = await node({ ...miningColdkey, storage })
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.find((h) => h.key === addresses.foundryHotkey)?.detail).toBe('miner UID 2 on subnet 19, hotkey 5HEo…P9M2, per epoch')
  })

  it('leaves out root registrations (no miners there) and a listed subnet without a UID', async () => {
    const storage = {
      ...miningColdkey.storage,
      [storageKeys.isNetworkMember(addresses.bob, 0)]: trueHex,
      [storageKeys.uids(0, addresses.bob)]: u16Hex(9),
      // A hotkey swap can leave IsNetworkMember false with no UID (swap_hotkey.rs).
      [storageKeys.isNetworkMember(addresses.bob, 7)]: '0x00',
    }
    const server = await node({ ...miningColdkey, storage })
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.filter((h) => h.kind === 'emission').map((h) => h.token)).toEqual(['SN1α', 'SN19α'])
    expect(read.failed).toBeUndefined()
    const asked = server.requests.flatMap((request): unknown[] => (Array.isArray(request.body) ? (request.body as unknown[]) : [request.body])).map((call) => (call as { params?: unknown[] }).params?.[0])
    expect(asked).not.toContain(storageKeys.uids(0, addresses.bob))
    expect(asked).toContain(storageKeys.uids(7, addresses.bob))
  })

  it('keeps every holding’s identity and words when amounts and prices change', async () => {
    const first = await bittensor.read(context([(await node(miningColdkey)).url]), addresses.alice)
    const moved: SubtensorState = {
      storage: { ...miningColdkey.storage, [researchEmission.key]: u64VecHex([0n, 9n, 1n]), [storageKeys.emission(19)]: u64VecHex([0n, 5n, 1n]) },
      calls: {
        ...miningColdkey.calls,
        [researchStakeInfo.params.join(' ')]: stakeInfoHex([
          { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 0, stake: 11_000_000_000n, isRegistered: true },
          { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 1, stake: 6_000_000_000n, isRegistered: true },
          { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 1, stake: 1n, isRegistered: true },
          { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 3, stake: 3n, isRegistered: false },
          { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 19, stake: 10_000_000_000n, isRegistered: true },
        ]),
        ...price(1, 99n),
      },
    }
    const second = await bittensor.read(context([(await node(moved)).url]), addresses.alice)
    const identity = (h: (typeof first.holdings)[number]): string => `${holdingId(h)} ${h.detail ?? ''} ${h.part ?? ''}`
    expect(second.holdings.map(identity)).toEqual(first.holdings.map(identity))
    expect(second.holdings.map((h) => h.amount)).not.toEqual(first.holdings.map((h) => h.amount))
  })

  it('a node without key listing fails the miners part only: stake and balances read, no emission lines', async () => {
    const table = subtensorMethods(miningColdkey)
    const server = await serve(rpcRoute({ ...table, state_getKeysPaged: () => ({ error: { code: -32601, message: 'Method not found' } }) }))
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.filter((h) => h.kind === 'emission')).toEqual([])
    expect(read.holdings.filter((h) => h.kind === 'staked')).toHaveLength(5)
    expect(read.failed).toEqual([{ part: 'miners', problem: `miner emission could not be read: ${server.host} refused IsNetworkMember(5FHn…94ty) keys (error -32601: Method not found)` }])
    expect(read.unitPrices?.map((p) => p.unit)).toEqual(['SN1α', 'SN3α', 'SN19α'])
  })

  it('a failed auto-stake read fails the miners part, not the read', async () => {
    const table = subtensorMethods(miningColdkey)
    const destination = storageKeys.autoStakeDestination(addresses.alice, 19)
    const server = await serve(
      rpcRoute({
        ...table,
        state_getStorage: (params) => (Array.isArray(params) && params[0] === destination ? { error: { code: -32000, message: 'state pruned' } } : (table.state_getStorage?.(params) ?? { result: null })),
      }),
    )
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.filter((h) => h.kind === 'emission')).toEqual([])
    expect(read.failed).toEqual([{ part: 'miners', problem: `miner emission could not be read: ${server.host} refused AutoStakeDestination(5Grw…utQY, 19) (error -32000: state pruned)` }])
  })

  it('a UID missing from its subnet’s Emission vector: no emission line for it, a failed part, the rest read', async () => {
    const server = await node({ ...miningColdkey, storage: { ...miningColdkey.storage, [storageKeys.uids(1, addresses.bob)]: u16Hex(5) } })
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.filter((h) => h.kind === 'emission').map((h) => h.key)).toEqual([addresses.foundryHotkey])
    expect(read.failed).toEqual([{ part: 'miners', problem: 'miner emission could not be read: subnet 1 lists emission for 3 UIDs, none for UID 5 (hotkey 5FHn…94ty)' }])
  })

  it('reads a plain wallet (no hotkeys, no stake) without listing keys or asking any price', async () => {
    const server = await node({ storage: { [storageKeys.account(addresses.bob)]: accountInfoHex({ free: 42n }) }, calls: { [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.bobPublicKey}`]: '0x00' } })
    const read = await bittensor.read(context([server.url]), addresses.bob)
    expect(read).toEqual({ holdings: [{ ...tao, kind: 'liquid', key: '', amount: 42n }], hosts: [server.host], unitPrices: [] })
    // The genesis, then System.Account, StakeInfo and OwnedHotkeys (empty) in one batch: nothing else.
    expect(methods(server)).toHaveLength(2)
    expect(methods(server).flat().sort()).toEqual(['chain_getBlockHash', 'state_call', 'state_getStorage', 'state_getStorage'])
  })

  it('checks the genesis of an endpoint once across reads of the same pool', async () => {
    const server = await node(miningColdkey)
    const ctx = context([server.url])
    await bittensor.read(ctx, addresses.alice)
    const requestsPerRead = server.requests.length - 1
    await bittensor.read(ctx, addresses.alice)
    expect(methods(server).filter((method) => method === 'chain_getBlockHash')).toHaveLength(1)
    expect(server.requests).toHaveLength(1 + 2 * requestsPerRead)
  })

  it('passes the read’s signal down: a cancelled read stops before asking', async () => {
    const server = await node(miningColdkey)
    const error: unknown = await bittensor.read(context([server.url], AbortSignal.abort()), addresses.alice).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect((error as FetchFault).message).toBe(`stopped waiting for ${server.host}: the read was cancelled`)
    expect(server.requests).toHaveLength(0)
  })

  it('names the host that refused when the endpoint is on the wrong chain', async () => {
    const server = await node({ ...miningColdkey, genesisHash: polkadotGenesisHash })
    const error: unknown = await bittensor.read(context([server.url]), addresses.alice).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FetchFault)
    expect([(error as FetchFault).kind, (error as FetchFault).host]).toEqual(['wrong-chain', server.host])
  })
})
