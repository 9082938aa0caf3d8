import { isRecord } from '../../../is-record.ts'
import { Client, ResponseError, type Plug } from 'tplink-smarthome-api'
import type { PlugConfig, PlugProtocol } from './index.ts'
import {
  fault,
  finiteNumber,
  networkProblem,
  ok,
  pollPlug,
  type PlugMeasurement,
  type PlugResult,
} from './plug-http.ts'

/*
 * TP-Link Kasa (HS110, KP115, HS300 …) over the legacy local protocol, through tplink-smarthome-api:
 * TCP port 9999, each frame a 4-byte big-endian length and a JSON payload XORed with an autokey
 * starting at 171. `emeter.get_realtime` answers `power` (W) and `total` (kWh) on hardware v1, and
 * `power_mw` and `total_wh` on v2+. Newer firmware closed port 9999 for KLAP (HTTP + AES), which is
 * not supported: such plugs refuse the connection.
 *   https://github.com/softScheck/tplink-smartplug (tplink_smartplug.py, tplink-smarthome-commands.txt)
 *   https://github.com/plasticrake/tplink-smarthome-api (Client.getSysInfo, Plug, Emeter.getRealtime)
 *   https://github.com/python-kasa/python-kasa/tree/master/tests/fixtures/iot (recorded device answers)
 */

const joulesPerKilowattHour = 3_600_000
const joulesPerWattHour = 3600

/** Errors are returned as data; the library would otherwise print every failed send to the console. */
const quiet = { debug(): void {}, info(): void {}, warn(): void {}, error(): void {} }

/** `emeter.get_realtime` in either hardware form (or the library's normalised mix of both). */
export function parseKasaRealtime(realtime: unknown): PlugResult<PlugMeasurement> {
  if (!isRecord(realtime)) return fault('Kasa answered emeter.get_realtime without a reading')
  if (typeof realtime.err_code === 'number' && realtime.err_code !== 0) {
    const why = typeof realtime.err_msg === 'string' ? `: ${realtime.err_msg.slice(0, 80)}` : ''
    return fault(`Kasa answered emeter.get_realtime with error ${realtime.err_code}${why}`)
  }
  const milliwatts = finiteNumber(realtime.power_mw)
  const watts = finiteNumber(realtime.power) ?? (milliwatts === null ? null : milliwatts / 1000)
  if (watts === null) return fault('Kasa emeter reading has no power figure')
  // Prefer kWh: the library fills total_wh from it with Math.floor, dropping the fraction.
  const kilowattHours = finiteNumber(realtime.total)
  const wattHours = finiteNumber(realtime.total_wh)
  if (kilowattHours !== null) return ok({ watts, energyJoules: kilowattHours * joulesPerKilowattHour })
  return ok(wattHours === null ? { watts } : { watts, energyJoules: wattHours * joulesPerWattHour })
}

export type KasaTarget = { model: string; name: string | null; childId?: string }

/** `system.get_sysinfo`: is it a plug, does it meter, and which outlet is `channel`. */
export function parseKasaSysinfo(sysinfo: unknown, channel: number): PlugResult<KasaTarget> {
  if (!isRecord(sysinfo)) return fault('Kasa answered get_sysinfo without device information')
  const model = typeof sysinfo.model === 'string' ? sysinfo.model : 'unknown model'
  const type = typeof sysinfo.type === 'string' ? sysinfo.type : sysinfo.mic_type
  if (typeof type !== 'string' || !/plug/i.test(type)) return fault(`this Kasa device (${model}) is not a plug`)
  if (typeof sysinfo.feature !== 'string' || !sysinfo.feature.includes('ENE')) {
    return fault(`this Kasa plug (${model}) has no energy meter: only models such as HS110, KP115, KP125 and HS300 measure power`)
  }
  const alias = typeof sysinfo.alias === 'string' ? sysinfo.alias : null
  const children = Array.isArray(sysinfo.children) && sysinfo.children.length > 0 ? sysinfo.children : null
  if (children === null) return channel === 0 ? ok({ model, name: alias }) : fault(`this Kasa plug (${model}) has one outlet: use channel 0`)
  const child: unknown = children[channel]
  if (!isRecord(child) || typeof child.id !== 'string') {
    return fault(`this Kasa strip (${model}) has ${children.length} outlets; there is no channel ${channel} (counted from 0)`)
  }
  return ok({ model, name: typeof child.alias === 'string' ? child.alias : alias, childId: child.id })
}

/** A library or socket failure in the operator's words. */
function kasaProblem(error: unknown, config: PlugConfig): string {
  const message = error instanceof Error ? error.message : String(error)
  const port = config.address.port
  if (error instanceof ResponseError) return `answered with an error (${message.split('\n')[0]?.slice(0, 120) ?? ''})`
  if (message.startsWith('TCP Timeout')) return `did not answer within ${config.timeoutMs} ms`
  if (message.startsWith('TCP Socket Closed')) return 'closed the connection without answering'
  if (message.startsWith('Unexpected Response')) return 'answered get_sysinfo with something else: is it a Kasa plug?'
  if (error instanceof SyntaxError) return 'answered something that is not JSON: is it a Kasa plug?'
  if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
    return `refused TCP port ${port}: wrong port, or newer Kasa firmware (KLAP) that closed the local port, which is not supported yet`
  }
  return networkProblem(error, { timeoutMs: config.timeoutMs })
}

/** One plug's connection: sysinfo once, then get_realtime per poll; a failure forgets the device so the next poll looks again. */
function connection(config: PlugConfig): { read: () => Promise<PlugResult<PlugMeasurement & KasaTarget>> } {
  const sendOptions = { timeout: config.timeoutMs, transport: 'tcp' as const }
  const client = new Client({ defaultSendOptions: sendOptions, logger: quiet })
  const { host, port } = config.address
  let device: { plug: Plug; target: KasaTarget } | null = null
  const subject = `Kasa plug at ${config.address.address}`
  return {
    read: async () => {
      try {
        if (device === null) {
          const sysInfo = await client.getSysInfo(host, port, sendOptions)
          const target = parseKasaSysinfo(sysInfo, config.channel)
          if (!target.ok) return target
          device = { plug: client.getPlug({ host, port, sysInfo, childId: target.value.childId, defaultSendOptions: sendOptions }), target: target.value }
        }
        const reading = parseKasaRealtime(await device.plug.emeter.getRealtime(sendOptions))
        return reading.ok ? ok({ ...device.target, ...reading.value }) : reading
      } catch (error) {
        device = null
        return fault(`${subject} ${kasaProblem(error, config)}`)
      }
    },
  }
}

export const kasa: PlugProtocol = {
  label: 'TP-Link Kasa (HS110, KP115, HS300; local protocol)',
  defaultPort: 9999,
  target: 'channel',
  secret: 'none',
  create: (config) => {
    const plug = connection(config)
    return pollPlug('kasa', config, () => plug.read())
  },
  probe: async (config) => {
    const reading = await connection(config).read()
    if (!reading.ok) return reading
    const { model, name, watts, energyJoules } = reading.value
    return ok(energyJoules === undefined ? { model, name, watts } : { model, name, watts, energyJoules })
  },
}
