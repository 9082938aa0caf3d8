import { isRecord } from '../../../is-record.ts'
import type { PlugConfig, PlugProtocol } from './index.ts'
import {
  authRetryMs,
  fault,
  getPlugJson,
  ok,
  pollPlug,
  plugUrl,
  type PlugFailure,
  type PlugResult,
} from './plug-http.ts'

/*
 * Home Assistant: GET /api/states/<entity_id> with `Authorization: Bearer <long-lived token>`
 * answers the entity's state object. `state` is a string ("412.7", "unavailable", "unknown") and
 * `attributes.unit_of_measurement` says W or kW. A bad token gets 401, an unknown entity 404
 * {"message":"Entity not found."}, and an IP that HA banned after failed logins 403.
 *   https://developers.home-assistant.io/docs/api/rest/
 *   https://github.com/home-assistant/core/blob/dev/homeassistant/components/api/__init__.py (APIEntityStateView)
 *   https://github.com/home-assistant/core/blob/dev/homeassistant/components/http/ban.py
 */

/** Power units Home Assistant sensors use (UnitOfPower), in watts. */
const wattsPerUnit: Record<string, number> = { mW: 0.001, W: 1, kW: 1000, MW: 1e6, GW: 1e9 }
const energyUnits = new Set(['mWh', 'Wh', 'kWh', 'MWh', 'GWh'])

const tokenFix =
  "Create a long-lived access token in Home Assistant (your profile → Security → Long-lived access tokens) and paste it in this plug's settings."
const entityFix = "Copy the power sensor's entity id from Home Assistant (Settings → Devices & services → Entities), e.g. sensor.rig_plug_power."

export type HomeAssistantPower = { watts: number | null; name: string | null }

/** An entity id as Home Assistant writes them: `domain.object_id`, lowercase letters, digits and underscores. */
export function parseEntityId(input: unknown): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, message: 'Enter the entity id of the plug\'s power sensor, e.g. sensor.rig_plug_power' }
  const entityId = input.trim()
  if (entityId.length > 255 || !/^[a-z0-9_]+\.[a-z0-9_]+$/.test(entityId)) {
    return { ok: false, message: 'An entity id looks like sensor.rig_plug_power: lowercase letters, digits and underscores around one dot' }
  }
  return { ok: true, value: entityId }
}

export function parseHomeAssistantState(body: unknown, entityId: string): PlugResult<HomeAssistantPower> {
  if (!isRecord(body) || typeof body.state !== 'string') return fault(`Home Assistant answered ${entityId} without a state`)
  const attributes = isRecord(body.attributes) ? body.attributes : {}
  const name = typeof attributes.friendly_name === 'string' ? attributes.friendly_name : null
  const unit = typeof attributes.unit_of_measurement === 'string' ? attributes.unit_of_measurement : null
  const perUnit = unit === null ? undefined : wattsPerUnit[unit]
  if (unit !== null && energyUnits.has(unit)) {
    return fault(`${entityId} measures energy (${unit}), not power: pick the plug's power sensor (W), not its energy total`, entityFix)
  }
  if (perUnit === undefined) {
    const what = unit === null ? 'has no unit' : `reports in ${clip(unit)}`
    return fault(`${entityId} ${what}, not W or kW: pick the plug's power sensor`, entityFix)
  }
  if (body.state === 'unavailable') return fault(`Home Assistant reports ${entityId} as unavailable: it cannot reach the plug right now`)
  // "unknown": HA has no value yet (just restarted, sensor not reported): no figure, not a fault.
  if (body.state === 'unknown') return ok({ watts: null, name })
  // Decimal only: Number() would also take "0x10", "" and "Infinity".
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body.state.trim()) ? Number(body.state) : Number.NaN
  if (!Number.isFinite(value)) return fault(`${entityId} has the state "${clip(body.state)}", not a number of watts`)
  return ok({ watts: value * perUnit, name })
}

/** A short, printable piece of a device-supplied string for a message. */
function clip(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, 40)
}

function subject(config: PlugConfig): string {
  return `Home Assistant at ${config.address.address}`
}

/** Status codes whose meaning here is more precise than "HTTP 4xx". */
function describeStatus(config: PlugConfig, entityId: string): (status: number, detail: string | null) => PlugFailure | undefined {
  return (status, detail) => {
    if (status === 401) return { ...fault(`${subject(config)} refused the token (HTTP 401): it is wrong, expired or revoked`, tokenFix), retryAfterMs: authRetryMs }
    if (status === 403) {
      const fix = "Remove this machine's IP from ip_bans.yaml in Home Assistant's config folder and restart it; then check the token."
      return { ...fault(`${subject(config)} refused this machine (HTTP 403): it may have banned its IP after failed logins`, fix), retryAfterMs: authRetryMs }
    }
    if (status === 404 && detail === 'Entity not found.') return fault(`${subject(config)} has no entity ${entityId}`, entityFix)
    if (status === 404) return fault(`${subject(config)} has no /api/states (HTTP 404): is this Home Assistant, on its port (8123)?`)
    return undefined
  }
}

async function readState(config: PlugConfig, signal?: AbortSignal): Promise<PlugResult<HomeAssistantPower>> {
  const entity = parseEntityId(config.entityId)
  if (!entity.ok) return fault(entity.message, entityFix)
  const token = config.secret ?? ''
  if (token === '') return fault('Home Assistant needs a long-lived access token', tokenFix)
  // A header value with control or non-ASCII characters would make the request throw; it is refused here, in words.
  if (!/^[\x21-\x7e]+$/.test(token)) return fault('The Home Assistant token has characters a token never has: paste it again', tokenFix)
  const result = await getPlugJson({
    subject: subject(config),
    url: plugUrl(config.address, `/api/states/${encodeURIComponent(entity.value)}`),
    timeoutMs: config.timeoutMs,
    headers: { authorization: `Bearer ${token}` },
    signal,
    describeStatus: describeStatus(config, entity.value),
  })
  return result.ok ? parseHomeAssistantState(result.value, entity.value) : result
}

export const homeAssistant: PlugProtocol = {
  label: 'Home Assistant (any power sensor)',
  defaultPort: 8123,
  target: 'entity',
  secret: 'required',
  secretLabel: 'Long-lived access token',
  create: (config) => pollPlug('home-assistant', config, (signal) => readState(config, signal)),
  probe: async (config) => {
    const state = await readState(config)
    return state.ok ? ok({ model: 'Home Assistant sensor', name: state.value.name, watts: state.value.watts }) : state
  },
}
