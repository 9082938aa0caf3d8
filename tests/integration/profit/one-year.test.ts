import { describe, expect, it } from 'vitest'
import { integrateEnergy, type WattsBucket } from '../../../src/main/core/hardware/energy.ts'
import { attributeHour } from '../../../src/main/core/profit/attribution.ts'
import { electricityCost, type HourKwh } from '../../../src/main/core/profit/electricity.ts'
import type { Tariff } from '../../../src/main/core/profit/tariff.ts'

/*
 * One year of a rig's minute-level watts (deterministic PRNG: ~300 W with noise and spikes, an
 * ~80 W idle night, a two-day outage, dropped samples) integrated to hours the way
 * energy.summary does, priced by a Berlin peak/off-peak tariff whose prices change on 1 July,
 * and checked to the cent against a ledger computed here with bigints only: centiwatt-minutes
 * × milli-cents per kWh, Berlin's DST rule written out by hand (no Intl, no decimal.js, no
 * code shared with the product).
 */

const minuteMs = 60_000
const hourMs = 3_600_000
const yearStart = Date.UTC(2025, 0, 1)
const yearEnd = Date.UTC(2026, 0, 1)
/** 1 July 2025 00:00 in Berlin (CEST, UTC+2). */
const changeAt = Date.UTC(2025, 5, 30, 22)
const outage = { fromMs: Date.UTC(2025, 7, 10, 9), toMs: Date.UTC(2025, 7, 12, 9) }

/** mulberry32: a small deterministic PRNG, so the year is the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** The year's samples: [minute start, centiwatts], integers so the ledger is exact. */
function syntheticYear(): { atMs: number; centiwatts: number }[] {
  const random = prng(20_250_101)
  const samples: { atMs: number; centiwatts: number }[] = []
  for (let atMs = yearStart; atMs < yearEnd; atMs += minuteMs) {
    const noise = random()
    const dropped = random() < 0.005
    if (dropped || (atMs >= outage.fromMs && atMs < outage.toMs)) continue
    const hour = new Date(atMs).getUTCHours()
    const idle = hour >= 0 && hour < 5
    let centiwatts = idle ? 7_500 + Math.floor(noise * 1_000) : 27_000 + Math.floor(noise * 6_000)
    if (!idle && random() < 0.01) centiwatts += 5_000 + Math.floor(random() * 5_000)
    samples.push({ atMs, centiwatts })
  }
  return samples
}

const peakDays = [1, 2, 3, 4, 5]
const everyDay = [0, 1, 2, 3, 4, 5, 6]
const tariff: Tariff = {
  timeZone: 'Europe/Berlin',
  periods: [
    { label: 'peak', pricePerKwh: '0.3412', days: peakDays, fromHour: 7, toHour: 22 },
    { label: 'off-peak', pricePerKwh: '0.2198', days: everyDay, fromHour: 0, toHour: 24 },
  ],
  changes: [
    {
      fromMs: changeAt,
      periods: [
        { label: 'peak', pricePerKwh: '0.3675', days: peakDays, fromHour: 7, toHour: 22 },
        { label: 'off-peak', pricePerKwh: '0.2347', days: everyDay, fromHour: 0, toHour: 24 },
      ],
    },
  ],
}

/** EU summer time: from the last Sunday of March to the last Sunday of October, 01:00 UTC each. */
function berlinOffsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear()
  const lastSunday = (month: number): number => {
    const last = new Date(Date.UTC(year, month + 1, 0))
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1)
  }
  return ms >= lastSunday(2) && ms < lastSunday(9) ? 2 * hourMs : hourMs
}

/** The ledger's price of the hour starting at `ms`, in milli-cents per kWh. */
function ledgerPrice(ms: number): bigint {
  const local = new Date(ms + berlinOffsetMs(ms))
  const day = local.getUTCDay()
  const hour = local.getUTCHours()
  const peak = day >= 1 && day <= 5 && hour >= 7 && hour < 22
  if (ms < changeAt) return peak ? 34_120n : 21_980n
  return peak ? 36_750n : 23_470n
}

/** Σ per hour of centiwatt-minutes × milli-cents per kWh; a kWh is 6,000,000 centiwatt-minutes. */
function ledgerNumerator(samples: readonly { atMs: number; centiwatts: number }[]): bigint {
  const perHour = new Map<number, bigint>()
  for (const { atMs, centiwatts } of samples) {
    const hourStartMs = atMs - (atMs % hourMs)
    perHour.set(hourStartMs, (perHour.get(hourStartMs) ?? 0n) + BigInt(centiwatts))
  }
  let total = 0n
  for (const [hourStartMs, centiwattMinutes] of perHour) total += centiwattMinutes * ledgerPrice(hourStartMs)
  return total
}

const centiwattMinutesPerKwh = 6_000_000n
const milliCentsPerCent = 1_000n
/** Units of 1e-8 per milli-cent (1e-5). */
const unitsPerMilliCent = 1_000n

function roundedDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n)
}

/** A non-negative decimal string as bigint units of 1e-8. */
function units(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.')
  return BigInt(whole) * 100_000_000n + BigInt(fraction.padEnd(8, '0'))
}

function hoursOf(samples: readonly { atMs: number; centiwatts: number }[]): HourKwh[] {
  const buckets: WattsBucket[] = samples.map(({ atMs, centiwatts }) => ({ atMs, avgWatts: centiwatts / 100, count: 1 }))
  const answer = integrateEnergy(buckets, { fromMs: yearStart, toMs: yearEnd, bucketMs: minuteMs, intervalMs: minuteMs })
  expect(answer.gaps).toContainEqual(outage)
  return answer.hours.map(({ hourStartMs, kwh }) => ({ hourStartMs, kwh }))
}

/** Checks a cost string against the ledger's exact numerator/denominator in milli-cents: the same cent, and within one milli-cent. */
function expectToTheCent(cost: string, numerator: bigint, denominator: bigint): void {
  const ledgerCents = roundedDiv(numerator, denominator * milliCentsPerCent)
  const costCents = roundedDiv(units(cost), unitsPerMilliCent * milliCentsPerCent)
  expect(costCents).toBe(ledgerCents)
  // |cost − ledger| ≤ 1 milli-cent, compared without dividing: cost × denominator vs numerator × 1e3 units.
  const difference = units(cost) * denominator - numerator * unitsPerMilliCent
  const bound = unitsPerMilliCent * denominator
  expect(difference <= bound && difference >= -bound).toBe(true)
}

describe('one year of minute data priced by a changing time-of-use tariff', () => {
  const samples = syntheticYear()
  const hours = hoursOf(samples)

  it('matches the independent ledger to the cent', () => {
    const numerator = ledgerNumerator(samples)
    const { cost, kwh, unpricedKwh } = electricityCost(hours, tariff)
    expect(unpricedKwh).toBe(0)
    expectToTheCent(cost, numerator, centiwattMinutesPerKwh)
    const ledgerKwh = samples.reduce((sum, { centiwatts }) => sum + centiwatts, 0) / 6_000_000
    expect(kwh).toBeCloseTo(ledgerKwh, 6)
    // A rig of ~270 W for a year: about 2,100 kWh and some 600 in money; the change and DST both move it.
    expect(kwh).toBeGreaterThan(1_900)
    expect(kwh).toBeLessThan(2_400)
  })

  it('matches the ledger per network when a 2:1 share splits the machine', () => {
    const networks = ['akash', 'grass']
    const split = hours.map((hour) =>
      attributeHour({
        machineKwh: hour.kwh,
        deviceKwh: {},
        deviceNetworks: {},
        networks,
        shares: { akash: 2, grass: 1 },
        idleBaselineKwh: null,
        owned: new Set(),
      }),
    )
    const costOf = (network: string): string =>
      electricityCost(
        hours.map((hour, i) => ({ hourStartMs: hour.hourStartMs, kwh: split[i]?.[network] ?? Number.NaN })),
        tariff,
      ).cost
    const numerator = ledgerNumerator(samples)
    expectToTheCent(costOf('akash'), numerator * 2n, centiwattMinutesPerKwh * 3n)
    expectToTheCent(costOf('grass'), numerator, centiwattMinutesPerKwh * 3n)
    const whole = units(electricityCost(hours, tariff).cost)
    const parts = units(costOf('akash')) + units(costOf('grass'))
    expect(whole - parts <= 2n && parts - whole <= 2n).toBe(true)
  })

  it('depends on the dated change and on DST: neither tariff alone, nor UTC hours, give the ledger', () => {
    const { cost } = electricityCost(hours, tariff)
    const before = electricityCost(hours, { ...tariff, changes: [] }).cost
    const utc = electricityCost(hours, { ...tariff, timeZone: 'UTC' }).cost
    expect(units(before)).toBeLessThan(units(cost))
    expect(utc).not.toBe(cost)
  })
})
