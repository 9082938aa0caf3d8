import { checkFilecoinAddress, createFilecoinClient, type FilecoinClient, type MinerFunds, type MinerHealth } from '../chains/filecoin.ts'
import { filecoinHistory } from '../chains/filecoin-history.ts'
import { FetchFault } from '../net/chain-http.ts'
import type { EndpointPool } from '../net/endpoint-pool.ts'
import type { Fact, Holding, ReadContext, TokenSpec } from '../holdings/holding.ts'
import { tokens } from '../alerts/rules/rule-kit.ts'
import { feeDebt, feeDebtKind, powerDropped, powerKind, powerWords } from './filecoin-rules.ts'
import type { NetworkModule } from './network-module.ts'

/*
 * Filecoin mainnet. A wallet (f1/f2/f3/f410f) holds liquid FIL. A storage provider is read through
 * its miner actor (f0… ID): what it can withdraw, the block rewards still vesting, and the
 * collateral pledged for its sectors. Block rewards go to the miner actor: 25 % at once, 75 %
 * vesting linearly over 180 days (FIP-0004; docs.filecoin.io provide-storage/filecoin-economics).
 */

const fil: TokenSpec = { symbol: 'FIL', name: 'Filecoin', decimals: 18, where: 'native on Filecoin', priceIds: { coingecko: 'filecoin' } }

const clients = new WeakMap<EndpointPool, FilecoinClient>()

/** One client per endpoint pool, so each endpoint's network is checked once, not on every read. */
function clientFor(ctx: ReadContext): FilecoinClient {
  const pool = ctx.pool('filecoin')
  let client = clients.get(pool)
  if (client === undefined) {
    client = createFilecoinClient({ http: ctx.http, pool })
    clients.set(pool, client)
  }
  return client
}

function holding(kind: Holding['kind'], amount: bigint, detail?: string): Holding {
  return { token: fil.symbol, kind, key: '', amount, decimals: fil.decimals, ...(detail === undefined ? {} : { detail }) }
}

/**
 * Splits the actor balance so the parts add up to what the provider owns (balance − fee debt).
 * Lotus' available balance may already include rewards that have vested but are still counted in
 * LockedFunds until the actor next unlocks them; taking LockedFunds as it stands would count those
 * twice, so the vesting part is what remains after the liquid and pledged parts.
 */
export function minerHoldings(funds: MinerFunds): Holding[] {
  const pledge = funds.initialPledge + funds.preCommitDeposits
  const liquid = funds.available > 0n ? funds.available : 0n
  const rest = funds.balance - funds.feeDebt - liquid - pledge
  const locked = rest < 0n ? 0n : rest > funds.lockedRewards ? funds.lockedRewards : rest
  return [holding('liquid', liquid, 'available'), holding('locked', locked, 'vesting block rewards'), holding('pledge', pledge, 'sector pledge and pre-commit deposits')]
}

/**
 * A storage provider's power and faults, and its fee debt, as facts. Power in bytes is a physical
 * quantity, so a float is fine for it; the debt is money and stays exact in `amount`.
 */
function minerFacts(funds: MinerFunds, health: MinerHealth | null): Fact[] {
  const debt = funds.feeDebt > 0n
  const facts: Fact[] = [
    {
      kind: feeDebtKind,
      key: '',
      status: debt ? 'in-debt' : 'clear',
      words: debt ? `fee debt: ${tokens(funds.feeDebt, fil.decimals)} FIL` : 'no fee debt',
      summary: debt,
      figures: {},
      amount: { token: fil.symbol, amount: funds.feeDebt, decimals: fil.decimals },
    },
  ]
  if (health === null) return facts
  const faulty = health.faultySectors
  facts.unshift({
    kind: powerKind,
    key: '',
    status: faulty > 0 ? 'faulty' : health.qualityAdjPower === 0n ? 'no-power' : 'proving',
    words: `${powerWords(Number(health.qualityAdjPower))} quality-adjusted power${health.hasMinPower ? '' : ' (below the 10 TiB minimum)'}, faulty sectors: ${faulty}`,
    summary: true,
    figures: { rawBytePower: Number(health.rawBytePower), qualityAdjPower: Number(health.qualityAdjPower), faultySectors: faulty, hasMinPower: health.hasMinPower ? 1 : 0 },
    part: 'power',
  })
  return facts
}

/** Power and faults are extra: a node that cannot give them leaves the funds standing. */
async function optionalHealth(client: FilecoinClient, minerId: string, signal: AbortSignal): Promise<{ value: MinerHealth; host: string } | FetchFault> {
  try {
    return await client.minerHealth(minerId, signal)
  } catch (error) {
    if (error instanceof FetchFault && !signal.aborted) return error
    throw error
  }
}

export const filecoin: NetworkModule = {
  info: {
    id: 'filecoin',
    name: 'Filecoin',
    chain: 'filecoin',
    tokens: [fil],
    addressHint: 'your storage provider ID (f0…, e.g. f01234) or a wallet address (f1…, f3…, f410f…)',
    rewards: {
      source: 'balance-delta',
      note: 'Block rewards are paid to the miner actor and show as its growing balance: 25 % can be withdrawn at once, 75 % vests linearly over 180 days (FIP-0004). Fees and penalties lower the balance and are not rewards.',
    },
    payout: {
      kind: 'continuous',
      expectedEveryHours: null,
      note: 'A block is mined every 30 s epoch; a provider earns in an epoch when it wins a block, which is more often the more storage power it has (at least 10 TiB to take part).',
    },
  },
  endpoints: ['filecoin'],
  parts: ['main', 'power'],
  checkAddress: checkFilecoinAddress,
  async read(ctx, address) {
    const client = clientFor(ctx)
    if (address.startsWith('f0')) {
      const miner = await client.minerFunds(address, ctx.signal)
      if (miner.value !== null) {
        const health = await optionalHealth(client, address, ctx.signal)
        const healthy = health instanceof FetchFault ? null : health
        const facts = minerFacts(miner.value, healthy?.value ?? null)
        const hosts = [...new Set([miner.host, ...(healthy === null ? [] : [healthy.host])])]
        const failed = health instanceof FetchFault ? [{ part: 'power', problem: `miner power could not be read: ${health.message}` }] : []
        return { holdings: minerHoldings(miner.value), hosts, facts, ...(failed.length === 0 ? {} : { failed }) }
      }
    }
    const wallet = await client.walletBalance(address, ctx.signal)
    return { holdings: [holding('liquid', wallet.value)], hosts: [wallet.host] }
  },
  alertRules: [powerDropped, feeDebt],
  history: filecoinHistory({
    lotusKey: 'filecoin',
    indexerKey: 'filecoin-indexer',
    reach:
      "The public Lotus endpoints keep about 2,000 epochs (~16 h): within them, a storage provider's funds an hour apart, each hour's growth booked as block rewards (a wallet's as FIL received, for you to mark). Older history needs an indexer you set (Filfox's API, https://filfox.info/api/v1, under Endpoints); there is no default one.",
  }),
}
