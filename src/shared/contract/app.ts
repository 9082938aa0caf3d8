import { z } from 'zod'
import { Settings } from './settings.ts'

/**
 * How the headless agent is reached, as only it knows: the page sees the address it used, not the
 * bind behind it. The token itself is never in here: a page shows only the one it presented.
 */
export const AgentReach = z.object({
  /** The address it is bound to, as given to --host: 127.0.0.1, 0.0.0.0, ::, a LAN name. */
  host: z.string(),
  port: z.number().int().min(0).max(65535),
  /** True for a loopback bind: no other machine can reach it, and no token is asked. */
  loopbackOnly: z.boolean(),
  /** Addresses another machine may open (one per network interface for 0.0.0.0 or ::); none on loopback. */
  urls: z.array(z.string()),
  /** True when every call must carry the bearer token. */
  tokenRequired: z.boolean(),
  /** The file on the agent's machine that holds the token; null when none is required. */
  tokenPath: z.string().nullable(),
})
export type AgentReach = z.infer<typeof AgentReach>

export const AppInfo = z.object({
  name: z.literal('DePIN Desk'),
  version: z.string(),
  /** Which shell hosts core: the desktop app or the headless agent. */
  shell: z.enum(['desktop', 'agent']),
  platform: z.string(),
  startedAt: z.number().int(),
  /** Where core keeps settings, history and secrets; absent when it keeps them in memory (tests). */
  dataDir: z.string().optional(),
  /** Filled by the agent once it listens; absent in the desktop app, whose page talks to core over IPC. */
  agent: AgentReach.optional(),
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
