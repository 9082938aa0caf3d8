import type * as si from 'systeminformation'
import type { HardwareSample } from '../../../shared/contract/hardware.ts'
import { networkThroughput, type InterfaceCounters } from './rates.ts'

/** The systeminformation calls the reader needs; the real module satisfies it. */
export type SystemInfoPort = Pick<typeof si, 'currentLoad' | 'mem' | 'networkStats' | 'time'>

type Reading = { at: number; interfaces: InterfaceCounters[] }

/**
 * Reads CPU, memory, network and uptime through systeminformation, the portable path.
 * Network rates need the previous reading, which this reader keeps.
 */
export class SystemReader {
  readonly #si: SystemInfoPort
  readonly #now: () => number
  #previous: Reading | undefined

  constructor(systemInfo: SystemInfoPort, now: () => number = Date.now) {
    this.#si = systemInfo
    this.#now = now
  }

  async read(): Promise<HardwareSample> {
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
      cpu: { loadPercent: clampPercent(load.currentLoad), cores: Math.max(1, load.cpus.length) },
      // `active` excludes buffers and cache: what programs really hold.
      memory: { usedBytes: mem.active, totalBytes: mem.total },
      network,
      uptimeSeconds: this.#si.time().uptime,
    }
  }
}

function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0
}
