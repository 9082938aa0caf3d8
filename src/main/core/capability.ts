import type { SettingsState } from '../../shared/contract/app.ts'
import type { Settings, SettingsPatch } from '../../shared/contract/settings.ts'
import type { MethodHandlers } from './contract/dispatcher.ts'
import type { EventHub } from './event-hub.ts'
import type { Logger } from './log.ts'
import type { SecretStore } from './store/secret-store.ts'
import type { SettingsStore } from './store/settings-store.ts'

/*
 * A capability (DESIGN.md, "Capabilities"): one folder that owns its state, its settings section
 * and the handlers of its part of the contract. app.ts builds them in order and merges their
 * handlers; a capability reaches another only through what that one exports.
 */

/** The handlers of the methods a capability owns. */
export type HandlersOf<M extends keyof MethodHandlers> = Pick<MethodHandlers, M>

export type Capability<M extends keyof MethodHandlers> = {
  handlers: HandlersOf<M>
  start?(): Promise<void>
  stop?(): Promise<void>
  /** A settings change the UI made (settings.update): take up your part of it. */
  settingsChanged?(patch: SettingsPatch, next: Settings): Promise<void>
  /** Settings replaced whole (a restored backup): take up your part of them, answer notes for the operator. */
  settingsReplaced?(next: Settings): Promise<string[]>
}

/** What every capability is built from. */
export type CoreContext = {
  log: Logger
  /** Where files are kept; undefined: in memory (tests). */
  dataDir: string | undefined
  settings: SettingsStore
  secrets: SecretStore
  events: EventHub
  /** Saves settings a capability built and tells every window. */
  saveSettings(next: Settings): SettingsState
  settingsState(): SettingsState
}
