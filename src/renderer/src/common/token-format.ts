import type { Currency } from '../../../shared/contract/wallets.ts'

/*
 * Display of the amounts core sent: token amounts as decimal strings of base units with their
 * decimals, fiat figures as decimal strings. Only string and bigint math touches them, so 2^70
 * wei shows every digit it has; Intl formats decimal strings exactly (no float on the way).
 */

const wholeNumber = /^\d+$/
const decimalNumber = /^\d+(\.\d+)?$/

type Parts = { whole: bigint; fraction: string }

/** Base units → whole tokens and the fraction's digits, trailing zeros dropped. */
function split(amount: string, decimals: number): Parts {
  const padded = amount.padStart(decimals + 1, '0')
  const cut = padded.length - decimals
  return { whole: BigInt(padded.slice(0, cut)), fraction: padded.slice(cut).replace(/0+$/, '') }
}

function decimalSeparator(locale: string | undefined): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.'
}

function join({ whole, fraction }: Parts, locale: string | undefined): string {
  const wholeText = new Intl.NumberFormat(locale).format(whole)
  return fraction === '' ? wholeText : `${wholeText}${decimalSeparator(locale)}${fraction}`
}

/** Every digit of a token amount: "1,180.591620717411303424". Anything not base units is shown as it came. */
export function formatUnits(amount: string, decimals: number, locale?: string): string {
  if (!wholeNumber.test(amount)) return amount
  return join(split(amount, decimals), locale)
}

/**
 * A token amount for a table cell: cut (never rounded up) to `maxFractionDigits`; an amount too
 * small to show says so ("< 0.000001") rather than reading as zero. formatUnits gives the exact one.
 */
export function formatTokenAmount(amount: string, decimals: number, options: { maxFractionDigits?: number; locale?: string } = {}): string {
  const { maxFractionDigits = 6, locale } = options
  if (!wholeNumber.test(amount)) return amount
  const { whole, fraction } = split(amount, decimals)
  const shown = fraction.slice(0, maxFractionDigits).replace(/0+$/, '')
  if (whole === 0n && shown === '' && fraction !== '') return `< ${formatUnits('1', maxFractionDigits, locale)}`
  return join({ whole, fraction: shown }, locale)
}

function isDecimal(value: string): value is `${number}` {
  return decimalNumber.test(value)
}

/** A fiat figure from core in its currency, to the currency's usual cents: "$1,234.57", "¥1,235". */
export function formatFiat(value: string, currency: Currency, locale?: string): string {
  if (!isDecimal(value)) return value
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(value)
}

/** A token price: cents from 1 up, four significant digits below it, where most DePIN tokens trade. */
export function formatPrice(value: string, currency: Currency, locale?: string): string {
  if (!isDecimal(value)) return value
  const small = /^0*(\.|$)/.test(value)
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    ...(small ? { minimumSignificantDigits: 2, maximumSignificantDigits: 4 } : {}),
  }).format(value)
}

export type ParsedAmount = { ok: true; units: string } | { ok: false; message: string }

/** What BaseUnits on the wire allows: more digits than any token's supply has. */
const maxBaseDigits = 78

/**
 * Whole tokens as typed ("1.5", ".25", "  2 ") → base units with `decimals`, by string math
 * only. Each way an operator gets it wrong has its own message, since a comma or an exponent
 * would otherwise be read as some other amount.
 */
export function parseTokenAmount(text: string, decimals: number): ParsedAmount {
  const typed = text.trim()
  if (typed === '') return { ok: false, message: 'enter an amount, e.g. 1.5' }
  if (typed.startsWith('-')) return { ok: false, message: 'an amount cannot be negative' }
  if (/^\d*,\d+$/.test(typed)) return { ok: false, message: `use a point for decimals: ${typed.replace(',', '.')}, not ${typed}` }
  if (typed.includes(',')) return { ok: false, message: 'leave out thousands separators: 1234.5, not 1,234.5' }
  if (/^[\d.]*e[+-]?\d*$/i.test(typed)) return { ok: false, message: 'write the amount out in full: 1000, not 1e3' }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(typed)
  const whole = match?.[1] ?? ''
  const fraction = match?.[2] ?? ''
  if (!match || whole + fraction === '') return { ok: false, message: 'an amount is digits with at most one point, e.g. 1.5' }
  if (fraction.length > decimals) {
    return { ok: false, message: decimals === 0 ? 'this token has no fractions: whole numbers only' : `this token has ${decimals} decimals: at most ${decimals} digits after the point` }
  }
  const units = BigInt(whole + fraction.padEnd(decimals, '0')).toString()
  if (units.length > maxBaseDigits) return { ok: false, message: 'that amount is larger than any token supply' }
  return { ok: true, units }
}
