import type { Logger } from '../log.ts'
import type { ListeningSocket, MachineScan, ProcessFacts } from './node-facts.ts'
import { CgroupUsageReader } from './docker/cgroup-usage.ts'
import { ContainerScanner } from './docker/container-scanner.ts'
import { DockerApi } from './docker/docker-api.ts'
import { dockerSocketPath } from './docker/docker-socket.ts'
import { siScanEveryMs, SiProcessTable } from './other-os/si-process-table.ts'
import { readListeningSockets, socketInodes } from './procfs/listening-sockets.ts'
import { ProcessTable } from './procfs/process-table.ts'

/*
 * One scan of this machine for the nodes capability: processes (from /proc on Linux, with no
 * child process; from systeminformation elsewhere, at its own slow cadence) and containers
 * (the Docker Engine API, read-only calls). Roots and the socket are injectable, so tests scan
 * fake procfs trees and a loopback Docker socket through the same code.
 */

export type MachineScanner = {
  scan(options: { ioPids: ReadonlySet<number> }): Promise<MachineScan>
  /** The listening sockets a node's processes hold, matched by socket inode (Linux only; elsewhere none). */
  listening(processes: readonly ProcessFacts[]): { socket: ListeningSocket; pid: number }[]
  dispose?(): Promise<void>
}

export type MachineScannerOptions = {
  log: Logger
  platform?: NodeJS.Platform
  procRoot?: string
  sysRoot?: string
  dockerSocket?: string
  now?: () => number
}

export function createMachineScanner(options: MachineScannerOptions): MachineScanner {
  const platform = options.platform ?? process.platform
  const now = options.now ?? Date.now
  const procRoot = options.procRoot ?? '/proc'
  const linux = platform === 'linux'
  const api = new DockerApi({ socketPath: options.dockerSocket ?? dockerSocketPath(process.env, platform) })
  // On macOS and Windows the daemon runs in a VM: its cgroup files are not ours to read.
  const cgroups = linux ? new CgroupUsageReader({ procRoot, ...(options.sysRoot === undefined ? {} : { sysRoot: options.sysRoot }) }) : null
  const containers = new ContainerScanner({ api, cgroups, now })
  const table = linux ? new ProcessTable({ procRoot, now }) : null
  const other = linux ? null : new SiProcessTable({ now })
  let otherProcesses: { at: number; list: ProcessFacts[] } | null = null
  let otherDocker: { at: number; scan: Awaited<ReturnType<ContainerScanner['scan']>> } | null = null
  /** Listening sockets per network namespace ('host' or a container id), read once per scan for every node asking. */
  let socketTables = new Map<string, ListeningSocket[]>()

  async function processes(ioPids: ReadonlySet<number>): Promise<ProcessFacts[]> {
    if (table !== null) return table.scan({ ioPids })
    if (other === null) return []
    // systeminformation starts `ps` or PowerShell per call: asked at its own slow cadence.
    if (otherProcesses === null || now() - otherProcesses.at >= siScanEveryMs) otherProcesses = { at: now(), list: await other.scan() }
    return otherProcesses.list
  }

  /** On macOS and Windows the Docker daemon sits in a VM; it is asked at the processes' slow cadence too. */
  async function dockerScan(): Promise<Awaited<ReturnType<ContainerScanner['scan']>>> {
    if (linux) return containers.scan()
    if (otherDocker === null || now() - otherDocker.at >= siScanEveryMs) otherDocker = { at: now(), scan: await containers.scan() }
    return otherDocker.scan
  }

  return {
    async scan({ ioPids }) {
      socketTables = new Map()
      const [list, docker] = await Promise.all([processes(ioPids), dockerScan()])
      return { at: now(), processes: list, containers: docker.containers, containerUsage: docker.usage, dockerProblem: docker.problem }
    },
    listening(nodeProcesses) {
      if (!linux || nodeProcesses.length === 0) return []
      // A container with its own network has its own table: read the one each process sees.
      const result: { socket: ListeningSocket; pid: number }[] = []
      for (const process of nodeProcesses) {
        const inodes = socketInodes(procRoot, process.pid)
        if (inodes === null || inodes.size === 0) continue
        const key = process.containerId ?? 'host'
        let sockets = socketTables.get(key)
        if (sockets === undefined) {
          sockets = readListeningSockets(procRoot, process.containerId === null ? undefined : process.pid)
          socketTables.set(key, sockets)
        }
        for (const socket of sockets) if (inodes.has(socket.inode)) result.push({ socket, pid: process.pid })
      }
      return result
    },
    async dispose() {
      api.close()
    },
  }
}
