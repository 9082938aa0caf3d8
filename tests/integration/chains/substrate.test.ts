import { describe, expect, it } from 'vitest'
import { createSubstrateClient, type SubstrateClient } from '../../../src/main/core/chains/substrate.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import { bittensor } from '../../../src/main/core/networks/bittensor.ts'
import type { ReadContext } from '../../../src/main/core/networks/network-module.ts'
import {
  accountIdsHex,
  accountInfoHex,
  addresses,
  finneyGenesisHash,
  netuidHex,
  polkadotGenesisHash,
  researchAccount,
  researchEmission,
  researchStakeInfo,
  stakeInfoHex,
  storageKeys,
  subtensorMethods,
  u16Hex,
  u64Hex,
  u64VecHex,
  type SubtensorState,
} from '../../fixtures/chains/substrate.ts'
import { rpcRoute, type LoopbackApi, servedPerTest } from '../../support/loopback-api.ts'

const { serve, servers } = servedPerTest()

const node = (state: SubtensorState): Promise<LoopbackApi> => serve(rpcRoute(subtensorMethods(state)))

function fastHttp(timeoutMs = 300): ChainHttp {
  return new ChainHttp({ timeoutMs, attempts: 2, backoffBaseMs: 5 })
}

function clientOf(urls: string[], http = fastHttp()): SubstrateClient {
  return createSubstrateClient({ http, pool: new EndpointPool(urls), genesisHash: finneyGenesisHash, ss58Prefix: 42, chainName: 'Bittensor mainnet (Finney)' })
}

/** The JSON-RPC methods of each request, a batch as a list. */
function methods(server: LoopbackApi): unknown[] {
  const name = (call: unknown): unknown => (call as { method?: unknown }).method
  return server.requests.map((request) => (Array.isArray(request.body) ? request.body.map(name) : name(request.body)))
}

function paramsOf(server: LoopbackApi, index: number): unknown {
  return (server.requests[index]?.body as { params?: unknown } | undefined)?.params
}

async function fault(promise: Promise<unknown>): Promise<FetchFault> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof FetchFault)) throw new Error(`expected a FetchFault, got ${String(error)}`)
  return error
}

const aliceAccount = { storage: { [researchAccount.key]: researchAccount.result } }

describe('Substrate client against a loopback subtensor node', () => {
  it('reads System.Account with the documented key, after one genesis check', async () => {
    const server = await node({ storage: { [researchAccount.key]: accountInfoHex({ free: 1_234_500_000_000n, reserved: 2_000_000_000n, frozen: 500_000_000n }) } })
    const client = clientOf([server.url])
    await expect(client.account(addresses.alice)).resolves.toEqual({ value: { free: 1_234_500_000_000n, reserved: 2_000_000_000n, frozen: 500_000_000n }, host: server.host })
    expect(methods(server)).toEqual(['chain_getBlockHash', 'state_getStorage'])
    expect(paramsOf(server, 0)).toEqual([0])
    expect(paramsOf(server, 1)).toEqual([researchAccount.key])

    await client.account(addresses.alice)
    expect(methods(server)).toEqual(['chain_getBlockHash', 'state_getStorage', 'state_getStorage'])
  })

  it('reads an account the chain has never seen (null) as zeros', async () => {
    const server = await node({})
    await expect(clientOf([server.url]).account(addresses.bob)).resolves.toEqual({ value: { free: 0n, reserved: 0n, frozen: 0n }, host: server.host })
  })

  it('asks StakeInfoRuntimeApi with the raw AccountId32 and decodes the research body', async () => {
    const [api, arg] = researchStakeInfo.params
    const server = await node({ calls: { [`${api} ${arg}`]: researchStakeInfo.result } })
    await expect(clientOf([server.url]).stakeInfoForColdkey(addresses.alice)).resolves.toEqual({ value: [researchStakeInfo.entry], host: server.host })
    expect(paramsOf(server, 1)).toEqual([...researchStakeInfo.params])
  })

  it('reads the coldkey’s owned hotkeys', async () => {
    const server = await node({ storage: { [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob]) } })
    await expect(clientOf([server.url]).ownedHotkeys(addresses.alice)).resolves.toEqual({ value: [addresses.bob], host: server.host })
  })

  it('asks every subnet’s alpha price in one batch', async () => {
    const server = await node({
      calls: {
        [`SwapRuntimeApi_current_alpha_price ${netuidHex(1)}`]: u64Hex(12_345_678n),
        [`SwapRuntimeApi_current_alpha_price ${netuidHex(300)}`]: u64Hex(2_000_000_000n),
      },
    })
    const prices = await clientOf([server.url]).subnetAlphaPrices([1, 300])
    expect(prices).toEqual({ value: new Map([[1, 12_345_678n], [300, 2_000_000_000n]]), host: server.host })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_call', 'state_call']])
    expect(netuidHex(300)).toBe('0x2c01')
  })

  it('reads each hotkey’s UID in one batch, then the subnets’ Emission vectors in a second', async () => {
    const server = await node({
      storage: {
        [storageKeys.uids(1, addresses.bob)]: u16Hex(1),
        [storageKeys.uids(3, addresses.foundryHotkey)]: u16Hex(7),
        [researchEmission.key]: researchEmission.result,
      },
    })
    const positions = [
      { hotkey: addresses.bob, netuid: 1 },
      { hotkey: addresses.bob, netuid: 3 },
      { hotkey: addresses.foundryHotkey, netuid: 3 },
    ]
    const read = await clientOf([server.url]).minerEmissions(positions)
    expect(read).toEqual({
      value: [
        { hotkey: addresses.bob, netuid: 1, uid: 1, emission: 1_234_567n, subnetUids: 3 },
        // Emission(3) was never written: an empty vector, so UID 7 has no figure.
        { hotkey: addresses.foundryHotkey, netuid: 3, uid: 7, emission: null, subnetUids: 0 },
      ],
      host: server.host,
    })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_getStorage', 'state_getStorage'], ['state_getStorage', 'state_getStorage']])
    expect((server.requests[2]?.body as { params: unknown }[]).map((call) => call.params)).toEqual([[researchEmission.key], [storageKeys.emission(3)]])
  })

  it('asks no Emission when none of the hotkeys is registered', async () => {
    const server = await node({})
    await expect(clientOf([server.url]).minerEmissions([{ hotkey: addresses.bob, netuid: 1 }])).resolves.toEqual({ value: [], host: server.host })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage']])
  })

  it('reports a UID that does not decode as malformed, naming the read', async () => {
    const server = await node({ storage: { [storageKeys.uids(1, addresses.bob)]: '0x010203' } })
    const error = await fault(clientOf([server.url]).minerEmissions([{ hotkey: addresses.bob, netuid: 1 }]))
    expect([error.kind, error.message]).toEqual(['malformed', `${server.host} answered Uids(1, 5FHn…94ty) with a body that does not decode (3 bytes where u16 takes 2)`])
  })

  it('refuses a node of another chain (Polkadot’s genesis) as wrong-chain, before reading', async () => {
    const server = await node({ genesisHash: polkadotGenesisHash, ...aliceAccount })
    const error = await fault(clientOf([server.url]).account(addresses.alice))
    expect(error.kind).toBe('wrong-chain')
    expect(error.message).toBe(`${server.host} is not Bittensor mainnet (Finney): its genesis block is 0x91b1…90c3, not 0x2f05…6c03; give a Bittensor mainnet (Finney) RPC URL`)
    expect(methods(server)).toEqual(['chain_getBlockHash'])
  })

  it('waits out a 429 with Retry-After, then reads', async () => {
    const methodsTable = subtensorMethods(aliceAccount)
    let calls = 0
    const server = await serve((request) => {
      calls += 1
      if (calls === 1) return { status: 429, headers: { 'retry-after': '1' }, json: { error: 'Too Many Requests' } }
      return rpcRoute(methodsTable)(request)
    })
    const started = Date.now()
    await expect(clientOf([server.url]).account(addresses.alice)).resolves.toMatchObject({ value: { free: 1_234_500_000_000n } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(server.requests).toHaveLength(3)
    expect(methods(server)).toEqual(['chain_getBlockHash', 'chain_getBlockHash', 'state_getStorage'])
  })

  it('reports a node that answers 500 as an http fault, after retrying', async () => {
    const server = await serve(() => ({ status: 500, json: { message: 'database is locked' } }))
    const error = await fault(clientOf([server.url]).account(addresses.alice))
    expect(error.kind).toBe('http')
    expect(error.message).toBe(`${server.host} had an internal error (HTTP 500): database is locked`)
    expect(server.requests).toHaveLength(2)
  })

  it('gives up on a node that never answers as a timeout', async () => {
    const server = await serve(() => 'hang')
    const error = await fault(clientOf([server.url], new ChainHttp({ timeoutMs: 200, attempts: 1 })).account(addresses.alice))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`${server.host} did not answer within 200 ms`)
  })

  it('reports a body that is not JSON as malformed', async () => {
    const server = await serve(() => ({ raw: '<html>502 Bad Gateway</html>' }))
    const error = await fault(clientOf([server.url]).account(addresses.alice))
    expect(error.kind).toBe('malformed')
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+ answered something that is not JSON \(text\/html, 28 bytes\)$/)
  })

  it('reports storage that is not hex, and hex that does not decode, as malformed', async () => {
    const notHex = await serve(rpcRoute({ ...subtensorMethods({}), state_getStorage: () => ({ result: 12 }) }))
    const first = await fault(clientOf([notHex.url]).account(addresses.alice))
    expect([first.kind, first.message]).toEqual(['malformed', `${notHex.host} answered state_getStorage with something that is not SCALE hex`])

    const truncated = await node({ storage: { [researchAccount.key]: researchAccount.result.slice(0, 40) } })
    const second = await fault(clientOf([truncated.url]).account(addresses.alice))
    expect([second.kind, second.message]).toEqual(['malformed', `${truncated.host} answered state_getStorage with a body that does not decode (19 bytes where SubtensorAccountInfo takes 56)`])
  })

  it('reports a runtime without the stake API as an rpc fault with the node’s words', async () => {
    const server = await node({})
    const error = await fault(clientOf([server.url]).stakeInfoForColdkey(addresses.alice))
    expect(error.kind).toBe('rpc')
    expect(error.message).toBe(
      `${server.host} refused state_call (error 4003: Client error: Execution failed: Other: Exported method StakeInfoRuntimeApi_get_stake_info_for_coldkey is not found)`,
    )
  })

  it('falls through to the second endpoint when the first is down, and says which answered', async () => {
    const down = await serve(() => ({ json: null }))
    const downUrl = down.url
    await down.close()
    servers.splice(servers.indexOf(down), 1)
    const up = await node(aliceAccount)
    await expect(clientOf([downUrl, up.url]).account(addresses.alice)).resolves.toEqual({ value: { free: 1_234_500_000_000n, reserved: 0n, frozen: 0n }, host: up.host })
  })

  it('falls through past an endpoint of the wrong chain', async () => {
    const testnet = await node({ genesisHash: `0x${'ab'.repeat(32)}`, ...aliceAccount })
    const finney = await node(aliceAccount)
    const read = await clientOf([testnet.url, finney.url]).account(addresses.alice)
    expect(read.host).toBe(finney.host)
    expect(methods(testnet)).toEqual(['chain_getBlockHash'])
  })
})

/** A coldkey (Alice) with free and reserved TAO, root stake, stake on two subnets through its own hotkey (Bob) and the OTF validator. */
const coldkeyState: SubtensorState = {
  storage: {
    [researchAccount.key]: accountInfoHex({ free: 1_234_500_000_000n, reserved: 2_000_000_000n }),
    [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob]),
    // Bob is UID 1 on subnet 1; Emission(1) is the research vector [0, 1234567, 42].
    [storageKeys.uids(1, addresses.bob)]: u16Hex(1),
    [researchEmission.key]: researchEmission.result,
  },
  calls: {
    [researchStakeInfo.params.join(' ')]: stakeInfoHex([
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 0, stake: 10_000_000_000n, emission: 5_000n, isRegistered: true },
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 1, stake: 5_000_000_000n, emission: 1_234_567n, isRegistered: true },
      { hotkey: addresses.otfHotkey, coldkey: addresses.alice, netuid: 1, stake: 2_500_000_000n, emission: 9_000_000_000n, isRegistered: true },
      { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 3, stake: 1_000_000_000n, isRegistered: false },
    ]),
    [`SwapRuntimeApi_current_alpha_price ${netuidHex(1)}`]: u64Hex(12_345_678n),
    [`SwapRuntimeApi_current_alpha_price ${netuidHex(3)}`]: u64Hex(2_000_000_000n),
  },
}

function context(urls: string[], signal: AbortSignal = new AbortController().signal): ReadContext {
  const pool = new EndpointPool(urls)
  return {
    http: fastHttp(),
    pool: (key) => {
      if (key !== 'subtensor') throw new RangeError(`bittensor asked for ${key}`)
      return pool
    },
    signal,
  }
}

describe('Bittensor network read', () => {
  it('lists free, reserved, stake valued at the pool price, and the own miner UID’s emission', async () => {
    const server = await node(coldkeyState)
    const read = await bittensor.read(context([server.url]), addresses.alice)
    const tao = { token: 'TAO', decimals: 9 }
    expect(read.holdings).toEqual([
      { ...tao, kind: 'liquid', amount: 1_234_500_000_000n },
      { ...tao, kind: 'locked', amount: 2_000_000_000n, detail: 'reserved' },
      { ...tao, kind: 'staked', amount: 10_000_000_000n, detail: 'hotkey 5F4t…ZAc3, subnet 0 (root)' },
      // 5 α × 0.012345678 TAO/α
      { ...tao, kind: 'staked', amount: 61_728_390n, detail: 'hotkey 5FHn…94ty, subnet 1 (5.0 α)' },
      // Emission(1)[1] = 1234567 α × 12345678 / 10^9 = 15241.57 rao, floored; StakeInfo's dividends are part of it, not beside it.
      { ...tao, kind: 'emission', amount: 15_241n, detail: 'miner UID 1 on subnet 1, hotkey 5FHn…94ty, per epoch (0.001234567 α)' },
      // The OTF hotkey's dividends are the whole validator's, not this coldkey's: no emission line.
      { ...tao, kind: 'staked', amount: 30_864_195n, detail: 'hotkey 5F4t…ZAc3, subnet 1 (2.5 α)' },
      { ...tao, kind: 'staked', amount: 2_000_000_000n, detail: 'hotkey 5FHn…94ty, subnet 3 (1.0 α)' },
    ])
    expect(read.hosts).toEqual([server.host])
    expect(read.problems).toBeUndefined()
    const batches = server.requests.map((request) => request.body).filter((body) => Array.isArray(body))
    // Prices, the UIDs of Bob's registered positions (subnet 1 only: subnet 3 is not), Emission(1): one request each.
    expect(batches).toHaveLength(3)
    expect(batches).toContainEqual([
      expect.objectContaining({ method: 'state_call', params: ['SwapRuntimeApi_current_alpha_price', '0x0100'] }),
      expect.objectContaining({ method: 'state_call', params: ['SwapRuntimeApi_current_alpha_price', '0x0300'] }),
    ])
    expect(batches).toContainEqual([expect.objectContaining({ method: 'state_getStorage', params: [storageKeys.uids(1, addresses.bob)] })])
    expect(batches).toContainEqual([expect.objectContaining({ method: 'state_getStorage', params: [researchEmission.key] })])
  })

  it('values a root (subnet 0) miner UID’s emission as TAO, with no price asked', async () => {
    const state: SubtensorState = {
      storage: {
        [storageKeys.account(addresses.bob)]: accountInfoHex({ free: 1n }),
        [storageKeys.ownedHotkeys(addresses.bob)]: accountIdsHex([addresses.foundryHotkey]),
        [storageKeys.uids(0, addresses.foundryHotkey)]: u16Hex(2),
        [storageKeys.emission(0)]: u64VecHex([5n, 6n, 2_500_000_000n]),
      },
      calls: {
        [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.bobPublicKey}`]: stakeInfoHex([
          { hotkey: addresses.foundryHotkey, coldkey: addresses.bob, netuid: 0, stake: 0n, emission: 7n, isRegistered: true },
        ]),
      },
    }
    const server = await node(state)
    const read = await bittensor.read(context([server.url]), addresses.bob)
    expect(read.holdings).toEqual([
      { token: 'TAO', kind: 'liquid', amount: 1n, decimals: 9 },
      { token: 'TAO', kind: 'emission', amount: 2_500_000_000n, decimals: 9, detail: 'miner UID 2 on subnet 0, hotkey 5HEo…P9M2, per epoch (2.5 TAO)' },
    ])
    // StakeInfo is the only runtime call; the two batches are the UID and the Emission reads.
    expect(methods(server).flat().filter((method) => method === 'state_call')).toHaveLength(1)
    expect(methods(server).filter((call) => Array.isArray(call))).toEqual([['state_getStorage'], ['state_getStorage']])
  })

  it('a UID missing from the subnet’s Emission vector: no emission line, a problem, the rest read', async () => {
    const server = await node({ ...coldkeyState, storage: { ...coldkeyState.storage, [storageKeys.uids(1, addresses.bob)]: u16Hex(5) } })
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.filter((holding) => holding.kind === 'emission')).toEqual([])
    expect(read.holdings.filter((holding) => holding.kind === 'staked')).toHaveLength(4)
    expect(read.problems).toEqual(['miner emission could not be read: subnet 1 lists emission for 3 UIDs, none for UID 5 (hotkey 5FHn…94ty)'])
    expect(read.hosts).toEqual([server.host])
  })

  it('a failed UID read does not fail the read: the other holdings and a problem', async () => {
    const uidsKey = storageKeys.uids(1, addresses.bob)
    const methodsTable = subtensorMethods(coldkeyState)
    const server = await serve(
      rpcRoute({
        ...methodsTable,
        state_getStorage: (params) => (Array.isArray(params) && params[0] === uidsKey ? { error: { code: -32000, message: 'state pruned' } } : (methodsTable.state_getStorage?.(params) ?? { result: null })),
      }),
    )
    const read = await bittensor.read(context([server.url]), addresses.alice)
    expect(read.holdings.map((holding) => holding.kind)).toEqual(['liquid', 'locked', 'staked', 'staked', 'staked', 'staked'])
    expect(read.problems).toEqual([`miner emission could not be read: ${server.host} refused Uids(1, 5FHn…94ty) (error -32000: state pruned)`])
    expect(methods(server).filter((call) => Array.isArray(call))).toHaveLength(2)
  })

  it('checks the genesis of an endpoint once across reads of the same pool', async () => {
    const server = await node(coldkeyState)
    const ctx = context([server.url])
    await bittensor.read(ctx, addresses.alice)
    await bittensor.read(ctx, addresses.alice)
    expect(methods(server).filter((method) => method === 'chain_getBlockHash')).toHaveLength(1)
    expect(server.requests).toHaveLength(1 + 2 * 6)
  })

  it('reads a plain wallet (no stake) without asking any price', async () => {
    const server = await node({ storage: { [storageKeys.account(addresses.bob)]: accountInfoHex({ free: 42n }) }, calls: { [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.bobPublicKey}`]: '0x00' } })
    const read = await bittensor.read(context([server.url]), addresses.bob)
    expect(read).toEqual({ holdings: [{ token: 'TAO', kind: 'liquid', amount: 42n, decimals: 9 }], hosts: [server.host] })
    expect(methods(server).flat().filter((method) => method === 'state_call')).toHaveLength(1)
  })

  it('passes the read’s signal down: a cancelled read stops', async () => {
    const server = await node(coldkeyState)
    const error = await fault(bittensor.read(context([server.url], AbortSignal.abort()), addresses.alice))
    expect(error.message).toBe(`stopped waiting for ${server.host}: the read was cancelled`)
    expect(server.requests).toHaveLength(0)
  })

  it('names the host that refused when the endpoint is on the wrong chain', async () => {
    const server = await node({ ...coldkeyState, genesisHash: polkadotGenesisHash })
    const error = await fault(bittensor.read(context([server.url]), addresses.alice))
    expect(error.kind).toBe('wrong-chain')
    expect(error.host).toBe(server.host)
  })
})
