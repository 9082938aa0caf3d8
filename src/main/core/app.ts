import { join } from 'node:path'
import type { AppInfo, MonitoringState, SettingsState } from '../../shared/contract/app.ts'
import type { EnergyAnswer, HistoryAnswer } from '../../shared/contract/history.ts'
import type { SettingsPatch } from '../../shared/contract/settings.ts'
import { createDispatcher, type Dispatch, type MethodHandlers } from './contract/dispatcher.ts'
import { DeskError } from './errors.ts'
import { EventHub } from './event-hub.ts'
import { integrateEnergy } from './hardware/energy.ts'
import { HardwareMonitor } from './hardware/hardware-monitor.ts'
import { devicePowerSeries, machinePowerSeries } from './hardware/history-points.ts'
import { MachineSampler } from './hardware/machine-sampler.ts'
import type { Logger } from './log.ts'
import { HistoryService } from './store/history-service.ts'
import { HistoryRecorder } from './store/history-recorder.ts'
import type { Series } from './store/history-store.ts'
import { createFileSecretStore } from './store/file-secret-store.ts'
import { createMemorySecretStore } from './store/memory-secret-store.ts'
import type { SecretStore } from './store/secret-store.ts'
import { SettingsStore } from './store/settings-store.ts'
import type { Settings } from '../../shared/contract/settings.ts'
import type { WalletSystem } from './wallets/wallet-system.ts'
import type { PowerChoice } from '../../shared/contract/power.ts'
import type { PowerProvenance, ProfitService } from './profit/profit-service.ts'

export type DeskCoreOptions = {
  version: string
  shell: AppInfo['shell']
  log: Logger
  /** Where settings and history are kept; without it both live in memory only (tests). */
  dataDir?: string
  /** Overrides the saved sampling interval for this run (agent config, tests). */
  sampleIntervalMs?: number
  /** The desktop passes one sealed by the OS keychain; otherwise a 0600 file in the data dir. */
  secrets?: SecretStore
  /** Price feed base URLs instead of the public ones (a CoinGecko Pro or caching proxy; tests). */
  priceFeeds?: { coingecko?: string; coinpaprika?: string }
  /** False: chains are read only from the operator's own endpoints, never the public defaults. */
  publicEndpoints?: boolean
}

/** Pause and resume as the shells' controls (the tray) need them: saved like a change from the UI. */
export type MonitoringControl = {
  readonly state: MonitoringState
  setPaused(paused: boolean): Promise<MonitoringState>
}

export type DeskCore = {
  dispatch: Dispatch
  events: EventHub
  monitor: MonitoringControl
  info: AppInfo
  /** Opens history and starts sampling; history that cannot open is logged, not fatal. */
  start(): Promise<void>
  stop(): Promise<void>
}

/** The plug protocols (and their libraries) load only once a plug is configured or tested. */
const plugSupport = async () => {
  const [commands, sources] = await Promise.all([import('./hardware/power/plug-commands.ts'), import('./hardware/power/plug-sources.ts')])
  return { ...commands, ...sources }
}

/** The chain SDKs, price feeds and ledger load only once a wallet is watched or the UI asks about wallets. */
const walletSupport = () => import('./wallets/wallet-system.ts')

/** The profit math loads with the first question about profit. */
const profitSupport = () => import('./profit/profit-service.ts')

/** Where the machine's watts come from now, for the profit figures' provenance. */
function powerProvenance(total: PowerChoice | null): PowerProvenance {
  if (total === null || total.basis === 'none') return { kind: 'none', reason: total?.reason ?? 'no power sample yet' }
  return { kind: total.kind, reason: total.reason }
}

/** The backup code carries the BIP39 word list (it refuses a backup with a seed phrase in it). */
const backupSupport = () => import('./store/settings-backup.ts')

/** Energy over long ranges comes from buckets; this many keeps the answer exact enough and small. */
const energyBuckets = 20_000

/** Composition root: builds the services and implements the contract on top of them. */
export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const { log, dataDir } = options
  const events = new EventHub()
  const settings = dataDir === undefined ? SettingsStore.inMemory() : SettingsStore.open(join(dataDir, 'settings.json'), undefined, log)
  if (settings.problem !== null) log.warn(`settings: ${settings.problem}`)
  const secrets =
    options.secrets ?? (dataDir === undefined ? createMemorySecretStore() : createFileSecretStore(join(dataDir, 'secrets.json'), undefined, log))
  let history: HistoryRecorder | undefined
  let historyProblem = 'history is not open yet'
  // Bumped by each start() and stop(): a start() that finds it moved on was overtaken by a stop().
  let generation = 0
  const initialIntervalMs = options.sampleIntervalMs ?? settings.current.monitoring.sampleIntervalMs
  const intervalMs = (): number => monitor.state.sampleIntervalMs
  const sampler = new MachineSampler({ intervalMs, initialIntervalMs, log, ...(dataDir === undefined ? {} : { dataDir }) })
  const monitor = new HardwareMonitor({
    read: async () => {
      const sample = await sampler.read()
      history?.record(sample)
      return sample
    },
    events,
    log,
    sampleIntervalMs: initialIntervalMs,
    paused: settings.current.monitoring.paused,
  })
  const info: AppInfo = {
    name: 'DePIN Desk',
    version: options.version,
    shell: options.shell,
    platform: process.platform,
    startedAt: Date.now(),
  }
  const settingsState = (): SettingsState => ({ settings: settings.current, problem: settings.problem })

  /** Saves a change, then applies it to the running services and tells every window. */
  async function changeSettings(patch: SettingsPatch): Promise<SettingsState> {
    const next = settings.update(patch)
    await monitor.setPaused(next.monitoring.paused)
    if (patch.monitoring?.sampleIntervalMs !== undefined) monitor.setSampleInterval(next.monitoring.sampleIntervalMs)
    const state = settingsState()
    events.emit('settings.changed', state)
    // Prices in another currency are other prices: ask the feeds again.
    if (patch.currency !== undefined && walletSystem) void (await walletSystem).refresh().catch((error: unknown) => log.error('wallet refresh failed', error))
    return state
  }

  /** Saves settings core built and tells every window. */
  function saveSettings(next: Settings): SettingsState {
    settings.replace(next)
    const state = settingsState()
    events.emit('settings.changed', state)
    return state
  }

  /** Saves settings core built (the plug list), re-reads the plugs and tells every window. */
  async function savePlugs(next: Settings): Promise<SettingsState> {
    settings.replace(next)
    await (await plugSupport()).applyPlugs(sampler.power, settings.current.power.plugs, (name) => secrets.get(name))
    const state = settingsState()
    events.emit('settings.changed', state)
    return state
  }

  let walletSystem: Promise<WalletSystem> | undefined
  const wallets = (): Promise<WalletSystem> => {
    walletSystem ??= walletSupport().then(({ createWalletSystem }) => {
      const system = createWalletSystem({
        dataDir,
        secrets,
        log,
        settings: () => settings.current,
        saveSettings,
        emit: (snapshot) => events.emit('wallets.updated', snapshot),
        ...(options.priceFeeds === undefined ? {} : { priceFeeds: options.priceFeeds }),
        ...(options.publicEndpoints === undefined ? {} : { publicEndpoints: options.publicEndpoints }),
      })
      system.service.start()
      return system
    })
    return walletSystem
  }

  /** A restored backup replaces the settings whole, then every service takes up its part of them. */
  async function restoreBackup(json: string): Promise<SettingsState & { notes: string[] }> {
    const [{ restoreSettings, forgetSecretsLeftBehind }, { plugSecretName }, { endpointSecretName }] = await Promise.all([
      backupSupport(),
      import('./hardware/power/plug-sources.ts'),
      import('./wallets/wallet-commands.ts'),
    ])
    const names = new Set(await secrets.names())
    const { settings: next, notes } = restoreSettings(json, settings.current, {
      plug: (id) => names.has(plugSecretName(id)),
      endpoint: (key) => names.has(endpointSecretName(key)),
    })
    const state = await savePlugs(next)
    await forgetSecretsLeftBehind(secrets, next, { plug: plugSecretName, endpoint: endpointSecretName })
    await monitor.setPaused(next.monitoring.paused)
    monitor.setSampleInterval(next.monitoring.sampleIntervalMs)
    if (walletSystem) {
      const system = await walletSystem
      system.service.endpointsChanged()
      void system.refresh().catch((error: unknown) => log.error('wallet refresh failed', error))
    } else if (next.wallets.length > 0) {
      await wallets()
    }
    return { ...state, notes }
  }

  let profitService: Promise<ProfitService> | undefined
  const profit = (): Promise<ProfitService> => {
    profitService ??= Promise.all([profitSupport(), wallets()]).then(([{ createProfitService }, system]) =>
      createProfitService({
        settings: () => settings.current,
        rewards: system.rewardsBetween,
        quote: system.quote,
        energy: (fromMs, toMs, deviceId) => energySummary(fromMs, toMs, deviceId),
        power: () => powerProvenance(monitor.latest?.power.total ?? null),
        networks: system.registry,
      }),
    )
    return profitService
  }

  const monitoring: MonitoringControl = {
    get state() {
      return monitor.state
    },
    setPaused: async (paused) => {
      await changeSettings({ monitoring: { paused } })
      return monitor.state
    },
  }

  const historyStore = (): HistoryRecorder => {
    if (!history) throw new DeskError('upstream', `History is unavailable: ${historyProblem}.`)
    return history
  }

  async function queryHistory(series: Series, fromMs: number, toMs: number, maxPoints: number): Promise<HistoryAnswer> {
    if (toMs <= fromMs) throw new DeskError('invalid-input', 'toMs: must be after fromMs', { field: 'toMs' })
    const buckets = await historyStore().store.query({
      series,
      fromSeconds: Math.floor(fromMs / 1000),
      toSeconds: Math.ceil(toMs / 1000),
      maxPoints,
    })
    const widths = buckets.slice(1).map((b, i) => b.tsSeconds - (buckets[i]?.tsSeconds ?? 0))
    const bucketSeconds = widths.length > 0 ? Math.min(...widths) : Math.max(1, Math.ceil((toMs - fromMs) / 1000 / maxPoints))
    return {
      bucketMs: bucketSeconds * 1000,
      buckets: buckets.map((b) => ({ at: b.tsSeconds * 1000, min: b.min, avg: b.avg, max: b.max, count: b.count, measuredAvg: b.measuredAvg })),
    }
  }

  async function energySummary(fromMs: number, toMs: number, deviceId: string | undefined): Promise<EnergyAnswer> {
    const series = deviceId === undefined ? machinePowerSeries : devicePowerSeries(deviceId)
    const answer = await queryHistory(series, fromMs, toMs, energyBuckets)
    const buckets = answer.buckets.map((b) => ({ atMs: b.at, avgWatts: b.avg, count: b.count, measuredWatts: b.measuredAvg }))
    return integrateEnergy(buckets, { fromMs, toMs: Math.min(toMs, Date.now()), bucketMs: answer.bucketMs, intervalMs: intervalMs() })
  }

  const handlers: MethodHandlers = {
    'app.info': () => info,
    'hardware.latest': () => monitor.latest,
    'monitoring.get': () => monitor.state,
    'monitoring.setPaused': ({ paused }) => monitoring.setPaused(paused),
    'history.query': ({ series, fromMs, toMs, maxPoints }) => queryHistory(series, fromMs, toMs, maxPoints),
    'energy.summary': ({ fromMs, toMs, deviceId }) => energySummary(fromMs, toMs, deviceId),
    'power.plugKinds': async () => (await plugSupport()).plugKinds(),
    'power.testPlug': async (draft) => (await plugSupport()).testPlug(draft),
    'power.addPlug': async (input) => savePlugs(await (await plugSupport()).addPlug(settings.current, input, secrets)),
    'power.removePlug': async ({ id }) => savePlugs(await (await plugSupport()).removePlug(settings.current, id, secrets)),
    'settings.get': settingsState,
    'settings.update': changeSettings,
    'networks.list': async () => (await wallets()).networks(),
    'wallets.check': async (draft) => (await wallets()).check(draft),
    'wallets.add': async (input) => (await wallets()).add(input),
    'wallets.rename': async (input) => (await wallets()).rename(input),
    'wallets.remove': async (input) => (await wallets()).remove(input),
    'wallets.snapshot': async () => (await wallets()).snapshot(),
    'wallets.refresh': async () => (await wallets()).refresh(),
    'prices.setOverride': async (input) => (await wallets()).setOverride(input),
    'rewards.list': async (query) => (await wallets()).rewards(query),
    'rewards.reclassify': async (input) => (await wallets()).reclassify(input),
    'rewards.addManual': async (input) => (await wallets()).addManual(input),
    'endpoints.list': async () => (await wallets()).endpoints(),
    'endpoints.set': async (input) => (await wallets()).setEndpoint(input),
    'rewards.exportCsv': async (input) => (await wallets()).exportCsv(input),
    'settings.exportBackup': async () => {
      const { backupFilename, backupJson } = await backupSupport()
      const now = Date.now()
      return { filename: backupFilename(now), json: backupJson(settings.current, now, options.version) }
    },
    'settings.importBackup': async ({ json }) => restoreBackup(json),
    'profit.summary': async () => (await profit()).summary(),
    'profit.whatIf': async (input) => (await profit()).whatIf(input),
    'profit.setTariff': async (input) => saveSettings((await profitSupport()).setTariff(settings.current, input)),
    'profit.setCosts': async (input) => saveSettings((await profitSupport()).setCosts(settings.current, (await wallets()).registry, input)),
    'profit.setAttribution': async (input) => saveSettings((await profitSupport()).setAttribution(settings.current, (await wallets()).registry, input)),
  }
  const dispatch = createDispatcher(handlers, (method, error) => log.error(`method ${method} failed`, error))

  async function openHistory(): Promise<void> {
    const path = dataDir === undefined ? ':memory:' : join(dataDir, 'history.sqlite')
    try {
      history = new HistoryRecorder(new HistoryService({ path, log }), log)
    } catch (error) {
      historyProblem = error instanceof Error ? error.message : String(error)
      log.error('history could not be opened; running without it', error)
    }
  }

  return {
    dispatch,
    events,
    monitor: monitoring,
    info,
    async start() {
      const started = ++generation
      await openHistory()
      const { plugs } = settings.current.power
      if (plugs.length > 0) await (await plugSupport()).applyPlugs(sampler.power, plugs, (name) => secrets.get(name))
      // The desktop may quit while start() is still on its way: then start nothing.
      if (started !== generation) return
      sampler.start()
      monitor.start()
      if (settings.current.wallets.length > 0) await wallets()
    },
    async stop() {
      generation += 1
      await monitor.stop()
      await sampler.stop()
      await history?.close()
      history = undefined
      const system = walletSystem
      walletSystem = undefined
      await (await system)?.stop()
      historyProblem = 'history is closed'
    },
  }
}
