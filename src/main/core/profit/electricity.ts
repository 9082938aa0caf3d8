import { Fiat, fiatPlaces } from '../prices/token-value.ts'
import { priceAt, type Tariff } from './tariff.ts'

/*
 * What the electricity cost: each hour's kWh at the price of the hour it was used. kWh are
 * floats (a physical quantity); each is taken at its shortest decimal form, and the money is
 * exact until one rounding at the end.
 */

/** The energy of one hour, starting at `hourStartMs`. */
export type HourKwh = { hourStartMs: number; kwh: number }

/** A network's energy of one hour, and how much of it was drawn while the watts were estimated. */
export type NetworkHour = HourKwh & { estimatedKwh: number }

export type ElectricityCost = {
  /** The priced hours' cost, rounded half-even to 8 places. */
  cost: string
  /** Every hour's kWh, priced or not. */
  kwh: number
  /** kWh in hours the tariff has no price for: not in `cost`. */
  unpricedKwh: number
}

/** Σ kWh × the tariff's price at each hour's start. */
export function electricityCost(hours: readonly HourKwh[], tariff: Tariff): ElectricityCost {
  let cost = new Fiat(0)
  let kwh = 0
  let unpricedKwh = 0
  for (const hour of hours) {
    if (!Number.isFinite(hour.kwh) || hour.kwh < 0) {
      throw new RangeError(`the hour from ${new Date(hour.hourStartMs).toISOString()} has ${hour.kwh} kWh; energy is a finite number of 0 or more`)
    }
    kwh += hour.kwh
    const price = priceAt(tariff, hour.hourStartMs)
    if (price === null) unpricedKwh += hour.kwh
    else cost = cost.plus(new Fiat(hour.kwh).times(price))
  }
  return { cost: cost.toDecimalPlaces(fiatPlaces).toFixed(), kwh, unpricedKwh }
}
