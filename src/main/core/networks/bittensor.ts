import { checkSubstrateAddress, createSubstrateClient, type MinerUid, type StakeEntry, type SubstrateClient } from '../chains/substrate.ts'
import { clientPerPool, type Sourced } from '../chains/chain-deps.ts'
import { FetchFault } from '../net/chain-http.ts'
import type { Holding, NetworkModule, TokenSpec } from './network-module.ts'

/*
 * Bittensor: TAO on subtensor's Finney mainnet. The coldkey the operator enters holds free TAO
 * and owns stake; stake sits on hotkeys per subnet, in that subnet's alpha, and is valued in TAO
 * at the subnet pool's current price. TAO has 9 decimals (rao), per the chain spec's
 * `tokenDecimals: 9`; SS58 prefix 42.
 */

const TAO: TokenSpec = { symbol: 'TAO', name: 'Bittensor', decimals: 9, where: 'native (subtensor)', priceIds: { coingecko: 'bittensor', coinpaprika: 'tao-bittensor' } }

/** Finney's block 0, as polkadot-js-based wallets (Nova, Talisman) and subnet code pin it. */
const finneyGenesisHash = '0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03'
const ss58Prefix = 42
const raoPerTao = 1_000_000_000n

// A pool lives until the operator changes endpoints; its client keeps the endpoints it has checked.
const clientFor = clientPerPool('subtensor', (deps) => createSubstrateClient({ ...deps, genesisHash: finneyGenesisHash, ss58Prefix, chainName: 'Bittensor mainnet (Finney)' }))

export const bittensor: NetworkModule = {
  info: {
    id: 'bittensor',
    name: 'Bittensor',
    chain: 'substrate',
    tokens: [TAO],
    addressHint: 'your coldkey address (SS58, 48 characters starting with 5), as `btcli wallet overview` or your wallet app shows it',
    rewards: {
      source: 'balance-delta',
      note: 'Miner and validator emissions are staked to the hotkey every epoch (tempo ~360 blocks ≈ 72 min), so they show as growing stake.',
    },
    payout: { kind: 'epoch', expectedEveryHours: 1.2, note: 'Each subnet pays at the end of its epoch: a tempo of ~360 blocks of 12 s, about 72 minutes.' },
  },
  endpoints: ['subtensor'],
  checkAddress: (input) => checkSubstrateAddress(input, ss58Prefix, 'Bittensor'),
  async read(ctx, address) {
    const client = clientFor(ctx)
    const [account, stakes, owned] = await Promise.all([
      client.account(address, ctx.signal),
      client.stakeInfoForColdkey(address, ctx.signal),
      client.ownedHotkeys(address, ctx.signal),
    ])
    const ownHotkeys = new Set(owned.value)
    // Only the operator's own registered hotkeys earn for them: a delegate's UID emission is the whole validator's.
    const mining = stakes.value.filter((entry) => entry.isRegistered && ownHotkeys.has(entry.hotkey))
    const positions = stakes.value.filter((entry) => entry.stake > 0n || mining.includes(entry))
    const netuids = [...new Set(positions.map((entry) => entry.netuid))].filter((netuid) => netuid !== 0)
    const [prices, miners] = await Promise.all([
      netuids.length === 0 ? null : client.subnetAlphaPrices(netuids, ctx.signal),
      mining.length === 0 ? null : readMiners(client, mining, ctx.signal),
    ])
    const inTao = (alpha: bigint, netuid: number): bigint => {
      if (netuid === 0) return alpha
      const price = prices?.value.get(netuid)
      if (price === undefined) throw new RangeError(`no alpha price for subnet ${netuid}`)
      return (alpha * price) / raoPerTao
    }

    const tao = (kind: Holding['kind'], amount: bigint, detail?: string): Holding => ({ token: TAO.symbol, kind, amount, decimals: TAO.decimals, ...(detail === undefined ? {} : { detail }) })
    const holdings: Holding[] = [tao('liquid', account.value.free)]
    if (account.value.reserved > 0n) holdings.push(tao('locked', account.value.reserved, 'reserved'))
    const problems = miners && 'problem' in miners ? [miners.problem] : []
    for (const entry of positions) {
      const where = `hotkey ${shortAddress(entry.hotkey)}, subnet ${entry.netuid}`
      if (entry.stake > 0n) holdings.push(tao('staked', inTao(entry.stake, entry.netuid), entry.netuid === 0 ? `${where} (root)` : `${where} (${alphaAmount(entry.stake)} α)`))
      const miner = miners && 'value' in miners ? miners.value.find((m) => m.hotkey === entry.hotkey && m.netuid === entry.netuid) : undefined
      if (miner === undefined) continue
      if (miner.emission === null) {
        problems.push(`miner emission could not be read: subnet ${miner.netuid} lists emission for ${miner.subnetUids} UIDs, none for UID ${miner.uid} (hotkey ${shortAddress(miner.hotkey)})`)
        continue
      }
      // Emission[uid] is incentive and dividends together, so StakeInfo's dividends are not shown beside it.
      const perEpoch = `${alphaAmount(miner.emission)} ${entry.netuid === 0 ? 'TAO' : 'α'}`
      holdings.push(tao('emission', inTao(miner.emission, entry.netuid), `miner UID ${miner.uid} on subnet ${entry.netuid}, hotkey ${shortAddress(entry.hotkey)}, per epoch (${perEpoch})`))
    }
    const hosts = [account.host, stakes.host, owned.host, ...(prices ? [prices.host] : []), ...(miners && 'host' in miners ? [miners.host] : [])]
    return { holdings, hosts: [...new Set(hosts)], ...(problems.length === 0 ? {} : { problems }) }
  },
}

/** The UID reads are extra: a failure there is a problem of the read, not its end (a cancelled read still ends). */
async function readMiners(client: SubstrateClient, mining: readonly StakeEntry[], signal: AbortSignal): Promise<Sourced<MinerUid[]> | { problem: string }> {
  try {
    return await client.minerEmissions(mining, signal)
  } catch (error) {
    if (signal.aborted || !(error instanceof FetchFault)) throw error
    return { problem: `miner emission could not be read: ${error.message}` }
  }
}

function shortAddress(address: string): string {
  return `${address.slice(0, 4)}…${address.slice(-4)}`
}

/** Alpha base units (9 decimals, like rao) as a plain decimal, e.g. 5000000000 → "5.0". */
function alphaAmount(amount: bigint): string {
  const fraction = (amount % raoPerTao).toString().padStart(9, '0').replace(/0+$/, '')
  return `${amount / raoPerTao}.${fraction === '' ? '0' : fraction}`
}
