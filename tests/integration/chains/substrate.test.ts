import { describe, expect, it } from 'vitest'
import { createSubstrateClient, type SubstrateClient } from '../../../src/main/core/chains/substrate.ts'
import { ChainHttp, FetchFault } from '../../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../../src/main/core/net/endpoint-pool.ts'
import {
  accountIdHex,
  accountIdsHex,
  accountInfoHex,
  addresses,
  finneyGenesisHash,
  netuidHex,
  polkadotGenesisHash,
  researchAccount,
  researchEmission,
  researchStakeInfo,
  storageKeys,
  subtensorMethods,
  trueHex,
  u16Hex,
  u64Hex,
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

  it('reads each hotkey’s UID and the subnets’ Emission vectors in one batch', async () => {
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
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_getStorage', 'state_getStorage', 'state_getStorage', 'state_getStorage']])
    expect((server.requests[1]?.body as { params: unknown }[]).map((call) => call.params)).toEqual([
      [storageKeys.uids(1, addresses.bob)],
      [storageKeys.uids(3, addresses.bob)],
      [storageKeys.uids(3, addresses.foundryHotkey)],
      [researchEmission.key],
      [storageKeys.emission(3)],
    ])
  })

  it('decodes no Emission vector when none of the hotkeys is registered', async () => {
    // Emission(1) is asked beside the UID; a vector that would not decode is no fault when no UID needs it.
    const server = await node({ storage: { [storageKeys.emission(1)]: '0x01' } })
    await expect(clientOf([server.url]).minerEmissions([{ hotkey: addresses.bob, netuid: 1 }])).resolves.toEqual({ value: [], host: server.host })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_getStorage']])
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
    expect([second.kind, second.message]).toEqual(['malformed', `${truncated.host} answered state_getStorage with a body that does not decode (19 bytes, too few for AccountInfo)`])
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

  it('lists each hotkey’s subnets from the keys under its IsNetworkMember prefix, in one batch', async () => {
    const server = await node({
      storage: {
        [storageKeys.isNetworkMember(addresses.bob, 19)]: trueHex,
        [storageKeys.isNetworkMember(addresses.bob, 3)]: trueHex,
        [storageKeys.isNetworkMember(addresses.foundryHotkey, 258)]: trueHex,
        // Another pallet item keyed by Bob, and another hotkey's membership: not listed.
        [storageKeys.uids(19, addresses.bob)]: u16Hex(4),
        [storageKeys.isNetworkMember(addresses.otfHotkey, 1)]: trueHex,
      },
    })
    const read = await clientOf([server.url]).registrations([addresses.bob, addresses.foundryHotkey, addresses.alice])
    expect(read).toEqual({
      value: new Map([
        [addresses.bob, [3, 19]],
        [addresses.foundryHotkey, [258]],
        [addresses.alice, []],
      ]),
      host: server.host,
    })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getKeysPaged', 'state_getKeysPaged', 'state_getKeysPaged']])
    expect((server.requests[1]?.body as { params: unknown }[])[0]?.params).toEqual([storageKeys.isNetworkMemberPrefix(addresses.bob), 1000])
  })

  it('asks the next page of keys after the last one when a page comes back full', async () => {
    const prefix = storageKeys.isNetworkMemberPrefix(addresses.bob)
    const page = Array.from({ length: 1000 }, (_, netuid) => storageKeys.isNetworkMember(addresses.bob, netuid)).sort()
    const server = await serve(
      rpcRoute({
        ...subtensorMethods({}),
        state_getKeysPaged: (params) => {
          const [, , after] = params as unknown[]
          return { result: after === undefined ? page : after === page.at(-1) ? [`${prefix}e803`] : [] }
        },
      }),
    )
    const read = await clientOf([server.url]).registrations([addresses.bob])
    expect(read.value.get(addresses.bob)).toHaveLength(1001)
    expect(read.value.get(addresses.bob)?.at(-1)).toBe(1000)
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getKeysPaged'], ['state_getKeysPaged']])
  })

  it('reports listed keys that are not under the asked prefix as malformed', async () => {
    const server = await serve(rpcRoute({ ...subtensorMethods({}), state_getKeysPaged: () => ({ result: [storageKeys.isNetworkMember(addresses.alice, 1)] }) }))
    const error = await fault(clientOf([server.url]).registrations([addresses.bob]))
    expect(error.kind).toBe('malformed')
    expect(error.message).toMatch(new RegExp(`^${server.host} answered IsNetworkMember\\(5FHn…94ty\\) keys with a key that is not 0x658faa38… followed by a netuid$`))
    const notList = await serve(rpcRoute({ ...subtensorMethods({}), state_getKeysPaged: () => ({ result: '0x00' }) }))
    const second = await fault(clientOf([notList.url]).registrations([addresses.bob]))
    expect([second.kind, second.message]).toEqual(['malformed', `${notList.host} answered IsNetworkMember(5FHn…94ty) keys with something that is not a list of keys`])
  })

  it('reads the coldkey’s auto-stake destination per subnet, in one batch; a subnet without one is left out', async () => {
    const server = await node({ storage: { [storageKeys.autoStakeDestination(addresses.alice, 19)]: accountIdHex(addresses.otfHotkey) } })
    const read = await clientOf([server.url]).autoStakeDestinations(addresses.alice, [3, 19])
    expect(read).toEqual({ value: new Map([[19, addresses.otfHotkey]]), host: server.host })
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_getStorage']])
  })

  it('reports a destination that is not an AccountId32 as malformed, naming the read', async () => {
    const server = await node({ storage: { [storageKeys.autoStakeDestination(addresses.alice, 19)]: '0x0102' } })
    const error = await fault(clientOf([server.url]).autoStakeDestinations(addresses.alice, [19]))
    expect([error.kind, error.message]).toEqual(['malformed', `${server.host} answered AutoStakeDestination(5Grw…utQY, 19) with a body that does not decode (2 bytes, too few for AccountId32)`])
  })
  it('sends the reads made side by side as one batch, each answer to its own read', async () => {
    const server = await node({
      storage: {
        [storageKeys.account(addresses.alice)]: accountInfoHex({ free: 7n }),
        [storageKeys.account(addresses.bob)]: accountInfoHex({ free: 9n }),
        [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob]),
      },
      calls: { [`SwapRuntimeApi_current_alpha_price ${netuidHex(1)}`]: u64Hex(12_345_678n) },
    })
    const client = clientOf([server.url])
    const [alice, bob, owned, prices] = await Promise.all([
      client.account(addresses.alice),
      client.account(addresses.bob),
      client.ownedHotkeys(addresses.alice),
      client.subnetAlphaPrices([1]),
    ])
    expect([alice.value.free, bob.value.free, owned.value, prices.value]).toEqual([7n, 9n, [addresses.bob], new Map([[1, 12_345_678n]])])
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_getStorage', 'state_getStorage', 'state_call']])
  })

  it('fails only the read whose call the node refused, with its own words, when reads share a batch', async () => {
    const server = await node(aliceAccount)
    const client = clientOf([server.url])
    const [account, stake] = await Promise.allSettled([client.account(addresses.alice), client.stakeInfoForColdkey(addresses.alice)])
    expect(account).toEqual({ status: 'fulfilled', value: { value: { free: 1_234_500_000_000n, reserved: 0n, frozen: 0n }, host: server.host } })
    expect(stake.status === 'rejected' ? (stake.reason as Error).message : stake).toBe(
      `${server.host} refused state_call (error 4003: Client error: Execution failed: Other: Exported method StakeInfoRuntimeApi_get_stake_info_for_coldkey is not found)`,
    )
    expect(methods(server)).toEqual(['chain_getBlockHash', ['state_getStorage', 'state_call']])
  })
})
