import { z } from 'zod'
import { AppInfo, MonitoringState, SettingsState } from './app.ts'
import { HardwareSample } from './hardware.ts'
import { EnergyAnswer, EnergyQuery, HistoryAnswer, HistoryQuery } from './history.ts'
import { NewPlug, PlugDraft, PlugKindInfo, PlugTestResult } from './plugs.ts'
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
  'history.query': {
    summary: 'One stored series over a time range, in at most maxPoints buckets of min/avg/max.',
    input: HistoryQuery,
    output: HistoryAnswer,
  },
  'energy.summary': {
    summary: 'kWh used over a time range, per hour, with the gaps where nothing was measured.',
    input: EnergyQuery,
    output: EnergyAnswer,
  },
  'power.plugKinds': {
    summary: 'The smart-plug protocols core speaks, with what each needs (outlet or entity, token).',
    input: NoInput,
    output: z.array(PlugKindInfo),
  },
  'power.testPlug': {
    summary: 'Look at a smart plug once: what it is and what it draws now. Saves nothing.',
    input: PlugDraft,
    output: PlugTestResult,
  },
  'power.addPlug': {
    summary: 'Save a smart plug and start polling it; its token or password goes to the secret store.',
    input: NewPlug,
    output: SettingsState,
  },
  'power.removePlug': {
    summary: 'Stop polling a smart plug and forget it and its secret.',
    input: z.strictObject({ id: z.string() }),
    output: SettingsState,
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
/** What a caller sends (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
/** What a handler receives: the input after validation, defaults filled in. */
export type MethodParams<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
