import { isRecord } from '../../../is-record.ts'
import type { PlugConfig, PlugProtocol } from './index.ts'
import {
  authRetryMs,
  fault,
  finiteNumber,
  getPlugJson,
  ok,
  pollPlug,
  plugUrl,
  type PlugMeasurement,
  type PlugFailure,
  type PlugResult,
} from './plug-http.ts'

/*
 * Tasmota: GET /cm?cmnd=Status%208 ("8 = show power usage") answers {"StatusSNS":{"ENERGY":{…}}}
 * with `Power` in W (an array on multi-channel meters) and `Total` in kWh; builds before 6.x
 * answered {"StatusPWR":{…}}. A web password rides in the query as user=admin&password=…; without
 * the right one Tasmota answers {"WARNING":"Need user=<username>&password=<password>"}.
 *   https://tasmota.github.io/docs/Commands/#with-web-requests
 *   https://tasmota.github.io/docs/Commands/#power-monitoring
 *   https://tasmota.github.io/docs/JSON-Status-Responses/
 */

const joulesPerKilowattHour = 3_600_000

const passwordFix = "Enter the Tasmota web password (Configuration → Other → Web Admin Password) in this plug's settings."

export function parseTasmotaStatus8(body: unknown, channel: number): PlugResult<PlugMeasurement> {
  if (!isRecord(body)) return fault('Tasmota answered a status that is not an object')
  const refused = passwordWarning(body)
  if (refused) return refused
  const energy = isRecord(body.StatusSNS) ? body.StatusSNS.ENERGY : body.StatusPWR
  if (!isRecord(energy)) return fault('Tasmota answered without an ENERGY block: this device has no power meter')
  const power = energy.Power
  if (Array.isArray(power) && channel >= power.length) {
    return fault(`Tasmota meters ${power.length} channels; there is no channel ${channel} (counted from 0)`)
  }
  if (!Array.isArray(power) && channel > 0) return fault('Tasmota meters one channel: use channel 0')
  const watts = finiteNumber(Array.isArray(power) ? power[channel] : power)
  if (watts === null) return fault('Tasmota ENERGY has no Power figure')
  // A single Total on a multi-channel meter is the sum of all channels, not this one's.
  const total = Array.isArray(energy.Total) ? finiteNumber(energy.Total[channel]) : Array.isArray(power) ? null : finiteNumber(energy.Total)
  return ok(total === null ? { watts } : { watts, energyJoules: total * joulesPerKilowattHour })
}

/** `Status` (abbreviated): the device's name for itself. */
export function parseTasmotaStatus(body: unknown): PlugResult<{ name: string | null }> {
  if (!isRecord(body)) return fault('Tasmota answered a status that is not an object')
  const refused = passwordWarning(body)
  if (refused) return refused
  if (!isRecord(body.Status)) return fault('answered /cm?cmnd=Status without a Status block: is it a Tasmota?')
  const { DeviceName, FriendlyName } = body.Status
  const friendly: unknown = Array.isArray(FriendlyName) ? FriendlyName[0] : FriendlyName
  const name = typeof DeviceName === 'string' && DeviceName !== '' ? DeviceName : typeof friendly === 'string' ? friendly : null
  return ok({ name })
}

function passwordWarning(body: Record<string, unknown>): PlugFailure | null {
  if (typeof body.WARNING !== 'string') return null
  return { ...fault('Tasmota refused the command without the right web password', passwordFix), retryAfterMs: authRetryMs }
}

function commandPath(command: string, password: string | undefined): string {
  // Tasmota's web user is always "admin"; spaces must be %20, which encodeURIComponent gives.
  const auth = password ? `user=admin&password=${encodeURIComponent(password)}&` : ''
  return `/cm?${auth}cmnd=${encodeURIComponent(command)}`
}

async function command(config: PlugConfig, text: string, signal?: AbortSignal): Promise<PlugResult<unknown>> {
  const url = plugUrl(config.address, commandPath(text, config.secret))
  return getPlugJson({ subject: `Tasmota at ${config.address.address}`, url, timeoutMs: config.timeoutMs, signal, authFix: passwordFix })
}

async function readEnergy(config: PlugConfig, signal?: AbortSignal): Promise<PlugResult<PlugMeasurement>> {
  const result = await command(config, 'Status 8', signal)
  return result.ok ? parseTasmotaStatus8(result.value, config.channel) : result
}

export const tasmota: PlugProtocol = {
  label: 'Tasmota',
  defaultPort: 80,
  target: 'channel',
  secret: 'optional',
  secretLabel: 'Web admin password',
  create: (config) => pollPlug('tasmota', config, (signal) => readEnergy(config, signal)),
  probe: async (config) => {
    const status = await command(config, 'Status')
    if (!status.ok) return status
    const identity = parseTasmotaStatus(status.value)
    if (!identity.ok) return identity
    const energy = await readEnergy(config)
    return energy.ok ? ok({ model: 'Tasmota', name: identity.value.name, ...energy.value }) : energy
  },
}
