import { z } from 'zod'

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
