/**
 * The alert engine's cost, in its own process: `node scripts/bench/alerts-probe.ts [--json]
 * [--evaluations N] [--seconds N]`. 50 rules (the real ones, padded with copies under other ids)
 * over a day of state: a hardware sample, 8 days of ledger entries for 8 wallets, a profit
 * snapshot, 25 h of prices and each wallet's previous read. An evaluation is the whole of one:
 * rules, engine step, the alert log on a real file, the snapshot and its change check.
 *
 * alerts_eval_ms / alerts_eval_p95_ms: median and p95 with every rule running (fresh state each
 *   time); alerts_engine_ms: the part of it outside the rules.
 * alerts_eval_steady_ms: median while the slow state is unchanged (between wallet refreshes).
 * alerts_cpu_pct: what the evaluation loop, steady, on its own 1 s timer, adds to this process's
 *   CPU: what alerts add to sampler_cpu_pct. --seconds is cut into 5 s windows, the loop running
 *   in one of each pair and stopped in the other (which comes first alternates, so a drift in the
 *   machine's load cancels); the figure is the median of the pairs' differences (running less
 *   stopped), clamped at 0 (alerts_cpu_pct_unclamped keeps its sign). An idle window measured
 *   once, apart from the paced run, gave 0, 0.27 and 0.95 on three runs: whatever lands in
 *   either window (a collection, a neighbour's load on the caches) counts whole.
 * alerts_cpu_pct_windows: how many pairs that median is over. alerts_cpu_idle_pct: median stopped window.
 * sampler_with_alerts_cpu_pct: the real MachineSampler at 1 s and the evaluation loop at 1 s in
 *   this process for another --seconds, measured as sampler-probe.ts measures sampler_cpu_pct
 *   (self + reaped children, /proc/self/stat, over the elapsed time): its goal is sampler_cpu_pct + 0.1.
 * alerts_cpu_every_rule_pct: computed, every rule at every 1 s evaluation.
 * Without --json, each rule's share of an evaluation follows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { AlertLog } from '../../src/main/core/alerts/alert-log.ts'
import { createAlertSystem, type GatheredState } from '../../src/main/core/alerts/alerts-capability.ts'
import type { AlertRule } from '../../src/main/core/alerts/rule.ts'
import { coreRules, networkRules } from '../../src/main/core/alerts/rules/index.ts'
import { MachineSampler } from '../../src/main/core/hardware/machine-sampler.ts'
import { SampleLoop } from '../../src/main/core/hardware/sample-loop.ts'
import { silentLogger } from '../../src/main/core/log.ts'
import { networkInfo, networks } from '../../src/main/core/networks/index.ts'
import { createMemorySecretStore } from '../../src/main/core/store/memory-secret-store.ts'
import type { HardwareSample } from '../../src/shared/contract/hardware.ts'
import type { ProfitFigures, ProfitSnapshot } from '../../src/shared/contract/profit.ts'
import { defaultSettings, type Settings } from '../../src/shared/contract/settings.ts'
import type { PriceQuote, RewardEntry, WalletView, WalletsSnapshot } from '../../src/shared/contract/wallets.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    evaluations: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '60' },
  },
})
const evaluations = Number(values.evaluations)
const seconds = Number(values.seconds)
const ruleCount = 50
const minute = 60_000
const hour = 60 * minute
const day = 24 * hour

/** Time spent inside rules' evaluate, per rule id, since the last reset: the rest of an evaluation is the engine's. */
const ruleMs = new Map<string, number>()

function timed(rule: AlertRule): AlertRule {
  return {
    ...rule,
    evaluate: (state, thresholds) => {
      const t0 = performance.now()
      try {
        return rule.evaluate(state, thresholds)
      } finally {
        ruleMs.set(rule.id, (ruleMs.get(rule.id) ?? 0) + performance.now() - t0)
      }
    },
  }
}

/** The real rules, then copies of them under other ids up to 50: each copy is its own rule to the engine. */
function fiftyRules(): AlertRule[] {
  const real = [...coreRules, ...networkRules(networks)]
  const rules = [...real]
  for (let copy = 2; rules.length < ruleCount; copy++) {
    for (const rule of real) {
      if (rules.length >= ruleCount) break
      rules.push({ ...rule, id: `${rule.id}-x${String(copy)}` })
    }
  }
  return rules.map(timed)
}

function hardwareAt(at: number): HardwareSample {
  const gpu = (index: number, celsius: number): HardwareSample['gpus'][number] => ({
    id: `nvidia:GPU-${String(index)}`,
    vendor: 'nvidia',
    name: 'RTX 4090',
    utilizationPercent: 97,
    temperatureCelsius: celsius,
    powerWatts: 380,
    powerLimitWatts: 450,
    fanPercent: 70,
    memoryUsedMib: 20_000,
    memoryTotalMib: 24_564,
    clockMhz: 2520,
    throttleReasons: [],
    at,
    stale: false,
  })
  const reading = (deviceId: string, label: string, scope: 'wall' | 'gpu', watts: number, source: string) => ({ deviceId, label, scope, watts, kind: 'measured' as const, source, at })
  const plug = reading('plug:rig', 'Rig plug', 'wall', 930, 'shelly-gen2')
  return {
    provenance: { kind: 'measured', source: 'procfs', at },
    durationMs: 2,
    cpu: { loadPercent: 35, cores: 16, perCorePercent: Array.from({ length: 16 }, () => 35) },
    memory: { usedBytes: 24e9, totalBytes: 64e9 },
    network: { rxBytesPerSecond: 2e6, txBytesPerSecond: 8e6, interfaces: [{ name: 'eth0', rxBytesPerSecond: 2e6, txBytesPerSecond: 8e6 }] },
    uptimeSeconds: 3 * 86_400,
    temperatures: [
      { sensor: 'k10temp', label: 'Tctl', kind: 'cpu', celsius: 68 },
      { sensor: 'nvme0', label: 'Composite', kind: 'disk', celsius: 44 },
      { sensor: 'nvidia:GPU-0', label: 'GPU 0', kind: 'gpu', celsius: 71 },
      { sensor: 'nvidia:GPU-1', label: 'GPU 1', kind: 'gpu', celsius: 74 },
    ],
    disks: [
      { mount: '/', device: '/dev/nvme0n1p2', usedBytes: 400e9, totalBytes: 1e12 },
      { mount: '/srv/filecoin', device: '/dev/sda1', usedBytes: 14e12, totalBytes: 16e12 },
    ],
    battery: null,
    gpus: [gpu(0, 71), gpu(1, 74)],
    power: {
      total: { totalWatts: 930, kind: 'measured', basis: 'wall', sources: ['shelly-gen2'], readings: [plug], at, reason: 'wall plug (Rig plug) · measured' },
      sources: [
        { source: 'shelly-gen2', readings: [plug], error: null, lastSuccessAt: at, durationMs: 40 },
        { source: 'nvidia-smi', readings: [reading('nvidia:GPU-0', 'GPU 0', 'gpu', 380, 'nvidia-smi'), reading('nvidia:GPU-1', 'GPU 1', 'gpu', 380, 'nvidia-smi')], error: null, lastSuccessAt: at, durationMs: 1 },
      ],
    },
  }
}

/** One wallet on each network, 8 days of rewards every 2 h, prices, profit: a day of what core holds. */
function dayOfState(start: number): { settings: Settings; base: Omit<GatheredState, 'hardware'>; prices: Record<string, string> } {
  const modules = [...networks.values()].slice(0, 8)
  const views: WalletView[] = []
  const rewards: RewardEntry[] = []
  const quotes: PriceQuote[] = []
  const prices: Record<string, string> = {}
  modules.forEach((module, i) => {
    const token = module.info.tokens[0]
    if (token === undefined) return
    const id = `wallet-${String(i).padStart(8, '0')}`
    const price = (1 + i * 3.7).toFixed(2)
    prices[token.symbol] = price
    quotes.push({ token: token.symbol, currency: 'usd', price, source: 'coingecko', at: start, freshness: 'live', warning: null, change24hPct: null })
    const amount = (10n ** BigInt(token.decimals) * 125n).toString()
    views.push({
      wallet: { id, network: module.info.id, address: `address-${String(i)}`, label: `Rig ${String(i + 1)}`, addedAt: start - 40 * day },
      holdings: [{ token: token.symbol, kind: 'liquid', amount, decimals: token.decimals, detail: null, fiat: (125 * Number(price)).toFixed(2) }],
      fiatTotal: (125 * Number(price)).toFixed(2),
      partial: false,
      freshness: 'live',
      fetchedAt: start - minute,
      source: ['rpc.example'],
      error: null,
    })
    for (let at = start - 8 * day + i * 7 * minute; at < start; at += 2 * hour) {
      rewards.push({
        id: rewards.length + 1,
        network: module.info.id,
        walletId: id,
        address: `address-${String(i)}`,
        token: token.symbol,
        amount: (10n ** BigInt(token.decimals) / 4n).toString(),
        decimals: token.decimals,
        at,
        price,
        fiat: (Number(price) / 4).toFixed(4),
        currency: 'usd',
        source: 'balance-delta',
        classification: 'reward',
        rule: null,
      })
    }
  })
  rewards.sort((a, b) => b.at - a.at)
  const wallets: WalletsSnapshot = {
    currency: 'usd',
    wallets: views,
    total: { fiat: '20000.00', partial: false },
    networks: views.map((view) => ({ network: view.wallet.network, fiat: view.fiatTotal, partial: false, freshness: 'live' })),
    prices: quotes,
    refreshing: false,
    at: start,
  }
  const figures = (window: ProfitFigures['window'], days: number): ProfitFigures => ({
    window,
    fromMs: start - days * day,
    toMs: start,
    days,
    revenue: (12 * days).toFixed(2),
    revenueAtToday: (13 * days).toFixed(2),
    kwh: 22 * days,
    estimatedKwh: 0,
    electricity: (6.6 * days).toFixed(2),
    amortization: (3 * days).toFixed(2),
    otherCosts: (0.5 * days).toFixed(2),
    net: (1.9 * days).toFixed(2),
    netPerDay: '1.90',
    missing: [],
  })
  const windows = [figures('today', 0.5), figures('7d', 7), figures('30d', 30), figures('all', 90)]
  const profit: ProfitSnapshot = {
    currency: 'usd',
    at: start,
    total: windows,
    networks: modules.map((module) => ({
      network: module.info.id,
      name: module.info.name,
      token: module.info.tokens[0]?.symbol ?? '',
      currentPrice: prices[module.info.tokens[0]?.symbol ?? ''] ?? null,
      windows,
      breakEvenPrice: '0.50',
      breakEvenKwhPrice: '0.80',
      payback: { state: 'on-track', at: start + 200 * day },
      attribution: 'evenly among the networks with wallets',
      lastReward: null,
      nextRewardDueAt: null,
    })),
    daily: Array.from({ length: 30 }, (_, i) => ({ dayStartMs: start - (30 - i) * day, net: '1.90', byNetwork: {} })),
    power: { kind: 'measured', reason: 'wall plug (Rig plug) · measured' },
    whatIf: null,
  }
  const settings: Settings = {
    ...defaultSettings,
    wallets: views.map((view) => view.wallet),
    profit: { ...defaultSettings.profit, tariff: [{ label: 'Flat', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }] },
  }
  const base: Omit<GatheredState, 'hardware'> = {
    paused: false,
    historyProblem: null,
    nodes: null,
    wallets,
    // The read before the one shown held the same: nothing dropped.
    previousHoldings: new Map(views.map((view) => [view.wallet.id, { fetchedAt: start - 6 * minute, holdings: view.holdings }])),
    rewards,
    profit,
    networks: new Map([...networks.values()].map((module) => [module.info.id, networkInfo(module)])),
  }
  return { settings, base, prices }
}

/** An alert system on a fresh data dir whose log already holds 25 h of price points (one per 5 min). */
/**
 * 'fresh': every evaluation gathers new objects (a wallets snapshot rebuilt, the ledger queried
 * again), so every rule runs every time: the whole cost of 50 rules. 'steady': the slow state
 * is the same objects until it changes, as between wallet refreshes, so the capability answers
 * rules over unchanged state from what it kept (rule-memo.ts) and only the hardware rules run.
 */
type Mode = 'fresh' | 'steady'

function system(start: number, now: () => number, mode: Mode) {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-alerts-bench-'))
  const { settings, base, prices } = dayOfState(start)
  const log = AlertLog.open(join(dataDir, 'alerts.sqlite'))
  for (let at = start - 25 * hour; at < start; at += 5 * minute) {
    const drift = 1 + 0.02 * Math.sin(at / hour)
    log.addPricePoint({ at, prices: Object.fromEntries(Object.entries(prices).map(([token, price]) => [token, (Number(price) * drift).toFixed(4)])) }, 'usd', start - 25 * hour)
  }
  log.close()
  const rules = fiftyRules()
  const alerts = createAlertSystem({
    dataDir,
    log: silentLogger,
    settings: () => settings,
    saveSettings: () => undefined,
    secrets: createMemorySecretStore(),
    emit: () => undefined,
    gather: async () =>
      mode === 'steady'
        ? { ...base, hardware: hardwareAt(now()) }
        : {
            ...base,
            hardware: hardwareAt(now()),
            wallets: base.wallets === null ? null : { ...base.wallets },
            rewards: [...base.rewards],
            profit: base.profit === null ? null : { ...base.profit },
            networks: new Map(base.networks),
            previousHoldings: new Map(base.previousHoldings),
          },
    rules: () => rules,
    intervalMs: () => 1_000,
    now,
    delivery: { deliver: () => undefined },
  })
  return { alerts, dispose: () => rmSync(dataDir, { recursive: true, force: true }) }
}

const percentile = (list: readonly number[], p: number): number => {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The middle of the list, or the mean of its two middles. */
function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2
}

/** CPU seconds of this process and of the children it has reaped, from /proc/self/stat, as sampler-probe.ts reads them. */
function cpuSeconds(): number {
  const ticksPerSecond = 100 // USER_HZ, fixed at 100 on Linux for /proc
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  const at = (i: number): number => Number(fields[i - 3])
  return (at(14) + at(15) + at(16) + at(17)) / ticksPerSecond
}

/**
 * The capability's evaluation loop (alerts-capability.ts schedule()): evaluate, then wait the
 * interval once it settled. Not its start() and stop(): stop() writes every open alert to the
 * log, a shutdown's cost that would land in every window. Returns a stop that waits for a run under way.
 */
function pace(evaluate: () => Promise<unknown>, intervalMs: number): () => Promise<void> {
  let on = true
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<unknown> = Promise.resolve()
  const tick = (): void => {
    inFlight = evaluate()
      .catch((error: unknown) => process.stderr.write(`evaluation failed: ${String(error)}\n`))
      .finally(() => {
        if (on) timer = setTimeout(tick, intervalMs)
      })
  }
  tick()
  return async () => {
    on = false
    clearTimeout(timer)
    await inFlight
  }
}

/** This process's CPU, in % of one core, over a window of `ms`, the loop running in it when `evaluate` is given. */
async function windowPct(ms: number, evaluate?: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage()
  const wallBefore = performance.now()
  const stop = evaluate === undefined ? null : pace(evaluate, 1_000)
  await sleep(ms)
  await stop?.()
  const used = process.cpuUsage(before)
  return ((used.user + used.system) / 1_000 / (performance.now() - wallBefore)) * 100
}

/**
 * Pairs of 5 s windows over `totalSeconds`, the loop running in one and stopped in the other.
 * process.cpuUsage counts in microseconds: /proc's 10 ms ticks would swamp a window's few ms.
 */
async function interleaved(evaluate: () => Promise<unknown>, totalSeconds: number): Promise<{ differences: number[]; idle: number[] }> {
  const windowMs = 5_000
  const pairs = Math.max(1, Math.floor(totalSeconds / 10))
  const differences: number[] = []
  const idle: number[] = []
  for (let k = 0; k < pairs; k++) {
    const runningFirst = k % 2 === 0
    const first = await windowPct(windowMs, runningFirst ? evaluate : undefined)
    const second = await windowPct(windowMs, runningFirst ? undefined : evaluate)
    const [running, stopped] = runningFirst ? [first, second] : [second, first]
    differences.push(running - stopped)
    idle.push(stopped)
  }
  return { differences, idle }
}

/** The sampler and the evaluation loop, each at 1 s on the wall clock, as sampler-probe.ts times the sampler alone. */
async function samplerWithAlerts(evaluate: () => Promise<unknown>, runSeconds: number): Promise<{ cpuPct: number; samples: number }> {
  const sampler = new MachineSampler({ intervalMs: () => 1_000, initialIntervalMs: 1_000, log: silentLogger })
  // Started before the window, as in sampler-probe.ts: the one long-lived nvidia-smi child is not a per-sample cost.
  sampler.start()
  await sleep(500)
  let samples = 0
  const sampling = new SampleLoop({
    intervalMs: 1_000,
    read: () => sampler.read(),
    onSample: () => samples++,
    onError: (error) => process.stderr.write(`sample failed: ${String(error)}\n`),
  })
  const cpuBefore = cpuSeconds()
  const startedAt = performance.now()
  sampling.start()
  // Half a second after the first sample, so the two timers do not fire in the same instant.
  await sleep(500)
  const stop = pace(evaluate, 1_000)
  await sleep(runSeconds * 1_000 - 500)
  await stop()
  await sampling.stop()
  await sampler.stop()
  const elapsedSeconds = (performance.now() - startedAt) / 1_000
  return { cpuPct: ((cpuSeconds() - cpuBefore) / elapsedSeconds) * 100, samples }
}

/** Back to back, one simulated second apart: each evaluation's time, and how much of it was not in rules. */
async function backToBack(mode: Mode) {
  const start = Date.now()
  let clock = start
  const tight = system(start, () => clock, mode)
  const durations: number[] = []
  const overheads: number[] = []
  const perRule = new Map<string, number>()
  for (let i = 0; i < evaluations + 50; i++) {
    clock += 1_000
    ruleMs.clear()
    const t0 = performance.now()
    await tight.alerts.evaluate()
    const took = performance.now() - t0
    // The first 50 warm the JIT and open whatever the day of state opens.
    if (i < 50) continue
    durations.push(took)
    let inRules = 0
    for (const [id, ms] of ruleMs) {
      inRules += ms
      const real = id.replace(/-x\d+$/, '')
      perRule.set(real, (perRule.get(real) ?? 0) + ms / evaluations)
    }
    overheads.push(took - inRules)
  }
  await tight.alerts.stop()
  tight.dispose()
  const mean = durations.reduce((sum, ms) => sum + ms, 0) / durations.length
  return { median: percentile(durations, 0.5), p95: percentile(durations, 0.95), mean, engine: percentile(overheads, 0.5), perRule }
}

// Steady back to back first: it warms the JIT on the engine and the hardware rules, and leaves little garbage.
const steady = await backToBack('steady')

// On the wall clock at the sampling cadence, steady. The sampler's loop and the alert loop unref
// their timers; this one keeps the probe alive.
const keepAlive = setInterval(() => undefined, 1_000)
const paced = system(Date.now(), Date.now, 'steady')
// The first evaluations open what the day of state opens, which the next one reacts to once.
await paced.alerts.evaluate()
await paced.alerts.evaluate()
const windows = await interleaved(paced.alerts.evaluate, seconds)
const withSampler = await samplerWithAlerts(paced.alerts.evaluate, seconds)
await paced.alerts.stop()
clearInterval(keepAlive)
paced.dispose()

// After the paced run, so the garbage of these evaluations is not swept inside its window.
const fresh = await backToBack('fresh')

const figures = {
  // Every rule runs: the whole cost of 50 rules over a day of state.
  alerts_eval_ms: fresh.median,
  alerts_eval_p95_ms: fresh.p95,
  // What is not the rules' own: engine step, alert log, snapshot and change check.
  alerts_engine_ms: fresh.engine,
  // Between wallet refreshes: rules over unchanged state answered from what was kept.
  alerts_eval_steady_ms: steady.median,
  // Measured on the timer at 1 s, steady, with a rule over the clock re-run each minute: the
  // median of paired (running less stopped) 5 s windows, clamped at 0.
  alerts_cpu_pct: Math.max(0, median(windows.differences)),
  alerts_cpu_pct_unclamped: median(windows.differences),
  alerts_cpu_pct_windows: windows.differences.length,
  alerts_cpu_idle_pct: median(windows.idle),
  // The sampler and the loop together in one process; compare with sampler_cpu_pct (+ 0.1 at most).
  sampler_with_alerts_cpu_pct: withSampler.cpuPct,
  sampler_with_alerts_samples: withSampler.samples,
  // Computed: every rule at every 1 s evaluation (a gather that rebuilds its objects each time).
  alerts_cpu_every_rule_pct: (fresh.mean / 1_000) * 100,
  alerts_rules: fiftyRules().length,
}
if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`)
else {
  for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(32)} ${value.toFixed(3)}\n`)
  process.stdout.write(`alerts_cpu_pct pairs (running less stopped): ${windows.differences.map((d) => d.toFixed(3)).join(' ')}\n`)
  process.stdout.write('mean ms per evaluation in each rule (its copies included), every rule running:\n')
  for (const [id, ms] of [...fresh.perRule].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${id.padEnd(28)} ${ms.toFixed(3)}\n`)
}
