import { factId, factPart, type FactRecord, type HoldingsRead } from '../holdings/holding.ts'

/*
 * From one read's facts to the next: since when each fact has been as it is, and what its figures
 * were at the read before, so that a rule can say "no active lease for 7 h" or "power fell 12 %
 * since the last read" from the snapshot alone. Pure, like read-step.ts beside it.
 *
 * Facts are not amounts: one the read no longer gives is gone (a lease that left the list), not
 * kept at zero. A part that failed keeps its facts as they were, like its holdings. A fact seen
 * at the wallet's first read of its part cannot say when it began: it counts from that read and
 * says so (`sinceFirstRead`), so a rule never mistakes a state found on day one for a new event.
 */

export type FactContext = {
  /** When this read was made (ms). */
  at: number
  /** The parts read well at least once before this read. */
  seenParts: readonly string[]
}

/**
 * The facts to keep after `read`. `previous` is null when the wallet's facts were never recorded
 * (a new wallet, or one last read by a build that kept none): every fact is then a baseline.
 */
export function stepFacts(previous: readonly FactRecord[] | null, read: HoldingsRead, context: FactContext): FactRecord[] {
  const failed = new Set((read.failed ?? []).map((f) => f.part))
  const seen = new Set(context.seenParts)
  const before = new Map((previous ?? []).map((fact) => [factId(fact), fact]))
  const kept = (previous ?? []).filter((fact) => failed.has(factPart(fact)))
  const fresh = (read.facts ?? [])
    .filter((fact) => !failed.has(factPart(fact)))
    .map((fact): FactRecord => {
      const prior = before.get(factId(fact))
      const baseline = previous === null || !seen.has(factPart(fact))
      if (prior === undefined) return { ...fact, at: context.at, since: context.at, sinceFirstRead: baseline, previous: null }
      const same = prior.status === fact.status
      return {
        ...fact,
        at: context.at,
        since: same ? prior.since : context.at,
        sinceFirstRead: same ? prior.sinceFirstRead : false,
        previous: { at: prior.at, figures: prior.figures },
      }
    })
  return [...kept, ...fresh]
}
