import { Fiat } from '../../prices/token-value.ts'
import type { AlertRule, AlertState, Finding, PricePoint } from '../rule.ts'
import { dayMs, hourMs, num, threshold } from './rule-kit.ts'

/*
 * A token down by at least X % against its price 24 hours ago, from the price history the engine
 * keeps. Until a day of prices has been seen there is nothing to compare and the rule is quiet. A
 * price the operator set by hand is not a market move. Twice the drop is critical.
 */

type Move = { token: string; before: string; now: string; dropPercent: number }

/** The newest point at or before 24 h ago, and the newest point. */
function ends(history: readonly PricePoint[], now: number): { before: PricePoint; latest: PricePoint } | null {
  const latest = history.at(-1)
  const before = history.findLast((point) => point.at <= now - dayMs)
  return latest === undefined || before === undefined ? null : { before, latest }
}

function moves(state: AlertState): Move[] {
  const span = ends(state.priceHistory, state.now)
  if (span === null) return []
  const manual = new Set((state.wallets?.prices ?? []).filter((quote) => quote.freshness === 'manual').map((quote) => quote.token))
  return Object.entries(span.latest.prices).flatMap(([token, now]): Move[] => {
    const before = span.before.prices[token]
    if (before === undefined || manual.has(token) || new Fiat(before).isZero()) return []
    const dropPercent = new Fiat(before).minus(now).div(before).times(100).toNumber()
    return [{ token, before, now, dropPercent }]
  })
}

export const priceCrash: AlertRule = {
  id: 'price-crash',
  name: 'Price crash',
  explanation: 'A token you earn down by at least a share in 24 hours: your rewards are worth that much less, and break-even moves.',
  severity: 'warning',
  thresholds: [{ key: 'dropPercent', label: 'Down at least', unit: '% in 24 h', default: 20, min: 1, max: 95 }],
  openAfterMs: () => 0,
  // Prices bounce around a crash; an hour clear is a recovery, not a blip.
  resolveAfterMs: hourMs,
  cooldownMs: 6 * hourMs,
  evaluate(state, thresholds) {
    const limit = threshold(thresholds, 'dropPercent')
    const currency = state.settings.currency.toUpperCase()
    return moves(state).flatMap((move): Finding[] => {
      if (move.dropPercent < limit) return []
      return [
        {
          subject: move.token,
          ...(move.dropPercent >= 2 * limit ? { severity: 'critical' as const } : {}),
          title: `${move.token} down ${num(move.dropPercent)} % in 24 h`,
          message: `${move.token} fell ${num(move.dropPercent)} % in 24 hours, from ${move.before} to ${move.now} ${currency}, at or past your ${num(limit, 0)} % alert. Check the Profit view for the break-even price; DePIN Desk only watches and never sells.`,
          figure: `−${num(move.dropPercent)} %`,
          threshold: `−${num(limit, 0)} %`,
          view: 'profit',
        },
      ]
    })
  },
  current(state) {
    const all = moves(state)
    if (all.length === 0) return null
    const worst = all.reduce((a, b) => (b.dropPercent > a.dropPercent ? b : a))
    const signed = worst.dropPercent >= 0 ? `down ${num(worst.dropPercent)} %` : `up ${num(-worst.dropPercent)} %`
    return `${worst.token} ${signed} in 24 h`
  },
}
