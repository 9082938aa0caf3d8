import { z } from 'zod'
import { currencies, holdingKinds } from './wallet-lists.ts'

export { currencies, holdingKinds, ownedHoldingKinds } from './wallet-lists.ts'

/*
 * Wallets, balances, prices and the rewards ledger as the UI sees them. Token amounts cross
 * the wire as decimal strings of base units (bigint in core); fiat amounts as decimal strings
 * computed by core. The page formats, it never computes money.
 */

/**
 * A network's id, e.g. 'grass'. Which ids exist is core's registry's to say (networks.list), so
 * that adding a network is one module in core and nothing here.
 */
export const NetworkId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a network id like "grass"')
export type NetworkId = z.infer<typeof NetworkId>

export const chainFamilies = ['solana', 'evm', 'cosmos', 'substrate', 'filecoin'] as const
export const ChainFamily = z.enum(chainFamilies)
export type ChainFamily = z.infer<typeof ChainFamily>

export const Currency = z.enum(currencies)
export type Currency = z.infer<typeof Currency>

/** Base units as a decimal string: what a bigint looks like on the wire. */
export const BaseUnits = z.string().regex(/^\d{1,78}$/, 'a whole number of base units')
/** A non-negative fiat or price figure as a decimal string, e.g. "1234.5678". */
export const DecimalString = z.string().regex(/^\d{1,30}(\.\d{1,30})?$/, 'a decimal number like 1.25')

export const TokenInfo = z.object({
  symbol: z.string(),
  name: z.string(),
  decimals: z.number().int().min(0).max(36),
  /** Where it lives, in words: "SPL mint Grass7B…XXjs", "ERC-20 on Ethereum and Arbitrum One", "native". */
  where: z.string(),
})
export type TokenInfo = z.infer<typeof TokenInfo>

export const PayoutCadence = z.object({
  /** How rewards arrive; "no reward yet" is only unusual after `expectedEveryHours` without one. */
  kind: z.enum(['continuous', 'epoch', 'daily', 'monthly', 'on-claim', 'irregular']),
  expectedEveryHours: z.number().positive().nullable(),
  note: z.string(),
})

export const NetworkInfo = z.object({
  id: NetworkId,
  name: z.string(),
  chain: ChainFamily,
  tokens: z.array(TokenInfo),
  /** What address to paste, e.g. "your Solana wallet address (base58, 32–44 characters)". */
  addressHint: z.string(),
  /** How rewards are read: from the network's own source, or as positive balance changes. */
  rewards: z.object({ source: z.enum(['native', 'balance-delta']), note: z.string() }),
  payout: PayoutCadence,
})
export type NetworkInfo = z.infer<typeof NetworkInfo>

/** A watched address as saved in settings. Never a key: core refuses anything that looks like one. */
export const WalletSetting = z.strictObject({
  id: z.string().regex(/^wallet-[a-z0-9]{8}$/),
  network: NetworkId,
  /** As core normalised it (EIP-55 checksum, canonical Filecoin form). */
  address: z.string().min(1).max(128),
  label: z.string().min(1).max(60),
  addedAt: z.number().int(),
})
export type WalletSetting = z.infer<typeof WalletSetting>

export const WalletDraft = z.strictObject({
  network: NetworkId,
  address: z.string().max(4096),
})
export type WalletDraft = z.input<typeof WalletDraft>

export const NewWallet = WalletDraft.extend({
  label: z.string().trim().min(1, 'give the wallet a name').max(60),
})

export const WalletCheck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), address: z.string(), note: z.string().nullable() }),
  z.object({ ok: z.literal(false), message: z.string(), secretRefused: z.boolean() }),
])
export type WalletCheck = z.infer<typeof WalletCheck>

export const HoldingKind = z.enum(holdingKinds)
export type HoldingKind = z.infer<typeof HoldingKind>

export const PriceQuote = z.object({
  token: z.string(),
  currency: Currency,
  price: DecimalString,
  /** Which feed gave it: 'coingecko', 'coinpaprika', or 'manual' for the operator's override. */
  source: z.string(),
  /** When the feed says the price was current (or when we fetched it, if it does not say). */
  at: z.number().int(),
  /** 'live' within the refresh window, 'cached' when the feeds failed and this is the last good one. */
  freshness: z.enum(['live', 'cached', 'manual']),
  /** Set when the fallback feed disagrees by more than the outlier threshold. */
  warning: z.string().nullable(),
  /**
   * The feed's change over the last 24 hours, in percent of the price a day ago, signed (-3.2 is
   * a 3.2 % fall). Null when it is not known: a manual override, a unit priced through another
   * (a subnet's alpha), or a feed that did not say.
   */
  change24hPct: z.number().nullable(),
})
export type PriceQuote = z.infer<typeof PriceQuote>

export const HoldingView = z.object({
  token: z.string(),
  kind: HoldingKind,
  amount: BaseUnits,
  decimals: z.number().int(),
  /** Per-holding detail: "hotkey 5F3s…, subnet 1", "Arbitrum One", "miner f01234". */
  detail: z.string().nullable(),
  /** amount × price in the settings currency; null when the token has no price. */
  fiat: DecimalString.nullable(),
  /**
   * Present (true) when the holding is held at 0 because the last read, its part answering, no
   * longer returned it: a miner's UID deregistered, not a miner scored 0. Absent when returned.
   */
  kept: z.literal(true).optional(),
})
export type HoldingView = z.infer<typeof HoldingView>

/** Counts and physical quantities by name ({ active: 3, faultySectors: 2 }). */
export const FactFigures = z.record(z.string(), z.number())

/**
 * Something a wallet's last read found that is not an amount it owns: a provider's leases and
 * their escrow, a storage miner's power, faults and fee debt. Identity is (kind, key).
 */
export const FactView = z.object({
  /** '<network>.<what>': 'akash.leases', 'akash.lease', 'filecoin.power', 'filecoin.fee-debt'. */
  kind: z.string(),
  /** Tells apart two facts of one kind in a wallet (a lease id); '' when the wallet has one. */
  key: z.string(),
  /** A short word for its state ('leasing', 'idle', 'faulty'); when it changes, `since` starts again. */
  status: z.string(),
  /** The fact in words: "3 active leases, 1 overdrawn", "faulty sectors: 2". */
  words: z.string(),
  /** The wallet card shows summaries; the other facts are details the alert rules read. */
  summary: z.boolean(),
  figures: FactFigures,
  /** A sum of money the fact is about (fee debt, unsettled escrow), in base units; null when none. */
  amount: z.object({ token: z.string(), amount: BaseUnits, decimals: z.number().int() }).nullable(),
  /** The first read that saw it in its present status (ms). */
  since: z.number().int(),
  /** True when it already was so at the first read of it: it began at or before `since`. */
  sinceFirstRead: z.boolean(),
  /** Its figures at the wallet's read before, for rules that compare two reads; null at its first read. */
  previous: z.object({ at: z.number().int(), figures: FactFigures }).nullable(),
})
export type FactView = z.infer<typeof FactView>

export const WalletView = z.object({
  wallet: WalletSetting,
  holdings: z.array(HoldingView),
  /** Sum of the holdings' fiat values; null when none has a price. `partial` when some lack one. */
  fiatTotal: DecimalString.nullable(),
  partial: z.boolean(),
  /** 'live' after a good read within two refreshes; 'stale' when the last reads failed; 'pending' before the first. */
  freshness: z.enum(['live', 'stale', 'pending']),
  fetchedAt: z.number().int().nullable(),
  /** The endpoints that answered the last good read, e.g. ["api.mainnet-beta.solana.com"]. */
  source: z.array(z.string()),
  error: z.string().nullable(),
  /** What the last good read found beside the holdings (leases, power, fee debt); absent when it found none. */
  facts: z.array(FactView).optional(),
})
export type WalletView = z.infer<typeof WalletView>

/** One network's wallets added up by core; freshness is its least fresh wallet's. */
export const NetworkTotal = z.object({
  network: NetworkId,
  fiat: DecimalString.nullable(),
  partial: z.boolean(),
  freshness: z.enum(['live', 'stale', 'pending']),
})
export type NetworkTotal = z.infer<typeof NetworkTotal>

export const WalletsSnapshot = z.object({
  currency: Currency,
  wallets: z.array(WalletView),
  /** Every wallet's value added up; null when nothing has a price. `partial` when some part lacks one. */
  total: z.object({ fiat: DecimalString.nullable(), partial: z.boolean() }),
  networks: z.array(NetworkTotal),
  prices: z.array(PriceQuote),
  refreshing: z.boolean(),
  at: z.number().int(),
})
export type WalletsSnapshot = z.infer<typeof WalletsSnapshot>

export const rewardSources = ['native', 'balance-delta', 'manual', 'backfill'] as const
export const RewardEntry = z.object({
  id: z.number().int(),
  network: NetworkId,
  walletId: z.string(),
  address: z.string(),
  token: z.string(),
  amount: BaseUnits,
  decimals: z.number().int(),
  at: z.number().int(),
  /** Price and value when it was received, in `currency`; null when no price was known then. */
  price: DecimalString.nullable(),
  fiat: DecimalString.nullable(),
  currency: Currency,
  source: z.enum(rewardSources),
  /**
   * A balance delta the operator said was their own transfer is kept, but is not income. An
   * 'inflow' is a backfilled receipt from no known reward source, not income until the operator
   * marks it a reward.
   */
  classification: z.enum(['reward', 'transfer', 'inflow']),
  /** The rule that decided the entry, in words ("growth of everything owned in TAO"); null on entries older than rules. */
  rule: z.string().nullable(),
  /** 'daily': a backfilled entry valued at its day's price; absent: the price when it was received. */
  pricing: z.enum(['at-receipt', 'daily']).optional(),
})
export type RewardEntry = z.infer<typeof RewardEntry>

export const RewardsQuery = z.strictObject({
  network: NetworkId.optional(),
  walletId: z.string().optional(),
  fromMs: z.number().int().min(0).default(0),
  toMs: z.number().int().optional(),
  limit: z.number().int().min(1).max(5000).default(500),
})

export const ManualReward = z.strictObject({
  walletId: z.string(),
  token: z.string().min(1).max(16),
  amount: BaseUnits,
  at: z.number().int().min(0),
})

/**
 * Endpoint overrides: the operator's own RPC URL per chain endpoint key, kept as a secret.
 * 'subtensor-archive' serves past blocks' state (the Bittensor backfill); 'filecoin-indexer' has no
 * public default: it is there only when the operator sets one (Filfox's API), and the Filecoin
 * backfill then reaches past what the public Lotus endpoints keep.
 */
export const endpointKeys = ['solana', 'ethereum', 'arbitrum', 'akash-lcd', 'subtensor', 'subtensor-archive', 'filecoin', 'filecoin-indexer', 'helium-oracle'] as const
export const EndpointKey = z.enum(endpointKeys)
export type EndpointKey = z.infer<typeof EndpointKey>

export const EndpointInfo = z.object({
  key: EndpointKey,
  label: z.string(),
  /** The public defaults core falls back on, by host. */
  defaults: z.array(z.string()),
  /** Host of the operator's own URL (the full URL may hold an API key: it stays in the secret store). */
  customHost: z.string().nullable(),
})
export type EndpointInfo = z.infer<typeof EndpointInfo>

/** The tax tools `rewards.exportCsv` writes for: Koinly's Universal layout, or CoinTracker's CSV. */
export const rewardsCsvFormats = ['koinly', 'cointracker'] as const
export const RewardsCsvFormat = z.enum(rewardsCsvFormats)
export type RewardsCsvFormat = z.infer<typeof RewardsCsvFormat>
