import { isRecord } from '../../../is-record.ts'
import type { PlugConfig, PlugProtocol } from './index.ts'
import {
  fault,
  finiteNumber,
  getPlugJson,
  ok,
  pollPlug,
  plugUrl,
  type PlugMeasurement,
  type PlugResult,
} from './plug-http.ts'

/*
 * Shelly Gen2+ (Plus, Pro, Gen3, Gen4): GET /rpc/Switch.GetStatus?id=N answers the switch
 * component's status: `apower` in W and `aenergy.total` in Wh (only on metering switches).
 * GET /shelly (Shelly.GetDeviceInfo) says the model and `auth_en`, and needs no password.
 * With a password set every other call answers 401 with a SHA-256 digest challenge; that is
 * reported, not implemented.
 *   https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Switch#status
 *   https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Shelly#shellygetdeviceinfo
 *   https://shelly-api-docs.shelly.cloud/gen2/General/Authentication
 */

const joulesPerWattHour = 3600

const passwordFix =
  'Turn off authentication in the Shelly web UI (Settings → Authentication), or read the plug through Home Assistant.'

export function parseShellyGen2SwitchStatus(body: unknown, channel: number): PlugResult<PlugMeasurement> {
  if (!isRecord(body)) return fault('Shelly Gen2+ answered a Switch.GetStatus that is not an object')
  if (!('apower' in body)) return fault(`Shelly Gen2+ switch:${channel} reports no power (apower): this switch has no power meter`)
  const watts = finiteNumber(body.apower)
  if (watts === null) return fault(`Shelly Gen2+ switch:${channel} has no power figure`)
  const total = isRecord(body.aenergy) ? finiteNumber(body.aenergy.total) : null
  return ok(total === null ? { watts } : { watts, energyJoules: total * joulesPerWattHour })
}

/** GET /shelly: model, name and whether authentication is on. */
export function parseShellyGen2Identity(body: unknown): PlugResult<{ model: string; name: string | null; authEnabled: boolean }> {
  if (!isRecord(body)) return fault('Shelly Gen2+ answered a /shelly that is not an object: is it a Shelly?')
  if (typeof body.gen !== 'number') {
    const type = typeof body.type === 'string' ? ` (${body.type})` : ''
    return typeof body.type === 'string'
      ? fault(`this is a Gen1 Shelly${type}, not a Gen2+: choose "Shelly Gen1"`)
      : fault('Shelly Gen2+ answered /shelly without a generation: is it a Shelly?')
  }
  const model = typeof body.model === 'string' ? body.model : typeof body.app === 'string' ? body.app : `Shelly Gen${body.gen}`
  const name = typeof body.name === 'string' && body.name !== '' ? body.name : null
  return ok({ model, name, authEnabled: body.auth_en === true })
}

function subject(config: PlugConfig): string {
  return `Shelly Gen2+ at ${config.address.address}`
}

async function readSwitch(config: PlugConfig, signal?: AbortSignal): Promise<PlugResult<PlugMeasurement>> {
  const url = plugUrl(config.address, `/rpc/Switch.GetStatus?id=${config.channel}`)
  const result = await getPlugJson({ subject: subject(config), url, timeoutMs: config.timeoutMs, signal, authFix: passwordFix })
  return result.ok ? parseShellyGen2SwitchStatus(result.value, config.channel) : result
}

export const shellyGen2: PlugProtocol = {
  label: 'Shelly Gen2+ (Plus, Pro, Gen3, Gen4)',
  defaultPort: 80,
  target: 'channel',
  secret: 'none',
  create: (config) => pollPlug('shelly-gen2', config, (signal) => readSwitch(config, signal)),
  probe: async (config) => {
    const info = await getPlugJson({ subject: subject(config), url: plugUrl(config.address, '/shelly'), timeoutMs: config.timeoutMs })
    if (!info.ok) return info
    const identity = parseShellyGen2Identity(info.value)
    if (!identity.ok) return identity
    const { model, name, authEnabled } = identity.value
    if (authEnabled) return fault(`${subject(config)} (${model}) has a password, which DePIN Desk cannot send`, passwordFix)
    const status = await readSwitch(config)
    return status.ok ? ok({ model, name, ...status.value }) : status
  },
}
