import { z } from 'zod'
import { AlertsSettings } from './alerts.ts'
import { FleetSettings } from './fleet.ts'
import { NodesSettings } from './nodes.ts'
import { PlugSetting } from './plugs.ts'
import { ProfitSettings } from './profit.ts'
import { Currency, DecimalString, EndpointKey, NetworkId, WalletSetting } from './wallets.ts'

/** The settings file's current shape; each later section comes with a default so old files still load. */
export const settingsSchemaVersion = 1

/**
 * How many of each list settings hold. Core checks these before it adds one (and before it stores
 * the new item's secret), so the operator hears which list is full, not an internal error.
 */
export const settingsLimits = { plugs: 32, wallets: 500, priceOverrides: 200 } as const

/** What the desktop app does about new releases (src/main/electron/updates.ts). */
export const UpdatePolicy = z.enum(['check-and-ask', 'off'])
export type UpdatePolicy = z.output<typeof UpdatePolicy>

/**
 * The first-run wizard's progress (src/renderer/src/wizard/), saved as it goes so that quitting half
 * way resumes where the operator stopped. `step` is a plain id, not the wizard's list of steps: a
 * later release may rename a step, and an unknown one must not make this file unreadable.
 */
const onboardingFields = {
  /** When the operator finished or skipped the wizard; null until then (with no wallet saved, the UI opens it by itself). */
  finishedAt: z.number().int().nonnegative().nullable(),
  /** The step the operator last reached; null before the first. */
  step: z.string().regex(/^[a-z-]{1,32}$/).nullable(),
  /** The networks the operator said they run, which the later steps ask about. */
  networks: z.array(NetworkId).max(64),
}

export const OnboardingSettings = z.strictObject({
  finishedAt: onboardingFields.finishedAt.default(null),
  step: onboardingFields.step.default(null),
  networks: onboardingFields.networks.default([]),
})
export type OnboardingSettings = z.output<typeof OnboardingSettings>

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
      plugs: z.array(PlugSetting).max(settingsLimits.plugs).default([]),
    })
    .prefault({}),
  /** The currency every fiat figure is in. */
  currency: Currency.default('usd'),
  /** Watched addresses; added and removed through wallets.add / wallets.remove. */
  wallets: z.array(WalletSetting).max(settingsLimits.wallets).default([]),
  /** How often balances are read; chains are slow and public endpoints rate-limited. */
  walletRefreshMinutes: z.number().int().min(1).max(1440).default(10),
  prices: z
    .strictObject({
      /** The operator's own price per token symbol, in `currency`; wins over every feed. */
      overrides: z
        .record(z.string().regex(/^[A-Z0-9]{1,16}$/), DecimalString)
        .refine((overrides) => Object.keys(overrides).length <= settingsLimits.priceOverrides, `at most ${String(settingsLimits.priceOverrides)} price overrides`)
        .default({}),
    })
    .prefault({}),
  /** Endpoint keys with an operator-supplied URL; the URL itself is a secret (`endpoint:<key>:url`). */
  customEndpoints: z.array(EndpointKey).default([]),
  /** Electricity tariff, per-network costs and how the machine's watts are attributed. */
  profit: ProfitSettings.prefault({}),
  /** Alert rules' thresholds, quiet hours, standing snoozes and push channels. */
  alerts: AlertsSettings.prefault({}),
  /** Nodes the operator confirmed or added, the ones dismissed, and the scan cadence. */
  nodes: NodesSettings.prefault({}),
  /** How the desktop app fits the operator's system; the headless agent ignores this section. */
  desktop: z
    .strictObject({
      /**
       * Start with the session, hidden in the tray (a login item on macOS and Windows, an XDG autostart
       * entry on Linux). On by default: a monitor that is not running warns no one.
       */
      startAtLogin: z.boolean().default(true),
      /** 'check-and-ask': read the release feed and ask before anything downloads; 'off': never look. */
      updates: UpdatePolicy.default('check-and-ask'),
    })
    .prefault({}),
  /** The first-run wizard: whether it was finished, where it stopped, the networks chosen in it. */
  onboarding: OnboardingSettings.prefault({}),
  /** Other agents watched from here (fleet.add / fleet.remove); their tokens are secrets (`fleet:<id>:token`). */
  fleet: FleetSettings.prefault({}),
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
  currency: Currency.optional(),
  walletRefreshMinutes: z.number().int().min(1).max(1440).optional(),
  desktop: z.strictObject({ startAtLogin: z.boolean(), updates: UpdatePolicy }).partial().optional(),
  onboarding: z.strictObject(onboardingFields).partial().optional(),
})
export type SettingsPatch = z.input<typeof SettingsPatch>

export const defaultSettings: Settings = Settings.parse({ schemaVersion: settingsSchemaVersion })
