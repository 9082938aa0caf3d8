import type { AppInfo, MonitoringState, SettingsState } from '../../shared/contract/app.ts'
import type { HardwareSample } from '../../shared/contract/hardware.ts'
import type { SettingsPatch } from '../../shared/contract/settings.ts'
import { createDispatcher, type Dispatch, type MethodHandlers } from './contract/dispatcher.ts'
import { EventHub } from './event-hub.ts'
import { HardwareMonitor } from './hardware/hardware-monitor.ts'
import { ProcfsReader } from './hardware/linux/procfs-reader.ts'
import { SystemReader } from './hardware/system-reader.ts'
import type { Logger } from './log.ts'
import { SettingsStore } from './store/settings-store.ts'

export type DeskCoreOptions = {
  version: string
  shell: AppInfo['shell']
  log: Logger
  /** Where settings are saved; without it they live in memory only. */
  settingsPath?: string
  /** Overrides the saved sampling interval for this run (agent config, tests). */
  sampleIntervalMs?: number
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
  start(): void
  stop(): Promise<void>
}

/** Composition root: builds the services and implements the contract on top of them. */
export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const events = new EventHub()
  const settings = options.settingsPath === undefined ? SettingsStore.inMemory() : SettingsStore.open(options.settingsPath)
  if (settings.problem !== null) options.log.warn(`settings: ${settings.problem}`)
  const monitor = new HardwareMonitor({
    read: createReader(),
    events,
    log: options.log,
    sampleIntervalMs: options.sampleIntervalMs ?? settings.current.monitoring.sampleIntervalMs,
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
    return state
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

  const handlers: MethodHandlers = {
    'app.info': () => info,
    'hardware.latest': () => monitor.latest,
    'monitoring.get': () => monitor.state,
    'monitoring.setPaused': ({ paused }) => monitoring.setPaused(paused),
    'settings.get': settingsState,
    'settings.update': changeSettings,
  }
  const dispatch = createDispatcher(handlers, (method, error) => options.log.error(`method ${method} failed`, error))
  return {
    dispatch,
    events,
    monitor: monitoring,
    info,
    start: () => monitor.start(),
    stop: () => monitor.stop(),
  }
}

/** Linux reads /proc itself on the 1 s path; elsewhere systeminformation, loaded only there. */
function createReader(): () => Promise<HardwareSample> {
  if (process.platform === 'linux') {
    const reader = new ProcfsReader()
    return () => reader.read()
  }
  let reader: Promise<SystemReader> | undefined
  return async () => {
    reader ??= import('systeminformation').then((si) => new SystemReader(si))
    return (await reader).read()
  }
}
