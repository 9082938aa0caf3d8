import { z } from 'zod'

/** The smart-plug protocols core speaks; core checks this list against its registry. */
export const plugKinds = ['shelly-gen1', 'shelly-gen2', 'tasmota', 'kasa', 'home-assistant'] as const
export const PlugKind = z.enum(plugKinds)

/** A plug as the operator describes it in "add a plug", before it is saved. */
export const PlugDraft = z.strictObject({
  kind: PlugKind,
  /** What the operator typed: `192.168.1.20`, `plug.local:8080`, `http://10.0.0.5/`. */
  address: z.string().min(1).max(255),
  /** The outlet or switch on the device, from 0. */
  channel: z.number().int().min(0).max(63).default(0),
  /** Home Assistant only: the power sensor, e.g. `sensor.rig_plug_power`. */
  entityId: z.string().max(255).optional(),
  /** Home Assistant's long-lived token or Tasmota's web password; kept as a secret, never in settings. */
  secret: z.string().max(4096).optional(),
})
export type PlugDraft = z.input<typeof PlugDraft>

export const NewPlug = PlugDraft.extend({
  label: z.string().trim().min(1, 'give the plug a name').max(60),
  /** What the plug measures: the whole machine at the wall, or one part of it. */
  scope: z.enum(['wall', 'component']).default('wall'),
  pollMs: z.number().int().min(1000).max(600_000).default(5000),
})

/** A saved plug. Its secret, if any, lives in the secret store under `plug:<id>:secret`. */
export const PlugSetting = z.strictObject({
  id: z.string().regex(/^plug-[a-z0-9]{8}$/),
  kind: PlugKind,
  /** Normalised `host:port`. */
  address: z.string().min(1).max(255),
  channel: z.number().int().min(0).max(63),
  entityId: z.string().max(255).optional(),
  label: z.string().min(1).max(60),
  scope: z.enum(['wall', 'component']),
  pollMs: z.number().int().min(1000).max(600_000),
  hasSecret: z.boolean(),
})
export type PlugSetting = z.infer<typeof PlugSetting>

export const PlugTestResult = z.object({
  /** e.g. "SNPL-00112EU", "Tasmota 13.1.0", "Home Assistant sensor". */
  model: z.string(),
  name: z.string().nullable(),
  watts: z.number().nullable(),
})
export type PlugTestResult = z.infer<typeof PlugTestResult>

/** What the "add a plug" form needs to know of each protocol, from core's registry. */
export const PlugKindInfo = z.object({
  kind: PlugKind,
  label: z.string(),
  defaultPort: z.number().int(),
  /** Whether the device picks its meter by outlet number or (Home Assistant) by entity. */
  target: z.enum(['channel', 'entity']),
  secret: z.enum(['none', 'optional', 'required']),
  secretLabel: z.string().optional(),
})
export type PlugKindInfo = z.infer<typeof PlugKindInfo>
