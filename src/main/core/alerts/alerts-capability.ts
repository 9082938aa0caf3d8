import { join } from 'node:path'
import type { Alert, AlertsSnapshot } from '../../../shared/contract/alerts.ts'
import type { Settings } from '../../../shared/contract/settings.ts'
import type { WalletsSnapshot } from '../../../shared/contract/wallets.ts'
import type { HandlersOf } from '../capability.ts'
import { DeskError } from '../errors.ts'
import type { Logger } from '../log.ts'
import type { SecretStore } from '../store/secret-store.ts'
import { AlertLog } from './alert-log.ts'
import type { PushDelivery } from './channels/index.ts'
import {
  acknowledge,
  conditionKey,
  conditionRows,
  nextSnoozeEnd,
  openAlerts,
  presentAlert,
  restoreState,
  snapshotOf,
  snoozeAlert,
  step,
  type EngineState,
  type LoggedAlert,
  type RuleRun,
} from './engine.ts'
import { machineOffset, type OffsetMinutes } from './local-time.ts'
import { inQuietHours } from './quiet-hours.ts'
import type { AlertRule, AlertState, PricePoint, Thresholds } from './rule.ts'
import { createRuleMemo } from './rule-memo.ts'
import { applyRulesChange, ruleEnabled, ruleInfo, thresholdsFor } from './thresholds.ts'

/*
 * The alerts capability: gathers the state core already holds, runs every enabled rule over it,
 * steps the engine, writes what changed to the alert log, pushes fresh alerts and tells every
 * window. Evaluations never overlap; a rule that throws is logged and skipped, never takes the
 * others down. The channels (channels/) load only when a channel is configured or asked about.
 */

export type { PushDelivery }

/** What the lead's gather answers; settings are read here, fresh, at each evaluation. */
export type GatheredState = Omit<AlertState, 'now' | 'priceHistory' | 'lastOpened' | 'settings'>

export type AlertSystemOptions = {
  /** Where alerts.sqlite lives; without it, in memory (tests). */
  dataDir: string | undefined
  log: Logger
  settings: () => Settings
  saveSettings: (next: Settings) => unknown
  secrets: SecretStore
  emit: (event: 'alerts.changed', snapshot: AlertsSnapshot) => void
  gather: () => Promise<GatheredState>
  /** The rules to run now: the core ones, and each loaded network's own (they appear once the wallets load). */
  rules: () => readonly AlertRule[]
  /** The sampling cadence, read before each wait so a change applies from the next one. */
  intervalMs: () => number
  now?: () => number
  /** The local clock's offset for quiet hours and the words of alerts; this machine's by default. */
  offset?: OffsetMinutes
  /** Who pushes fresh alerts; by default the channels in settings (channels/). */
  delivery?: { deliver(alerts: Alert[]): void }
  /** Builds the channels' side; by default channels/index.ts, loaded on first need. */
  push?: () => Promise<PushDelivery>
}

export type AlertMethods =
  | 'alerts.snapshot'
  | 'alerts.list'
  | 'alerts.ack'
  | 'alerts.snooze'
  | 'alerts.rules'
  | 'alerts.channels'
  | 'alerts.addChannel'
  | 'alerts.removeChannel'
  | 'alerts.testChannel'

/** The price-crash rule compares with a day ago: 25 h leaves an hour of slack. */
const priceWindowMs = 25 * 3_600_000
/** One price point per 5 minutes at most: 300 a day, whatever the sampling cadence. */
const priceEveryMs = 5 * 60_000
const dayMs = 86_400_000
const minuteMs = 60_000
/** A rule whose inputs are unchanged but for the clock runs again after this long (rule-memo.ts). */
const clockSlackMs = 60_000

/** What a window shows of a snapshot: an open alert seen again with nothing new is no change. */
function signatureOf(view: AlertsSnapshot): string {
  return JSON.stringify([view.open.map((alert) => ({ ...alert, lastSeenAt: 0 })), view.counts, view.quiet])
}

export function createAlertSystem(options: AlertSystemOptions) {
  const { log, settings } = options
  const now = options.now ?? Date.now
  const offset = options.offset ?? machineOffset
  const alertLog = AlertLog.open(options.dataDir === undefined ? ':memory:' : join(options.dataDir, 'alerts.sqlite'), log)

  let lastPruneAt = now()
  prune(lastPruneAt)
  let state: EngineState = restoreState({
    open: alertLog.openAlerts(),
    conditions: alertLog.conditions(),
    lastOpened: alertLog.lastOpened(),
    nextId: alertLog.nextId(),
  })
  let priceCurrency = settings().currency
  let prices: readonly PricePoint[] = alertLog.pricePoints(lastPruneAt - priceWindowMs, priceCurrency)
  /** The state the rules saw last, for the settings page's `current` figures. */
  let lastSeen: AlertState | null = null
  // What the windows were last told; at start, what they read with alerts.snapshot.
  let lastSignature = signatureOf(snapshot([]))
  const memo = createRuleMemo(clockSlackMs)
  /** Each rule's thresholds for the settings object they were read from: the same object while settings are unchanged. */
  let thresholdsOf: { settings: Settings; rules: readonly AlertRule[]; byRule: Map<string, Thresholds> } | null = null
  /** One lookup per map of last openings, so an unchanged map is an unchanged input to the rules. */
  let lastOpenedOf: { map: EngineState['lastOpened']; lookup: AlertState['lastOpened'] } | null = null
  /** The view the last evaluation built and what else it depended on: rebuilt only when one of them moves. */
  let lastView: { view: AlertsSnapshot; alerts: Settings['alerts']; quiet: boolean; until: number } | null = null
  /** The last error of each failing rule: logged when it first fails or fails differently, not at every evaluation. */
  const ruleErrors = new Map<string, string>()
  let writeProblem: string | null = null

  let pushDelivery: Promise<PushDelivery> | undefined
  const push = (): Promise<PushDelivery> => {
    pushDelivery ??= options.push
      ? options.push()
      : import('./channels/index.ts').then(({ createPushDelivery }) =>
          createPushDelivery({ secrets: options.secrets, settings, saveSettings: options.saveSettings, log, now }),
        )
    return pushDelivery
  }

  function prune(at: number): void {
    try {
      const deleted = alertLog.prune(at, settings().alerts.retentionDays)
      if (deleted > 0) log.info(`alert log: deleted ${String(deleted)} resolved alerts past retention`)
    } catch (error) {
      log.warn('alert log: retention could not run', error)
    }
  }

  /** Writes what changed; a log that cannot be written is said once, and alerts go on in memory. */
  function persist(alerts: readonly LoggedAlert[], conditions: boolean): void {
    try {
      // Later versions of one alert (opened, then marked notified) replace earlier ones.
      const latest = new Map(alerts.map((alert) => [alert.id, alert]))
      alertLog.commit([...latest.values()], conditions ? conditionRows(state) : null)
      writeProblem = null
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error)
      if (problem !== writeProblem) log.error('alert log: could not write; alerts carry on in memory', error)
      writeProblem = problem
    }
  }

  function recordPrice(wallets: WalletsSnapshot | null, at: number, current: Settings): void {
    if (current.currency !== priceCurrency) {
      // Prices in another currency do not compare: the history starts again.
      priceCurrency = current.currency
      prices = []
    }
    const cutoff = at - priceWindowMs
    if (prices.length > 0 && (prices[0]?.at ?? at) < cutoff) prices = prices.filter((point) => point.at >= cutoff)
    const last = prices.at(-1)
    if (wallets === null || wallets.currency !== priceCurrency || (last !== undefined && at - last.at < priceEveryMs)) return
    const quoted: Record<string, string> = {}
    // The operator's own override is not a market move.
    for (const quote of wallets.prices) if (quote.freshness !== 'manual' && quote.currency === priceCurrency) quoted[quote.token] = quote.price
    if (Object.keys(quoted).length === 0) return
    const point: PricePoint = { at, prices: quoted }
    // A new array: a rule holding the previous one sees a history that does not move under it.
    prices = [...prices, point]
    try {
      alertLog.addPricePoint(point, priceCurrency, cutoff)
    } catch (error) {
      log.warn('alert log: a price point could not be kept across restarts', error)
    }
  }

  function runRules(seen: AlertState, current: Settings): { runs: RuleRun[]; skipped: Set<string> } {
    const runs: RuleRun[] = []
    const skipped = new Set<string>()
    const rules = options.rules()
    if (thresholdsOf?.settings !== current || thresholdsOf.rules !== rules) {
      thresholdsOf = { settings: current, rules, byRule: new Map(rules.map((rule) => [rule.id, thresholdsFor(rule, current)])) }
    }
    for (const rule of rules) {
      if (!ruleEnabled(rule, current)) continue
      const thresholds = thresholdsOf.byRule.get(rule.id) ?? thresholdsFor(rule, current)
      try {
        runs.push({ rule, openAfterMs: rule.openAfterMs(thresholds), findings: memo.evaluate(rule, seen, thresholds) })
        ruleErrors.delete(rule.id)
      } catch (error) {
        skipped.add(rule.id)
        const problem = error instanceof Error ? error.message : String(error)
        if (ruleErrors.get(rule.id) !== problem) log.error(`alert rule ${rule.id} failed and was skipped`, error)
        ruleErrors.set(rule.id, problem)
      }
    }
    return { runs, skipped }
  }

  function snapshot(fresh: readonly LoggedAlert[]): AlertsSnapshot {
    const current = settings().alerts
    return snapshotOf(state, { now: now(), snoozes: current.snoozes, quietHours: current.quietHours, offset, fresh })
  }

  /** Tells every window when what they show changed (not when an open alert was merely seen again). */
  function announce(view: AlertsSnapshot): void {
    const signature = signatureOf(view)
    if (signature === lastSignature && view.fresh.length === 0) return
    lastSignature = signature
    try {
      options.emit('alerts.changed', view)
    } catch (error) {
      log.warn('alerts.changed could not be sent', error)
    }
  }

  function deliver(alerts: Alert[]): void {
    if (alerts.length === 0) return
    try {
      if (options.delivery) options.delivery.deliver(alerts)
      // With no channel configured, channels/ never loads.
      else if (settings().alerts.channels.length > 0) {
        push().then(
          (delivery) => delivery.deliver(alerts),
          (error: unknown) => log.error('push channels could not load', error),
        )
      }
    } catch (error) {
      log.error('alerts could not be handed to the push channels', error)
    }
  }

  async function evaluateOnce(): Promise<AlertsSnapshot> {
    let gathered: GatheredState
    try {
      gathered = await options.gather()
    } catch (error) {
      // Without the state nothing can be judged; clearing every alert for it would be wrong.
      log.warn('alerts: the state could not be gathered; this evaluation is skipped', error)
      return snapshot([])
    }
    // From here on nothing awaits: an ack or snooze that arrived meanwhile is already in `state`.
    const at = now()
    const current = settings()
    if (at - lastPruneAt >= dayMs) {
      lastPruneAt = at
      prune(at)
    }
    recordPrice(gathered.wallets, at, current)
    if (lastOpenedOf?.map !== state.lastOpened) {
      const map = state.lastOpened
      lastOpenedOf = { map, lookup: (rule, subject) => map.get(conditionKey(rule, subject)) ?? null }
    }
    const seen: AlertState = { ...gathered, settings: current, now: at, priceHistory: prices, lastOpened: lastOpenedOf.lookup }
    lastSeen = seen
    const { runs, skipped } = runRules(seen, current)
    const { snoozes, quietHours } = current.alerts
    const result = step(state, { now: at, runs, skipped, snoozes, quietHours, offset })
    state = result.state
    const { opened, updated, resolved, fresh, conditionsChanged } = result.changes
    persist([...opened, ...updated, ...resolved, ...fresh], conditionsChanged)
    // A resolution is pushed where the opening was: the operator who heard "down" hears "back".
    const quiet = inQuietHours(quietHours, at, offset)
    const ended = quiet ? [] : resolved.filter((alert) => alert.notifiedAt !== null && alert.ackedAt === null)
    deliver([...fresh, ...ended].map((alert) => presentAlert(alert, snoozes, at)))
    // Nothing opened, changed, resolved or fell due, and no snooze or quiet hour ended: the view is the last one.
    const unchanged = opened.length + updated.length + resolved.length + fresh.length === 0
    if (unchanged && lastView !== null && lastView.alerts === current.alerts && lastView.quiet === quiet && at < lastView.until) return { ...lastView.view, fresh: [], at }
    const view = snapshotOf(state, { now: at, snoozes, quietHours, offset, fresh })
    lastView = { view, alerts: current.alerts, quiet, until: nextSnoozeEnd(state, snoozes, at) }
    announce(view)
    return view
  }

  let running: Promise<AlertsSnapshot> | null = null
  let queued: Promise<AlertsSnapshot> | null = null
  /**
   * Never two at once: a call during an evaluation waits for it and then runs once more (the
   * state it was asked for may have come after the running one gathered); calls meanwhile share that run.
   */
  function evaluate(): Promise<AlertsSnapshot> {
    if (running === null) {
      running = evaluateOnce().finally(() => {
        running = null
      })
      return running
    }
    queued ??= running.then(
      () => {
        queued = null
        return evaluate()
      },
      () => {
        queued = null
        return evaluate()
      },
    )
    return queued
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  let started = false
  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      void evaluate().finally(() => {
        if (started) schedule(options.intervalMs())
      })
    }, delayMs)
    // Alerts alone must not keep a process alive; the shell's server or window does.
    timer.unref()
  }

  function findOpenOrLogged(id: number): LoggedAlert {
    const logged = alertLog.get(id)
    if (logged === null) throw new DeskError('not-found', `No alert with id ${String(id)}.`, { field: 'id' })
    return logged
  }

  function changedByOperator(alert: LoggedAlert | null): void {
    lastView = null
    if (alert !== null) persist([alert], false)
    announce(snapshot([]))
  }

  const handlers: HandlersOf<AlertMethods> = {
    'alerts.snapshot': () => snapshot([]),
    'alerts.list': (query) => {
      // The log's copy of an open alert may lag (lastSeenAt is written when its words change); the engine's is current.
      const open = new Map(openAlerts(state).map((alert) => [alert.id, alert]))
      const { snoozes } = settings().alerts
      const at = now()
      return alertLog.list(query).map((alert) => presentAlert(open.get(alert.id) ?? alert, snoozes, at))
    },
    'alerts.ack': ({ id }) => {
      const at = now()
      const done = acknowledge(state, id, at)
      let alert: LoggedAlert
      if (done !== null) {
        state = done.state
        alert = done.alert
      } else {
        // Resolved already (the condition cleared as the operator clicked): acknowledged all the same.
        const logged = findOpenOrLogged(id)
        alert = logged.ackedAt === null ? { ...logged, ackedAt: at } : logged
      }
      changedByOperator(alert)
      return presentAlert(alert, settings().alerts.snoozes, at)
    },
    'alerts.snooze': (request) => {
      const at = now()
      const until = at + request.minutes * minuteMs
      if (request.scope === 'alert') {
        const done = snoozeAlert(state, request.id, until)
        if (done === null) {
          findOpenOrLogged(request.id)
          throw new DeskError('invalid-input', `id: alert ${String(request.id)} has resolved; there is nothing to snooze`, { field: 'id' })
        }
        state = done.state
        changedByOperator(done.alert)
      } else {
        const current = settings()
        const network = request.scope === 'network' ? request.network : null
        // One standing snooze per scope: a new one replaces it; ended ones are dropped as they go by.
        const kept = current.alerts.snoozes.filter((s) => s.until > at && !(s.scope === request.scope && s.network === network))
        options.saveSettings({ ...current, alerts: { ...current.alerts, snoozes: [...kept, { scope: request.scope, network, until }] } })
        changedByOperator(null)
      }
      return snapshot([])
    },
    'alerts.rules': (change) => {
      if (change.rules !== undefined || change.quietHours !== undefined) {
        options.saveSettings(applyRulesChange(settings(), change, options.rules()))
        // Quiet hours on or off shows in the snapshot at once; rule changes at the next evaluation.
        announce(snapshot([]))
      }
      const current = settings()
      return options.rules().map((rule) => ruleInfo(rule, current, lastSeen))
    },
    'alerts.channels': async () => (await push()).channels(),
    'alerts.addChannel': async (input) => (await push()).addChannel(input),
    'alerts.removeChannel': async ({ id }) => (await push()).removeChannel(id),
    'alerts.testChannel': async (input) => (await push()).testChannel(input),
  }

  return {
    handlers,
    evaluate,
    /** The open alerts and counts now, for the shells (tray) at start. */
    snapshot: (): AlertsSnapshot => snapshot([]),
    async start(): Promise<void> {
      if (started) return
      started = true
      schedule(0)
    },
    async stop(): Promise<void> {
      started = false
      clearTimeout(timer)
      timer = undefined
      await queued
      await running
      // When each open alert was last seen is written lazily; now is the time.
      persist(openAlerts(state), true)
      if (pushDelivery !== undefined) {
        try {
          (await pushDelivery).dispose()
        } catch (error) {
          log.warn('push channels did not close cleanly', error)
        }
      }
      alertLog.close()
    },
  }
}

export type AlertSystem = ReturnType<typeof createAlertSystem>
