import { z } from 'zod'
import { Settings } from './settings.ts'

export const AppInfo = z.object({
  name: z.literal('DePIN Desk'),
  version: z.string(),
  /** Which shell hosts core: the desktop app or the headless agent. */
  shell: z.enum(['desktop', 'agent']),
  platform: z.string(),
  startedAt: z.number().int(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const MonitoringState = z.object({
  paused: z.boolean(),
  sampleIntervalMs: z.number().int().positive(),
})
export type MonitoringState = z.infer<typeof MonitoringState>

export const SettingsState = z.object({
  settings: Settings,
  /** Why the settings file was not loaded as it was (restored from backup, defaults, newer version); null when it was fine. */
  problem: z.string().nullable(),
})
export type SettingsState = z.infer<typeof SettingsState>
