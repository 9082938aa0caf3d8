import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Battery } from '../../../../shared/contract/hardware.ts'
import type { MachineReading } from '../machine-reading.ts'
import { networkThroughput } from '../rates.ts'
import { Refreshed } from '../refreshed.ts'
import { DiskUsageReader } from './disk-usage.ts'
import { corePercents, cpuLoadPercent, parseMeminfo, parseNetDev, parseProcStat, parseUptime, type NetDevCounters, type ProcStat } from './parse-proc.ts'
import { readBattery } from './power-supply.ts'
import { ThermalSensors } from './thermal.ts'

export type ProcfsReaderOptions = {
  procRoot?: string
  sysRoot?: string
  /** The app's data dir, whose volume is always among the disks. */
  dataDir?: string
  now?: () => number
}

type Reading = { at: number; stat: ProcStat; interfaces: NetDevCounters[] }

/** Battery reads can wake the embedded controller (ACPI _BST); a charge level moves slowly. */
const batteryEveryMs = 10_000

/**
 * The Linux 1 s path: reads /proc and /sys with plain file reads, starting no process
 * (systeminformation starts ~18 per sample). Roots are injectable so tests feed it trees.
 */
export class ProcfsReader {
  readonly #procRoot: string
  readonly #sysRoot: string
  readonly #now: () => number
  readonly #thermal: ThermalSensors
  readonly #disks: DiskUsageReader
  readonly #battery: Refreshed<Battery | null>
  #previous: Reading | undefined

  constructor(options: ProcfsReaderOptions = {}) {
    this.#procRoot = options.procRoot ?? '/proc'
    this.#sysRoot = options.sysRoot ?? '/sys'
    this.#now = options.now ?? Date.now
    const { dataDir, now } = options
    this.#thermal = new ThermalSensors({ sysRoot: this.#sysRoot, now })
    this.#disks = new DiskUsageReader({ procRoot: this.#procRoot, dataDir, now })
    this.#battery = new Refreshed({ load: () => readBattery(this.#sysRoot), everyMs: batteryEveryMs, initial: null, now })
  }

  async read(): Promise<MachineReading> {
    const startedAt = this.#now()
    const proc = (name: string): Promise<string> => readFile(join(this.#procRoot, name), 'utf8')
    const [statText, memText, netText, uptimeText, virtual, temperatures, disks, battery] = await Promise.all([
      proc('stat'),
      proc('meminfo'),
      proc('net/dev'),
      proc('uptime'),
      this.#virtualInterfaces(),
      this.#thermal.read(),
      this.#disks.read(),
      this.#battery.settled(),
    ])
    const at = this.#now()
    const stat = parseProcStat(statText)
    const memory = parseMeminfo(memText)
    const interfaces = countedInterfaces(parseNetDev(netText), virtual)
    const previous = this.#previous
    this.#previous = { at, stat, interfaces }
    return {
      provenance: { kind: 'measured', source: 'procfs', at },
      durationMs: at - startedAt,
      cpu: {
        // With no earlier reading the counters since boot are the only interval there is.
        loadPercent: cpuLoadPercent(previous?.stat.all ?? { busy: 0, total: 0 }, stat.all),
        cores: Math.max(1, stat.cores.length),
        perCorePercent: corePercents(previous?.stat.cores ?? [], stat.cores),
      },
      memory: { usedBytes: memory.totalBytes - memory.availableBytes, totalBytes: memory.totalBytes },
      network: previous ? networkThroughput(previous.interfaces, interfaces, at - previous.at) : null,
      uptimeSeconds: parseUptime(uptimeText),
      temperatures,
      disks,
      battery,
    }
  }

  /** Names under /sys/devices/virtual/net: bridges, veths, tunnels, loopback. */
  async #virtualInterfaces(): Promise<Set<string>> {
    try {
      return new Set(await readdir(join(this.#sysRoot, 'devices/virtual/net')))
    } catch {
      return new Set(['lo'])
    }
  }
}

/**
 * Physical interfaces only: a container's traffic also crosses its veth and the bridge, and
 * counting those too would double it. A machine with no physical interface (a VM on some
 * hypervisors, a container) counts every interface but loopback instead.
 */
export function countedInterfaces(all: NetDevCounters[], virtual: ReadonlySet<string>): NetDevCounters[] {
  const physical = all.filter((c) => !virtual.has(c.name))
  return physical.length > 0 ? physical : all.filter((c) => c.name !== 'lo')
}
