import { MonitoringState, SettingsState } from './app.ts'
import { HardwareSample } from './hardware.ts'
import type { z } from 'zod'
import { WalletsSnapshot } from './wallets.ts'

/** Every event main pushes to the UI, with the schema of its payload. */
export const events = {
  'hardware.sampled': HardwareSample,
  'monitoring.changed': MonitoringState,
  'settings.changed': SettingsState,
  'wallets.updated': WalletsSnapshot,
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>
