import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { HardwareSample } from '../../../../shared/contract/hardware.ts'
import { networkThroughput } from '../rates.ts'
import { cpuLoadPercent, parseMeminfo, parseNetDev, parseProcStat, parseUptime, type NetDevCounters, type ProcStat } from './parse-proc.ts'

export type ProcfsRoots = { procRoot: string; sysRoot: string }

type Reading = { at: number; stat: ProcStat; interfaces: NetDevCounters[] }

/**
 * The Linux 1 s path: reads /proc and /sys with plain file reads, starting no process
 * (systeminformation starts ~18 per sample). Roots are injectable so tests feed it trees.
 */
export class ProcfsReader {
  readonly #roots: ProcfsRoots
  readonly #now: () => number
  #previous: Reading | undefined

  constructor(roots: ProcfsRoots = { procRoot: '/proc', sysRoot: '/sys' }, now: () => number = Date.now) {
    this.#roots = roots
    this.#now = now
  }

  async read(): Promise<HardwareSample> {
    const startedAt = this.#now()
    const proc = (name: string): Promise<string> => readFile(join(this.#roots.procRoot, name), 'utf8')
    const [statText, memText, netText, uptimeText, virtual] = await Promise.all([
      proc('stat'),
      proc('meminfo'),
      proc('net/dev'),
      proc('uptime'),
      this.#virtualInterfaces(),
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
      },
      memory: { usedBytes: memory.totalBytes - memory.availableBytes, totalBytes: memory.totalBytes },
      network: previous ? networkThroughput(previous.interfaces, interfaces, at - previous.at) : null,
      uptimeSeconds: parseUptime(uptimeText),
    }
  }

  /** Names under /sys/devices/virtual/net: bridges, veths, tunnels, loopback. */
  async #virtualInterfaces(): Promise<Set<string>> {
    try {
      return new Set(await readdir(join(this.#roots.sysRoot, 'devices/virtual/net')))
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
