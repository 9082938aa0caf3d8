import type { PlugKind as PlugKindSchema } from '../../../../../shared/contract/plugs.ts'
import type { PowerSource } from '../power-source.ts'

/** The contract's list of kinds: the registry must hold exactly these (checked by `satisfies`). */
type PlugKindInContract = (typeof PlugKindSchema)['options'][number]
import { homeAssistant } from './home-assistant.ts'
import { kasa } from './kasa.ts'
import type { PlugAddress } from './plug-address.ts'
import type { PlugResult } from './plug-http.ts'
import { shellyGen1 } from './shelly-gen1.ts'
import { shellyGen2 } from './shelly-gen2.ts'
import { tasmota } from './tasmota.ts'

/** One configured plug, as the composition root builds it from settings (and the secret from the secrets module). */
export type PlugConfig = {
  /** The id settings gave the plug (e.g. `plug:rig`), used as source id and deviceId; else one is made from kind, address and channel. */
  id?: string
  address: PlugAddress
  /** Switch, relay or outlet index on the device; 0 for a single-outlet plug. */
  channel: number
  /** Home Assistant only: the power sensor, e.g. `sensor.rig_plug_power`. */
  entityId?: string
  /** Home Assistant's long-lived token or Tasmota's web password. Never logged, never in a message. */
  secret?: string
  /** The operator's name for it, e.g. "Rig plug". */
  label: string
  timeoutMs: number
  now?: () => number
}

/** What "test connection" found. */
export type PlugFound = {
  /** e.g. "SHPLG-S", "SNPL-00112EU", "HS110(EU)", "Tasmota 13.1.0", "Home Assistant sensor". */
  model: string
  /** The device's own name for itself, when it has one. */
  name: string | null
  watts: number | null
  energyJoules?: number
}

export type PlugProtocol = {
  /** Shown in settings, e.g. "Shelly Gen2+ (Plus, Pro, Gen3, Gen4)". */
  label: string
  defaultPort: number
  /** What picks the meter on the device: an outlet/switch index, or a Home Assistant entity. */
  target: 'channel' | 'entity'
  /** Whether a secret goes with the address: Home Assistant's token, Tasmota's optional web password. */
  secret: 'none' | 'optional' | 'required'
  /** What settings should call the secret, e.g. "Long-lived access token". */
  secretLabel?: string
  create(config: PlugConfig): PowerSource
  /** One look at the device for "test connection": what it is and what it draws now. */
  probe(config: PlugConfig): Promise<PlugResult<PlugFound>>
}

/** Every smart-plug protocol, one module each: adding one is a new file in this folder plus its line here. */
export const plugProtocols = {
  'shelly-gen1': shellyGen1,
  'shelly-gen2': shellyGen2,
  tasmota,
  kasa,
  'home-assistant': homeAssistant,
} satisfies Record<PlugKindInContract, PlugProtocol>

export type PlugKind = keyof typeof plugProtocols

export function isPlugKind(value: unknown): value is PlugKind {
  return typeof value === 'string' && Object.hasOwn(plugProtocols, value)
}
