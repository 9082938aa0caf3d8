import * as si from 'systeminformation'
import type { AppInfo } from '../../shared/contract/app.ts'
import { createDispatcher, type Dispatch, type MethodHandlers } from './contract/dispatcher.ts'
import { EventHub } from './event-hub.ts'
import { HardwareMonitor } from './hardware/hardware-monitor.ts'
import { ProcfsReader } from './hardware/linux/procfs-reader.ts'
import { SystemReader } from './hardware/system-reader.ts'
import type { Logger } from './log.ts'

export type DeskCoreOptions = {
  version: string
  shell: AppInfo['shell']
  log: Logger
  sampleIntervalMs?: number
}

export type DeskCore = {
  dispatch: Dispatch
  events: EventHub
  monitor: HardwareMonitor
  info: AppInfo
  start(): void
  stop(): Promise<void>
}

/** Composition root: builds the services and implements the contract on top of them. */
export function createDeskCore(options: DeskCoreOptions): DeskCore {
  const events = new EventHub()
  // Linux reads /proc itself on the 1 s path; systeminformation is the portable path.
  const reader = process.platform === 'linux' ? new ProcfsReader() : new SystemReader(si)
  const monitor = new HardwareMonitor({
    read: () => reader.read(),
    events,
    log: options.log,
    sampleIntervalMs: options.sampleIntervalMs ?? 1000,
  })
  const info: AppInfo = {
    name: 'DePIN Desk',
    version: options.version,
    shell: options.shell,
    platform: process.platform,
    startedAt: Date.now(),
  }
  const handlers: MethodHandlers = {
    'app.info': () => info,
    'hardware.latest': () => monitor.latest,
    'monitoring.get': () => monitor.state,
    'monitoring.setPaused': ({ paused }) => monitor.setPaused(paused),
  }
  const dispatch = createDispatcher(handlers, (method, error) =>
    options.log.error(`method ${method} failed`, error),
  )
  return {
    dispatch,
    events,
    monitor,
    info,
    start: () => monitor.start(),
    stop: () => monitor.stop(),
  }
}
