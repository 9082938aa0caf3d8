import { checkSubstrateAddress, createSubstrateClient, type MinerUid, type SubstrateClient } from '../chains/substrate.ts'
import { clientPerPool, type Sourced } from '../chains/chain-deps.ts'
import { snapshotHistory, type SnapshotGrowth, type StakeSnapshot } from '../chains/substrate-history.ts'
import { FetchFault } from '../net/chain-http.ts'
import type { Holding, HoldingsRead, TokenSpec, UnitPrice } from '../holdings/holding.ts'
import { stepRead, type WalletState } from '../wallets/read-step.ts'
import { emissionZero, uidLost } from './bittensor-rules.ts'
import type { Conversion, NetworkModule } from './network-module.ts'

export { minerOf } from './bittensor-rules.ts'

/*
 * Bittensor: TAO on subtensor's Finney mainnet. The coldkey the operator enters holds free TAO
 * and owns stake; stake sits on hotkeys per subnet, in that subnet's alpha, a unit of its own
 * (`SN19α`) whose pool price in TAO the read reports beside it. TAO has 9 decimals (rao), per the chain spec's
 * `tokenDecimals: 9`; SS58 prefix 42.
 */

const TAO: TokenSpec = { symbol: 'TAO', name: 'Bittensor', decimals: 9, where: 'native (subtensor)', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensor' } }

/** Finney's block 0, as polkadot-js-based wallets (Nova, Talisman) and subnet code pin it. */
const finneyGenesisHash = '0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03'
const ss58Prefix = 42

// A pool lives until the operator changes endpoints; its client keeps the endpoints it has checked.
const clientFor = clientPerPool('subtensor', (deps) => createSubstrateClient({ ...deps, genesisHash: finneyGenesisHash, ss58Prefix, chainName: 'Bittensor mainnet (Finney)' }))

/** A subnet's alpha is a unit of its own: a reward arrives in it and keeps its quantity whatever its pool price does. */
export const alphaUnit = (netuid: number): string => `SN${netuid}α`
const unitOf = (netuid: number): string => (netuid === 0 ? TAO.symbol : alphaUnit(netuid))

/** The operator's own moves between units, which the live read and the backfill alike do not count as income. */
const conversions: Conversion[] = [
  { from: 'SN*', to: 'TAO', note: 'alpha unstaked for TAO' },
  { from: 'TAO', to: 'SN*', note: 'TAO staked into a subnet as alpha' },
  { from: 'SN*', to: 'SN*', note: 'stake moved from one subnet to another' },
]

/** A miner's holding's words; `minerOf` (bittensor-rules.ts) reads them back, so the alert rules find the miner. */
const minerDetail = (miner: MinerUid, autoStaked: string): string => `miner UID ${miner.uid} on subnet ${miner.netuid}, hotkey ${shortAddress(miner.hotkey)}, per epoch${autoStaked}`

export const bittensor: NetworkModule = {
  info: {
    id: 'bittensor',
    name: 'Bittensor',
    chain: 'substrate',
    tokens: [TAO],
    addressHint: 'your coldkey address (SS58, 48 characters starting with 5), as `btcli wallet overview` or your wallet app shows it',
    rewards: {
      source: 'balance-delta',
      note: 'Miner and validator emissions are staked to the hotkey every epoch (tempo ~360 blocks ≈ 72 min), a miner\'s incentive to its auto-stake destination when you set one, so they show as growing stake: in alpha on a subnet (its own unit, valued at the pool price in TAO), in TAO on root. Staking, unstaking and moving stake are your own moves, not income.',
    },
    payout: { kind: 'epoch', expectedEveryHours: 1.2, note: 'Each subnet pays at the end of its epoch: a tempo of ~360 blocks of 12 s, about 72 minutes.' },
  },
  endpoints: ['subtensor'],
  parts: ['main', 'miners'],
  conversions,
  checkAddress: (input) => checkSubstrateAddress(input, ss58Prefix, 'Bittensor'),
  async read(ctx, address) {
    const client = clientFor(ctx)
    const ownedRead = client.ownedHotkeys(address, ctx.signal)
    // Miners are found from the owned hotkeys' registrations, with or without a stake row: a miner
    // whose incentive is auto-staked elsewhere has none on its own hotkey.
    const minersRead = ownedRead.then((owned) => readMiners(client, address, owned.value, ctx.signal))
    const stakesRead = client.stakeInfoForColdkey(address, ctx.signal)
    // The staked subnets' prices are asked beside the miner reads; a subnet only mined on, after them.
    const stakePricesRead = stakesRead.then((stakes) => alphaPrices(client, stakes.value.filter((entry) => entry.stake > 0n).map((entry) => entry.netuid), ctx.signal))
    const [account, stakes, owned, miners, stakePrices] = await Promise.all([client.account(address, ctx.signal), stakesRead, ownedRead, minersRead, stakePricesRead])

    const holding = (netuid: number, kind: Holding['kind'], amount: bigint, key: string, detail: string, part = 'main'): Holding => ({
      token: unitOf(netuid),
      kind,
      key,
      amount,
      decimals: TAO.decimals,
      detail,
      part,
    })
    const holdings: Holding[] = [{ token: TAO.symbol, kind: 'liquid', key: '', amount: account.value.free, decimals: TAO.decimals }]
    if (account.value.reserved > 0n) holdings.push({ token: TAO.symbol, kind: 'locked', key: 'reserved', amount: account.value.reserved, decimals: TAO.decimals, detail: 'reserved' })
    const staked = stakes.value.filter((entry) => entry.stake > 0n)
    for (const entry of staked) holdings.push(holding(entry.netuid, 'staked', entry.stake, entry.hotkey, `hotkey ${shortAddress(entry.hotkey)}, ${subnetName(entry.netuid)}`))

    const failed = 'problem' in miners ? [{ part: 'miners', problem: miners.problem }] : []
    for (const miner of 'problem' in miners ? [] : miners.uids) {
      if (miner.emission === null) {
        failed.push({ part: 'miners', problem: `miner emission could not be read: subnet ${miner.netuid} lists emission for ${miner.subnetUids} UIDs, none for UID ${miner.uid} (hotkey ${shortAddress(miner.hotkey)})` })
        continue
      }
      const destination = 'problem' in miners ? undefined : miners.destinations.get(miner.netuid)
      const autoStaked = destination === undefined || destination === miner.hotkey ? '' : `; incentive auto-staked to hotkey ${shortAddress(destination)}, subnet ${miner.netuid}`
      // Emission[uid] is incentive and dividends together, so StakeInfo's dividends are not shown beside it.
      holdings.push(holding(miner.netuid, 'emission', miner.emission, miner.hotkey, minerDetail(miner, autoStaked), 'miners'))
    }

    const mined = 'problem' in miners ? [] : miners.uids.filter((miner) => miner.emission !== null).map((miner) => miner.netuid)
    const minerPrices = await alphaPrices(client, mined.filter((netuid) => !stakePrices?.value.has(netuid)), ctx.signal)
    const netuids = [...new Set([...staked.map((entry) => entry.netuid), ...mined])].filter((netuid) => netuid !== 0).sort((a, b) => a - b)
    const unitPrices = netuids.map((netuid) => {
      const price = stakePrices?.value.get(netuid) ?? minerPrices?.value.get(netuid)
      if (price === undefined) throw new RangeError(`no alpha price for subnet ${netuid}`)
      return { unit: alphaUnit(netuid), quote: TAO.symbol, price, decimals: TAO.decimals }
    })
    const hosts = [account.host, stakes.host, owned.host, ...[stakePrices, minerPrices].flatMap((read) => (read ? [read.host] : [])), ...('hosts' in miners ? miners.hosts : [])]
    return { holdings, hosts: [...new Set(hosts)], unitPrices, ...(failed.length === 0 ? {} : { failed }) }
  },
  alertRules: [emissionZero, uidLost],
  history: snapshotHistory({
    key: 'subtensor-archive',
    genesisHash: finneyGenesisHash,
    chainName: 'Bittensor mainnet (Finney)',
    ss58Prefix,
    reach: "Daily snapshots of your stake from subtensor's archive node: each day's growth you did not cause counts as that day's reward (derived, not a per-epoch record).",
    growth: dayGrowth,
  }),
}

/**
 * What grew between two daily snapshots that the operator did not cause: the live read's own rule
 * (wallets/read-step.ts, pure), fed the two snapshots as two reads of the same holdings, so a unit
 * that fell beside one that rose is the operator's conversion up to what the fall was worth at
 * either day's pool price (all of the rise when no price links them), and only the rest is booked.
 * Emissions are staked (root dividends too: staking/claim_root.rs stakes them on root), so TAO that
 * grew beyond the root stake's growth arrived in the free balance from another account: an inflow
 * for the operator to mark, not a reward.
 */
function dayGrowth(older: StakeSnapshot, newer: StakeSnapshot): SnapshotGrowth[] {
  const rules = { parts: ['main'], earnedIsIncome: false, conversions }
  const previous: WalletState = { holdings: snapshotHoldings(older), parts: ['main'], unitPrices: snapshotPrices(older) }
  const read: HoldingsRead = { holdings: snapshotHoldings(newer), hosts: [], unitPrices: snapshotPrices(newer) }
  const rootGrowth = (newer.stake.get(0) ?? 0n) - (older.stake.get(0) ?? 0n)
  return stepRead(previous, read, rules).bookings.flatMap((booking): SnapshotGrowth[] => {
    if (booking.classification !== 'reward') return []
    const entry = { token: booking.token, decimals: booking.decimals, classification: 'reward' as const, rule: booking.rule }
    if (booking.token !== TAO.symbol) return [{ ...entry, amount: booking.amount }]
    const staked = rootGrowth <= 0n ? 0n : rootGrowth < booking.amount ? rootGrowth : booking.amount
    const free = booking.amount - staked
    return [
      ...(staked > 0n ? [{ ...entry, amount: staked, rule: `${booking.rule}: root stake grew` }] : []),
      ...(free > 0n ? [{ ...entry, amount: free, classification: 'inflow' as const, variant: 'inflow', rule: 'TAO arrived in the free balance, not as stake nor from your own unstaking: a transfer from another account, for you to mark' }] : []),
    ]
  })
}

/** A snapshot as the live read's holdings, one per unit and kind: the rule compares totals per unit. */
function snapshotHoldings(snapshot: StakeSnapshot): Holding[] {
  const tao = (kind: Holding['kind'], key: string, amount: bigint): Holding => ({ token: TAO.symbol, kind, key, amount, decimals: TAO.decimals })
  return [
    tao('liquid', '', snapshot.free),
    tao('locked', 'reserved', snapshot.reserved),
    ...[...snapshot.stake].map(([netuid, amount]): Holding => ({ token: unitOf(netuid), kind: 'staked', key: '', amount, decimals: TAO.decimals })),
  ]
}

function snapshotPrices(snapshot: StakeSnapshot): UnitPrice[] {
  return [...snapshot.prices].filter(([netuid]) => netuid !== 0).map(([netuid, price]) => ({ unit: alphaUnit(netuid), quote: TAO.symbol, price, decimals: TAO.decimals }))
}

type MinersRead = { uids: MinerUid[]; destinations: Map<number, string>; hosts: string[] } | { problem: string }

/**
 * The UIDs of the coldkey's own hotkeys on every subnet they are registered on, their last
 * epoch's emission, and where the coldkey's incentive is auto-staked on those subnets. Only own
 * hotkeys earn for the operator: a delegate's UID emission is the whole validator's. Root has no
 * miners (run_coinbase.rs runs no epoch for netuid 0), so it is left out. These reads are extra: a
 * failure there is a problem of the read, not its end (a cancelled read still ends).
 */
async function readMiners(client: SubstrateClient, coldkey: string, hotkeys: readonly string[], signal: AbortSignal): Promise<MinersRead> {
  try {
    if (hotkeys.length === 0) return { uids: [], destinations: new Map(), hosts: [] }
    const registrations = await client.registrations(hotkeys, signal)
    const positions = [...registrations.value].flatMap(([hotkey, netuids]) => netuids.filter((netuid) => netuid !== 0).map((netuid) => ({ hotkey, netuid })))
    if (positions.length === 0) return { uids: [], destinations: new Map(), hosts: [registrations.host] }
    const subnets = [...new Set(positions.map((p) => p.netuid))]
    const [uids, destinations] = await Promise.all([client.minerEmissions(positions, signal), client.autoStakeDestinations(coldkey, subnets, signal)])
    return { uids: uids.value, destinations: destinations.value, hosts: [registrations.host, uids.host, destinations.host] }
  } catch (error) {
    if (signal.aborted || !(error instanceof FetchFault)) throw error
    return { problem: `miner emission could not be read: ${error.message}` }
  }
}

/** The pool prices of the subnets among `netuids` (root is TAO itself); null when there are none to ask. */
async function alphaPrices(client: SubstrateClient, netuids: readonly number[], signal: AbortSignal): Promise<Sourced<Map<number, bigint>> | null> {
  const subnets = [...new Set(netuids)].filter((netuid) => netuid !== 0)
  return subnets.length === 0 ? null : client.subnetAlphaPrices(subnets, signal)
}

function subnetName(netuid: number): string {
  return netuid === 0 ? 'root' : `subnet ${netuid}`
}

function shortAddress(address: string): string {
  return `${address.slice(0, 4)}…${address.slice(-4)}`
}
