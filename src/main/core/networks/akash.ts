import { checkCosmosAddress, createCosmosClient, type Coins, type LeaseEntry } from '../chains/cosmos.ts'
import { cosmosTxHistory, moduleAccount } from '../chains/cosmos-history.ts'
import { FetchFault } from '../net/chain-http.ts'
import { clientPerPool } from '../chains/chain-deps.ts'
import type { Fact, Holding, TokenSpec } from '../holdings/holding.ts'
import { tokens } from '../alerts/rules/rule-kit.ts'
import { escrowOverdrawn, leaseKind, leasesKind, noActiveLease } from './akash-rules.ts'
import type { NetworkModule } from './network-module.ts'

/*
 * Akash (Cosmos SDK chain akashnet-2). A wallet holds AKT (uakt), and since the Mainnet 17 / BME
 * upgrade (23 Mar 2026) providers are paid in ACT (uact), a non-transferable compute credit pegged
 * near $1 that they burn for AKT (https://akash.network/blog/what-burn-mint-equilibrium-means-for-akash).
 * A provider's lifetime earnings are the withdrawals from its leases' escrow payments.
 */

const chainId = 'akashnet-2'

const akt: TokenSpec = {
  symbol: 'AKT',
  name: 'Akash',
  decimals: 6,
  where: 'native (uakt) on Akash',
  priceIds: { coingecko: 'akash-network' },
}

/** ACT has no market and so no price id: it shows unpriced until the operator sets a price for it. */
const act: TokenSpec = {
  symbol: 'ACT',
  name: 'Akash Compute Token',
  decimals: 6,
  where: 'native (uact) on Akash; a compute credit near $1 with no market price',
  priceIds: {},
}

const tokensByDenom: Record<string, { symbol: string; decimals: number }> = { uakt: akt, uact: act }

const clientFor = clientPerPool('akash-lcd', (deps) => createCosmosClient({ ...deps, chainId }))

/** The troubled leases reported one by one, most recent first; the summary counts them all. */
const maxLeaseFacts = 20

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

/** A lease whose tenant escrow is overdrawn, or that the chain closed for lack of funds. */
const troubled = (lease: LeaseEntry): boolean => lease.escrow === 'overdrawn' || lease.state === 'insufficient_funds'

/**
 * A provider's leases as facts: a summary ("3 active leases, 1 overdrawn") and each troubled
 * lease. An address with no lease on record is no provider: it has none.
 */
function leaseFacts(leases: readonly LeaseEntry[]): Fact[] {
  if (leases.length === 0) return []
  const count = (test: (lease: LeaseEntry) => boolean): number => leases.filter(test).length
  const active = count((lease) => lease.state === 'active')
  const activeOverdrawn = count((lease) => lease.state === 'active' && lease.escrow === 'overdrawn')
  const insufficientFunds = count((lease) => lease.state === 'insufficient_funds')
  const words = [
    `${plural(active, 'active lease')}${activeOverdrawn === 0 ? '' : `, ${activeOverdrawn} overdrawn`}`,
    ...(insufficientFunds === 0 ? [] : [`${insufficientFunds} closed for lack of funds`]),
  ].join('; ')
  const summary: Fact = {
    kind: leasesKind,
    key: '',
    status: active > 0 ? 'leasing' : 'idle',
    words,
    summary: true,
    figures: { active, activeOverdrawn, overdrawn: count((lease) => lease.escrow === 'overdrawn'), insufficientFunds, total: leases.length },
    part: 'leases',
  }
  // Open leases (closed at height 0) first, then the most recently closed.
  const order = (lease: LeaseEntry): number => (lease.closedOn === 0 ? Number.MAX_SAFE_INTEGER : lease.closedOn)
  const recent = leases.filter(troubled).sort((a, b) => order(b) - order(a))
  return [summary, ...recent.slice(0, maxLeaseFacts).map(troubledFact)]
}

function troubledFact(lease: LeaseEntry): Fact {
  const token = tokensByDenom[lease.unsettled.denom]
  const owed = token === undefined || lease.unsettled.amount === 0n ? '' : `, ${tokens(lease.unsettled.amount, token.decimals)} ${token.symbol} unsettled`
  const what = lease.state === 'active' ? 'active with its escrow overdrawn' : lease.state === 'insufficient_funds' ? `closed for insufficient funds at block ${lease.closedOn}` : `${lease.state}, escrow ${lease.escrow}`
  return {
    kind: leaseKind,
    key: lease.id,
    status: `${lease.state}/${lease.escrow}`,
    words: `lease ${lease.dseq} of tenant ${shortAddress(lease.owner)}: ${what}${owed}`,
    figures: { active: lease.state === 'active' ? 1 : 0, closedOn: lease.closedOn },
    ...(token === undefined ? {} : { amount: { token: token.symbol, amount: lease.unsettled.amount, decimals: token.decimals } }),
    part: 'leases',
  }
}

function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 10)}…${address.slice(-4)}` : address
}

/** An optional figure: an endpoint that cannot give it leaves it out rather than failing the read. */
async function optional<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read
  } catch (error) {
    if (error instanceof FetchFault) return null
    throw error
  }
}

/** Each known denom as a holding; a zero is kept, since a part read as zero is zero, not absent. */
function holdingsOf(coins: Coins, kind: Holding['kind'], options: { key?: string; detail?: string; part?: string } = {}): Holding[] {
  const holdings: Holding[] = []
  for (const [denom, amount] of coins) {
    const token = tokensByDenom[denom]
    // Other denoms (IBC vouchers, pre-BME axlUSDC lease payments) have no token here to value them by.
    if (token === undefined) continue
    holdings.push({
      token: token.symbol,
      kind,
      key: options.key ?? '',
      amount,
      decimals: token.decimals,
      ...(options.detail === undefined ? {} : { detail: options.detail }),
      ...(options.part === undefined ? {} : { part: options.part }),
    })
  }
  return holdings
}

export const akash: NetworkModule = {
  info: {
    id: 'akash',
    name: 'Akash',
    chain: 'cosmos',
    tokens: [akt, act],
    addressHint: 'your Akash wallet or provider address (akash1…)',
    rewards: {
      // Lease withdrawals land in the wallet and staking rewards accrue beside it, so the balance
      // growth is the income; the lease counter alone would miss staking rewards once claimed.
      source: 'balance-delta',
      note: 'Income is read as balance growth: lease withdrawals arriving in the wallet (ACT since the BME upgrade, AKT before) and staking rewards as they accrue. A provider’s lifetime lease withdrawals are shown beside it as "earned to date". Burning ACT for AKT is your own move: the AKT that arrives with it is booked as a transfer.',
    },
    payout: {
      kind: 'continuous',
      // The provider service withdraws from lease escrow every 24 h by default (--withdrawal-period).
      expectedEveryHours: 24,
      note: 'Leases pay into escrow every block (about 6 s); the provider withdraws periodically, by default once a day. Staking rewards accrue every block.',
    },
  },
  endpoints: ['akash-lcd'],
  parts: ['main', 'staking-rewards', 'leases'],
  conversions: [{ from: 'ACT', to: 'AKT', note: 'ACT burned for AKT' }],
  checkAddress: (input) => checkCosmosAddress(input, 'akash', 'Akash'),
  async read(ctx, address) {
    const client = clientFor(ctx)
    const { signal } = ctx
    const [bank, staked, unbonding, rewards, leases] = await Promise.all([
      client.bankBalances(address, signal),
      client.delegations(address, signal),
      client.unbonding(address, signal),
      optional(client.stakingRewards(address, signal)),
      optional(client.providerEarnings(address, signal)),
    ])
    const liquid = holdingsOf(bank.value, 'liquid')
    // A wallet always shows its AKT, even at zero; the bank module leaves zero balances out.
    if (!bank.value.has('uakt')) liquid.unshift({ token: akt.symbol, kind: 'liquid', key: '', amount: 0n, decimals: akt.decimals })
    const holdings = [
      ...liquid,
      ...holdingsOf(staked.value, 'staked'),
      // Unbonding stake is still the operator's; leaving it out would book its return to the wallet as income.
      ...holdingsOf(new Map([['uakt', unbonding.value]]), 'locked', { key: 'unbonding', detail: 'unbonding' }),
      ...(rewards === null ? [] : holdingsOf(rewards.value, 'pending-reward', { key: 'staking', detail: 'staking rewards', part: 'staking-rewards' })),
      ...(leases === null || leases.value.leases.length === 0 ? [] : holdingsOf(leases.value.withdrawn, 'earned', { key: 'leases', detail: 'provider leases', part: 'leases' })),
    ]
    const facts = leases === null ? [] : leaseFacts(leases.value.leases)
    const hosts = [...new Set([bank, staked, unbonding, rewards, leases].flatMap((answer) => (answer === null ? [] : [answer.host])))]
    const failed = [
      ...(rewards === null ? [{ part: 'staking-rewards', problem: 'staking rewards could not be read' }] : []),
      ...(leases === null ? [{ part: 'leases', problem: 'provider leases could not be read' }] : []),
    ]
    return { holdings, hosts, ...(facts.length === 0 ? {} : { facts }), ...(failed.length === 0 ? {} : { failed }) }
  },
  alertRules: [escrowOverdrawn, noActiveLease],
  // Lease earnings leave the escrow module's account as plain bank transfers: the escrow keeper
  // emits no withdrawal event of its own (akash-network/node x/escrow/keeper/keeper.go
  // paymentWithdraw: SendCoinsFromModuleToAccount(escrow, provider, earnings)). Under
  // MsgWithdrawLease (x/market/handler/server.go WithdrawLease -> PaymentWithdraw) they are all
  // earnings; closing a lease, bid or deployment also returns deposits from the same account
  // (the tenant's, and the provider's bid deposit), so those payouts are left for the operator.
  history: cosmosTxHistory({
    endpoint: 'akash-lcd',
    chainId,
    denoms: tokensByDenom,
    payouts: [
      {
        sender: moduleAccount('akash', 'escrow'),
        earningActions: /^\/akash\.market\.v1beta\d+\.MsgWithdrawLease$/,
        earningWords: 'lease earnings withdrawn from Akash escrow',
        otherWords: 'paid out of Akash escrow when a lease, bid or deployment closed: the last lease earnings, or a deposit coming back, for you to mark',
      },
    ],
    reach:
      "Staking rewards withdrawn to this wallet and lease payouts from Akash's escrow, from the public LCDs' transaction search (AKT and ACT; IBC tokens are left out). A provider's daily lease withdrawals count as rewards; payouts when a lease closes, which mix final earnings with deposits coming back, are listed for you to mark. Many public nodes keep transactions for a limited time only, or none: what they no longer hold is out of reach.",
  }),
}
