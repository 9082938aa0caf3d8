import { z } from 'zod'
import { BaseUnits, Currency, DecimalString, NetworkId } from './wallets.ts'

/*
 * Profit: what each network earned after electricity and hardware, as core computes it. Every
 * money figure is a decimal string in the settings currency; a figure core cannot know is null
 * with the reason in `missing`, never 0.
 */

/** A signed decimal (net and margins go negative). */
export const SignedDecimal = z.string().regex(/^-?\d{1,30}(\.\d{1,30})?$/, 'a decimal number like -1.25')

/** One period of a time-of-use tariff: its price on the given weekdays (0 = Sunday) from fromHour to toHour, local time. */
export const TariffPeriod = z.strictObject({
  label: z.string().trim().min(1).max(40),
  pricePerKwh: DecimalString,
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  fromHour: z.number().int().min(0).max(23),
  toHour: z.number().int().min(1).max(24),
})
export type TariffPeriod = z.infer<typeof TariffPeriod>

/** The latest instant a JavaScript Date holds (ECMA-262 §21.4.1.1): 100 million days after 1970. */
const maxDateMs = 8.64e15

/** The operator's costs of one network. */
export const NetworkCosts = z.strictObject({
  /** What the hardware for this network cost, in the settings currency; null when not given. */
  hardwareCost: DecimalString.nullable().default(null),
  /**
   * Epoch ms of the purchase; amortization and payback start here. Bounded by what a Date can
   * hold (±8.64e15 ms), so every date core prints is valid; core decides which past days make sense.
   */
  purchasedAt: z.number().int().min(0).max(maxDateMs, 'too far in the future to be a date').nullable().default(null),
  /** Straight-line amortization over this many months. */
  lifetimeMonths: z.number().int().min(1).max(240).default(36),
  /** Hosting, internet share, licences, collateral: a monthly amount each. */
  monthlyCosts: z.array(z.strictObject({ label: z.string().trim().min(1).max(40), amount: DecimalString })).max(20).default([]),
  /** "Hardware I already own": charged only the watts above the idle baseline, and no amortization. */
  alreadyOwned: z.boolean().default(false),
})
export type NetworkCosts = z.output<typeof NetworkCosts>

export const ProfitSettings = z.strictObject({
  /** Empty: no electricity price given, so electricity is "unknown", never 0. A flat rate is one period of every hour. */
  tariff: z.array(TariffPeriod).max(24).default([]),
  /** IANA zone the tariff's hours are in; null: this machine's. */
  timeZone: z.string().max(64).nullable().default(null),
  costs: z.record(NetworkId, NetworkCosts).default({}),
  /** Which network each power device (a GPU's deviceId) serves; its watts go to that network. */
  devices: z.record(z.string().max(200), NetworkId).default({}),
  /** How the rest of the machine's watts are split, by weight per network; empty: evenly among the networks with wallets. */
  shares: z.record(NetworkId, z.number().min(0).max(1000)).default({}),
  /** The machine's idle draw for marginal costing; null: not given. */
  idleBaselineWatts: z.number().min(0).max(100_000).nullable().default(null),
  /**
   * 'manual': devices and shares above. 'nodes': each confirmed node's measured watts (its GPUs,
   * its share of CPU time) go to its network, and only the rest is split by shares.
   */
  mode: z.enum(['manual', 'nodes']).default('manual'),
})
export type ProfitSettings = z.output<typeof ProfitSettings>

export const profitWindows = ['today', '7d', '30d', 'all'] as const
export const ProfitWindow = z.enum(profitWindows)
export type ProfitWindow = z.infer<typeof ProfitWindow>

/** One network's (or the total's) money over one window. */
export const ProfitFigures = z.object({
  window: ProfitWindow,
  fromMs: z.number().int(),
  toMs: z.number().int(),
  days: z.number(),
  /** Rewards valued at the price when each was received. */
  revenue: DecimalString.nullable(),
  /** The same rewards at today's price. */
  revenueAtToday: DecimalString.nullable(),
  kwh: z.number().nullable(),
  /**
   * Of `kwh`, drawn while the machine's watts were estimated, not measured (power history kept
   * before provenance was counts as estimated); null when `kwh` is. `missing` names the share.
   */
  estimatedKwh: z.number().nullable().optional(),
  electricity: DecimalString.nullable(),
  amortization: DecimalString.nullable(),
  otherCosts: DecimalString,
  net: SignedDecimal.nullable(),
  netPerDay: SignedDecimal.nullable(),
  /** What is estimated, partial or unknown in these figures, in words; empty when every part is known and measured. */
  missing: z.array(z.string()),
})
export type ProfitFigures = z.infer<typeof ProfitFigures>

export const NetworkProfit = z.object({
  network: NetworkId,
  name: z.string(),
  /** The token break-even is expressed in (the network's first). */
  token: z.string(),
  currentPrice: DecimalString.nullable(),
  windows: z.array(ProfitFigures),
  /** The token price at which the last 30 days' rewards and costs net to 0; null when it cannot be known (no rewards, no costs). */
  breakEvenPrice: DecimalString.nullable(),
  /** The electricity price at which the last 30 days net to 0; null without kWh or when nothing could pay for it. */
  breakEvenKwhPrice: SignedDecimal.nullable(),
  /** When the hardware has paid for itself at the current rate: a date, already (with the date), never, or unknown. */
  payback: z.discriminatedUnion('state', [
    z.object({ state: z.literal('paid'), at: z.number().int() }),
    z.object({ state: z.literal('on-track'), at: z.number().int() }),
    z.object({ state: z.literal('never'), reason: z.string() }),
    z.object({ state: z.literal('unknown'), reason: z.string() }),
  ]),
  /** How this network's kWh were found, in words: "GPU 0 + 50 % of the rest", "above the 80 W idle baseline". */
  attribution: z.string(),
  /**
   * The network's latest reward in the ledger (transfers and unconfirmed inflows are not
   * rewards), in the unit that arrived; `fiat` is its value when received in the settings
   * currency, null when it had no price then or was valued in another currency. Null: none yet.
   */
  lastReward: z
    .object({
      at: z.number().int(),
      token: z.string(),
      amount: BaseUnits,
      decimals: z.number().int(),
      fiat: DecimalString.nullable(),
    })
    .nullable(),
  /**
   * When the next reward is due by the network's payout cadence (`expectedEveryHours` in
   * networks.list): the last reward plus one period, or, with none yet, the first wallet's
   * adding plus one. It may be past: the reward is late. Null when the network pays on no
   * schedule (irregular, on claim) or has no wallet to pay.
   */
  nextRewardDueAt: z.number().int().nullable(),
})
export type NetworkProfit = z.infer<typeof NetworkProfit>

export const DailyNet = z.object({ dayStartMs: z.number().int(), net: SignedDecimal.nullable(), byNetwork: z.record(NetworkId, SignedDecimal.nullable()) })
export type DailyNet = z.infer<typeof DailyNet>

export const ProfitSnapshot = z.object({
  currency: Currency,
  at: z.number().int(),
  total: z.array(ProfitFigures),
  networks: z.array(NetworkProfit),
  /** The last 30 days, one entry per local day, oldest first. */
  daily: z.array(DailyNet),
  /** Where the machine's watts came from now: "measured (wall plug)", "estimated". */
  power: z.object({ kind: z.enum(['measured', 'estimated', 'none']), reason: z.string() }),
  /** Set when the answer is a what-if, not the operator's real settings. */
  whatIf: z.object({ pricePerKwh: DecimalString.nullable(), tokenPrices: z.record(z.string(), DecimalString) }).nullable(),
})
export type ProfitSnapshot = z.infer<typeof ProfitSnapshot>

export const WhatIf = z.strictObject({
  /** A flat electricity price instead of the tariff. */
  pricePerKwh: DecimalString.optional(),
  /** Token prices instead of today's, by symbol. */
  tokenPrices: z.record(z.string().regex(/^[A-Z0-9]{1,16}$/), DecimalString).default({}),
})
