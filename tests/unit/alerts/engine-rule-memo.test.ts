import { describe, expect, it } from 'vitest'
import { createRuleMemo } from '../../../src/main/core/alerts/rule-memo.ts'
import type { AlertRule, AlertState, Finding } from '../../../src/main/core/alerts/rule.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import type { HardwareSample } from '../../../src/shared/contract/hardware.ts'

const t0 = Date.UTC(2026, 0, 5, 12, 0)

function state(overrides: Partial<AlertState> = {}): AlertState {
  return {
    now: t0,
    settings: defaultSettings,
    hardware: null,
    paused: false,
    historyProblem: null,
    nodes: null,
    wallets: null,
    rewards: [],
    profit: null,
    priceHistory: [],
    networks: new Map(),
    previousHoldings: new Map(),
    lastOpened: () => null,
    ...overrides,
  }
}

function counting(read: (state: AlertState) => Finding[]): AlertRule & { runs: number } {
  const rule = {
    id: 'probe',
    name: 'Probe',
    explanation: '',
    severity: 'info' as const,
    thresholds: [],
    openAfterMs: () => 0,
    resolveAfterMs: 0,
    cooldownMs: 0,
    runs: 0,
    evaluate: (s: AlertState) => {
      rule.runs++
      return read(s)
    },
    current: () => null,
  }
  return rule
}

const none: Finding[] = []

describe('rule memo', () => {
  it('answers from what it kept while the fields the rule read are the same values', () => {
    const memo = createRuleMemo(60_000)
    const rewards: AlertState['rewards'] = []
    const rule = counting((s) => (s.rewards.length > 0 ? [] : none))
    const th = {}
    const base = state({ rewards })
    expect(memo.evaluate(rule, base, th)).toBe(none)
    // Another sample, another clock: this rule read neither.
    memo.evaluate(rule, { ...base, now: t0 + 3_600_000, hardware: {} as HardwareSample }, th)
    expect(rule.runs).toBe(1)
    // A new ledger (another array) runs it again.
    memo.evaluate(rule, { ...base, rewards: [] }, th)
    expect(rule.runs).toBe(2)
    expect(memo.counts).toEqual({ ran: 2, kept: 1 })
  })

  it('runs a rule that reads the clock again once the slack has passed', () => {
    const memo = createRuleMemo(60_000)
    const rule = counting((s) => (s.now > 0 ? none : none))
    const th = {}
    memo.evaluate(rule, state(), th)
    memo.evaluate(rule, state({ now: t0 + 59_999 }), th)
    expect(rule.runs).toBe(1)
    memo.evaluate(rule, state({ now: t0 + 60_000 }), th)
    expect(rule.runs).toBe(2)
  })

  it('runs a rule that reads the hardware at every new sample', () => {
    const memo = createRuleMemo(60_000)
    const rule = counting((s) => (s.hardware === null ? none : none))
    const sample = {} as HardwareSample
    const th = {}
    memo.evaluate(rule, state({ hardware: sample }), th)
    memo.evaluate(rule, state({ hardware: sample }), th)
    memo.evaluate(rule, state({ hardware: {} as HardwareSample }), th)
    expect(rule.runs).toBe(2)
  })

  it('counts a spread of the state as reading everything, runs again on new thresholds, and keeps nothing from a throw', () => {
    const memo = createRuleMemo(60_000)
    const spread = counting((s) => ({ ...s }.paused ? none : none))
    const none0 = {}
    memo.evaluate(spread, state(), none0)
    memo.evaluate(spread, state({ now: t0 + 1 }), none0)
    expect(spread.runs).toBe(2)
    const th = { limit: 1 }
    const plain = counting(() => none)
    memo.evaluate(plain, state(), th)
    memo.evaluate(plain, state(), th)
    memo.evaluate(plain, state(), { limit: 1 })
    expect(plain.runs).toBe(2)
    let fail = true
    const flaky = counting(() => {
      if (fail) throw new Error('no')
      return none
    })
    expect(() => memo.evaluate(flaky, state(), {})).toThrow('no')
    fail = false
    memo.evaluate(flaky, state(), {})
    expect(flaky.runs).toBe(2)
  })
})
