/*
 * What /proc/<pid>/cgroup says about where a process runs: the systemd unit that started it
 * and the container it lives in. cgroup v2 gives one line, "0::/system.slice/lotus-miner.service";
 * v1 gives one line per controller ("12:memory:/docker/<id>", "1:name=systemd:/system.slice/…").
 * Paths are seen from our own cgroup namespace, which on the host is the whole tree.
 */

export type CgroupPlace = { systemdUnit: string | null; containerId: string | null }

const hex64 = /^[0-9a-f]{64}$/
/**
 * A container's scope as its runtime names it under the systemd cgroup driver: Docker
 * (docker-<id>.scope), containerd's CRI plugin (cri-containerd-<id>.scope, Kubernetes and k3s),
 * CRI-O (crio-<id>.scope) and Podman (libpod-<id>.scope).
 */
const runtimeScope = /^(?:docker|cri-containerd|crio|libpod)-([0-9a-f]{64})\.scope$/
/** A systemd unit that holds processes: a service (started by systemd) or a scope (registered by a session or a runtime). */
const unitName = /\.(?:service|scope)$/

/** The cgroup paths of every line: v2's unified one and each v1 hierarchy's. */
function paths(text: string): string[] {
  const found: string[] = []
  for (const line of text.split('\n')) {
    // hierarchy-id:controllers:path, where the path may itself hold ':'.
    const first = line.indexOf(':')
    const second = first < 0 ? -1 : line.indexOf(':', first + 1)
    if (second >= 0) found.push(line.slice(second + 1))
  }
  return found
}

/**
 * The container id: the last path segment that is a runtime's scope or a bare 64-hex id
 * (cgroupfs driver: /docker/<id>, /kubepods/besteffort/pod<uid>/<id>).
 */
export function containerIdOf(path: string): string | null {
  const segments = path.split('/')
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? ''
    const scoped = runtimeScope.exec(segment)?.[1]
    if (scoped !== undefined) return scoped
    if (hex64.test(segment)) return segment
  }
  return null
}

/**
 * The unit: the deepest segment named like a unit. A user service sits under the user manager
 * (…/user@1000.service/app.slice/grass.service), so the deepest is the service itself.
 */
export function systemdUnitOf(path: string): string | null {
  const segments = path.split('/')
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? ''
    if (unitName.test(segment)) return segment
  }
  return null
}

/** Parses the whole file. The unit comes from the unified (0::) or name=systemd line; the container from any line. */
export function parseCgroup(text: string): CgroupPlace {
  const lines = text.split('\n')
  const systemdLine = lines.find((line) => line.startsWith('0::')) ?? lines.find((line) => line.includes(':name=systemd:'))
  const systemdPath = systemdLine === undefined ? null : (paths(systemdLine)[0] ?? null)
  let containerId: string | null = null
  for (const path of paths(text)) containerId ??= containerIdOf(path)
  return { systemdUnit: systemdPath === null ? null : systemdUnitOf(systemdPath), containerId }
}

/** The unified (v2) path, for finding a container's cgroup directory from its main process. */
export function unifiedPath(text: string): string | null {
  const line = text.split('\n').find((candidate) => candidate.startsWith('0::'))
  return line === undefined ? null : line.slice(3)
}
