import { z } from 'zod'
import { AppInfo, MonitoringState, SettingsState } from './app.ts'
import { HardwareSample } from './hardware.ts'
import { SettingsPatch } from './settings.ts'

const NoInput = z.strictObject({})

/**
 * Every method the UI may call: name, input schema, output schema, one line of purpose.
 * Main validates each incoming payload against `input` before core sees it.
 */
export const methods = {
  'app.info': {
    summary: 'Name, version and shell of the running app.',
    input: NoInput,
    output: AppInfo,
  },
  'hardware.latest': {
    summary: 'The newest hardware sample, or null before the first one.',
    input: NoInput,
    output: HardwareSample.nullable(),
  },
  'monitoring.get': {
    summary: 'Whether sampling runs, and how often.',
    input: NoInput,
    output: MonitoringState,
  },
  'monitoring.setPaused': {
    summary: 'Pause or resume sampling; answers the new state.',
    input: z.strictObject({ paused: z.boolean() }),
    output: MonitoringState,
  },
  'settings.get': {
    summary: 'The saved settings, and what went wrong loading them, if anything.',
    input: NoInput,
    output: SettingsState,
  },
  'settings.update': {
    summary: 'Change some settings; they are validated, applied and saved; answers the new state.',
    input: SettingsPatch,
    output: SettingsState,
  },
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
