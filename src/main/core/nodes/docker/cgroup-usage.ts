import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ContainerFacts, ContainerUsage } from '../node-facts.ts'
import { unifiedPath } from '../procfs/cgroup-path.ts'
import { readOrNull } from '../procfs/proc-files.ts'

/*
 * A container's counters read straight from its cgroup v2 directory, the same files dockerd
 * reads to answer /containers/{id}/stats: a handful of small file reads per container instead
 * of an HTTP exchange, a daemon-side collection and a JSON body each. Preferred wherever the
 * unified hierarchy is mounted (every current distribution); cgroup v1 machines use stats.
 * Files: https://docs.kernel.org/admin-guide/cgroup-v2.html (cpu.stat, memory.current,
 * memory.stat, io.stat). Network bytes are not a cgroup's: they come from the container's
 * network namespace, /proc/<its main pid>/net/dev.
 */

/** cpu.stat's usage_usec, in seconds. */
export function parseCpuStat(text: string): number | null {
  const usec = /^usage_usec\s+(\d+)/m.exec(text)?.[1]
  return usec === undefined ? null : Number(usec) / 1e6
}

/** memory.stat's inactive_file: page cache the kernel reclaims first, left out as `docker stats` does. */
export function parseInactiveFile(text: string): number {
  const bytes = /^inactive_file\s+(\d+)/m.exec(text)?.[1]
  return bytes === undefined ? 0 : Number(bytes)
}

/** io.stat: one line per device, "8:0 rbytes=… wbytes=… rios=… wios=… dbytes=… dios=…", summed. */
export function parseIoStat(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0
  let writeBytes = 0
  for (const line of text.split('\n')) {
    readBytes += Number(/\brbytes=(\d+)/.exec(line)?.[1] ?? 0)
    writeBytes += Number(/\bwbytes=(\d+)/.exec(line)?.[1] ?? 0)
  }
  return { readBytes, writeBytes }
}

/** /proc/<pid>/net/dev totals over every interface but loopback. */
export function parseNetDevTotals(text: string): { rxBytes: number; txBytes: number } {
  let rxBytes = 0
  let txBytes = 0
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':')
    if (colon < 0 || line.slice(0, colon).trim() === 'lo') continue
    const fields = line.slice(colon + 1).trim().split(/\s+/)
    rxBytes += Number(fields[0] ?? 0)
    txBytes += Number(fields[8] ?? 0)
  }
  return { rxBytes, txBytes }
}

export type CgroupUsageOptions = { sysRoot?: string; procRoot?: string }

export class CgroupUsageReader {
  readonly #cgroupRoot: string
  readonly #procRoot: string
  /** Directory per container and main pid: a restart moves the container to a new pid and scope. */
  readonly #dirs = new Map<string, string | null>()

  constructor(options: CgroupUsageOptions = {}) {
    this.#cgroupRoot = join(options.sysRoot ?? '/sys', 'fs/cgroup')
    this.#procRoot = options.procRoot ?? '/proc'
  }

  /** Whether the unified hierarchy is mounted here (its root has cgroup.controllers). */
  available(): boolean {
    return existsSync(join(this.#cgroupRoot, 'cgroup.controllers'))
  }

  /** The container's counters, or null when its cgroup directory cannot be found (use stats instead). */
  read(container: ContainerFacts): ContainerUsage | null {
    const dir = this.#dirFor(container)
    const cpu = dir === null ? null : readOrNull(join(dir, 'cpu.stat'))
    const memory = dir === null ? null : readOrNull(join(dir, 'memory.current'))
    if (dir === null || cpu === null || memory === null) {
      this.#dirs.delete(`${container.id}:${String(container.pid)}`)
      return null
    }
    const cpuSeconds = parseCpuStat(cpu)
    if (cpuSeconds === null) return null
    const memoryStat = readOrNull(join(dir, 'memory.stat')) ?? ''
    // io.stat exists only where the io controller is enabled for the subtree.
    const ioText = readOrNull(join(dir, 'io.stat'))
    const io = ioText === null ? null : parseIoStat(ioText)
    const net = this.#network(container)
    return {
      cpuSeconds,
      memoryBytes: Math.max(0, Number(memory.trim()) - parseInactiveFile(memoryStat)),
      ioReadBytes: io?.readBytes ?? null,
      ioWriteBytes: io?.writeBytes ?? null,
      netRxBytes: net?.rxBytes ?? null,
      netTxBytes: net?.txBytes ?? null,
    }
  }

  /** Forgets directories of containers no longer listed. */
  retain(containers: readonly ContainerFacts[]): void {
    const keep = new Set(containers.map((container) => `${container.id}:${String(container.pid)}`))
    for (const key of this.#dirs.keys()) if (!keep.has(key)) this.#dirs.delete(key)
  }

  #dirFor(container: ContainerFacts): string | null {
    const key = `${container.id}:${String(container.pid)}`
    if (this.#dirs.has(key)) return this.#dirs.get(key) ?? null
    const dir = this.#findDir(container)
    this.#dirs.set(key, dir)
    return dir
  }

  /**
   * From the main process's own cgroup when it runs (whatever the cgroup driver, rootless
   * included), cut after the segment naming the container (a container running systemd nests
   * its own cgroups below it); else the two places Docker's drivers put it.
   */
  #findDir(container: ContainerFacts): string | null {
    const candidates: string[] = []
    const cgroup = container.pid > 0 ? readOrNull(join(this.#procRoot, String(container.pid), 'cgroup')) : null
    const path = cgroup === null ? null : unifiedPath(cgroup.trim())
    if (path !== null) {
      const segments = path.split('/')
      const at = segments.findIndex((segment) => segment.includes(container.id))
      candidates.push(join(this.#cgroupRoot, (at >= 0 ? segments.slice(0, at + 1) : segments).join('/')))
    }
    candidates.push(join(this.#cgroupRoot, `system.slice/docker-${container.id}.scope`), join(this.#cgroupRoot, 'docker', container.id))
    return candidates.find((dir) => existsSync(join(dir, 'cpu.stat'))) ?? null
  }

  /** The container's own network namespace; a host-network container (or one sharing another's) has no bytes of its own. */
  #network(container: ContainerFacts): { rxBytes: number; txBytes: number } | null {
    if (container.pid <= 0 || container.networkMode === 'host' || container.networkMode.startsWith('container:')) return null
    const text = readOrNull(join(this.#procRoot, String(container.pid), 'net/dev'))
    return text === null ? null : parseNetDevTotals(text)
  }
}
