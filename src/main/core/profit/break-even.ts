import type { NetworkProfit } from '../../../shared/contract/profit.ts'
import { Fiat, fiatPlaces } from '../prices/token-value.ts'

/*
 * Where the money turns: the token price and the electricity price at which a period nets to 0,
 * and when the hardware has paid for itself at the current rate. Pure: `now` is an argument.
 */

export type BreakEvenPriceInput = {
  /** The main token's rewards over the period, in base units. */
  tokenAmount: bigint
  decimals: number
  /** The period's revenue from other tokens, at their prices. */
  otherRevenue: string
  /** Everything the period cost: electricity, amortization, other costs. */
  costs: string
}

export type BreakEvenKwhInput = { revenue: string; amortization: string; otherCosts: string; kwh: number }

export type PaybackInput = {
  hardwareCost: string | null
  purchasedAt: number | null
  alreadyOwned: boolean
  /** Net before amortization since the purchase; null when unknown. */
  earnedSincePurchase: string | null
  /** Net per day before amortization, over the last 30 days; null when unknown. */
  netPerDay: string | null
  now: number
  /** Named in the reasons' amounts ("it loses 1.20 EUR a day"). */
  currency?: string
}

const dayMs = 86_400_000
/** Past this, "on track" is a date nobody will see: it is said as never. */
const paybackHorizonYears = 100
const maxPlaces = 30

/**
 * The main token's price at which price × tokens + otherRevenue − costs = 0; '0' when the
 * other revenue already covers the costs; null without tokens. The price keeps as many places
 * as it takes for the period to net within 1e-8 at it (8 plus the digits of the token count,
 * at most 30).
 */
export function breakEvenPrice(input: BreakEvenPriceInput): string | null {
  const { tokenAmount, decimals } = input
  if (tokenAmount < 0n) throw new RangeError(`a token amount cannot be negative (${tokenAmount} base units)`)
  if (tokenAmount === 0n) return null
  const tokens = new Fiat(tokenAmount.toString()).div(new Fiat(10).pow(decimals))
  const shortfall = new Fiat(input.costs).minus(input.otherRevenue)
  if (shortfall.lte(0)) return '0'
  const wholeDigits = tokens.gte(1) ? tokens.trunc().toFixed().length : 0
  return shortfall.div(tokens).toDecimalPlaces(Math.min(maxPlaces, fiatPlaces + wholeDigits)).toFixed()
}

/** The electricity price per kWh at which revenue − kWh × price − amortization − other costs = 0; negative when even free power loses; null without kWh. */
export function breakEvenKwhPrice(input: BreakEvenKwhInput): string | null {
  const { kwh } = input
  if (!Number.isFinite(kwh) || kwh < 0) throw new RangeError(`${kwh} kWh is not an energy (a finite number of 0 or more)`)
  if (kwh === 0) return null
  return new Fiat(input.revenue).minus(input.amortization).minus(input.otherCosts).div(kwh).toDecimalPlaces(fiatPlaces).toFixed()
}

/** An amount for a sentence, without its sign: two places, or two significant digits when smaller than a cent. */
function money(value: Fiat, currency: string | undefined): string {
  const amount = value.abs()
  const text = amount.gte('0.01') ? amount.toDecimalPlaces(2).toFixed(2) : amount.toSignificantDigits(2).toFixed()
  return currency === undefined ? text : `${text} ${currency}`
}

/** When the hardware has earned back its cost at the current rate. */
export function payback(input: PaybackInput): NetworkProfit['payback'] {
  const { hardwareCost, purchasedAt, now } = input
  if (input.alreadyOwned) return { state: 'unknown', reason: 'hardware already owned: nothing to pay back' }
  if (hardwareCost === null) return { state: 'unknown', reason: 'no hardware cost given' }
  if (purchasedAt === null) return { state: 'unknown', reason: 'no purchase date given' }
  const cost = new Fiat(hardwareCost)
  if (cost.isZero()) return { state: 'paid', at: purchasedAt }
  if (input.earnedSincePurchase === null) return { state: 'unknown', reason: 'what it has earned since the purchase is unknown' }
  const earned = new Fiat(input.earnedSincePurchase)
  if (earned.gte(cost)) {
    // At the average rate since the purchase, the cost was reached this far into the time since.
    const since = Math.max(0, now - purchasedAt)
    return { state: 'paid', at: purchasedAt + Math.round(cost.div(earned).times(since).toNumber()) }
  }
  if (input.netPerDay === null) return { state: 'unknown', reason: 'the current net per day is unknown' }
  const perDay = new Fiat(input.netPerDay)
  if (perDay.isZero()) return { state: 'never', reason: 'never at current rates: it nets nothing a day' }
  if (perDay.lt(0)) return { state: 'never', reason: `never at current rates: it loses ${money(perDay, input.currency)} a day` }
  const days = cost.minus(earned).div(perDay)
  if (days.gt(paybackHorizonYears * 366)) {
    return { state: 'never', reason: `never at current rates: at ${money(perDay, input.currency)} a day it would take over ${paybackHorizonYears} years` }
  }
  return { state: 'on-track', at: now + Math.round(days.times(dayMs).toNumber()) }
}
