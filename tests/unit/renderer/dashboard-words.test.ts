import { describe, expect, it } from 'vitest'
import type { Alert } from '../../../src/shared/contract/alerts.ts'
import type { PriceQuote } from '../../../src/shared/contract/wallets.ts'
import {
  groupReasons,
  lastRewardWords,
  nextDueWords,
  nextSteps,
  openAlertWords,
  priceChangeWords,
  priceFreshnessWords,
  reasonWords,
  shownNetTone,
} from '../../../src/renderer/src/dashboard/dashboard-words.ts'

const now = Date.UTC(2025, 5, 15, 12)
const hour = 3_600_000

const quote = (patch: Partial<PriceQuote> = {}): PriceQuote => ({
  token: 'GRASS',
  currency: 'usd',
  price: '1.85',
  source: 'coingecko',
  at: now - 60_000,
  freshness: 'live',
  warning: null,
  change24hPct: 3.2518,
  ...patch,
})

describe('why a total is partial', () => {
  const names = ['Grass', 'Akash', 'Bittensor']

  it('groups the same sentence of several networks into one line naming them, in core’s order', () => {
    const notes = [
      'Grass: no hardware cost given: amortization counted as 0',
      'Akash: no hardware cost given: amortization counted as 0',
      'Akash: revenue partial: 1 reward had no price when received',
      'Grass: no hardware cost given: amortization counted as 0',
    ]
    const reasons = groupReasons(notes, names)
    expect(reasons).toEqual([
      { sentence: 'no hardware cost given: amortization counted as 0', networks: ['Grass', 'Akash'] },
      { sentence: 'revenue partial: 1 reward had no price when received', networks: ['Akash'] },
    ])
    expect(reasons.map((reason) => reasonWords(reason, names.length))).toEqual([
      'no hardware cost given: amortization counted as 0 (Grass, Akash)',
      'revenue partial: 1 reward had no price when received (Akash)',
    ])
  })

  it('says "every network" when all of three or more lack it, and keeps a note of no network as it is', () => {
    const notes = names.map((name) => `${name}: electricity unknown: no electricity price is set`)
    expect(groupReasons(notes, names).map((reason) => reasonWords(reason, names.length))).toEqual(['electricity unknown: no electricity price is set (every network)'])
    expect(groupReasons(['power history is estimated'], names).map((reason) => reasonWords(reason, 3))).toEqual(['power history is estimated'])
  })

  it('does not take a name that only starts the sentence for a network', () => {
    expect(groupReasons(['Grassland: x'], ['Grass'])).toEqual([{ sentence: 'Grassland: x', networks: [] }])
  })
})

describe('a price’s 24-hour change', () => {
  it('carries a shape and a sign beside its tone, and words for a screen reader', () => {
    expect(priceChangeWords(quote())).toEqual({ text: '▲ +3.3 %', words: 'up 3.3 % in 24 hours', tone: 'up' })
    expect(priceChangeWords(quote({ change24hPct: -1.2 }))).toEqual({ text: '▼ −1.2 %', words: 'down 1.2 % in 24 hours', tone: 'down' })
    expect(priceChangeWords(quote({ change24hPct: 0.04 }))).toEqual({ text: '● 0.0 %', words: 'unchanged in 24 hours', tone: 'flat' })
    expect(priceChangeWords(quote({ change24hPct: -0.04 })).tone).toBe('flat')
    expect(priceChangeWords(quote({ change24hPct: 250.4 })).text).toBe('▲ +250 %')
  })

  it('says why there is none: the operator’s own price, a feed that did not say, no price at all', () => {
    expect(priceChangeWords(quote({ freshness: 'manual', source: 'manual', change24hPct: null }))).toMatchObject({ text: 'your price: no 24 h change', tone: 'unknown' })
    expect(priceChangeWords(quote({ change24hPct: null }))).toMatchObject({ text: '24 h change not given', tone: 'unknown' })
    expect(priceChangeWords(null)).toMatchObject({ text: 'no price', tone: 'unknown' })
  })

  it('names the price’s freshness and feed', () => {
    expect(priceFreshnessWords(quote())).toBe('live · CoinGecko')
    expect(priceFreshnessWords(quote({ freshness: 'cached', source: 'coinpaprika' }))).toBe('cached · CoinPaprika')
    expect(priceFreshnessWords(quote({ freshness: 'manual', source: 'manual' }))).toBe('your price')
    expect(priceFreshnessWords(quote({ source: 'subtensor pool × coingecko' }))).toBe('live · subtensor pool × coingecko')
  })
})

describe('rewards: the last and the next', () => {
  it('says the last reward’s amount, token and age; none yet before the first', () => {
    const reward = { at: now - 3 * hour, token: 'GRASS', amount: '12345678912', decimals: 9, fiat: '28.95' }
    expect(lastRewardWords(reward, now)).toBe('12.3456 GRASS · 3 h ago')
    expect(lastRewardWords({ ...reward, at: now - 10_000 }, now)).toBe('12.3456 GRASS · just now')
    expect(lastRewardWords(null, now)).toBe('none yet')
  })

  it('says when the next is due, or by how much it is late (a sign and a word, not colour alone)', () => {
    const payout = { kind: 'daily' as const, expectedEveryHours: 24, note: '' }
    expect(nextDueWords(now + 5 * hour, payout, now)).toEqual({ text: 'due in 5 h', late: false })
    expect(nextDueWords(now + 30_000, payout, now)).toEqual({ text: 'due now', late: false })
    expect(nextDueWords(now - 6 * hour - 10 * 60_000, payout, now)).toEqual({ text: '⚠ late by 6 h 10 min', late: true })
  })

  it('says how a network without a schedule pays', () => {
    expect(nextDueWords(null, { kind: 'irregular', expectedEveryHours: null, note: '' }, now).text).toBe('no fixed schedule')
    expect(nextDueWords(null, { kind: 'on-claim', expectedEveryHours: null, note: '' }, now).text).toBe('paid when claimed')
    expect(nextDueWords(null, null, now).text).toBe('not known')
  })
})

describe('open alerts', () => {
  const alert = (id: number, severity: Alert['severity'], snoozedUntil: number | null = null): Alert => ({
    id,
    rule: 'rewards-stopped',
    subject: `s${id}`,
    severity,
    title: `alert ${id}`,
    message: '',
    network: null,
    walletId: null,
    host: null,
    figure: '',
    threshold: '',
    view: 'alerts',
    link: null,
    state: 'open',
    since: now - hour,
    openedAt: now - hour,
    lastSeenAt: now,
    resolvedAt: null,
    ackedAt: null,
    snoozedUntil,
  })

  it('counts them by severity, worst first, in words', () => {
    const open = [alert(1, 'critical'), alert(2, 'warning'), alert(3, 'warning'), alert(4, 'info')]
    expect(openAlertWords(open, now)).toEqual({ count: 4, bySeverity: '1 critical, 2 warnings, 1 notice', worst: open[0] })
    expect(openAlertWords([], now)).toEqual({ count: 0, bySeverity: '', worst: null })
  })

  it('leads with the worst one not snoozed, or the worst when all are', () => {
    const snoozed = alert(1, 'critical', now + hour)
    const awake = alert(2, 'warning')
    expect(openAlertWords([snoozed, awake], now).worst).toBe(awake)
    expect(openAlertWords([snoozed], now).worst).toBe(snoozed)
    // A snooze that ended no longer holds it back.
    expect(openAlertWords([alert(3, 'critical', now - 1), awake], now).worst?.id).toBe(3)
  })
})

describe('next steps', () => {
  it('names what is missing, each with where to do it', () => {
    const steps = nextSteps({ tariffSet: false, costsSet: false, nodesWatched: false })
    expect(steps.map((step) => [step.id, step.link, step.href])).toEqual([
      ['tariff', 'Set your electricity price', '#/settings/tariff'],
      ['costs', 'Add your hardware costs', '#/settings/costs'],
      ['nodes', 'Find your nodes', '#/nodes'],
    ])
  })

  it('suggests nothing on a guess, nor what is already done', () => {
    expect(nextSteps({ tariffSet: null, costsSet: null, nodesWatched: null })).toEqual([])
    expect(nextSteps({ tariffSet: true, costsSet: true, nodesWatched: true })).toEqual([])
  })
})

describe('the colour of a net figure', () => {
  it('follows what the figure reads: a loss of a fraction of a cent shows "$0.00", coloured even', () => {
    expect(shownNetTone('-0.00000003', '$0.00')).toBe('even')
    expect(shownNetTone('0.004', '$0.00')).toBe('even')
    expect(shownNetTone('-4.1', '-$4.10')).toBe('loss')
    expect(shownNetTone('22.84', '$22.84')).toBe('gain')
    expect(shownNetTone('0.5', '¥1')).toBe('gain')
    expect(shownNetTone(null, 'unknown')).toBe('unknown')
  })
})
