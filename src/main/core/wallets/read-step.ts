import { ownedHoldingKinds, type HoldingKind } from '../../../shared/contract/wallets.ts'
import { holdingId, partOf, type Holding, type HoldingsRead, type UnitPrice } from '../holdings/holding.ts'
import type { Conversion } from '../networks/network-module.ts'

/*
 * From one read of a wallet to the next: which holdings to keep, and what the ledger books.
 * Pure: the wallet service feeds it the last state and the new read, and saves what it answers.
 *
 * Rewards are found per unit, in the unit that arrived: the growth of everything owned in that
 * unit (moving between liquid, staked and locked is not income), or, where the network keeps a
 * lifetime-rewards counter that is income, that counter's growth. A price is never looked at to
 * find a quantity, so a price move books nothing. A fall is the operator's own doing, never a
 * negative reward; a fall in one unit beside a rise in another that the network lets the
 * operator convert into is a transfer, up to what the fall was worth.
 */

/** What the wallet service keeps between reads. `parts`: the parts read well at least once. */
export type WalletState = { holdings: Holding[]; parts: string[]; unitPrices: UnitPrice[] }

export type StepRules = {
  /** Every part a read of this network is made of. */
  parts: readonly string[]
  /** The network's 'earned' counter is income (Helium's oracle), not only information (Akash's leases). */
  earnedIsIncome: boolean
  conversions: readonly Conversion[]
}

export type Booking = {
  token: string
  amount: bigint
  decimals: number
  classification: 'reward' | 'transfer'
  source: 'native' | 'balance-delta'
  /** The rule that decided this entry, in words the ledger shows. */
  rule: string
}

export type StepResult = { state: WalletState; bookings: Booking[] }

const owned = new Set<HoldingKind>(ownedHoldingKinds)

export function stepRead(previous: WalletState | null, read: HoldingsRead, rules: StepRules): StepResult {
  const failed = new Set((read.failed ?? []).map((f) => f.part))
  const readWell = rules.parts.filter((part) => !failed.has(part))
  const unitPrices = mergePrices(previous?.unitPrices ?? [], read.unitPrices ?? [])
  if (previous === null) return { state: { holdings: [...read.holdings], parts: readWell, unitPrices }, bookings: [] }

  const seenParts = new Set(previous.parts)
  // A part read well for the first time is its own baseline: what it holds was there before.
  const firstRead = new Set(readWell.filter((part) => !seenParts.has(part)))
  const counts = (holding: Holding): boolean => owned.has(holding.kind) || holding.kind === 'earned'
  // A unit that had a counted holding in a part that failed cannot be compared: it keeps all its last figures.
  const frozen = convertibleWith(new Set(previous.holdings.filter((h) => counts(h) && failed.has(partOf(h))).map((h) => h.token)), [...previous.holdings, ...read.holdings], rules.conversions)

  const current = new Map(read.holdings.map((h) => [holdingId(h), h]))
  const holdings: Holding[] = []
  const before: Holding[] = []
  const after: Holding[] = []
  for (const holding of previous.holdings) {
    const part = partOf(holding)
    if (frozen.has(holding.token) || failed.has(part)) {
      holdings.push(holding)
      continue
    }
    if (firstRead.has(part)) continue
    before.push(holding)
    // Once seen, a holding missing from a part that answered reads zero: it is kept as zero, and
    // says so, since "not returned" (a miner deregistered) is not "returned as 0" (a miner scored 0).
    if (!current.has(holdingId(holding))) {
      const zero: Holding = { ...holding, amount: 0n, kept: true }
      holdings.push(zero)
      after.push(zero)
    }
  }
  for (const holding of read.holdings) {
    if (frozen.has(holding.token)) continue
    holdings.push(holding)
    if (!firstRead.has(partOf(holding))) after.push(holding)
  }

  const bookings = book(totalsByUnit(before), totalsByUnit(after), rules, previous.unitPrices, unitPrices)
  return { state: { holdings, parts: [...new Set([...previous.parts, ...readWell])], unitPrices }, bookings }
}

type UnitTotals = { owned: bigint; earned: bigint; hasEarned: boolean; decimals: number }

function totalsByUnit(holdings: readonly Holding[]): Map<string, UnitTotals> {
  const totals = new Map<string, UnitTotals>()
  for (const holding of holdings) {
    const isEarned = holding.kind === 'earned'
    // 'emission' is a rate, not an amount anyone holds: it never counts.
    if (!isEarned && !owned.has(holding.kind)) continue
    const entry = totals.get(holding.token) ?? { owned: 0n, earned: 0n, hasEarned: false, decimals: holding.decimals }
    if (isEarned) {
      entry.earned += holding.amount
      entry.hasEarned = true
    } else {
      entry.owned += holding.amount
    }
    totals.set(holding.token, entry)
  }
  return totals
}

type Movement = { token: string; amount: bigint; decimals: number }

function book(before: Map<string, UnitTotals>, after: Map<string, UnitTotals>, rules: StepRules, pricesBefore: readonly UnitPrice[], pricesNow: readonly UnitPrice[]): Booking[] {
  const rises: (Movement & { native: boolean })[] = []
  const falls: Movement[] = []
  const zero: UnitTotals = { owned: 0n, earned: 0n, hasEarned: false, decimals: 0 }
  for (const token of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(token) ?? { ...zero, decimals: after.get(token)?.decimals ?? 0 }
    const now = after.get(token) ?? { ...zero, decimals: was.decimals }
    const ownedDelta = now.owned - was.owned
    if (ownedDelta < 0n) falls.push({ token, amount: -ownedDelta, decimals: now.decimals })
    const native = rules.earnedIsIncome && now.hasEarned && was.hasEarned
    const rise = native ? now.earned - was.earned : ownedDelta
    if (rise > 0n) rises.push({ token, amount: rise, decimals: now.decimals, native })
  }

  const bookings: Booking[] = []
  for (const rise of rises) {
    let left = rise.amount
    if (!rise.native) {
      for (const fall of falls) {
        if (left === 0n || fall.amount === 0n) continue
        const conversion = rules.conversions.find((c) => matches(c.from, fall.token) && matches(c.to, rise.token) && fall.token !== rise.token)
        if (conversion === undefined) continue
        const rate = conversionRate(fall, rise, pricesBefore, pricesNow)
        const worth = rate === null ? left : (fall.amount * rate.num) / rate.den
        const moved = worth < left ? worth : left
        if (moved === 0n) continue
        left -= moved
        fall.amount = rate === null || moved === worth ? 0n : fall.amount - (moved * rate.den) / rate.num
        const valued = rate === null ? 'no price links the two, so all of it' : `up to what the ${fall.token} was worth`
        bookings.push({ token: rise.token, amount: moved, decimals: rise.decimals, classification: 'transfer', source: 'balance-delta', rule: `your own move: ${conversion.note} (${fall.token} fell as ${rise.token} rose; ${valued})` })
      }
    }
    if (left > 0n) {
      const rule = rise.native ? `growth of the network's lifetime rewards counter in ${rise.token}` : `growth of everything owned in ${rise.token}`
      bookings.push({ token: rise.token, amount: left, decimals: rise.decimals, classification: 'reward', source: rise.native ? 'native' : 'balance-delta', rule })
    }
  }
  return bookings
}

/**
 * The frozen units and every unit the operator can convert them into or out of: a conversion
 * whose two sides fell into different reads would book the rise as income.
 */
function convertibleWith(frozen: Set<string>, holdings: readonly Holding[], conversions: readonly Conversion[]): Set<string> {
  const tokens = new Set(holdings.map((h) => h.token))
  const closed = new Set(frozen)
  let grew = closed.size > 0
  while (grew) {
    grew = false
    for (const token of tokens) {
      if (closed.has(token)) continue
      const linked = conversions.some((c) => [...closed].some((f) => (matches(c.from, f) && matches(c.to, token)) || (matches(c.from, token) && matches(c.to, f))))
      if (linked) {
        closed.add(token)
        grew = true
      }
    }
  }
  return closed
}

function matches(pattern: string, token: string): boolean {
  return pattern.endsWith('*') ? token.startsWith(pattern.slice(0, -1)) : pattern === token
}

/**
 * How many base units of `to` one base unit of `from` was worth, as a fraction, through the unit
 * both are priced in. Of the prices before and after the move, the one that values the fall
 * highest is taken: a move's own slippage should not turn part of it into income.
 */
function conversionRate(from: Movement, to: Movement, pricesBefore: readonly UnitPrice[], pricesNow: readonly UnitPrice[]): { num: bigint; den: bigint } | null {
  const rates = [pricesBefore, pricesNow].flatMap((prices) => {
    const fromPrice = priceIn(from, prices)
    const toPrice = priceIn(to, prices)
    if (fromPrice === null || toPrice === null || fromPrice.quote !== toPrice.quote || toPrice.price === 0n) return []
    // from base units × fromPrice / 10^fromDecimals = quote base units; ÷ toPrice × 10^toDecimals = to base units.
    return [{ num: fromPrice.price * 10n ** BigInt(to.decimals), den: toPrice.price * 10n ** BigInt(from.decimals) }]
  })
  if (rates.length === 0) return null
  return rates.reduce((best, rate) => (rate.num * best.den > best.num * rate.den ? rate : best))
}

/** A unit's price per whole unit in base units of its quote; the quote unit itself is 10^decimals of itself. */
function priceIn(unit: Movement, prices: readonly UnitPrice[]): { quote: string; price: bigint } | null {
  const listed = prices.find((p) => p.unit === unit.token)
  if (listed) return { quote: listed.quote, price: listed.price }
  if (prices.some((p) => p.quote === unit.token)) return { quote: unit.token, price: 10n ** BigInt(unit.decimals) }
  return null
}

/** The newest price of each unit: one read may price only some units. */
function mergePrices(previous: readonly UnitPrice[], current: readonly UnitPrice[]): UnitPrice[] {
  const byUnit = new Map(previous.map((p) => [p.unit, p]))
  for (const price of current) byUnit.set(price.unit, price)
  return [...byUnit.values()]
}
