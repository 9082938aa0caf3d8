import type { AlertRuleId, AlertSeverity, AlertView } from '../../../shared/contract/alerts.ts'
import type { FleetSnapshot } from '../../../shared/contract/fleet.ts'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { ProfitSnapshot } from '../../../shared/contract/profit.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { HoldingView, NetworkInfo, RewardEntry, WalletsSnapshot } from '../../../shared/contract/wallets.ts'

/*
 * What an alert rule is: a pure function from the state core already holds to the conditions
 * that are true now. The engine (engine.ts) turns conditions into alerts: it waits out the
 * rule's minimum duration, resolves after the condition has been clear for a while, dedupes,
 * holds cooldowns, snoozes and quiet hours. A rule is one small file in rules/, or, for a
 * network's own rule, declared in that network's file next to its reader.
 */

/** A price seen at a time, per token symbol: the engine keeps the last day of them for rules that compare. */
export type PricePoint = { at: number; prices: Readonly<Record<string, string>> }

/** Everything a rule may look at, gathered by the alerts capability at each evaluation. No rule polls anything. */
export type AlertState = {
  now: number
  settings: Settings
  /** The newest hardware sample (its power sources included), or null before the first. */
  hardware: HardwareSample | null
  /** Whether sampling is paused: hardware rules say nothing while it is. */
  paused: boolean
  /** Why history cannot be written, or null when it can. */
  historyProblem: string | null
  /** The wallets as the Wallets tab shows them, or null while no wallet is watched. */
  wallets: WalletsSnapshot | null
  /** Each wallet's holdings at its good read before the one `wallets` shows, by wallet id (kept in memory since start). */
  previousHoldings: ReadonlyMap<string, { fetchedAt: number; holdings: readonly HoldingView[] }>
  /** The nodes on this machine, or null before the first scan. */
  nodes: NodesSnapshot | null
  /** The other agents watched from here (issue 13); absent or null where no fleet is built. */
  fleet?: FleetSnapshot | null
  /** Ledger entries of the last 8 days, newest first. */
  rewards: readonly RewardEntry[]
  /** Profit figures (today, 7 d, 30 d, all), or null when profit cannot be computed yet. */
  profit: ProfitSnapshot | null
  /** The last 25 hours of prices, oldest first. */
  priceHistory: readonly PricePoint[]
  networks: ReadonlyMap<string, NetworkInfo>
  /** When this rule last fired for a subject (for reminders that repeat), null when never. */
  lastOpened(rule: AlertRuleId, subject: string): number | null
}

/** A threshold a rule reads, with its default and bounds; the operator's value comes from settings. */
export type ThresholdSpec = { key: string; label: string; unit: string; default: number; min: number; max: number }

/** The operator's thresholds for a rule, each within its bounds, defaults filled in. */
export type Thresholds = Readonly<Record<string, number>>

/** A condition true now, about one subject. Every field is in words an operator reads. */
export type Finding = {
  /** Stable across evaluations: the same condition about the same thing has the same subject. */
  subject: string
  /** Overrides the rule's severity for this finding (a hotter GPU is critical). */
  severity?: AlertSeverity
  title: string
  /** What happened, where, the figure against its threshold, and what to do; the engine adds "since …". */
  message: string
  figure: string
  threshold: string
  view: AlertView
  network?: string
  walletId?: string
  host?: string
  link?: string
}

export type AlertRule = {
  id: AlertRuleId
  name: string
  /** One line for the settings page: what it watches and why. */
  explanation: string
  severity: AlertSeverity
  /** A network's own rule names its network. */
  network?: string
  thresholds: readonly ThresholdSpec[]
  /** How long a condition must hold before the alert opens (a blip is not an alert). */
  openAfterMs: (thresholds: Thresholds) => number
  /** How long it must be clear before the alert resolves (hysteresis against flapping). */
  resolveAfterMs: number
  /** After it resolves, how long the same subject waits before it may open again. */
  cooldownMs: number
  evaluate(state: AlertState, thresholds: Thresholds): Finding[]
  /** The figure the rule watches now, for the settings page ("GPU 0 at 71 °C"); null when there is nothing to judge. */
  current(state: AlertState, thresholds: Thresholds): string | null
}
