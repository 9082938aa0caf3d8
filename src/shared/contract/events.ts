import { AlertsSnapshot, AlertView } from './alerts.ts'
import { MonitoringState, SettingsState } from './app.ts'
import { HardwareSample } from './hardware.ts'
import { z } from 'zod'
import { BackfillStatus } from './backfill.ts'
import { FleetSnapshot } from './fleet.ts'
import { NodesSnapshot } from './nodes.ts'
import { WalletsSnapshot } from './wallets.ts'

/** Every event main pushes to the UI, with the schema of its payload. */
export const events = {
  'hardware.sampled': HardwareSample,
  'monitoring.changed': MonitoringState,
  'settings.changed': SettingsState,
  'wallets.updated': WalletsSnapshot,
  'alerts.changed': AlertsSnapshot,
  'nodes.changed': NodesSnapshot,
  'backfill.progress': BackfillStatus,
  /** A watched rig's status or figures changed (coalesced: at most about once a second). */
  'fleet.changed': FleetSnapshot,
  /** The desktop shell asks the page to show a view (a notification was clicked). */
  'ui.navigate': z.object({ view: AlertView }),
} as const

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>
