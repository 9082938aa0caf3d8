import type { AlertRule, AlertState, Finding, Thresholds } from './rule.ts'

/*
 * Evaluation runs at the sampling cadence (1 s), but most rules read state that changes far
 * more slowly: the ledger, the wallets, profit, prices. Re-running such a rule every second over
 * 8 days of rewards is most of what alerts would cost. So each rule's findings are kept with the
 * state fields it read (recorded as it reads them, so no rule has to declare anything), and the
 * rule runs again only when one of those fields is a different value, or, for a rule that reads
 * the clock, once `clockSlackMs` has passed: a "no reward for 30 h" is as true a few seconds on.
 * Hardware rules read the newest sample, which is new at every evaluation, so they always run.
 */

type Kept = { keys: readonly (keyof AlertState)[]; values: readonly unknown[]; thresholds: Thresholds; at: number; findings: Finding[] }

export type RuleMemo = {
  evaluate(rule: AlertRule, state: AlertState, thresholds: Thresholds): Finding[]
  /** Rules run and rules answered from what was kept, since the memo was made: for the bench and tests. */
  readonly counts: { ran: number; kept: number }
}

function recording(state: AlertState, read: Set<keyof AlertState>): AlertState {
  return new Proxy(state, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key as keyof AlertState)
      return Reflect.get(target, key, receiver) as unknown
    },
    ownKeys(target) {
      // A spread or Object.keys reads everything.
      for (const key of Reflect.ownKeys(target)) if (typeof key === 'string') read.add(key as keyof AlertState)
      return Reflect.ownKeys(target)
    },
  })
}

/** A field's value, compared by identity: a function field (lastOpened) is a value like any other. */
const field = (state: AlertState, key: keyof AlertState): unknown => Reflect.get(state, key)

export function createRuleMemo(clockSlackMs: number): RuleMemo {
  const kept = new Map<string, Kept>()
  const counts = { ran: 0, kept: 0 }

  function stillValid(entry: Kept, state: AlertState, thresholds: Thresholds): boolean {
    if (entry.thresholds !== thresholds) return false
    for (let i = 0; i < entry.keys.length; i++) {
      const key = entry.keys[i] as keyof AlertState
      if (key === 'now') {
        if (state.now - entry.at >= clockSlackMs || state.now < entry.at) return false
      } else if (!Object.is(field(state, key), entry.values[i])) {
        return false
      }
    }
    return true
  }

  return {
    counts,
    evaluate(rule, state, thresholds) {
      const entry = kept.get(rule.id)
      if (entry !== undefined && stillValid(entry, state, thresholds)) {
        counts.kept++
        return entry.findings
      }
      const read = new Set<keyof AlertState>()
      // A throw leaves nothing kept: the next evaluation runs the rule again.
      kept.delete(rule.id)
      const findings = rule.evaluate(recording(state, read), thresholds)
      counts.ran++
      const keys = [...read]
      kept.set(rule.id, { keys, values: keys.map((key) => field(state, key)), thresholds, at: state.now, findings })
      return findings
    },
  }
}
