import { z } from 'zod'
import { PlugSetting } from './plugs.ts'

/** The settings file's current shape; each later section comes with a default so old files still load. */
export const settingsSchemaVersion = 1

export const Settings = z.strictObject({
  schemaVersion: z.literal(settingsSchemaVersion),
  monitoring: z
    .strictObject({
      paused: z.boolean().default(false),
      sampleIntervalMs: z.number().int().min(250).max(60_000).default(1000),
    })
    .prefault({}),
  power: z
    .strictObject({
      /** Smart plugs to poll; added and removed through power.addPlug / power.removePlug. */
      plugs: z.array(PlugSetting).max(32).default([]),
    })
    .prefault({}),
})
export type Settings = z.output<typeof Settings>

/** A change the UI may ask for: any subset of the editable fields. */
export const SettingsPatch = z.strictObject({
  monitoring: z
    .strictObject({
      paused: z.boolean(),
      sampleIntervalMs: z.number().int().min(250).max(60_000),
    })
    .partial()
    .optional(),
})
export type SettingsPatch = z.input<typeof SettingsPatch>

export const defaultSettings: Settings = Settings.parse({ schemaVersion: settingsSchemaVersion })
