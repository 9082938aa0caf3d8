import { describe, expect, it } from 'vitest'
import { backfillStates, type BackfillState } from '../../../src/shared/contract/backfill.ts'
import {
  backfillControl,
  backfillHeading,
  backfillStateIcons,
  backfillStateMeaning,
  backfillStateWords,
  controlHint,
  initialDepth,
  parseDepth,
  problemWords,
  progressWords,
} from '../../../src/renderer/src/wallets/backfill-words.ts'
import { backfillStatus, backfillToMs, unsupportedBackfill } from './fake-client.ts'

describe('backfill words', () => {
  it('has a word, a shape and a meaning for every state core sends, each shape its own', () => {
    for (const state of backfillStates) {
      expect(backfillStateWords[state]).toMatch(/\S/)
      expect(backfillStateIcons[state]).toMatch(/\S/)
      expect(backfillStateMeaning[state]).toMatch(/\S/)
    }
    expect(new Set(Object.values(backfillStateIcons)).size).toBe(backfillStates.length)
    expect(new Set(Object.values(backfillStateWords)).size).toBe(backfillStates.length)
  })

  it('names the window by the day of the first read', () => {
    const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(backfillToMs)
    expect(backfillHeading(backfillStatus())).toBe(`History before ${day}`)
  })

  it('says the days, the requests and what was found', () => {
    expect(progressWords(backfillStatus())).toBe('120 of 365 days · 38 requests · 14 rewards, 2 inflows to mark')
  })

  it.each([
    [{ daysDone: 0, daysTotal: 1, requests: 1, rewards: 1, inflows: 0, state: 'running' }, '0 of 1 day · 1 request · 1 reward'],
    [{ daysDone: 3, daysTotal: 30, requests: 0, rewards: 0, inflows: 1, state: 'running' }, '3 of 30 days · 0 requests · 1 inflow to mark'],
    [{ daysDone: 0, daysTotal: 365, requests: 0, rewards: 0, inflows: 0, state: 'idle' }, '0 of 365 days · 0 requests · nothing found yet'],
    [{ daysDone: 365, daysTotal: 365, requests: 12, rewards: 0, inflows: 0, state: 'done' }, '365 of 365 days · 12 requests · nothing received in the window'],
  ] as const)('%o reads "%s"', (status, words) => expect(progressWords(status)).toBe(words))

  it('says why a read stopped, and what a running one retries', () => {
    expect(problemWords(backfillStatus())).toBeNull()
    expect(problemWords(backfillStatus({ problem: 'HTTP 429 from api.mainnet-beta.solana.com; trying again in 4 s' }))).toBe(
      'Last fault, retried: HTTP 429 from api.mainnet-beta.solana.com; trying again in 4 s',
    )
    expect(problemWords(backfillStatus({ state: 'failed', problem: 'timed out (gave up after 6 tries; start it again to resume)' }))).toBe(
      'Why it stopped: timed out (gave up after 6 tries; start it again to resume)',
    )
  })

  it.each<[BackfillState, number | null, string | null]>([
    ['idle', 365, 'start Start'],
    ['queued', 365, 'pause Pause'],
    ['running', 90, 'pause Pause'],
    ['paused', 365, 'start Resume'],
    ['paused', null, 'start Resume'],
    // Another depth reads the new window from its newest day again.
    ['paused', 730, 'start Read again'],
    ['failed', 365, 'start Resume'],
    ['failed', 30, 'start Read again'],
    ['done', 365, 'start Read again'],
    ['unsupported', 365, null],
  ])('a %s read at depth %s offers %s', (state, depth, expected) => {
    const control = backfillControl(backfillStatus({ state, depthDays: 365 }), depth)
    expect(control === null ? null : `${control.action} ${control.label}`).toBe(expected)
  })

  it('explains what a control does beyond its label', () => {
    expect(controlHint(null, false)).toBeNull()
    expect(controlHint({ action: 'start', label: 'Resume' }, false)).toBeNull()
    expect(controlHint({ action: 'start', label: 'Read again' }, false)).toMatch(/nothing is booked twice/)
    expect(controlHint({ action: 'pause', label: 'Pause' }, false)).toBe('Pause it to change the depth.')
    expect(controlHint({ action: 'pause', label: 'Pause' }, true)).toBe('Pausing after the page in flight…')
  })

  it("offers the wallet's own depth once it has one, else a year", () => {
    expect(initialDepth(backfillStatus({ state: 'paused', depthDays: 90 }))).toBe(90)
    expect(initialDepth(backfillStatus({ state: 'idle', depthDays: 200 }))).toBe(365)
    expect(initialDepth(unsupportedBackfill())).toBe(365)
    expect(initialDepth(backfillStatus({ state: 'done', depthDays: 0 }))).toBe(365)
  })

  it.each([
    ['365', 365],
    [' 30 ', 30],
    ['1', 1],
    ['3650', 3650],
  ])('takes "%s" as %i days', (text, days) => expect(parseDepth(text)).toEqual({ ok: true, days }))

  it.each(['', '0', '3651', '1.5', '-1', '1e3', '0x10', 'abc', '٣٠', '99999999999999999999', '30 days'])('refuses "%s" with the bounds', (text) =>
    expect(parseDepth(text)).toEqual({ ok: false, message: 'a whole number of days from 1 to 3650' }),
  )
})
