import type { Holding } from '../networks/network-module.ts'

/** What a read leaves behind: the holdings to keep, and the pair of readings rewards are found between. */
export type Reconciled = { holdings: Holding[]; previous: Holding[] | null; current: Holding[] }

const keyOf = (h: Holding): string => `${h.token}\u0000${h.kind}\u0000${h.detail ?? ''}`

/**
 * Decides, per token, whether this read can be compared with the last one. A token that lost a
 * part because that part failed (`partial`) keeps its last good figures and is not compared: the
 * part coming back later would look like income. A token that gained a part it never had (a new
 * hotkey, a chain read for the first time) starts a new baseline, for the same reason. Everything
 * else is compared as read. With no previous read the whole read is the baseline.
 */
export function reconcileRead(previous: readonly Holding[] | null, current: readonly Holding[], partial: boolean): Reconciled {
  if (previous === null) return { holdings: [...current], previous: null, current: [] }
  const tokens = new Set([...previous, ...current].map((h) => h.token))
  const kept: Holding[] = []
  const compareBefore: Holding[] = []
  const compareNow: Holding[] = []
  for (const token of tokens) {
    const before = previous.filter((h) => h.token === token)
    const now = current.filter((h) => h.token === token)
    const beforeKeys = new Set(before.map(keyOf))
    const nowKeys = new Set(now.map(keyOf))
    const lostPart = partial && before.some((h) => !nowKeys.has(keyOf(h)))
    const newPart = before.length > 0 && now.some((h) => !beforeKeys.has(keyOf(h)))
    if (lostPart) {
      kept.push(...before)
      continue
    }
    kept.push(...now)
    if (newPart) continue
    compareBefore.push(...before)
    compareNow.push(...now)
  }
  return { holdings: kept, previous: compareBefore, current: compareNow }
}
