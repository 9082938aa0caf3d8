import type { NetworkCosts, ProfitFigures, ProfitWindow } from '../../../shared/contract/profit.ts'
import type { Currency, RewardEntry } from '../../../shared/contract/wallets.ts'
import { Fiat, fiatPlaces, fiatValue, sumFiat } from '../prices/token-value.ts'
import { amortization, otherCosts } from './amortization.ts'
import { electricityCost, type NetworkHour } from './electricity.ts'
import type { Tariff } from './tariff.ts'

/*
 * One network's money over one window, and the total of several. Every figure that cannot be
 * known is null with the reason in `missing`; a figure that is only partly known keeps the part
 * that is, and says what is left out.
 */

export type NetworkWindowInput = {
  window: ProfitWindow
  fromMs: number
  toMs: number
  /** The network's ledger entries; those outside [fromMs, toMs) and transfers are left out here. */
  rewards: readonly RewardEntry[]
  /** Today's price per token symbol; null or absent: none known. */
  todayPrices: Readonly<Record<string, string | null>>
  /** The network's kWh per hour, with their estimated part; null: no power attribution, so electricity is unknown. */
  hours: readonly NetworkHour[] | null
  /** null: no electricity price set. */
  tariff: Tariff | null
  costs: NetworkCosts
  /** Hours of the window the power history has no data for. */
  hoursWithoutData: number
  /** The settings currency: a reward valued in another one when received is left out of revenue. */
  currency?: Currency
  /** Why `hours` is null, for the "electricity unknown" sentence. */
  noPowerReason?: string
}

const dayMs = 86_400_000

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`
const round = (value: Fiat): string => value.toDecimalPlaces(fiatPlaces).toFixed()
const hoursText = (hours: number): string => String(Number(hours.toFixed(1)))
const kwhText = (kwh: number): string => String(Number(kwh.toPrecision(3)))

/**
 * "12 %" of a figure's kWh were estimated; "<1 %" and ">99 %" rather than a rounding that
 * reads as none or all; null when none was (or there are no kWh).
 */
export function estimatedShareText(estimatedKwh: number, kwh: number): string | null {
  if (!(kwh > 0) || !(estimatedKwh > 0)) return null
  const percent = Math.min(100, (estimatedKwh / kwh) * 100)
  if (percent < 1) return '<1 %'
  if (percent > 99 && percent < 100) return '>99 %'
  return `${String(Math.round(percent))} %`
}

function revenueAtReceipt(received: readonly RewardEntry[], currency: Currency | undefined, missing: string[]): string | null {
  const unpriced = received.filter((reward) => reward.fiat === null).length
  const foreign = received.filter((reward) => reward.fiat !== null && currency !== undefined && reward.currency !== currency)
  const priced = received.filter((reward) => reward.fiat !== null && (currency === undefined || reward.currency === currency))
  const known = received.length === 0 || priced.length > 0
  const state = known ? 'revenue partial' : 'revenue unknown'
  if (unpriced > 0) missing.push(`${state}: ${plural(unpriced, 'reward', 'rewards')} had no price when received`)
  if (foreign.length > 0) {
    const currencies = [...new Set(foreign.map((reward) => reward.currency.toUpperCase()))].join(', ')
    const settings = (currency ?? '').toUpperCase()
    missing.push(`${state}: ${plural(foreign.length, 'reward was', 'rewards were')} valued in ${currencies} when received, not ${settings}`)
  }
  return known ? sumFiat(priced.map((reward) => reward.fiat ?? '0')) : null
}

/** Amounts are summed per token in base units first, so each token is valued (and rounded) once. */
function revenueAtToday(received: readonly RewardEntry[], prices: Readonly<Record<string, string | null>>, missing: string[]): string | null {
  const byToken = new Map<string, { token: string; decimals: number; amount: bigint }>()
  for (const reward of received) {
    const key = `${reward.token}/${reward.decimals}`
    const entry = byToken.get(key) ?? { token: reward.token, decimals: reward.decimals, amount: 0n }
    entry.amount += BigInt(reward.amount)
    byToken.set(key, entry)
  }
  const values: string[] = []
  const unpriced = new Set<string>()
  for (const { token, decimals, amount } of byToken.values()) {
    const price = prices[token] ?? null
    if (price === null) unpriced.add(token)
    else values.push(fiatValue(amount, decimals, price))
  }
  const known = byToken.size === 0 || values.length > 0
  if (unpriced.size > 0) missing.push(`revenue at today's price ${known ? 'partial' : 'unknown'}: no price today for ${[...unpriced].join(', ')}`)
  return known ? sumFiat(values) : null
}

type Electricity = { kwh: number | null; estimatedKwh: number | null; cost: string | null }

/** Names the share of the kWh drawn while the watts were estimated, judged over every hour of the window. */
function noteEstimated(hours: readonly NetworkHour[], missing: string[]): number {
  const kwh = hours.reduce((sum, hour) => sum + hour.kwh, 0)
  const estimatedKwh = hours.reduce((sum, hour) => sum + hour.estimatedKwh, 0)
  const share = estimatedShareText(estimatedKwh, kwh)
  if (share !== null) {
    missing.push(`electricity ${share} estimated: ${kwhText(estimatedKwh)} of ${kwhText(kwh)} kWh were drawn while the machine's watts were estimated, not measured`)
  }
  return estimatedKwh
}

function electricity(input: NetworkWindowInput, missing: string[]): Electricity {
  const { hours, tariff } = input
  if (hours === null) {
    missing.push(`electricity unknown: ${input.noPowerReason ?? 'no power is attributed to this network'}`)
    // Both are for the operator to fix: power data alone would still leave the price unknown.
    if (tariff === null) missing.push('electricity unknown: no electricity price is set')
    return { kwh: null, estimatedKwh: null, cost: null }
  }
  const estimatedKwh = noteEstimated(hours, missing)
  if (input.hoursWithoutData > 0) {
    missing.push(`no power data for ${hoursText(input.hoursWithoutData)} h of this window: their electricity is not counted`)
  }
  if (tariff === null) {
    missing.push('electricity unknown: no electricity price is set')
    return { kwh: hours.reduce((sum, hour) => sum + hour.kwh, 0), estimatedKwh, cost: null }
  }
  const { cost, kwh, unpricedKwh } = electricityCost(hours, tariff)
  if (unpricedKwh > 0) {
    missing.push(`electricity partial: ${String(Number(unpricedKwh.toPrecision(3)))} kWh fell in hours the tariff has no price for and are not counted`)
  }
  return { kwh, estimatedKwh, cost }
}

function hardware(input: NetworkWindowInput, missing: string[]): string | null {
  const value = amortization(input.costs, input.fromMs, input.toMs)
  if (value === null) {
    const what = input.costs.hardwareCost === null ? 'no hardware cost given' : 'no purchase date given'
    missing.push(`${what}: amortization counted as 0`)
  }
  return value
}

function perDay(net: string | null, days: number): string | null {
  return net === null || days <= 0 ? null : round(new Fiat(net).div(days))
}

/** One network's figures over [fromMs, toMs). */
export function networkFigures(input: NetworkWindowInput): ProfitFigures {
  const { fromMs, toMs } = input
  const missing: string[] = []
  const received = input.rewards.filter((reward) => reward.classification === 'reward' && reward.at >= fromMs && reward.at < toMs)
  const revenue = revenueAtReceipt(received, input.currency, missing)
  const atToday = revenueAtToday(received, input.todayPrices, missing)
  const power = electricity(input, missing)
  const amortized = hardware(input, missing)
  const other = otherCosts(input.costs, fromMs, toMs)
  const net =
    revenue === null || power.cost === null
      ? null
      : new Fiat(revenue)
          .minus(power.cost)
          .minus(amortized ?? '0')
          .minus(other)
          .toFixed()
  const days = (toMs - fromMs) / dayMs
  return {
    window: input.window,
    fromMs,
    toMs,
    days,
    revenue,
    revenueAtToday: atToday,
    kwh: power.kwh,
    estimatedKwh: power.estimatedKwh,
    electricity: power.cost,
    amortization: amortized,
    otherCosts: other,
    net,
    netPerDay: perDay(net, days),
    missing,
  }
}

function sumOrNull(values: readonly (string | null)[]): string | null {
  if (values.some((value) => value === null)) return null
  return values.reduce((sum: Fiat, value) => sum.plus(value ?? '0'), new Fiat(0)).toFixed()
}

/**
 * The total of several networks' figures of one window. A sum with an unknown part is unknown;
 * `missing` is every part's sentences, once each, in order: the caller prefixes each network's
 * sentences with its name before summing ("Grass: electricity unknown: …"). The span is the
 * parts' (earliest start, latest end), or `span` when given, which an empty list needs.
 */
export function sumFigures(window: ProfitWindow, list: readonly ProfitFigures[], span?: { fromMs: number; toMs: number }): ProfitFigures {
  if (list.length === 0 && span === undefined) throw new RangeError('a total of no figures needs its span')
  const fromMs = span?.fromMs ?? Math.min(...list.map((figures) => figures.fromMs))
  const toMs = span?.toMs ?? Math.max(...list.map((figures) => figures.toMs))
  const days = (toMs - fromMs) / dayMs
  const kwhs = list.map((figures) => figures.kwh)
  const estimated = list.map((figures) => figures.estimatedKwh ?? figures.kwh)
  const net = sumOrNull(list.map((figures) => figures.net))
  return {
    window,
    fromMs,
    toMs,
    days,
    revenue: sumOrNull(list.map((figures) => figures.revenue)),
    revenueAtToday: sumOrNull(list.map((figures) => figures.revenueAtToday)),
    kwh: kwhs.some((kwh) => kwh === null) ? null : kwhs.reduce((sum: number, kwh) => sum + (kwh ?? 0), 0),
    estimatedKwh: estimated.some((kwh) => kwh === null) ? null : estimated.reduce((sum: number, kwh) => sum + (kwh ?? 0), 0),
    electricity: sumOrNull(list.map((figures) => figures.electricity)),
    amortization: sumOrNull(list.map((figures) => figures.amortization)),
    otherCosts: sumOrNull(list.map((figures) => figures.otherCosts)) ?? '0',
    net,
    netPerDay: perDay(net, days),
    missing: [...new Set(list.flatMap((figures) => figures.missing))],
  }
}
