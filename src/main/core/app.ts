import { join } from 'node:path'
import type { AppInfo, MonitoringState, SettingsState } from '../../shared/contract/app.ts'
import type { Settings } from '../../shared/contract/settings.ts'
import { createAlerts } from './alerts/alerts-wiring.ts'
import type { Capability, CoreContext } from './capability.ts'
import { createDispatcher, type Dispatch, type MethodHandlers } from './contract/dispatcher.ts'
import { EventHub } from './event-hub.ts'
import { createFleet, type FleetOptions } from './fleet/fleet-capability.ts'
import { createHardware } from './hardware/hardware-capability.ts'
import { createPower } from './hardware/power/power-capability.ts'
import type { Logger } from './log.ts'
import { createNodes, type NodesOptions } from './nodes/nodes-capability.ts'
import { createProfit } from './profit/profit-capability.ts'
import { createFileSecretStore } from './store/file-secret-store.ts'
import { createMemorySecretStore } from './store/memory-secret-store.ts'
import type { SecretStore } from './store/secret-store.ts'
import { createSettings } from './store/settings-capability.ts'
import { SettingsStore } from './store/settings-store.ts'
import { createWallets } from './wallets/wallets-capability.ts'

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
  /** Where nodes are looked for instead of this machine's /proc and Docker socket (tests). */
  nodes?: NodesOptions
  /** How often watched rigs are pinged and when one counts as stale (tests shorten them). */
  fleet?: FleetOptions
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
  /** What app.info answers: a shell adds what only it knows (the agent: where it listens) before it serves calls. */
  info: AppInfo
  /** Opens history and starts sampling; history that cannot open is logged, not fatal. */
  start(): Promise<void>
  stop(): Promise<void>
}

/**
 * Composition root: builds each capability in order (each owns its state, settings section and
 * part of the contract; DESIGN.md, "Capabilities") and merges their handlers.
 */
export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const { log, dataDir } = options
  const events = new EventHub()
  const settings = dataDir === undefined ? SettingsStore.inMemory() : SettingsStore.open(join(dataDir, 'settings.json'), undefined, log)
  if (settings.problem !== null) log.warn(`settings: ${settings.problem}`)
  const secrets = options.secrets ?? (dataDir === undefined ? createMemorySecretStore() : createFileSecretStore(join(dataDir, 'secrets.json'), undefined, log))
  const settingsState = (): SettingsState => ({ settings: settings.current, problem: settings.problem })
  const ctx: CoreContext = {
    log,
    dataDir,
    settings,
    secrets,
    events,
    settingsState,
    saveSettings(next: Settings): SettingsState {
      settings.replace(next)
      const state = settingsState()
      events.emit('settings.changed', state)
      return state
    },
  }
  const info: AppInfo = {
    name: 'DePIN Desk',
    version: options.version,
    shell: options.shell,
    platform: process.platform,
    startedAt: Date.now(),
    ...(dataDir === undefined ? {} : { dataDir }),
  }

  const hardware = createHardware(ctx, options.sampleIntervalMs === undefined ? {} : { sampleIntervalMs: options.sampleIntervalMs })
  const power = createPower(ctx, hardware.power)
  const wallets = createWallets(ctx, {
    ...(options.priceFeeds === undefined ? {} : { priceFeeds: options.priceFeeds }),
    ...(options.publicEndpoints === undefined ? {} : { publicEndpoints: options.publicEndpoints }),
  })
  const nodes = createNodes(ctx, hardware, wallets, options.nodes ?? {})
  const profit = createProfit(ctx, hardware, wallets)
  const fleet = createFleet(ctx, options.fleet)
  const alerts = createAlerts(ctx, { hardware, wallets, profit, nodes, fleet })
  // In start order; stopped in reverse.
  const capabilities: readonly Capability<never>[] = [power, hardware, wallets, nodes, profit, fleet, alerts]
  const settingsCapability = createSettings(ctx, options.version, () => capabilities)

  const handlers: MethodHandlers = {
    'app.info': () => info,
    ...settingsCapability.handlers,
    ...hardware.handlers,
    ...power.handlers,
    ...wallets.handlers,
    ...nodes.handlers,
    ...profit.handlers,
    ...fleet.handlers,
    ...alerts.handlers,
  }
  const dispatch = createDispatcher(handlers, (method, error) => log.error(`method ${method} failed`, error))

  // Bumped by each start() and stop(): a start() that finds it moved on was overtaken by a stop().
  let generation = 0
  return {
    dispatch,
    events,
    monitor: {
      get state() {
        return hardware.monitoring
      },
      setPaused: (paused) => hardware.setPaused(paused),
    },
    info,
    async start() {
      const started = ++generation
      for (const capability of capabilities) {
        // The desktop may quit while start() is still on its way: then start nothing more.
        if (started !== generation) return
        await capability.start?.()
      }
    },
    async stop() {
      generation += 1
      for (const capability of [...capabilities].reverse()) await capability.stop?.()
    },
  }
}
