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
 * Shelly Gen1 (Plug S, 1PM, 2.5, EM, 3EM): GET /status. Metering relays report meters[] with
 * `power` in W and `total` in watt-minutes; the EM family reports emeters[] with `power` in W and
 * `total` in Wh. GET /shelly says what the device is and whether it has a password, and needs none.
 *   https://shelly-api-docs.shelly.cloud/gen1/#status
 *   https://shelly-api-docs.shelly.cloud/gen1/#shelly-plug-plugs-status
 *   https://shelly-api-docs.shelly.cloud/gen1/#shelly-em-status
 *   https://shelly-api-docs.shelly.cloud/gen1/#shelly
 */

const joulesPerWattMinute = 60
const joulesPerWattHour = 3600

const passwordFix = 'Turn off Restricted Login in the Shelly web UI (Internet & Security), or read the plug through Home Assistant.'

export function parseShellyGen1Status(body: unknown, channel: number): PlugResult<PlugMeasurement> {
  if (!isRecord(body)) return fault('Shelly Gen1 answered a /status that is not an object')
  const meters = nonEmptyArray(body.meters)
  const emeters = nonEmptyArray(body.emeters)
  const list = meters ?? emeters
  if (list === null) return fault('Shelly Gen1 answered without meters: this device has no power meter')
  const meter: unknown = list[channel]
  if (!isRecord(meter)) return fault(`Shelly Gen1 has no meter ${channel} (it has ${list.length}, counted from 0)`)
  // is_valid false: the meter failed its self-check, so its figure is not one.
  if (meter.is_valid === false) return ok({ watts: null })
  const watts = finiteNumber(meter.power)
  if (watts === null) return fault(`Shelly Gen1 meter ${channel} has no power figure`)
  const total = finiteNumber(meter.total)
  const joulesPerUnit = meters ? joulesPerWattMinute : joulesPerWattHour
  return ok(total === null ? { watts } : { watts, energyJoules: total * joulesPerUnit })
}

/** GET /shelly: the device type (e.g. SHPLG-S) and whether Restricted Login is on. */
export function parseShellyGen1Identity(body: unknown): PlugResult<{ type: string; auth: boolean }> {
  if (!isRecord(body)) return fault('Shelly Gen1 answered a /shelly that is not an object: is it a Shelly?')
  if (typeof body.gen === 'number' && body.gen >= 2) {
    const model = typeof body.model === 'string' ? ` (${body.model})` : ''
    return fault(`this is a Gen${body.gen} Shelly${model}, not a Gen1: choose "Shelly Gen2+"`)
  }
  if (typeof body.type !== 'string') return fault('Shelly Gen1 answered /shelly without a device type: is it a Shelly?')
  return ok({ type: body.type, auth: body.auth === true })
}

function nonEmptyArray(value: unknown): unknown[] | null {
  return Array.isArray(value) && value.length > 0 ? value : null
}

function subject(config: PlugConfig): string {
  return `Shelly Gen1 at ${config.address.address}`
}

async function readStatus(config: PlugConfig, signal?: AbortSignal): Promise<PlugResult<PlugMeasurement>> {
  const url = plugUrl(config.address, '/status')
  const result = await getPlugJson({ subject: subject(config), url, timeoutMs: config.timeoutMs, signal, authFix: passwordFix })
  return result.ok ? parseShellyGen1Status(result.value, config.channel) : result
}

export const shellyGen1: PlugProtocol = {
  label: 'Shelly Gen1 (Plug S, 1PM, 2.5, EM)',
  defaultPort: 80,
  target: 'channel',
  secret: 'none',
  create: (config) => pollPlug('shelly-gen1', config, (signal) => readStatus(config, signal)),
  probe: async (config) => {
    const info = await getPlugJson({ subject: subject(config), url: plugUrl(config.address, '/shelly'), timeoutMs: config.timeoutMs })
    if (!info.ok) return info
    const identity = parseShellyGen1Identity(info.value)
    if (!identity.ok) return identity
    const { type, auth } = identity.value
    if (auth) return fault(`${subject(config)} (${type}) has a password (Restricted Login), which DePIN Desk cannot send`, passwordFix)
    const status = await readStatus(config)
    return status.ok ? ok({ model: type, name: null, ...status.value }) : status
  },
}
