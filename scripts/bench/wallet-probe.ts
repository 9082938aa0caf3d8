/**
 * `node scripts/bench/wallet-probe.ts [--json] [--own-subtensor]` (run by `npm run bench`): how long one refresh of
 * 100 wallets over the six networks takes against loopback stand-ins of every endpoint and both
 * price feeds, each answering after 100 ms like a far-away public API, and whether any host got
 * more than the limit of the public endpoint it stands in for. The servers count for themselves
 * (starts per sliding window, calls of each JSON-RPC method per its window where the endpoint
 * publishes one, requests in flight), so the check does not trust the limiter it checks.
 * Figures on stdout, per-host detail on stderr; exits non-zero when a wallet was not read, since
 * timing failed reads would measure nothing. `--own-subtensor` stands the subtensor server in for
 * an operator's own node (Endpoints panel) instead of OTF's: undeclared, so held to the default limit.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads'
import { encodeSs58 as encodeAddress, publicKeyOf as decodeAddress } from '../../src/main/core/chains/substrate.ts'
import { bech32 } from '@scure/base'
import { getBase58Decoder } from '@solana/kit'
import { AddressSecp256k1 } from 'iso-filecoin/address'
import { getAddress } from 'viem'
import { defaultSettings, type Settings } from '../../src/shared/contract/settings.ts'
import type { EndpointKey, NetworkId, WalletSetting } from '../../src/shared/contract/wallets.ts'
import { silentLogger } from '../../src/main/core/log.ts'
import { ChainHttp } from '../../src/main/core/net/chain-http.ts'
import { defaultHostLimit, type HostLimit } from '../../src/main/core/net/host-limiter.ts'
import { athDeployments } from '../../src/main/core/networks/aethir.ts'
import { endpointDefaults, otfLiteDocumented } from '../../src/main/core/networks/endpoint-defaults.ts'
import { networkNamed, networks } from '../../src/main/core/networks/index.ts'
import { createCoinGeckoFeed } from '../../src/main/core/prices/coingecko.ts'
import { createCoinPaprikaFeed } from '../../src/main/core/prices/coinpaprika.ts'
import { PriceService } from '../../src/main/core/prices/price-service.ts'
import { LedgerStore } from '../../src/main/core/store/ledger-store.ts'
import { WalletService } from '../../src/main/core/wallets/wallet-service.ts'
import * as cosmos from '../../tests/fixtures/chains/cosmos.ts'
import { erc20NodeMethods } from '../../tests/fixtures/chains/evm.ts'
import * as lotus from '../../tests/fixtures/chains/filecoin.ts'
import { rewardsByOwner } from '../../tests/fixtures/chains/helium-oracle.ts'
import { genesis, tokenAccount, tokenAccountsResult } from '../../tests/fixtures/chains/solana.ts'
import * as subtensor from '../../tests/fixtures/chains/substrate.ts'
import { simplePriceText, updatedAt } from '../../tests/fixtures/prices/coingecko.ts'
import { notFoundBody, ticker } from '../../tests/fixtures/prices/coinpaprika.ts'
import { loopbackApi, rpcRoute, type ApiAnswer, type ApiRequest, type LoopbackApi } from '../../tests/support/loopback-api.ts'

type Figure = { name: string; value: number; goal: string; unit: string }
type Route = (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>

/** What one loopback server saw, kept by the server itself. */
type Tally = {
  name: string
  limit: HostLimit
  starts: number[]
  /** Start times of each JSON-RPC method's calls, a batch's each. */
  methodStarts: Map<string, number[]>
  inFlight: number
  peakInFlight: number
  byCall: Map<string, number>
  lastAnswerAt: number
}
type Stand = { tally: Tally; api: LoopbackApi }

const latencyMs = 100
/** 17, 17, 17, 17, 16, 16: the brief's 100 wallets, evenly over the six networks. */
const walletsPerNetwork: [NetworkId, number][] = [
  ['grass', 17],
  ['helium', 17],
  ['akash', 17],
  ['aethir', 17],
  ['bittensor', 16],
  ['filecoin', 16],
]

// ---------------------------------------------------------------------------------------------
// Addresses: distinct, valid, and the same on every run (keys hashed from a label, not random).

function keyBytes(label: string, length = 32): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let at = 0, round = 0; at < length; round++) {
    const digest = createHash('sha256').update(`wallet-probe ${label} ${round}`).digest()
    bytes.set(digest.subarray(0, Math.min(digest.length, length - at)), at)
    at += digest.length
  }
  return bytes
}

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`
const hotkeyOf = (coldkey: string): string => encodeAddress(keyBytes(`hotkey of ${coldkey}`), 42)
/** Half the Filecoin wallets are storage providers (f0 miner ids), so the miner path is timed too. */
const isMiner = (index: number): boolean => index % 2 === 0
/** Two Akash wallets are providers with two pages of leases. */
const isProvider = (index: number): boolean => index < 2

function rawAddress(network: NetworkId, index: number): string {
  const key = keyBytes(`${network} ${index}`)
  switch (network) {
    case 'grass':
    case 'helium':
      return getBase58Decoder().decode(key)
    case 'aethir':
      return getAddress(hex(key.subarray(0, 20)))
    case 'akash':
      return bech32.encode('akash', bech32.toWords(key.subarray(0, 20)))
    case 'bittensor':
      return encodeAddress(key, 42)
    case 'filecoin': {
      if (isMiner(index)) return `f0${1000 + index}`
      const publicKey = keyBytes(`${network} ${index}`, 65)
      publicKey[0] = 4 // an uncompressed secp256k1 key, as f1 addresses hash
      return AddressSecp256k1.fromPublicKey(publicKey, 'mainnet').toString()
    }
    default:
      throw new RangeError(`the probe has no wallets for ${network}`)
  }
}

/** The wallets as wallets.add would save them: each address checked and normalised by its network. */
function buildWallets(): WalletSetting[] {
  const wallets: WalletSetting[] = []
  for (const [network, count] of walletsPerNetwork) {
    for (let index = 0; index < count; index++) {
      const check = networkNamed(networks, network).checkAddress(rawAddress(network, index))
      if (!check.ok) throw new Error(`generated ${network} address ${String(index)} is invalid: ${check.message}`)
      const n = wallets.length
      wallets.push({ id: `wallet-${String(n).padStart(8, '0')}`, network, address: check.address, label: `${network} ${String(index + 1)}`, addedAt: 1_767_225_600_000 + n })
    }
  }
  if (new Set(wallets.map((w) => w.address)).size !== wallets.length) throw new Error('two generated wallets share an address')
  return wallets
}

// ---------------------------------------------------------------------------------------------
// The loopback stand-ins, one per endpoint key and price feed, answering from the fixtures.

function addressesOf(wallets: readonly WalletSetting[], network: NetworkId): string[] {
  return wallets.filter((w) => w.network === network).map((w) => w.address)
}

function solanaRoute(): Route {
  // Mints and decimals as the networks declare them (splToken writes `where` as "SPL mint <mint>").
  const decimals = new Map<string, number>()
  for (const token of ['grass', 'helium'].flatMap((id) => networkNamed(networks, id).info.tokens)) {
    const mint = /^SPL mint (\S+)$/.exec(token.where)?.[1]
    if (mint !== undefined) decimals.set(mint, token.decimals)
  }
  return rpcRoute({
    getGenesisHash: () => ({ result: genesis.mainnet }),
    getTokenAccountsByOwner: (params) => {
      // By mint: that mint's account; by program: an account of every mint the probe knows.
      const [owner, filter] = params as [string, { mint?: string; programId?: string }]
      const mints = filter.mint === undefined ? [...decimals.keys()] : [filter.mint]
      const accounts = mints.flatMap((mint) => {
        const places = decimals.get(mint)
        return places === undefined ? [] : [tokenAccount(owner, mint, String(1_234n * 10n ** BigInt(places)), places)]
      })
      return { result: tokenAccountsResult(accounts) }
    },
  })
}

function evmRoute(chainId: number, wallets: readonly WalletSetting[]): Route {
  const token = athDeployments.find((d) => d.chainId === chainId)
  if (token === undefined) throw new Error(`no ATH deployment on chain ${String(chainId)}`)
  const owners = Object.fromEntries(addressesOf(wallets, 'aethir').map((a, i) => [a.toLowerCase(), BigInt(i + 1) * 10n ** 18n]))
  return rpcRoute(erc20NodeMethods({ chainId, balances: { [token.address.toLowerCase()]: owners } }))
}

function akashRoute(wallets: readonly WalletSetting[]): Route {
  const providers = new Set(addressesOf(wallets, 'akash').filter((_, i) => isProvider(i)))
  const routes: [RegExp, (request: ApiRequest) => unknown][] = [
    [/^\/cosmos\/base\/tendermint\/v1beta1\/node_info$/, () => cosmos.nodeInfo()],
    [/^\/cosmos\/bank\/v1beta1\/balances\/akash1\w+$/, () => cosmos.bankBalancesPage2],
    [/^\/cosmos\/staking\/v1beta1\/delegations\/akash1\w+$/, () => cosmos.delegationsAkash],
    [/^\/cosmos\/staking\/v1beta1\/delegators\/akash1\w+\/unbonding_delegations$/, () => cosmos.unbondingDocumented],
    [/^\/cosmos\/distribution\/v1beta1\/delegators\/akash1\w+\/rewards$/, () => cosmos.rewardsAkash],
    [
      /^\/akash\/market\/v1beta5\/leases\/list$/,
      ({ url }) => {
        if (!providers.has(url.searchParams.get('filters.provider') ?? '')) return cosmos.leasesEmpty
        return url.searchParams.has('pagination.key') ? cosmos.leasesPage2 : cosmos.leasesPage1
      },
    ],
  ]
  return (request) => {
    const match = routes.find(([path]) => path.test(request.url.pathname))
    // What a gRPC gateway answers for a path it does not serve (google.rpc.Status, code 5 = NOT_FOUND).
    return match === undefined ? { status: 404, json: { code: 5, message: 'Not Found', details: [] } } : { json: match[1](request) }
  }
}

/**
 * Every coldkey holds TAO, stakes on subnet 1 through its own hotkey, and that hotkey mines there
 * (registered, a UID, a share of Emission(1)); every other coldkey auto-stakes its incentive to
 * another hotkey. So each read takes every step the Bittensor read has: the genesis (cold), the
 * balance, stake and owned hotkeys, the registrations (state_getKeysPaged) and prices, the UIDs,
 * Emission vectors and auto-stake destinations.
 */
function subtensorRoute(wallets: readonly WalletSetting[]): Route {
  const storage: Record<string, string> = {}
  const calls: Record<string, string> = {}
  const coldkeys = addressesOf(wallets, 'bittensor')
  coldkeys.forEach((coldkey, i) => {
    const hotkey = hotkeyOf(coldkey)
    storage[subtensor.storageKeys.account(coldkey)] = subtensor.accountInfoHex({ free: BigInt(i + 1) * 1_000_000_000n })
    storage[subtensor.storageKeys.ownedHotkeys(coldkey)] = subtensor.accountIdsHex([hotkey])
    storage[subtensor.storageKeys.isNetworkMember(hotkey, 1)] = subtensor.trueHex
    storage[subtensor.storageKeys.uids(1, hotkey)] = subtensor.u16Hex(i)
    if (i % 2 === 1) storage[subtensor.storageKeys.autoStakeDestination(coldkey, 1)] = subtensor.accountIdHex(hotkeyOf(`${coldkey} validator`))
    const stake = subtensor.stakeInfoHex([{ hotkey, coldkey, netuid: 1, stake: 5_000_000_000n, emission: 1_234_567n, isRegistered: true }])
    calls[`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${hex(decodeAddress(coldkey))}`] = stake
  })
  storage[subtensor.storageKeys.emission(1)] = subtensor.u64VecHex(coldkeys.map((_, i) => BigInt(i + 1) * 1_000_000n))
  calls[`SwapRuntimeApi_current_alpha_price ${subtensor.netuidHex(1)}`] = subtensor.u64Hex(25_000_000n)
  return rpcRoute(subtensor.subtensorMethods({ storage, calls }))
}

function filecoinRoute(): Route {
  const isMinerId = (params: unknown): boolean => Array.isArray(params) && typeof params[0] === 'string' && params[0].startsWith('f0')
  return rpcRoute({
    'Filecoin.StateNetworkName': () => ({ result: lotus.networkMainnet }),
    'Filecoin.WalletBalance': () => ({ result: lotus.walletBalance }),
    'Filecoin.StateReadState': (params) => (isMinerId(params) ? { result: lotus.minerState } : { error: lotus.actorNotFound }),
    'Filecoin.StateMinerAvailableBalance': () => ({ result: lotus.minerAvailable }),
    'Filecoin.StateMinerPower': () => ({ result: lotus.minerPower }),
    'Filecoin.StateMinerFaults': () => ({ result: lotus.minerFaultsNone }),
  })
}

/** USD prices by CoinGecko id and CoinPaprika id, the same figure on both so no disagreement is flagged. */
const usdPrices: { coingecko: string; coinpaprika?: string; price: string }[] = [
  { coingecko: 'grass', coinpaprika: 'grass-grass', price: '0.61' },
  { coingecko: 'helium', coinpaprika: 'hnt-helium', price: '2.95' },
  { coingecko: 'helium-iot', price: '0.000412' },
  { coingecko: 'helium-mobile', coinpaprika: 'mobile-helium-mobile', price: '0.000318' },
  { coingecko: 'akash-network', price: '0.543761' },
  { coingecko: 'aethir', price: '0.0312' },
  { coingecko: 'bittensor', coinpaprika: 'tao-bittensor', price: '312.4' },
  { coingecko: 'filecoin', price: '2.31' },
]

function coinGeckoRoute(): Route {
  return ({ url }) => {
    if (url.pathname !== '/api/v3/simple/price') return { status: 404, json: { error: 'Incorrect path. Please check https://www.coingecko.com/api/' } }
    const currency = url.searchParams.get('vs_currencies') ?? 'usd'
    const ids = new Set((url.searchParams.get('ids') ?? '').split(','))
    const known = usdPrices.filter((p) => ids.has(p.coingecko)).map((p) => [p.coingecko, { price: p.price, updated: updatedAt }] as const)
    return { headers: { 'content-type': 'application/json' }, raw: simplePriceText(currency, Object.fromEntries(known)) }
  }
}

function coinPaprikaRoute(): Route {
  return ({ url }) => {
    const id = /^\/v1\/tickers\/([^/]+)$/.exec(url.pathname)?.[1]
    const entry = usdPrices.find((p) => p.coinpaprika !== undefined && p.coinpaprika === id)
    return entry?.coinpaprika === undefined ? { status: 404, json: notFoundBody } : { json: ticker(entry.coinpaprika, url.searchParams.get('quotes') ?? 'USD', Number(entry.price)) }
  }
}

const rpcMethod = (call: unknown): string => {
  const name = typeof call === 'object' && call !== null ? (call as { method?: unknown }).method : undefined
  return typeof name === 'string' ? name : '?'
}

/** The JSON-RPC methods a request calls, one per call (a batch's each); none for a GET. */
function rpcMethods(request: ApiRequest): string[] {
  if (request.method !== 'POST') return []
  return Array.isArray(request.body) ? request.body.map(rpcMethod) : [rpcMethod(request.body)]
}

/** "getTokenAccountsByOwner", "batch eth_chainId+eth_call", "GET /cosmos/bank/v1beta1/balances/{address}". */
function callName(request: ApiRequest): string {
  if (Array.isArray(request.body)) return `batch ${[...new Set(request.body.map(rpcMethod))].join('+')}`
  if (request.method === 'POST') return rpcMethod(request.body)
  return `${request.method} ${request.url.pathname.replace(/\/[^/]{32,}(?=\/|$)/g, '/{address}')}`
}

/** Milliseconds on a clock both threads share (each thread's performance.now() has its own origin). */
const clock = (): number => performance.timeOrigin + performance.now()

/**
 * The route wrapped to keep the server's own count. The 100 ms wait is taken here rather than by
 * loopbackApi's `latencyMs`, so "in flight" ends exactly when the answer is written.
 */
async function stand(name: string, limit: HostLimit, route: Route): Promise<Stand> {
  const tally: Tally = { name, limit, starts: [], methodStarts: new Map(), inFlight: 0, peakInFlight: 0, byCall: new Map(), lastAnswerAt: 0 }
  const api = await loopbackApi(async (request) => {
    const at = clock()
    tally.starts.push(at)
    for (const method of rpcMethods(request)) tally.methodStarts.set(method, [...(tally.methodStarts.get(method) ?? []), at])
    tally.inFlight += 1
    tally.peakInFlight = Math.max(tally.peakInFlight, tally.inFlight)
    const call = callName(request)
    tally.byCall.set(call, (tally.byCall.get(call) ?? 0) + 1)
    try {
      const answer = await route(request)
      await new Promise((resolve) => setTimeout(resolve, latencyMs))
      return answer
    } finally {
      tally.inFlight -= 1
      tally.lastAnswerAt = clock()
    }
  })
  return { tally, api }
}

/** What the server thread tells the probe about one host. */
type HostReport = Omit<Tally, 'inFlight' | 'byCall' | 'methodStarts'> & { url: string; host: string; byCall: [string, number][]; methodStarts: [string, number[]][] }

/**
 * The servers run in a worker thread, as far-away hosts would run elsewhere: in the probe's own
 * thread their work would queue behind the refresh's (and the refresh's behind theirs). They
 * report when asked, and close when told.
 */
async function serve(port: MessagePort, ownSubtensor: boolean): Promise<void> {
  const wallets = buildWallets()
  // The live reads' endpoints: the archive node and an indexer serve only the backfill.
  const chainRoutes: Partial<Record<EndpointKey, Route>> = {
    solana: solanaRoute(),
    ethereum: evmRoute(1, wallets),
    arbitrum: evmRoute(42161, wallets),
    'akash-lcd': akashRoute(wallets),
    subtensor: subtensorRoute(wallets),
    filecoin: filecoinRoute(),
    'helium-oracle': () => ({ json: rewardsByOwner }),
  }
  const stands: Stand[] = []
  for (const [key, route] of Object.entries(chainRoutes) as [EndpointKey, Route][]) {
    const limit = endpointDefaults[key].endpoints[0]?.limit
    if (limit === undefined) throw new Error(`${key} has no public endpoint to stand in for`)
    // The stand holds the client to what the host documents; for OTF's nodes the client keeps a margin on top.
    const documented = key !== 'subtensor' ? limit : ownSubtensor ? defaultHostLimit : otfLiteDocumented
    stands.push(await stand(key, documented, route))
  }
  // The public feeds are declared nowhere, so the limiter holds them to its default: so are their stand-ins.
  stands.push(await stand('coingecko', defaultHostLimit, coinGeckoRoute()), await stand('coinpaprika', defaultHostLimit, coinPaprikaRoute()))
  const report = (): HostReport[] =>
    stands.map(({ tally, api }) => ({
      name: tally.name,
      limit: tally.limit,
      starts: tally.starts,
      methodStarts: [...tally.methodStarts],
      peakInFlight: tally.peakInFlight,
      lastAnswerAt: tally.lastAnswerAt,
      byCall: [...tally.byCall],
      url: api.url,
      host: api.host,
    }))
  port.on('message', (ask: 'report' | 'close') => {
    if (ask === 'report') {
      port.postMessage(report())
      return
    }
    void Promise.all(stands.map((s) => s.api.close())).then(() => port.close())
  })
  port.postMessage(report())
}

/** The most requests that started within any `perMs` of each other (a sliding window over the start times). */
function peakInWindow(starts: readonly number[], perMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let peak = 0
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && (sorted[last] ?? Infinity) < (sorted[first] ?? 0) + perMs) last++
    peak = Math.max(peak, last - first)
  }
  return peak
}

// ---------------------------------------------------------------------------------------------
// The refresh, in the main thread.

class Unread extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super('the refresh did not read everything')
    this.problems = problems
  }
}

async function measure(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, 'own-subtensor': { type: 'boolean', default: false } } })
  const ownSubtensor = values['own-subtensor']
  const wallets = buildWallets()
  const servers = new Worker(new URL(import.meta.url), { workerData: { ownSubtensor } })
  const ask = async (): Promise<HostReport[]> => {
    const [reply] = (await once(servers, 'message')) as [HostReport[]]
    return reply
  }
  const report = (): Promise<HostReport[]> => {
    servers.postMessage('report')
    return ask()
  }
  const hosts = await ask()
  const url = (name: string): string | undefined => hosts.find((h) => h.name === name)?.url

  const http = new ChainHttp()
  // The client is held to what it declares for the endpoint each stand stands in for.
  for (const host of hosts) {
    const own = ownSubtensor && host.name === 'subtensor'
    const declared = host.name in endpointDefaults && !own ? endpointDefaults[host.name as EndpointKey].endpoints[0]?.limit : undefined
    if (declared !== undefined) http.limiter.declare(host.host, declared)
  }
  const ledger = LedgerStore.open(':memory:')
  const prices = new PriceService({
    primary: createCoinGeckoFeed({ http, baseUrl: `${url('coingecko') ?? ''}/api/v3` }),
    fallback: createCoinPaprikaFeed({ http, baseUrl: `${url('coinpaprika') ?? ''}/v1` }),
  })
  const settings: Settings = { ...defaultSettings, wallets }
  const logged: string[] = []
  const service = new WalletService({
    networks,
    ledger,
    prices,
    http,
    settings: () => settings,
    customEndpoint: async (key) => url(key),
    emit: () => undefined,
    log: { ...silentLogger, warn: (message) => logged.push(message), error: (message, detail) => logged.push(`${message}: ${String(detail)}`) },
  })

  /** One refresh: its wall time and requests; to stderr, its CPU and when each host gave its last answer. Throws when a wallet was not read. */
  const timedRefresh = async (which: string): Promise<{ ms: number; requests: number; subtensorRequests: number; othersMs: number }> => {
    const before = await report()
    const cpuBefore = process.threadCpuUsage()
    const startedAt = clock()
    const snapshot = await service.refresh()
    const ms = clock() - startedAt
    const cpu = process.threadCpuUsage(cpuBefore)
    const unread = snapshot.wallets.filter((view) => view.freshness !== 'live' || view.holdings.length === 0 || view.error !== null)
    const problems = [...unread.map((view) => `${view.wallet.label} (${view.wallet.address}): ${view.freshness}, ${String(view.holdings.length)} holdings, ${view.error ?? 'no error'}`), ...service.priceProblems]
    if (problems.length > 0) throw new Unread([...problems, ...logged])
    const after = await report()
    let requests = 0
    let subtensorRequests = 0
    // When the last of every other host (five networks' endpoints and the price feeds) had answered.
    let othersMs = 0
    const lines = after.flatMap((host, i) => {
      const sent = host.starts.length - (before[i]?.starts.length ?? 0)
      requests += sent
      if (host.name === 'subtensor') subtensorRequests += sent
      else if (sent > 0) othersMs = Math.max(othersMs, host.lastAnswerAt - startedAt)
      // A host's floor: its requests in rounds of `concurrency`, each round one latency.
      const floorMs = Math.ceil(sent / host.limit.concurrency) * latencyMs
      return sent === 0 ? [] : [`${host.name} ${String(sent)} req, floor ${String(floorMs)}, done ${(host.lastAnswerAt - startedAt).toFixed(0)}`]
    })
    process.stderr.write(`${which} refresh: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU in the refresh's thread; per host (ms): ${lines.join('; ')}\n`)
    return { ms, requests, subtensorRequests, othersMs }
  }

  try {
    const cold = await timedRefresh('cold')
    // The app refreshes every few minutes, so the next refresh finds every host's window empty;
    // back to back, the warm refresh would time the rate limit instead.
    await new Promise((resolve) => setTimeout(resolve, Math.max(...hosts.map((h) => Math.max(h.limit.perMs, h.limit.perMethod?.perMs ?? 0))) + latencyMs))
    const warm = await timedRefresh('warm')

    let over = 0
    for (const host of await report()) {
      const windowPeak = peakInWindow(host.starts, host.limit.perMs)
      const { perMethod } = host.limit
      // The busiest method in its own window, where the endpoint publishes a per-method limit.
      const methodPeak = perMethod ? Math.max(0, ...host.methodStarts.map(([, starts]) => peakInWindow(starts, perMethod.perMs))) : 0
      const isOver = windowPeak > host.limit.requests || host.peakInFlight > host.limit.concurrency || (perMethod !== undefined && methodPeak > perMethod.requests)
      if (isOver) over++
      const calls = host.byCall.map(([call, n]) => `${call} ×${String(n)}`).join(', ')
      const methodWords = perMethod ? `one method peak ${String(methodPeak)}/${String(perMethod.requests)} per ${String(perMethod.perMs)} ms, ` : ''
      process.stderr.write(
        `${host.name.padEnd(14)} ${host.host.padEnd(16)} ${String(host.starts.length).padStart(4)} requests; ` +
          `peak ${String(windowPeak)}/${String(host.limit.requests)} per ${String(host.limit.perMs)} ms, ${methodWords}` +
          `${String(host.peakInFlight)}/${String(host.limit.concurrency)} in flight${isOver ? '  OVER LIMIT' : ''}\n    ${calls}\n`,
      )
    }
    const figures: Figure[] = [
      { name: 'wallet_refresh_ms', value: cold.ms, goal: '<= 1000', unit: 'ms' },
      { name: 'wallet_refresh_warm_ms', value: warm.ms, goal: 'reference', unit: 'ms' },
      { name: 'wallet_refresh_requests', value: cold.requests, goal: 'reference', unit: 'requests' },
      { name: 'wallet_refresh_warm_requests', value: warm.requests, goal: 'reference', unit: 'requests' },
      { name: 'wallet_hosts_over_limit', value: over, goal: '= 0', unit: 'hosts' },
      // Bittensor apart: OTF's nodes allow one request a second, so its read takes a second per step.
      { name: 'wallet_refresh_other_networks_ms', value: cold.othersMs, goal: 'reference', unit: 'ms' },
      { name: 'wallet_refresh_other_networks_warm_ms', value: warm.othersMs, goal: 'reference', unit: 'ms' },
      { name: 'wallet_refresh_subtensor_requests', value: cold.subtensorRequests, goal: 'reference', unit: 'requests' },
      { name: 'wallet_refresh_subtensor_warm_requests', value: warm.subtensorRequests, goal: 'reference', unit: 'requests' },
    ]
    if (values.json) {
      process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(3))])))}\n`)
    } else {
      for (const f of figures) {
        process.stdout.write(`${f.name.padEnd(28)} ${f.value.toFixed(3).padStart(12)} ${f.unit.padEnd(10)} goal ${f.goal}\n`)
      }
    }
  } catch (error) {
    if (!(error instanceof Unread)) throw error
    process.stderr.write(`wallet-probe: the refresh did not read everything, so its time means nothing:\n  ${error.problems.join('\n  ')}\n`)
    process.exitCode = 1
  } finally {
    await service.stop()
    ledger.close()
    servers.postMessage('close')
    await once(servers, 'exit')
  }
}

if (isMainThread) await measure()
else if (parentPort) await serve(parentPort, (workerData as { ownSubtensor?: boolean } | null)?.ownSubtensor === true)
