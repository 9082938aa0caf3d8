import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { NetworkProfit, ProfitFigures, ProfitSnapshot, ProfitWindow } from '../../../shared/contract/profit.ts'
import type { Currency } from '../../../shared/contract/wallets.ts'
import type { Column, Columns } from '../common/history-columns.ts'
import { formatPrice } from '../common/token-format.ts'

/*
 * Words and display helpers for the Profit tab. Every figure is core's decimal string; the page
 * only formats, compares (exactly, by string and bigint) and plots (as floats, display only).
 */

/** The windows core computes, in the order the switch shows them (the contract's own list is zod). */
export const profitWindowList: readonly ProfitWindow[] = ['today', '7d', '30d', 'all']

export const windowLabels: Record<ProfitWindow, string> = { today: 'Today', '7d': '7 d', '30d': '30 d', all: 'All time' }

const signedDecimal = /^(-?)(\d+)(?:\.(\d+))?$/

function isSigned(value: string): value is `${number}` {
  return signedDecimal.test(value)
}

/** A money figure that may be negative: "$1,234.57", "-$4.10"; one that rounds to zero shows no minus. */
export function formatMoney(value: string, currency: Currency, locale?: string): string {
  if (!isSigned(value)) return value
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase(), signDisplay: 'negative' }).format(value)
}

/** A figure core could not know reads as `unknown` (never as 0). */
export function moneyOr(value: string | null, currency: Currency, unknown = 'unknown'): string {
  return value === null ? unknown : formatMoney(value, currency)
}

/** Exact comparison of two signed decimal strings: -1, 0 or 1; null when either is not one. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 | null {
  const pa = signedDecimal.exec(a)
  const pb = signedDecimal.exec(b)
  if (!pa || !pb) return null
  const digits = Math.max(pa[3]?.length ?? 0, pb[3]?.length ?? 0)
  const scaled = (m: RegExpExecArray): bigint => BigInt(`${m[1] ?? ''}${m[2] ?? '0'}${(m[3] ?? '').padEnd(digits, '0')}`)
  const difference = scaled(pa) - scaled(pb)
  return difference === 0n ? 0 : difference > 0n ? 1 : -1
}

/** The sign of a net figure, for its colour: loss, profit, even or unknown. */
export function netTone(net: string | null): 'gain' | 'loss' | 'even' | 'unknown' {
  if (net === null) return 'unknown'
  const sign = compareDecimal(net, '0')
  return sign === null ? 'unknown' : sign > 0 ? 'gain' : sign < 0 ? 'loss' : 'even'
}

export function figuresOf(windows: readonly ProfitFigures[], window: ProfitWindow): ProfitFigures | null {
  return windows.find((w) => w.window === window) ?? null
}

/** Every note of the windows on screen, each once, in the order core gave them. */
export function missingNotes(windows: readonly (ProfitFigures | null)[]): string[] {
  return [...new Set(windows.flatMap((w) => w?.missing ?? []))]
}

/** "$12.40 · 31.2 kWh", or "electricity unknown" when core has no figure (never 0). */
export function electricityWords(figures: ProfitFigures, currency: Currency): string {
  if (figures.electricity === null) return 'electricity unknown'
  return figures.kwh === null ? formatMoney(figures.electricity, currency) : `${formatMoney(figures.electricity, currency)} · ${formatKwh(figures.kwh)}`
}

/**
 * How much of a window's electricity rests on estimated watts: "electricity 12 % estimated",
 * "electricity measured"; null without kWh, or from a core that does not say. The rounding is
 * core's (figures.ts): "<1 %" and ">99 %" rather than a figure that reads as none or all.
 */
export function estimatedShareWords(figures: ProfitFigures | null): string | null {
  if (!figures || figures.kwh === null || !(figures.kwh > 0)) return null
  const estimated = figures.estimatedKwh
  if (estimated === null || estimated === undefined) return null
  if (!(estimated > 0)) return 'electricity measured'
  const percent = Math.min(100, (estimated / figures.kwh) * 100)
  const share = percent < 1 ? '<1 %' : percent > 99 && percent < 100 ? '>99 %' : `${String(Math.round(percent))} %`
  return `electricity ${share} estimated`
}

function formatKwh(kwh: number): string {
  return `${kwh.toFixed(kwh < 10 ? 2 : 1)} kWh`
}

export type BreakEven = { text: string; verdict: 'covers' | 'short' | null }

/** "break-even $0.83 · now $1.25", with whether today's price covers it. */
export function breakEvenWords(network: NetworkProfit, currency: Currency): BreakEven {
  if (network.breakEvenPrice === null) return { text: `break-even ${network.token} price unknown`, verdict: null }
  const breakEven = `break-even ${formatPrice(network.breakEvenPrice, currency)}`
  if (network.currentPrice === null) return { text: `${breakEven} · no ${network.token} price now`, verdict: null }
  const verdict = (compareDecimal(network.currentPrice, network.breakEvenPrice) ?? -1) >= 0 ? 'covers' : 'short'
  return { text: `${breakEven} · now ${formatPrice(network.currentPrice, currency)}`, verdict }
}

/** The electricity price at which the last 30 days net to 0; below zero, not even free power pays. */
export function breakEvenKwhWords(value: string | null, currency: Currency): string {
  if (value === null) return 'break-even electricity price unknown'
  if ((compareDecimal(value, '0') ?? 0) < 0) return 'loses money even with free electricity'
  return `break-even at ${formatPrice(value, currency)}/kWh`
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

export function paybackWords(payback: NetworkProfit['payback']): string {
  switch (payback.state) {
    case 'paid':
      return `paid back on ${dayFormat.format(payback.at)}`
    case 'on-track':
      return `pays back by ${dayFormat.format(payback.at)}`
    case 'never':
      return `never at current rates: ${payback.reason}`
    case 'unknown':
      return `payback unknown: ${payback.reason}`
  }
}

/** Where the machine's watts came from, in core's words, with the kind when they leave it out: "power: wall plug (Rig plug) · measured". */
export function powerWords(power: ProfitSnapshot['power']): string {
  if (power.kind === 'none') return `no power reading: ${power.reason}`
  return power.reason.includes(power.kind) ? `power: ${power.reason}` : `power: ${power.reason} · ${power.kind}`
}

const dayMs = 86_400_000

/** One day of the 30-day chart (the contract names its schema only). */
export type DayNet = ProfitSnapshot['daily'][number]

/** The chart's columns: x at each day's middle, the total and each network's net; a null day is a gap, not 0. */
export function dailyColumns(daily: readonly DayNet[], networks: readonly string[]): Columns {
  const value = (net: string | null | undefined): number | null => (net === null || net === undefined ? null : Number(net))
  const total: Column = daily.map((d) => value(d.net))
  const each = networks.map((n): Column => daily.map((d) => value(d.byNetwork[n])))
  return [daily.map((d) => (d.dayStartMs + dayMs / 2) / 1000), total, ...each]
}

/** The chart's x range in seconds: from the first day's start to the end of the last. */
export function dailyRange(daily: readonly DayNet[]): [number, number] {
  const first = daily[0]?.dayStartMs ?? 0
  const last = daily[daily.length - 1]?.dayStartMs ?? first
  return [first / 1000, (last + dayMs) / 1000]
}

/** One row of the 30-day chart's table: the day and core's figures for it, exact; null where core has none. */
export type DayRow = { dayStartMs: number; net: string | null; byNetwork: (string | null)[] }

/** The chart's table: a row per day, from the first with a figure to the last; a day between without one stays, as a gap. */
export function dailyTableRows(daily: readonly DayNet[], networks: readonly string[]): DayRow[] {
  const rows = [...daily]
    .sort((a, b) => a.dayStartMs - b.dayStartMs)
    .map((d) => ({ dayStartMs: d.dayStartMs, net: d.net, byNetwork: networks.map((n) => d.byNetwork[n] ?? null) }))
  const figured = (row: DayRow): boolean => row.net !== null || row.byNetwork.some((v) => v !== null)
  const first = rows.findIndex(figured)
  const last = rows.findLastIndex(figured)
  return first === -1 ? [] : rows.slice(first, last + 1)
}

const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })

/**
 * The chart in words, from core's figures compared exactly (never added up here): "Net per day,
 * last 30 days: 12 days with a figure, from -$1.20 on Mar 3 to $4.10 on Mar 5, the latest $2.00 on Mar 6".
 */
export function dailyNetWords(daily: readonly DayNet[], currency: Currency): string {
  const title = 'Net per day, last 30 days'
  const days = [...daily].filter((d): d is DayNet & { net: string } => d.net !== null).sort((a, b) => a.dayStartMs - b.dayStartMs)
  const latest = days[days.length - 1]
  if (!latest) return `${title}: no day with a figure yet`
  let low = latest
  let high = latest
  for (const day of days) {
    if ((compareDecimal(day.net, low.net) ?? 0) < 0) low = day
    if ((compareDecimal(day.net, high.net) ?? 0) > 0) high = day
  }
  const at = (d: DayNet & { net: string }): string => `${formatMoney(d.net, currency)} on ${shortDay.format(d.dayStartMs)}`
  const count = `${String(days.length)} ${days.length === 1 ? 'day' : 'days'} with a figure`
  return `${title}: ${count}, from ${at(low)} to ${at(high)}, the latest ${at(latest)}`
}

export type SliderScale = { max: number; step: number; digits: number }

/** A slider from 0 to `top` in about a thousand steps, on round decimals. */
export function sliderScale(top: number): SliderScale {
  const wanted = Number.isFinite(top) && top > 0 ? top : 1
  const exponent = Math.floor(Math.log10(wanted)) - 3
  const digits = Math.max(0, -exponent)
  const step = Number(`1e${exponent}`)
  // Up to the next step, so the top itself can be reached; the epsilon keeps 0.9 from becoming 0.9001.
  const max = Number((Math.ceil(wanted / step - 1e-9) * step).toFixed(digits))
  return { max, step, digits }
}

/** A slider's position as the decimal string core takes: "0.285", "12", never "1e-7". */
export function sliderText(value: number, digits: number): string {
  const text = value.toFixed(digits)
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

/** A what-if electricity slider's top: three times the tariff's price, or a currency's usual range without one. */
export function kwhSliderTop(reference: string | null, currency: Currency): number {
  const price = reference === null ? 0 : Number(reference)
  const usual = currency === 'jpy' ? 100 : 1
  return Math.max(usual, price * 3)
}

export type PowerDevice = { id: string; label: string; detail: string }

const scopeWords: Record<string, string> = { wall: 'wall plug', gpu: 'GPU', 'cpu-package': 'CPU package', component: 'component' }

/**
 * The devices a network can be given: the GPUs and power readings of the latest sample, and any
 * device the settings name that this sample does not have (so it can be let go). No live watts:
 * the list must not change under the operator's hands every second.
 */
export function powerDevices(sample: HardwareSample | null, assigned: Readonly<Record<string, string>>): PowerDevice[] {
  const devices = new Map<string, PowerDevice>()
  for (const gpu of sample?.gpus ?? []) devices.set(gpu.id, { id: gpu.id, label: gpu.name, detail: 'GPU' })
  const readings = [...(sample?.power.total.readings ?? []), ...(sample?.power.sources ?? []).flatMap((s) => s.readings)]
  for (const reading of readings) {
    if (!devices.has(reading.deviceId)) devices.set(reading.deviceId, { id: reading.deviceId, label: reading.label, detail: scopeWords[reading.scope] ?? reading.scope })
  }
  for (const id of Object.keys(assigned)) {
    if (!devices.has(id)) devices.set(id, { id, label: id, detail: 'not in the latest sample' })
  }
  // Two cards of one model would read alike: each form control needs a name of its own.
  const list = [...devices.values()]
  const seen = new Map<string, number>()
  return list.map((device) => {
    const twins = list.filter((d) => d.label === device.label).length
    if (twins === 1) return device
    const n = (seen.get(device.label) ?? 0) + 1
    seen.set(device.label, n)
    return { ...device, label: `${device.label} #${n}` }
  })
}

export const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** "Mon–Fri", "every day", "Sat, Sun" for a period's weekdays (0 = Sunday). */
export function daysWords(days: readonly number[]): string {
  const set = [...new Set(days)].sort((a, b) => a - b)
  if (set.length === 7) return 'every day'
  const short = (d: number): string => (weekdayNames[d] ?? '').slice(0, 3)
  if (set.length > 2 && set.every((d, i) => i === 0 || d === (set[i - 1] ?? 0) + 1)) return `${short(set[0] ?? 0)}–${short(set[set.length - 1] ?? 0)}`
  return set.map(short).join(', ')
}

export function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`
}
