import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EndpointKey } from '../../src/shared/contract/wallets.ts'
import { bankBalancesEmpty, delegationsAkash, leaseProvider, leasesEmpty, leasesPage, nodeInfo, rewardsAkash, rewardsEmpty, tenants, unbondingEmpty } from '../fixtures/chains/cosmos.ts'
import { erc20NodeMethods } from '../fixtures/chains/evm.ts'
import { accountState, actorNotFound, minerAvailable, minerFaultsNone, minerPower, minerState, networkMainnet } from '../fixtures/chains/filecoin.ts'
import { rewardsByOwner, rewardsNoHotspots } from '../fixtures/chains/helium-oracle.ts'
import { genesis, getBalanceOwner, tokenAccount, tokenAccountsOwner, tokenAccountsResult } from '../fixtures/chains/solana.ts'
import { accountIdsHex, accountInfoHex, addresses, netuidHex, stakeInfoHex, storageKeys, subtensorMethods, trueHex, u16Hex, u64Hex, u64VecHex } from '../fixtures/chains/substrate.ts'
import { simplePriceText } from '../fixtures/prices/coingecko.ts'
import { ticker } from '../fixtures/prices/coinpaprika.ts'
import { loopbackApi, rpcRoute, type ApiAnswer, type LoopbackApi } from '../support/loopback-api.ts'

/*
 * The outside world of an operator with a wallet on each of the eight networks, on loopback: one
 * stand-in per endpoint key (a Solana node, Ethereum and Arbitrum One nodes, an Akash LCD, a
 * subtensor node, a Lotus node, Helium's rewards oracle) and CoinGecko and CoinPaprika quoting
 * every token. Each answers the documented wire format with the fixtures of
 * tests/fixtures/chains and tests/fixtures/prices, and holds a balance for the address an
 * operator pastes for its network (`deskAddresses`); any other address holds nothing there, as
 * a real node answers an empty account.
 *
 *   const world = await deskWorld()
 *   const agent = await spawnAgent(['--port', '0', '--data-dir', dir, '--config', world.agentConfig(dir)], agentEntry.built)
 *   await world.setEndpoints((method, params) => callAgent(agent, method, params))
 *   await addDeskWallets((method, params) => callAgent(agent, method, params))
 *
 * The agent runs with `publicEndpoints: false`, so no public host is ever reached.
 */

/** Every network the desk world serves, as `networks.list` names them. */
export const deskNetworks = ['grass', 'bittensor', 'aethir', 'akash', 'helium', 'filecoin', 'render', 'nosana'] as const
export type DeskNetwork = (typeof deskNetworks)[number]

/** The six networks the product supports first (the first-run wizard's seeds). */
export const seedNetworks = ['grass', 'bittensor', 'aethir', 'akash', 'helium', 'filecoin'] as const satisfies readonly DeskNetwork[]

/**
 * Per network, the address an operator pastes, each a documented example: it holds a balance in
 * the world (and, where the network has them, stake, leases, a miner or Hotspot rewards).
 */
export const deskAddresses: Record<DeskNetwork, string> = {
  // The owner of the example request of https://solana.com/docs/rpc/http/gettokenaccountsbyowner.
  grass: tokenAccountsOwner,
  // Substrate's //Alice dev key (generic prefix 42), valid on Finney.
  bittensor: addresses.alice,
  // The address of the eth_getBalance example of the Ethereum JSON-RPC reference (research notes chain_apis.md), EIP-55 checksummed.
  aethir: '0x407D73d8a49eeb85D32Cf465507dd71d507100c1',
  // The provider of the leases example GetBlock documents for its Akash endpoint (fixtures/chains/cosmos.ts).
  akash: leaseProvider,
  // The owner of the example request of https://solana.com/docs/rpc/http/getbalance.
  helium: getBalanceOwner,
  // The storage provider ID the Filecoin docs use (f01234), the one the address hint shows.
  filecoin: 'f01234',
  // The two account keys of the example result of https://solana.com/docs/rpc/http/gettransaction.
  render: '3UVYmECPPMZSCqWKfENfuoTv51fTDTWicX9xmBD2euKe',
  nosana: 'AjozzgE83A3x1sHNUR64hfH7zaEBWeMaFuAN9kQgujrc',
}

/** Each network's main token in the world: what `credit` raises (HNT: the oracle's Hotspot rewards). */
export const deskTokens: Record<DeskNetwork, { symbol: string; decimals: number }> = {
  grass: { symbol: 'GRASS', decimals: 9 },
  bittensor: { symbol: 'TAO', decimals: 9 },
  aethir: { symbol: 'ATH', decimals: 18 },
  akash: { symbol: 'AKT', decimals: 6 },
  helium: { symbol: 'HNT', decimals: 8 },
  filecoin: { symbol: 'FIL', decimals: 18 },
  render: { symbol: 'RENDER', decimals: 8 },
  nosana: { symbol: 'NOS', decimals: 6 },
}

/** USD prices by CoinGecko id, for every token the eight networks name (ACT has no market, and no price). */
export const deskPricesUsd: Record<string, string> = {
  grass: '1.85',
  bittensor: '420.5',
  aethir: '0.045',
  'akash-network': '1.12',
  helium: '3.1',
  'helium-iot': '0.0006',
  'helium-mobile': '0.0004',
  filecoin: '2.6',
  'render-token': '3.4',
  nosana: '0.55',
}

/** CoinPaprika's ids for the tokens that have one (network modules' priceIds), as CoinGecko ids. */
const coinPaprikaIds: Record<string, string> = {
  'grass-grass': 'grass',
  'tao-bittensor': 'bittensor',
  'hnt-helium': 'helium',
  'mobile-helium-mobile': 'helium-mobile',
  'rndr-render-token': 'render-token',
}

/** What one unit of USD is in each other currency; a currency not listed quotes the USD figure. */
const perUsd: Record<string, number> = { usd: 1, eur: 0.86, gbp: 0.75, chf: 0.8, cad: 1.37, aud: 1.52, jpy: 147, inr: 83 }

/** A USD price in `currency`, as the decimal text a feed writes. */
export function deskPrice(coinGeckoId: string, currency: string): string | undefined {
  const usd = deskPricesUsd[coinGeckoId]
  if (usd === undefined) return undefined
  const rate = perUsd[currency.toLowerCase()] ?? 1
  return rate === 1 ? usd : String(Number((Number(usd) * rate).toPrecision(8)))
}

const mints = {
  GRASS: 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs',
  RENDER: 'rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof',
  NOS: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
  HNT: 'hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux',
  IOT: 'iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns',
  MOBILE: 'mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6',
}
const mintDecimals: Record<string, number> = { [mints.GRASS]: 9, [mints.RENDER]: 8, [mints.NOS]: 6, [mints.HNT]: 8, [mints.IOT]: 6, [mints.MOBILE]: 6 }
const splTokenProgram = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA'

/** ATH's deployments (networks/aethir.ts): Ethereum and Arbitrum One, 18 decimals on both. */
const athOnEthereum = '0xbe0ed4138121ecfc5c0e56b40517da27e6c5226b'
const athOnArbitrum = '0xc87b37a581ec3257b734886d9d3a581f5a9d056c'

const FIL = 10n ** 18n

export type DeskWorldOptions = {
  /** Every answer of every stand-in waits this long, like far-away public endpoints. */
  latencyMs?: number
}

/** The agent's API as a function: `(method, params) => callAgent(agent, method, params)`, or the page's client. */
export type DeskCall = (method: string, params: unknown) => Promise<unknown>

export type DeskWorld = {
  /** The loopback URL for each endpoint key the eight networks read. */
  endpoints: Partial<Record<EndpointKey, string>>
  /** Every stand-in by name (solana, ethereum, arbitrum, akashLcd, subtensor, lotus, heliumOracle, coinGecko, coinPaprika): their `requests` for assertions. */
  servers: Record<string, LoopbackApi>
  /** Writes the agent's `--config` into `dataDir`: these price feeds, public endpoints off, logs at 'error'. */
  agentConfig(dataDir: string): string
  /** Points each endpoint key at its stand-in, through the contract's `endpoints.set`. */
  setEndpoints(call: DeskCall): Promise<void>
  /**
   * A reward arriving: raises the network's main token (`deskTokens`) for its desk address by
   * `baseUnits`, seen at the next read (Helium: the oracle's lifetime and pending HNT).
   */
  credit(network: DeskNetwork, baseUnits: bigint): void
  close(): Promise<void>
}

/** Starts every stand-in; `close()` stops them. */
export async function deskWorld(options: DeskWorldOptions = {}): Promise<DeskWorld> {
  const serve = (route: Parameters<typeof loopbackApi>[0]): Promise<LoopbackApi> => loopbackApi(route, { latencyMs: options.latencyMs ?? 0 })

  // The main amounts, in base units, that `credit` raises.
  const held: Record<DeskNetwork, bigint> = {
    grass: 1_234_500_000_000n, // 1,234.5 GRASS
    bittensor: 12_000_000_000n, // 12 TAO free, beside 40 α staked on subnet 19
    aethir: 52_000n * 10n ** 18n, // 52,000 ATH on Arbitrum One
    akash: 123_456_789n, // 123.456789 AKT in the bank, beside 42.5 AKT delegated
    helium: BigInt(rewardsByOwner.lifetime), // 12.34567891 HNT of Hotspot rewards to date
    filecoin: BigInt(minerAvailable), // 150 FIL available of the miner's 1,000
    render: 31_025_000_000n, // 310.25 RENDER
    nosana: 2_500_000_000n, // 2,500 NOS
  }
  const start = { helium: held.helium, filecoin: held.filecoin }

  // Solana: per owner, the base units of each mint it holds.
  const splHoldings = (owner: string): Record<string, bigint> => {
    if (owner === deskAddresses.grass) return { [mints.GRASS]: held.grass }
    if (owner === deskAddresses.render) return { [mints.RENDER]: held.render }
    if (owner === deskAddresses.nosana) return { [mints.NOS]: held.nosana }
    // 25.5 HNT and 150,000 MOBILE (legacy) in two accounts; no IOT account.
    if (owner === deskAddresses.helium) return { [mints.HNT]: 2_550_000_000n, [mints.MOBILE]: 150_000_000_000n }
    return {}
  }
  const solana = await serve(
    rpcRoute({
      getGenesisHash: () => ({ result: genesis.mainnet }),
      getTokenAccountsByOwner: (params) => {
        const [owner, filter] = params as [string, { mint?: string; programId?: string }]
        const holdings = splHoldings(owner)
        // By mint: that mint's account; by the Token program: every account of it (Token-2022: none here).
        const asked = filter.mint !== undefined ? [filter.mint] : filter.programId === splTokenProgram ? Object.keys(holdings) : []
        const accounts = asked.flatMap((mint) => {
          const amount = holdings[mint]
          return amount === undefined ? [] : [tokenAccount(owner, mint, amount.toString(), mintDecimals[mint] ?? 0, accountKey(mint))]
        })
        return { result: tokenAccountsResult(accounts) }
      },
    }),
  )

  // Ethereum and Arbitrum One: ATH balances of the Aethir address (none on Ethereum, held on Arbitrum One).
  const owner = deskAddresses.aethir.toLowerCase()
  const ethereum = await serve((request) => rpcRoute(erc20NodeMethods({ chainId: 1, balances: { [athOnEthereum]: { [owner]: 0n } } }))(request))
  const arbitrum = await serve((request) => rpcRoute(erc20NodeMethods({ chainId: 42161, balances: { [athOnArbitrum]: { [owner]: held.aethir } } }))(request))

  // Akash LCD: the provider's bank, delegations and staking rewards, and one active lease paid in AKT.
  const akashAddress = deskAddresses.akash
  const akashDelegations = {
    ...delegationsAkash,
    delegation_responses: delegationsAkash.delegation_responses.map((entry) => ({ ...entry, delegation: { ...entry.delegation, delegator_address: akashAddress } })),
  }
  const akashLcd = await serve((request): ApiAnswer => {
    const path = request.url.pathname
    const ours = (prefix: string, suffix = ''): boolean | null => {
      if (!path.startsWith(prefix) || !path.endsWith(suffix)) return null
      return decodeURIComponent(path.slice(prefix.length, path.length - suffix.length)) === akashAddress
    }
    if (path === '/cosmos/base/tendermint/v1beta1/node_info') return { json: nodeInfo() }
    const bank = ours('/cosmos/bank/v1beta1/balances/')
    if (bank !== null) return { json: bank ? { balances: [{ denom: 'uakt', amount: held.akash.toString() }], pagination: { next_key: null, total: '1' } } : bankBalancesEmpty }
    const delegations = ours('/cosmos/staking/v1beta1/delegations/')
    if (delegations !== null) return { json: delegations ? akashDelegations : { delegation_responses: [], pagination: { next_key: null, total: '0' } } }
    if (ours('/cosmos/staking/v1beta1/delegators/', '/unbonding_delegations') !== null) return { json: unbondingEmpty }
    const rewards = ours('/cosmos/distribution/v1beta1/delegators/', '/rewards')
    if (rewards !== null) return { json: rewards ? rewardsAkash : rewardsEmpty }
    if (path === '/akash/market/v1beta5/leases/list') {
      const mine = request.url.searchParams.get('filters.provider') === akashAddress
      return { json: mine ? leasesPage([{ owner: tenants.a, dseq: '25880666', state: 'active', escrow: 'open', denom: 'uakt', withdrawn: '13780746' }]) : leasesEmpty }
    }
    return { status: 501, json: { code: 12, message: 'Not Implemented', details: [] } }
  })

  // Subtensor: Alice's free TAO, her stake on Bob's hotkey on subnet 19, and Bob as her own miner there (UID 1).
  const subtensorState = (): Parameters<typeof subtensorMethods>[0] => ({
    storage: {
      [storageKeys.account(addresses.alice)]: accountInfoHex({ free: held.bittensor }),
      [storageKeys.ownedHotkeys(addresses.alice)]: accountIdsHex([addresses.bob]),
      [storageKeys.isNetworkMember(addresses.bob, 19)]: trueHex,
      [storageKeys.uids(19, addresses.bob)]: u16Hex(1),
      [storageKeys.emission(19)]: u64VecHex([0n, 1_500_000_000n]),
    },
    calls: {
      [`StakeInfoRuntimeApi_get_stake_info_for_coldkey ${addresses.alicePublicKey}`]: stakeInfoHex([
        { hotkey: addresses.bob, coldkey: addresses.alice, netuid: 19, stake: 40_000_000_000n, isRegistered: true },
      ]),
      // 0.025 TAO per α.
      [`SwapRuntimeApi_current_alpha_price ${netuidHex(19)}`]: u64Hex(25_000_000n),
    },
  })
  const subtensor = await serve((request) => rpcRoute(subtensorMethods(subtensorState()))(request))

  // Lotus: f01234 is a storage provider (the fixture's funds, power and no faulty sector); any other address an empty wallet.
  const lotus = await serve((request) => {
    const miner = (params: unknown): boolean => Array.isArray(params) && params[0] === deskAddresses.filecoin
    const extra = held.filecoin - start.filecoin
    return rpcRoute({
      'Filecoin.StateNetworkName': () => ({ result: networkMainnet }),
      'Filecoin.WalletBalance': () => ({ result: '0' }),
      'Filecoin.StateReadState': (params) => {
        if (miner(params)) return { result: { ...minerState, Balance: (minerNumbersBalance + extra).toString() } }
        return Array.isArray(params) && typeof params[0] === 'string' && params[0].startsWith('f0') ? { error: actorNotFound } : { result: accountState }
      },
      'Filecoin.StateMinerAvailableBalance': (params) => (miner(params) ? { result: held.filecoin.toString() } : { error: actorNotFound }),
      'Filecoin.StateMinerPower': (params) => (miner(params) ? { result: minerPower } : { error: actorNotFound }),
      'Filecoin.StateMinerFaults': (params) => (miner(params) ? { result: minerFaultsNone } : { error: actorNotFound }),
    })(request)
  })

  // Helium's rewards oracle: the Helium address's Hotspots have earned; any other owner has none.
  const heliumOracle = await serve((request): ApiAnswer => {
    if (request.url.pathname !== '/rewards') return { status: 404, json: { error: 'Not found' } }
    if (request.url.searchParams.get('owner') !== deskAddresses.helium) return { json: rewardsNoHotspots }
    const earned = held.helium - start.helium
    return { json: { lifetime: held.helium.toString(), pending: (BigInt(rewardsByOwner.pending) + earned).toString() } }
  })

  // CoinGecko /simple/price and CoinPaprika /tickers/{id}: every id quoted, updated now.
  const coinGecko = await serve((request): ApiAnswer => {
    if (request.url.pathname !== '/simple/price') return { status: 404, json: { error: 'Not found' } }
    const ids = request.url.searchParams.get('ids')?.split(',') ?? []
    const currency = request.url.searchParams.get('vs_currencies') ?? 'usd'
    const updated = Math.floor(Date.now() / 1000)
    const entries = Object.fromEntries(ids.flatMap((id) => {
      const price = deskPrice(id, currency)
      return price === undefined ? [] : [[id, { price, updated }]]
    }))
    return { headers: { 'content-type': 'application/json' }, raw: simplePriceText(currency, entries) }
  })
  const coinPaprika = await serve((request): ApiAnswer => {
    const id = /^\/tickers\/([a-z0-9-]+)$/.exec(request.url.pathname)?.[1]
    const geckoId = id === undefined ? undefined : coinPaprikaIds[id]
    const quote = (request.url.searchParams.get('quotes') ?? 'USD').toUpperCase()
    const price = geckoId === undefined ? undefined : deskPrice(geckoId, quote)
    if (id === undefined || price === undefined) return { status: 404, json: { error: 'id not found' } }
    return { json: ticker(id, quote, Number(price), new Date().toISOString().replace(/\.\d+Z$/, 'Z')) }
  })

  const endpoints: Partial<Record<EndpointKey, string>> = {
    solana: solana.url,
    ethereum: ethereum.url,
    arbitrum: arbitrum.url,
    'akash-lcd': akashLcd.url,
    subtensor: subtensor.url,
    filecoin: lotus.url,
    'helium-oracle': heliumOracle.url,
  }
  const servers = { solana, ethereum, arbitrum, akashLcd, subtensor, lotus, heliumOracle, coinGecko, coinPaprika }
  return {
    endpoints,
    servers,
    agentConfig(dataDir) {
      const path = join(dataDir, 'agent.json')
      // Only loopback: the public endpoints are off, so a failing stand-in is never followed by a real host.
      writeFileSync(path, JSON.stringify({ priceFeeds: { coingecko: coinGecko.url, coinpaprika: coinPaprika.url }, publicEndpoints: false, logLevel: 'error' }))
      return path
    },
    async setEndpoints(call) {
      for (const [key, url] of Object.entries(endpoints)) await call('endpoints.set', { key, url })
    },
    credit(network, baseUnits) {
      held[network] += baseUnits
    },
    close: async () => {
      await Promise.all(Object.values(servers).map((server) => server.close()))
    },
  }
}

/** The miner's actor balance in the fixture: 1,000 FIL. */
const minerNumbersBalance = 1000n * FIL

/** A distinct token account address per mint (any 32-byte base58 key; these are documented examples' keys). */
function accountKey(mint: string): string {
  const keys: Record<string, string> = {
    [mints.GRASS]: 'BGocb4GEpbTFm8UFV2VsDSaBXHELPfAXrvd4vtt8QWrA',
    [mints.RENDER]: '3UVYmECPPMZSCqWKfENfuoTv51fTDTWicX9xmBD2euKe',
    [mints.NOS]: 'AjozzgE83A3x1sHNUR64hfH7zaEBWeMaFuAN9kQgujrc',
    [mints.HNT]: '83astBRguLMdt2h5U1Tpdq5tjFoJ6noeGwaY3mDLVcri',
    [mints.MOBILE]: 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd',
  }
  return keys[mint] ?? 'BGocb4GEpbTFm8UFV2VsDSaBXHELPfAXrvd4vtt8QWrA'
}

/** A flat electricity rate, every hour of every day, as `profit.setTariff` takes it: 0.30 per kWh in the settings currency. */
export const deskTariff = [{ label: 'Flat rate', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }]

/**
 * Each network's hardware cost, as `profit.setCosts` takes it: a rig bought 90 days ago for
 * 1,200 in the settings currency, written off over 36 months.
 */
export function deskCosts(now = Date.now()): { hardwareCost: string; purchasedAt: number; lifetimeMonths: number; monthlyCosts: never[]; alreadyOwned: boolean } {
  return { hardwareCost: '1200', purchasedAt: now - 90 * 86_400_000, lifetimeMonths: 36, monthlyCosts: [], alreadyOwned: false }
}

/**
 * The operator's side of the figures, through the contract: `deskTariff`, and `deskCosts` for each
 * of `networks`, so that today's net is a figure rather than "unknown".
 */
export async function setDeskProfit(call: DeskCall, networks: readonly DeskNetwork[] = deskNetworks): Promise<void> {
  await call('profit.setTariff', { tariff: deskTariff, timeZone: null })
  for (const network of networks) await call('profit.setCosts', { network, costs: deskCosts() })
}

/** One wallet per network (all eight by default), labelled with the network's id, as `wallets.add` takes them. */
export function deskWallets(networks: readonly DeskNetwork[] = deskNetworks): { network: DeskNetwork; address: string; label: string }[] {
  return networks.map((network) => ({ network, address: deskAddresses[network], label: `${network} wallet` }))
}

/**
 * Adds one wallet per network through `wallets.add`, then waits until none is pending (each
 * wallet's first read runs as it is added) and answers the snapshot.
 */
export async function addDeskWallets(call: DeskCall, networks: readonly DeskNetwork[] = deskNetworks, timeoutMs = 15_000): Promise<unknown> {
  for (const wallet of deskWallets(networks)) await call('wallets.add', wallet)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const snapshot = (await call('wallets.snapshot', {})) as { wallets: { freshness: string }[] }
    if (snapshot.wallets.every((view) => view.freshness !== 'pending')) return snapshot
    if (Date.now() > deadline) throw new Error(`desk world: wallets still pending after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
