import { isRecord } from '../../is-record.ts'
import { containerStates, type ContainerFacts, type ContainerState, type ContainerUsage } from '../node-facts.ts'

/*
 * Engine API bodies to container facts, as pure functions over `unknown`: the daemon is a
 * local program, but its answers are still outside input. Field names are the Engine API
 * reference's (https://docs.docker.com/reference/api/engine/version/v1.51/): ContainerList
 * (GET /containers/json), ContainerInspect (GET /containers/{id}/json) and ContainerStats
 * (GET /containers/{id}/stats).
 */

/** One row of GET /containers/json?all=true, the fields the scanner needs before inspecting. */
export type ContainerSummary = { id: string; name: string; image: string; state: ContainerState }

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)
const rec = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {})

/** Old daemons wrote "Exited", today's write "exited"; anything else unknown reads as dead. */
export function containerState(value: unknown): ContainerState {
  const lower = str(value).toLowerCase()
  return (containerStates as readonly string[]).includes(lower) ? (lower as ContainerState) : 'dead'
}

/** The rows of the list; rows without an Id are skipped. */
export function parseContainerList(body: unknown): ContainerSummary[] {
  if (!Array.isArray(body)) return []
  return body.filter(isRecord).flatMap((row) => {
    const id = str(row.Id)
    if (!/^[0-9a-f]{12,64}$/.test(id)) return []
    const names = Array.isArray(row.Names) ? row.Names.map(str) : []
    return [{ id, name: (names[0] ?? '').replace(/^\//, ''), image: str(row.Image), state: containerState(row.State) }]
  })
}

/** Docker's zero time ("0001-01-01T00:00:00Z") means never started. */
function startedAt(value: unknown): number | null {
  const ms = Date.parse(str(value))
  return Number.isFinite(ms) && ms > 0 ? ms : null
}

const loopbackHost = (ip: string): boolean => ip.startsWith('127.') || ip === '::1' || ip === 'localhost'

/**
 * Published ports another machine can reach: NetworkSettings.Ports maps "8443/tcp" to its host
 * bindings; a HostIp of "", 0.0.0.0 or :: means every interface.
 */
export function publishedPorts(ports: unknown): string[] {
  const published: string[] = []
  for (const [containerPort, bindings] of Object.entries(rec(ports))) {
    if (!Array.isArray(bindings)) continue
    for (const binding of bindings.filter(isRecord)) {
      const hostIp = str(binding.HostIp)
      const hostPort = str(binding.HostPort)
      if (hostPort === '' || loopbackHost(hostIp)) continue
      const host = hostIp === '' ? '0.0.0.0' : hostIp.includes(':') ? `[${hostIp}]` : hostIp
      published.push(`${host}:${hostPort}->${containerPort}`)
    }
  }
  return [...new Set(published)]
}

/** An inspect body as facts; `summary` fills what inspect leaves out (a list row always has a name and image). */
export function containerFacts(inspect: unknown, summary: ContainerSummary): ContainerFacts {
  const body = rec(inspect)
  const state = rec(body.State)
  const config = rec(body.Config)
  const hostConfig = rec(body.HostConfig)
  const networkSettings = rec(body.NetworkSettings)
  const mounts = Array.isArray(body.Mounts) ? body.Mounts.filter(isRecord) : []
  // The list shows "sha256:…" once the tag moved to a newer image; Config.Image keeps what was pulled.
  const configImage = str(config.Image)
  return {
    id: str(body.Id) || summary.id,
    name: str(body.Name).replace(/^\//, '') || summary.name,
    image: configImage !== '' ? configImage : summary.image,
    state: state.Status === undefined ? summary.state : containerState(state.Status),
    startedAtMs: startedAt(state.StartedAt),
    restartCount: num(body.RestartCount) ?? 0,
    pid: num(state.Pid) ?? 0,
    user: str(config.User),
    privileged: hostConfig.Privileged === true,
    networkMode: str(hostConfig.NetworkMode),
    // Daemons before API 1.25 wrote no Type: a mount without a volume Name is a bind.
    mountSources: mounts.filter((mount) => mount.Type === 'bind' || (mount.Type === undefined && str(mount.Name) === '')).map((mount) => str(mount.Source)),
    publishedPorts: publishedPorts(networkSettings.Ports),
  }
}

/** Bytes read and written from blkio_stats.io_service_bytes_recursive ("read"/"write" on cgroup v2, "Read"/"Write" on v1). */
function blockIo(blkio: Record<string, unknown>): { read: number | null; write: number | null } {
  const entries = Array.isArray(blkio.io_service_bytes_recursive) ? blkio.io_service_bytes_recursive.filter(isRecord) : null
  if (entries === null) return { read: null, write: null }
  const sum = (op: string): number => entries.filter((entry) => str(entry.op).toLowerCase() === op).reduce((total, entry) => total + (num(entry.value) ?? 0), 0)
  return { read: sum('read'), write: sum('write') }
}

/**
 * A one-shot stats body as usage. Memory is usage less the inactive page cache, as `docker
 * stats` shows it (inactive_file on cgroup v2, total_inactive_file on v1), so the two usage
 * sources agree. Networks are absent for a container without its own network.
 */
export function containerUsageFromStats(stats: unknown): ContainerUsage | null {
  const body = rec(stats)
  const totalNs = num(rec(rec(body.cpu_stats).cpu_usage).total_usage)
  const memory = rec(body.memory_stats)
  const usage = num(memory.usage)
  if (totalNs === null || usage === null) return null
  const memoryStats = rec(memory.stats)
  const inactive = num(memoryStats.inactive_file) ?? num(memoryStats.total_inactive_file) ?? 0
  const io = blockIo(rec(body.blkio_stats))
  const networks = isRecord(body.networks) ? Object.values(body.networks).filter(isRecord) : null
  const netSum = (field: string): number | null => (networks === null ? null : networks.reduce((total, nic) => total + (num(nic[field]) ?? 0), 0))
  return {
    cpuSeconds: totalNs / 1e9,
    memoryBytes: Math.max(0, usage - inactive),
    ioReadBytes: io.read,
    ioWriteBytes: io.write,
    netRxBytes: netSum('rx_bytes'),
    netTxBytes: netSum('tx_bytes'),
  }
}
