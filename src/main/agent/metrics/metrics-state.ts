import type { AlertsSnapshot } from '../../../shared/contract/alerts.ts'
import type { MonitoringState } from '../../../shared/contract/app.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { ProfitSnapshot } from '../../../shared/contract/profit.ts'
import type { Currency, WalletsSnapshot } from '../../../shared/contract/wallets.ts'

/*
 * What one scrape reads: core's state as its events last delivered it, plus the two things only
 * the agent keeps, because core has no counter of them: the machine's energy since the agent
 * started and each collector's failures seen. Every metric family is a pure function of this,
 * so a scrape costs reading memory, never I/O.
 */

/** Joules the machine drew since the agent started, split by whether its watts were measured. */
export type EnergyTotals = { measuredJoules: number; estimatedJoules: number }

/** A profit summary as last asked of core, and whether the last ask failed. */
export type ProfitState = { snapshot: ProfitSnapshot | null; failedAt: number | null }

export type MetricsState = {
  /** When this state was read (the scrape's now): how old a sample is, is judged against it. */
  at: number
  version: string
  /** The settings currency: money metrics carry it in their names (registry.ts says why). */
  currency: Currency
  monitoring: MonitoringState
  hardware: HardwareSample | null
  nodes: NodesSnapshot | null
  wallets: WalletsSnapshot | null
  profit: ProfitState
  alerts: AlertsSnapshot | null
  energy: EnergyTotals
  /** Failed reads seen per collector (`power:rapl`, `wallet:wallet-1a2b3c4d`, `prices`, `nodes`, `profit`). */
  collectorErrors: ReadonlyMap<string, number>
}

/** The state before core said anything: every family answers it with no series, or zeros. */
export function emptyMetricsState(version: string, at: number, currency: Currency = 'usd'): MetricsState {
  return {
    at,
    version,
    currency,
    monitoring: { paused: false, sampleIntervalMs: 1000 },
    hardware: null,
    nodes: null,
    wallets: null,
    profit: { snapshot: null, failedAt: null },
    alerts: null,
    energy: { measuredJoules: 0, estimatedJoules: 0 },
    collectorErrors: new Map(),
  }
}
