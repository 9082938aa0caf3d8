import type { NetworkCosts } from '../../../shared/contract/profit.ts'
import { Fiat, fiatPlaces } from '../prices/token-value.ts'

/*
 * What the hardware and the monthly costs cost over a window. Hardware is written off straight
 * line over its lifetime in calendar months from the purchase; a monthly cost accrues by the
 * average month, so a year of it is exactly twelve amounts.
 */

const dayMs = 86_400_000
/** 365.2425 / 12 days: the Gregorian calendar's average month, a whole number of ms. */
export const averageMonthMs = 2_629_746_000

function checkWindow(fromMs: number, toMs: number): void {
  if (!(toMs >= fromMs)) throw new RangeError(`a window ends at or after its start (from ${fromMs} to ${toMs})`)
}

/** `ms` plus `months` calendar months in UTC; a day the month lacks becomes its last (Jan 31 + 1 → Feb 28). */
export function addUtcMonths(ms: number, months: number): number {
  const date = new Date(ms)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(date.getUTCDate(), lastDay)
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds())
}

/** The lifetime [purchase, purchase + lifetimeMonths), or null when the cost or the purchase date is not given. */
function lifetime(costs: NetworkCosts): { cost: string; startMs: number; endMs: number } | null {
  if (costs.hardwareCost === null || costs.purchasedAt === null) return null
  return { cost: costs.hardwareCost, startMs: costs.purchasedAt, endMs: addUtcMonths(costs.purchasedAt, costs.lifetimeMonths) }
}

/**
 * The hardware's share of [fromMs, toMs): its cost × the part of its lifetime the window covers.
 * '0' for hardware already owned; null when the cost or the purchase date is not given.
 */
export function amortization(costs: NetworkCosts, fromMs: number, toMs: number): string | null {
  checkWindow(fromMs, toMs)
  if (costs.alreadyOwned) return '0'
  const life = lifetime(costs)
  if (life === null) return null
  const overlapMs = Math.max(0, Math.min(toMs, life.endMs) - Math.max(fromMs, life.startMs))
  return new Fiat(life.cost).times(overlapMs).div(life.endMs - life.startMs).toDecimalPlaces(fiatPlaces).toFixed()
}

function monthlyTotal(costs: NetworkCosts): Fiat {
  return costs.monthlyCosts.reduce((sum, { amount }) => sum.plus(amount), new Fiat(0))
}

/** The monthly costs over [fromMs, toMs), by the average month. */
export function otherCosts(costs: NetworkCosts, fromMs: number, toMs: number): string {
  checkWindow(fromMs, toMs)
  return monthlyTotal(costs).times(toMs - fromMs).div(averageMonthMs).toDecimalPlaces(fiatPlaces).toFixed()
}

/** The hardware's cost per 24 h while its lifetime lasts; '0' when already owned, null when the cost or purchase date is not given. */
export function dailyAmortization(costs: NetworkCosts): string | null {
  if (costs.alreadyOwned) return '0'
  const life = lifetime(costs)
  if (life === null) return null
  return new Fiat(life.cost).times(dayMs).div(life.endMs - life.startMs).toDecimalPlaces(fiatPlaces).toFixed()
}

/** The monthly costs per 24 h. */
export function dailyOtherCosts(costs: NetworkCosts): string {
  return monthlyTotal(costs).times(dayMs).div(averageMonthMs).toDecimalPlaces(fiatPlaces).toFixed()
}
