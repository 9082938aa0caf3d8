import type * as si from 'systeminformation'
import type { Battery, DiskUsage, Temperature } from '../../../shared/contract/hardware.ts'
import type { MachineReading } from './machine-reading.ts'
import { networkThroughput, type InterfaceCounters } from './rates.ts'
import { Refreshed } from './refreshed.ts'

/** The systeminformation calls the reader needs; the real module satisfies it. */
export type SystemInfoPort = Pick<typeof si, 'currentLoad' | 'mem' | 'networkStats' | 'time' | 'cpuTemperature' | 'fsSize' | 'battery'>

type Reading = { at: number; interfaces: InterfaceCounters[] }

/**
 * Temperatures, disk space and battery cost systeminformation a PowerShell (Windows) or
 * several processes (macOS) per call, and change slowly: they are read this often.
 */
export const slowEveryMs = 30_000

/**
 * Reads the machine through systeminformation, the portable path (macOS, Windows). Network
 * rates need the previous reading, which this reader keeps. The slow facts are read in the
 * background and the tick returns the last ones, so the first samples carry none yet.
 */
export class SystemReader {
  readonly #si: SystemInfoPort
  readonly #now: () => number
  readonly #temperatures: Refreshed<Temperature[]>
  readonly #disks: Refreshed<DiskUsage[]>
  readonly #battery: Refreshed<Battery | null>
  #previous: Reading | undefined

  constructor(systemInfo: SystemInfoPort, now: () => number = Date.now) {
    this.#si = systemInfo
    this.#now = now
    const every = { everyMs: slowEveryMs, now }
    this.#temperatures = new Refreshed({ ...every, load: async () => temperaturesOf(await systemInfo.cpuTemperature()), initial: [] })
    this.#disks = new Refreshed({ ...every, load: async () => disksOf(await systemInfo.fsSize()), initial: [] })
    this.#battery = new Refreshed({ ...every, load: async () => batteryOf(await systemInfo.battery()), initial: null })
  }

  async read(): Promise<MachineReading> {
    const startedAt = this.#now()
    const [load, mem, stats] = await Promise.all([
      this.#si.currentLoad(),
      this.#si.mem(),
      this.#si.networkStats('*'),
    ])
    const at = this.#now()
    const interfaces = stats
      .filter((s) => s.iface !== 'lo' && s.operstate !== 'down')
      .map((s) => ({ name: s.iface, rxBytes: s.rx_bytes, txBytes: s.tx_bytes }))
    const previous = this.#previous
    const network = previous ? networkThroughput(previous.interfaces, interfaces, at - previous.at) : null
    this.#previous = { at, interfaces }
    return {
      provenance: { kind: 'measured', source: 'systeminformation', at },
      durationMs: at - startedAt,
      cpu: {
        loadPercent: clampPercent(load.currentLoad),
        cores: Math.max(1, load.cpus.length),
        perCorePercent: load.cpus.map((cpu) => clampPercent(cpu.load)),
      },
      // `active` excludes buffers and cache: what programs really hold.
      memory: { usedBytes: mem.active, totalBytes: mem.total },
      network,
      uptimeSeconds: this.#si.time().uptime,
      temperatures: this.#temperatures.current(),
      disks: this.#disks.current(),
      battery: this.#battery.current(),
    }
  }
}

/**
 * systeminformation's CPU figures; a sensor it could not read is null (its types say number).
 * On Windows `cores` are really ACPI thermal zones, hence "sensor", not "core".
 */
export function temperaturesOf(data: si.Systeminformation.CpuTemperatureData): Temperature[] {
  const readings: Temperature[] = []
  const add = (sensor: string, label: string, kind: Temperature['kind'], celsius: number | null | undefined): void => {
    if (typeof celsius === 'number' && Number.isFinite(celsius)) readings.push({ sensor, label, kind, celsius })
  }
  add('si:cpu', 'CPU', 'cpu', data.main)
  data.cores.forEach((celsius, i) => add(`si:cpu/${i}`, `CPU sensor ${i}`, 'cpu', celsius))
  add('si:chipset', 'Chipset', 'other', data.chipset)
  return readings
}

/** Network shares live on another machine; macOS's sealed-system helper volumes hold no user data. */
const networkTypes = new Set(['nfs', 'smbfs', 'cifs', 'afpfs', 'webdav'])
const maxVolumes = 8

export function disksOf(volumes: readonly si.Systeminformation.FsSizeData[]): DiskUsage[] {
  const byDevice = new Map<string, DiskUsage>()
  for (const v of volumes) {
    const helper = v.mount.startsWith('/System/Volumes/') && v.mount !== '/System/Volumes/Data'
    if (v.size <= 0 || helper || networkTypes.has(v.type.toLowerCase()) || byDevice.has(v.fs)) continue
    byDevice.set(v.fs, { mount: v.mount, device: v.fs, usedBytes: Math.max(0, v.used), totalBytes: v.size })
  }
  return [...byDevice.values()].slice(0, maxVolumes)
}

export function batteryOf(data: si.Systeminformation.BatteryData): Battery | null {
  if (!data.hasBattery) return null
  return {
    percent: Number.isFinite(data.percent) ? clampPercent(data.percent) : null,
    charging: data.isCharging,
    onAc: data.acConnected,
  }
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0
}
