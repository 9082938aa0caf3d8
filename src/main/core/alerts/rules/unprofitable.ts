import type { DailyNet, ProfitSnapshot } from '../../../../shared/contract/profit.ts'
import type { NetworkInfo } from '../../../../shared/contract/wallets.ts'
import { Fiat } from '../../prices/token-value.ts'
import type { AlertRule, AlertState, Finding } from '../rule.ts'
import { dayMs, hourMs, money, networkName, threshold } from './rule-kit.ts'

/*
 * Net (rewards at receipt − electricity − amortization − other costs) below a floor over the last
 * 24 hours and the last 7 days, per network and in total, only where electricity is known: an
 * unknown cost is never taken as 0. The profit snapshot's 'today' is a calendar day, so the last
 * 24 h are today so far plus yesterday's matching share (a rolling day, as near as daily figures
 * allow); 7 d is its own rolling window. A network is judged over a window only if it pays within
 * it (its payout cadence, or for a network with none, a lifetime counter read as it accrues, and
 * then only over 7 d): a monthly payer is not unprofitable on the 29 days it is not paid.
 */

type Window = { key: '24h' | '7d'; hours: number; words: string }
const day: Window = { key: '24h', hours: 24, words: 'the last 24 hours' }
const week: Window = { key: '7d', hours: 168, words: 'the last 7 days' }

function paysWithin(info: NetworkInfo | undefined, hours: number): boolean {
  if (info === undefined) return false
  const every = info.payout.expectedEveryHours
  return every === null ? info.rewards.source === 'native' && hours >= week.hours : every <= hours
}

/** Today so far plus the share of yesterday that falls within the last 24 h; null when either is unknown. */
export function rolling24h(daily: readonly DailyNet[], at: number, pick: (entry: DailyNet) => string | null | undefined): string | null {
  const today = daily.at(-1)
  const yesterday = daily.at(-2)
  if (today === undefined || yesterday === undefined) return null
  const todayNet = pick(today)
  const yesterdayNet = pick(yesterday)
  if (todayNet == null || yesterdayNet == null) return null
  const share = Math.min(1, Math.max(0, (today.dayStartMs - (at - dayMs)) / (today.dayStartMs - yesterday.dayStartMs)))
  return new Fiat(yesterdayNet).times(share).plus(todayNet).toFixed()
}

type Judged = { subject: string; where: string; network?: string; window: Window; net: string }

function nets(state: AlertState, profit: ProfitSnapshot): Judged[] {
  const out: Judged[] = []
  const sevenOf = (windows: ProfitSnapshot['total']): string | null => {
    const figures = windows.find((w) => w.window === '7d')
    return figures === undefined || figures.electricity === null ? null : figures.net
  }
  for (const network of profit.networks) {
    const info = state.networks.get(network.network)
    const where = networkName(state, network.network)
    const net24 = paysWithin(info, day.hours) ? rolling24h(profit.daily, profit.at, (entry) => entry.byNetwork[network.network]) : null
    const net7 = paysWithin(info, week.hours) ? sevenOf(network.windows) : null
    if (net24 !== null) out.push({ subject: `${network.network}:24h`, where, network: network.network, window: day, net: net24 })
    if (net7 !== null) out.push({ subject: `${network.network}:7d`, where, network: network.network, window: week, net: net7 })
  }
  const all = (hours: number): boolean => profit.networks.length > 0 && profit.networks.every((n) => paysWithin(state.networks.get(n.network), hours))
  const total24 = all(day.hours) ? rolling24h(profit.daily, profit.at, (entry) => entry.net) : null
  const total7 = all(week.hours) ? sevenOf(profit.total) : null
  if (total24 !== null) out.push({ subject: 'total:24h', where: 'All networks together', window: day, net: total24 })
  if (total7 !== null) out.push({ subject: 'total:7d', where: 'All networks together', window: week, net: total7 })
  return out
}

/** The figures to judge: none from a what-if, which is not the operator's real money. */
function judged(state: AlertState): Judged[] {
  return state.profit === null || state.profit.whatIf !== null ? [] : nets(state, state.profit)
}

const floorOf = (window: Window, perDay: number): InstanceType<typeof Fiat> => new Fiat(perDay).times(window.hours / 24)

export const unprofitable: AlertRule = {
  id: 'unprofitable',
  name: 'Unprofitable',
  explanation: 'Net after electricity and hardware below a floor (0 by default) over the last 24 hours or 7 days, where electricity is known.',
  severity: 'warning',
  thresholds: [{ key: 'minNetPerDay', label: 'Net per day below', unit: 'per day, your currency', default: 0, min: -1_000_000, max: 1_000_000 }],
  openAfterMs: () => hourMs,
  resolveAfterMs: 2 * hourMs,
  cooldownMs: 12 * hourMs,
  evaluate(state, thresholds) {
    const perDay = threshold(thresholds, 'minNetPerDay')
    const currency = state.settings.currency
    return judged(state).flatMap((entry): Finding[] => {
      const floor = floorOf(entry.window, perDay)
      if (!new Fiat(entry.net).lessThan(floor)) return []
      return [
        {
          subject: entry.subject,
          // A bad day is worth knowing; a bad week is worth acting on.
          ...(entry.window.key === '24h' ? { severity: 'info' as const } : {}),
          title: `${entry.where}: net ${money(entry.net, currency)} over ${entry.window.key}`,
          message: `${entry.where} netted ${money(entry.net, currency)} over ${entry.window.words} after electricity and hardware, below your floor of ${money(floor, currency)}. Open Profit to see whether rewards fell, electricity rose, or the break-even price moved; consider pausing the node during expensive tariff hours.`,
          figure: money(entry.net, currency),
          threshold: `${money(floor, currency)} over ${entry.window.key}`,
          view: 'profit',
          ...(entry.network === undefined ? {} : { network: entry.network }),
        },
      ]
    })
  },
  current(state) {
    const all = judged(state)
    if (all.length === 0) return null
    const currency = state.settings.currency
    const totals = all.filter((entry) => entry.network === undefined)
    const perDay = (entry: Judged): number => new Fiat(entry.net).div(entry.window.hours / 24).toNumber()
    const shown = totals.length > 0 ? totals : [all.reduce((a, b) => (perDay(b) < perDay(a) ? b : a))]
    return shown.map((entry) => `${entry.where} ${money(entry.net, currency)} over ${entry.window.key}`).join('; ')
  },
}
