import type { AlertsSnapshot } from '../../../shared/contract/alerts.ts'
import type { SettingsState } from '../../../shared/contract/app.ts'
import type { AnyEventListener } from '../../core/event-hub.ts'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import type { MethodName, MethodOutput } from '../../../shared/contract/methods.ts'
import type { NodesSnapshot } from '../../../shared/contract/nodes.ts'
import type { ProfitSnapshot } from '../../../shared/contract/profit.ts'
import type { Currency, WalletsSnapshot } from '../../../shared/contract/wallets.ts'
import type { DeskCore } from '../../core/app.ts'
import type { Logger } from '../../core/log.ts'
import { addSample } from './energy.ts'
import { FailureTally } from './failure-tally.ts'
import type { EnergyTotals, MetricsState, ProfitState } from './metrics-state.ts'

/*
 * What /metrics reads, kept as core's events deliver it: the agent is a transport of core's
 * state, as the WebSocket is, and reaches core only through its events and its contract. From
 * the start it keeps the latest of each snapshot, adds up the machine's joules at each sample
 * and counts failed reads, all cheap. Only once someone scrapes does it ask core for the profit
 * summary (after wallet updates and settings changes, and every few minutes): the summary reads
 * the power history and loads the local calendar's time-zone data (~8 MiB), which an agent that
 * nobody scrapes should not pay for. The first scrape therefore has no profit figures yet.
 */

export type DeskWatcher = {
  /** The state for one scrape; the first call starts the profit refreshes. */
  state(): MetricsState
  dispose(): void
}

export type DeskWatcherOptions = {
  log: Logger
  now?: () => number
  /** How often the profit summary is asked again while nothing prompted it; 5 min by default. */
  profitEveryMs?: number
  /** How long after a wallet update or settings change the summary is asked (a refresh emits several); 2 s by default. */
  profitSettleMs?: number
}

type CoreFace = Pick<DeskCore, 'events' | 'dispatch' | 'monitor' | 'info'>

/** One contract call, its value or null when core refused it. */
async function ask<M extends MethodName>(core: CoreFace, method: M): Promise<MethodOutput<M> | null> {
  const envelope = await core.dispatch(method, {})
  // Core answered its own method: the value is that method's output.
  return envelope.ok ? (envelope.value as MethodOutput<M>) : null
}

export function watchDesk(core: CoreFace, options: DeskWatcherOptions): DeskWatcher {
  const now = options.now ?? Date.now
  const tally = new FailureTally()
  let currency: Currency = 'usd'
  let hardware: HardwareSample | null = null
  let nodes: NodesSnapshot | null = null
  let wallets: WalletsSnapshot | null = null
  let alerts: AlertsSnapshot | null = null
  let energy: EnergyTotals = { measuredJoules: 0, estimatedJoules: 0 }
  let profit: ProfitState = { snapshot: null, failedAt: null }
  let scraped = false
  let disposed = false
  // Read through a call: a plain read after an await would be narrowed to its value before it.
  const stopped = (): boolean => disposed
  let settleTimer: ReturnType<typeof setTimeout> | undefined
  let everyTimer: ReturnType<typeof setInterval> | undefined

  let asking: Promise<void> | null = null
  function refreshProfit(): Promise<void> {
    asking ??= askProfit().finally(() => {
      asking = null
    })
    return asking
  }

  async function askProfit(): Promise<void> {
    // Wallets not loaded yet: asking would load the chain SDKs for a summary with nothing in it.
    if (wallets === null || stopped()) return
    const envelope = await core.dispatch('profit.summary', {})
    // Disposed while core computed: the answer has nowhere to go.
    if (stopped()) return
    if (envelope.ok) profit = { snapshot: envelope.value as ProfitSnapshot, failedAt: null }
    else {
      profit = { snapshot: profit.snapshot, failedAt: now() }
      tally.failed('profit')
      options.log.debug('metrics: profit summary failed', envelope.error)
    }
  }

  function soon(): void {
    if (!scraped || stopped() || settleTimer !== undefined) return
    settleTimer = setTimeout(() => {
      settleTimer = undefined
      void refreshProfit()
    }, options.profitSettleMs ?? 2_000)
    settleTimer.unref()
  }

  const listener: AnyEventListener = (event, payload) => {
    switch (event) {
      case 'hardware.sampled': {
        const sample = payload as HardwareSample
        energy = addSample(energy, sample.power.total, core.monitor.state.sampleIntervalMs)
        tally.sampled(sample)
        hardware = sample
        return
      }
      case 'wallets.updated': {
        const next = payload as WalletsSnapshot
        tally.wallets(wallets, next)
        wallets = next
        return soon()
      }
      case 'nodes.changed': {
        const next = payload as NodesSnapshot
        tally.nodes(nodes, next)
        nodes = next
        return
      }
      case 'alerts.changed':
        alerts = payload as AlertsSnapshot
        return
      case 'settings.changed':
        currency = (payload as SettingsState).settings.currency
        return soon()
      default:
        return
    }
  }
  const unsubscribe = core.events.subscribe(listener)

  // What core holds already; an event that arrives first wins, being newer.
  void Promise.all([ask(core, 'settings.get'), ask(core, 'alerts.snapshot'), ask(core, 'hardware.latest')])
    .then(([settings, alertsNow, sample]) => {
      if (settings !== null) currency = settings.settings.currency
      alerts ??= alertsNow
      hardware ??= sample
    })
    .catch((error: unknown) => options.log.warn('metrics: could not read core’s state at start', error))

  return {
    state() {
      if (!scraped) {
        scraped = true
        void refreshProfit()
        everyTimer = setInterval(() => void refreshProfit(), options.profitEveryMs ?? 300_000)
        everyTimer.unref()
      }
      return {
        at: now(),
        version: core.info.version,
        currency,
        monitoring: core.monitor.state,
        hardware,
        nodes,
        wallets,
        profit,
        alerts,
        energy,
        collectorErrors: tally.counts,
      }
    },
    dispose() {
      disposed = true
      unsubscribe()
      clearTimeout(settleTimer)
      clearInterval(everyTimer)
    },
  }
}
