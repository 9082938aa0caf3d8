import { NetworkCosts, type NetworkProfit, type ProfitFigures, type ProfitSnapshot, type ProfitWindow } from '../../../shared/contract/profit.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { PriceQuote, RewardEntry } from '../../../shared/contract/wallets.ts'
import type { NetworkRegistry } from '../networks/index.ts'
import type { NetworkModule } from '../networks/network-module.ts'
import { Fiat, fiatPlaces, fiatValue, sumFiat } from '../prices/token-value.ts'
import { describeAttribution, effectiveAttribution } from './attribution.ts'
import { breakEvenKwhPrice, breakEvenPrice, payback } from './break-even.ts'
import { networkFigures, sumFigures } from './figures.ts'
import { networkEnergy, windowEnergy, type EnergySource, type Member, type NetworkEnergy } from './profit-energy.ts'
import { localDays, profitWindows } from './profit-windows.ts'
import { lastRewardOf, nextRewardDueAt } from './reward-cadence.ts'
import type { Tariff } from './tariff.ts'

export { setAttribution, setCosts, setTariff } from './profit-settings.ts'

/*
 * The profit snapshot: gathers settings, the rewards ledger, today's prices and the power
 * history, and hands them to the pure profit functions. Nothing is cached across calls; a
 * what-if is the same computation with another tariff and other prices, and saves nothing.
 */

export type PowerProvenance = { kind: 'measured' | 'estimated' | 'none'; reason: string }

export type ProfitDeps = {
  settings: () => Settings
  /** Ledger entries with fromMs <= at < toMs, every one of them (no page limit). */
  rewards: (fromMs: number, toMs: number) => RewardEntry[]
  /** Today's price of a symbol in the settings currency (the operator's override first). */
  quote: (symbol: string) => PriceQuote | null
  energy: EnergySource
  /** Where the latest sample's machine watts came from: the figures judge theirs from the history of each window. */
  power: () => PowerProvenance
  networks: NetworkRegistry
  now?: () => number
  /** This machine's IANA zone, for a tariff without one. */
  localZone?: () => string
}

export type WhatIfInput = { pricePerKwh?: string; tokenPrices: Record<string, string> }

export type ProfitService = {
  summary(): Promise<ProfitSnapshot>
  whatIf(input: WhatIfInput): Promise<ProfitSnapshot>
}

type Scenario = { pricePerKwh: string | null; tokenPrices: Readonly<Record<string, string>> }

/** What one computation knows, shared by every network and window in it. */
type Context = {
  at: number
  settings: Settings
  rewards: readonly RewardEntry[]
  todayPrices: Readonly<Record<string, string | null>>
  tariff: Tariff | null
  energy: NetworkEnergy
}

const everyDay = [0, 1, 2, 3, 4, 5, 6]
const round = (value: Fiat): string => value.toDecimalPlaces(fiatPlaces).toFixed()

/** Networks with a wallet or with costs set, in the registry's order. */
function shownNetworks(settings: Settings, registry: NetworkRegistry): NetworkModule[] {
  const ids = new Set([...settings.wallets.map((wallet) => wallet.network), ...Object.keys(settings.profit.costs)])
  return [...registry.values()].filter((module) => ids.has(module.info.id))
}

function costsOf(settings: Settings, network: string): NetworkCosts {
  return settings.profit.costs[network] ?? NetworkCosts.parse({})
}

/** When a network started: the earliest of its purchase, its first ledger entry and its first wallet; null with none. */
function startOf(settings: Settings, network: string, rewards: readonly RewardEntry[]): number | null {
  const times = [
    settings.profit.costs[network]?.purchasedAt ?? null,
    ...rewards.filter((reward) => reward.network === network).map((reward) => reward.at),
    ...settings.wallets.filter((wallet) => wallet.network === network).map((wallet) => wallet.addedAt),
  ].filter((time): time is number => time !== null)
  return times.length === 0 ? null : Math.min(...times)
}

/** A what-if price values the token's rewards too: net is then what they would have made at it. */
function revalued(rewards: readonly RewardEntry[], scenario: Scenario | null, settings: Settings): RewardEntry[] {
  if (scenario === null) return [...rewards]
  return rewards.map((reward) => {
    const price = scenario.tokenPrices[reward.token]
    if (price === undefined) return reward
    return { ...reward, price, fiat: fiatValue(BigInt(reward.amount), reward.decimals, price), currency: settings.currency }
  })
}

function todayPricesFor(modules: readonly NetworkModule[], rewards: readonly RewardEntry[], quote: ProfitDeps['quote'], scenario: Scenario | null): Record<string, string | null> {
  const symbols = new Set([...modules.flatMap((module) => module.info.tokens.map((token) => token.symbol)), ...rewards.map((reward) => reward.token)])
  return Object.fromEntries([...symbols].map((symbol) => [symbol, scenario?.tokenPrices[symbol] ?? quote(symbol)?.price ?? null]))
}

function tariffFor(settings: Settings, zone: string, scenario: Scenario | null): Tariff | null {
  const flatPrice = scenario?.pricePerKwh ?? null
  if (flatPrice !== null) return { periods: [{ label: 'What-if', pricePerKwh: flatPrice, days: everyDay, fromHour: 0, toHour: 24 }], timeZone: zone }
  return settings.profit.tariff.length === 0 ? null : { periods: settings.profit.tariff, timeZone: zone }
}

function figures(context: Context, network: string, window: ProfitWindow, fromMs: number, toMs: number): ProfitFigures {
  return networkFigures({
    window,
    fromMs,
    toMs,
    rewards: context.rewards.filter((reward) => reward.network === network),
    todayPrices: context.todayPrices,
    tariff: context.tariff,
    costs: costsOf(context.settings, network),
    currency: context.settings.currency,
    ...windowEnergy(context.energy, network, fromMs, toMs),
  })
}

/** Net with the hardware's amortization added back: what the network earned towards paying for it. */
function beforeAmortization(window: ProfitFigures): string | null {
  return window.net === null ? null : new Fiat(window.net).plus(window.amortization ?? '0').toFixed()
}

/** The main token's 30-day amount, and the other tokens' 30-day revenue at today's price (null when one has no price). */
function thirtyDayTokens(context: Context, module: NetworkModule, window: ProfitFigures): { amount: bigint; otherRevenue: string | null } {
  const main = module.info.tokens[0]?.symbol
  const received = context.rewards.filter(
    (reward) => reward.network === module.info.id && reward.classification === 'reward' && reward.at >= window.fromMs && reward.at < window.toMs,
  )
  let amount = 0n
  const others = new Map<string, { decimals: number; amount: bigint }>()
  for (const reward of received) {
    if (reward.token === main) amount += BigInt(reward.amount)
    else {
      const other = others.get(reward.token) ?? { decimals: reward.decimals, amount: 0n }
      others.set(reward.token, { decimals: other.decimals, amount: other.amount + BigInt(reward.amount) })
    }
  }
  const values: string[] = []
  for (const [token, other] of others) {
    const price = context.todayPrices[token] ?? null
    if (price === null) return { amount, otherRevenue: null }
    values.push(fiatValue(other.amount, other.decimals, price))
  }
  return { amount, otherRevenue: sumFiat(values) }
}

function breakEven(context: Context, module: NetworkModule, window: ProfitFigures): Pick<NetworkProfit, 'breakEvenPrice' | 'breakEvenKwhPrice'> {
  const decimals = module.info.tokens[0]?.decimals
  const { amount, otherRevenue } = thirtyDayTokens(context, module, window)
  const amortized = window.amortization ?? '0'
  const costs = window.electricity === null ? null : sumFiat([window.electricity, amortized, window.otherCosts])
  return {
    breakEvenPrice:
      decimals === undefined || otherRevenue === null || costs === null ? null : breakEvenPrice({ tokenAmount: amount, decimals, otherRevenue, costs }),
    breakEvenKwhPrice:
      window.revenue === null || window.kwh === null
        ? null
        : breakEvenKwhPrice({ revenue: window.revenue, amortization: amortized, otherCosts: window.otherCosts, kwh: window.kwh }),
  }
}

function paybackOf(context: Context, network: string, thirty: ProfitFigures): NetworkProfit['payback'] {
  const costs = costsOf(context.settings, network)
  const { purchasedAt } = costs
  const sincePurchase = purchasedAt === null || costs.alreadyOwned ? null : figures(context, network, 'all', Math.min(purchasedAt, context.at), context.at)
  const thirtyNet = beforeAmortization(thirty)
  return payback({
    hardwareCost: costs.hardwareCost,
    purchasedAt,
    alreadyOwned: costs.alreadyOwned,
    earnedSincePurchase: sincePurchase === null ? null : beforeAmortization(sincePurchase),
    netPerDay: thirtyNet === null || thirty.days <= 0 ? null : round(new Fiat(thirtyNet).div(thirty.days)),
    now: context.at,
    currency: context.settings.currency.toUpperCase(),
  })
}

/** Each network's sentences carry its name in the total, where several are listed together. */
function named(module: NetworkModule, window: ProfitFigures): ProfitFigures {
  return { ...window, missing: window.missing.map((sentence) => `${module.info.name}: ${sentence}`) }
}

async function snapshot(deps: ProfitDeps, at: number, localZone: string, scenario: Scenario | null): Promise<ProfitSnapshot> {
  const settings = deps.settings()
  const zone = settings.profit.timeZone ?? localZone
  const modules = shownNetworks(settings, deps.networks)
  const shown = new Set(modules.map((module) => module.info.id))
  const rewards = revalued(
    deps.rewards(0, at).filter((reward) => shown.has(reward.network)),
    scenario,
    settings,
  )
  const starts = modules.map((module) => startOf(settings, module.info.id, rewards))
  const known = starts.filter((start): start is number => start !== null)
  const allFromMs = Math.min(at, ...known)
  const members: Member[] = modules.map((module, index) => ({ network: module.info.id, sinceMs: Math.min(at, starts[index] ?? allFromMs) }))
  const power = deps.power()
  const attribution = effectiveAttribution(settings.profit, settings.nodes.nodes)
  const context: Context = {
    at,
    settings,
    rewards,
    todayPrices: todayPricesFor(modules, rewards, deps.quote, scenario),
    tariff: tariffFor(settings, zone, scenario),
    energy: await networkEnergy(deps.energy, { fromMs: allFromMs, toMs: at }, members, attribution),
  }
  const bounds = profitWindows(at, zone, allFromMs)
  const rules = {
    mode: settings.profit.mode,
    deviceNetworks: attribution.devices,
    networks: members.map((member) => member.network),
    shares: settings.profit.shares,
    owned: new Set(members.filter((member) => costsOf(settings, member.network).alreadyOwned).map((member) => member.network)),
    idleBaselineWatts: settings.profit.idleBaselineWatts,
  }

  const perNetwork = modules.map((module, index) => {
    const network = module.info.id
    const sinceMs = members[index]?.sinceMs ?? allFromMs
    const windows = bounds.map(({ window, fromMs, toMs }) => figures(context, network, window, window === 'all' ? sinceMs : fromMs, toMs))
    const thirty = windows.find((window) => window.window === '30d') ?? windows[0]
    if (thirty === undefined) throw new Error('the 30-day window is missing')
    const token = module.info.tokens[0]?.symbol ?? ''
    const lastReward = lastRewardOf(context.rewards, network, settings.currency)
    const profit: NetworkProfit = {
      network,
      name: module.info.name,
      token,
      currentPrice: context.todayPrices[token] ?? null,
      windows,
      ...breakEven(context, module, thirty),
      payback: paybackOf(context, network, thirty),
      attribution: describeAttribution(network, rules),
      lastReward,
      nextRewardDueAt: nextRewardDueAt(module.info.payout, lastReward?.at ?? null, settings.wallets, network),
    }
    return profit
  })

  const total = bounds.map(({ window, fromMs, toMs }) =>
    sumFigures(
      window,
      perNetwork.map((profit, index) => {
        const module = modules[index]
        const figure = profit.windows.find((w) => w.window === window)
        if (module === undefined || figure === undefined) throw new Error(`the ${window} window of a network is missing`)
        return named(module, figure)
      }),
      { fromMs, toMs },
    ),
  )

  const daily = localDays(at, zone, 30).map(({ fromMs, toMs }) => {
    const days = modules.map((module) => figures(context, module.info.id, 'today', fromMs, toMs))
    const byNetwork = Object.fromEntries(days.map((day, index) => [modules[index]?.info.id ?? '', day.net]))
    return { dayStartMs: fromMs, net: sumFigures('today', days, { fromMs, toMs }).net, byNetwork }
  })

  return {
    currency: settings.currency,
    at,
    total,
    networks: perNetwork,
    daily,
    power,
    whatIf: scenario === null ? null : { pricePerKwh: scenario.pricePerKwh, tokenPrices: { ...scenario.tokenPrices } },
  }
}

export function createProfitService(deps: ProfitDeps): ProfitService {
  const now = deps.now ?? Date.now
  const localZone = deps.localZone ?? ((): string => new Intl.DateTimeFormat().resolvedOptions().timeZone)
  return {
    summary: async () => snapshot(deps, now(), localZone(), null),
    whatIf: async (input) => snapshot(deps, now(), localZone(), { pricePerKwh: input.pricePerKwh ?? null, tokenPrices: input.tokenPrices }),
  }
}
