/*
 * What a scan of this machine finds, before anything is recognised as a node: processes (from
 * /proc on Linux, systeminformation elsewhere) and containers (the Docker Engine API). Plain
 * data, so recognisers, posture rules and the watts split are pure functions over it.
 */

/** One process, as /proc/<pid>/ tells it. Counters are cumulative since the process started. */
export type ProcessFacts = {
  pid: number
  ppid: number
  /** The kernel's short name (/proc/<pid>/comm, at most 15 characters). */
  name: string
  /** argv as the process set it (/proc/<pid>/cmdline, split on NUL); empty for kernel threads. */
  cmdline: readonly string[]
  /** The executable's path (readlink /proc/<pid>/exe), null when it cannot be read (another user's process). */
  exe: string | null
  /** Real user id. */
  uid: number
  startedAtMs: number
  /** User plus system CPU time, in seconds. */
  cpuSeconds: number
  rssBytes: number
  /** Bytes read from and written to storage (/proc/<pid>/io), null when not readable. */
  ioReadBytes: number | null
  ioWriteBytes: number | null
  /** The systemd unit it runs under ('grass.service'), from /proc/<pid>/cgroup; null outside one. */
  systemdUnit: string | null
  /** The container it runs in (a 64-hex Docker id), from /proc/<pid>/cgroup; null on the host. */
  containerId: string | null
}

export const containerStates = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const
export type ContainerState = (typeof containerStates)[number]

/** One container, from the Engine API's list and inspect (read-only calls). */
export type ContainerFacts = {
  id: string
  /** Without the leading '/'. */
  name: string
  /** As the operator pulled it: 'ghcr.io/akash-network/provider:0.6.4'. */
  image: string
  state: ContainerState
  startedAtMs: number | null
  restartCount: number
  /** Main process pid on the host, 0 when not running. */
  pid: number
  /** Config.User; '' means root inside the container. */
  user: string
  privileged: boolean
  /** HostConfig.NetworkMode: 'host' shares the machine's network stack. */
  networkMode: string
  /** Host paths bind-mounted into the container. */
  mountSources: readonly string[]
  /** Published ports bound to a non-loopback host address, as "0.0.0.0:8443->8443/tcp". */
  publishedPorts: readonly string[]
}

/** A container's resource counters, from cgroup v2 files or the Engine API's stats (one-shot). */
export type ContainerUsage = {
  cpuSeconds: number
  memoryBytes: number
  ioReadBytes: number | null
  ioWriteBytes: number | null
  netRxBytes: number | null
  netTxBytes: number | null
}

/** A TCP socket in LISTEN state, from /proc/net/tcp and tcp6. */
export type ListeningSocket = { inode: number; address: string; port: number; family: 'ipv4' | 'ipv6' }

/** One scan's worth of facts. A part that could not be read says why; the rest is still used. */
export type MachineScan = {
  at: number
  processes: readonly ProcessFacts[]
  containers: readonly ContainerFacts[]
  /** Usage per container id, for running containers. */
  containerUsage: ReadonlyMap<string, ContainerUsage>
  /** Why Docker could not be asked ('no Docker socket at /var/run/docker.sock'), null when it answered or is absent by design. */
  dockerProblem: string | null
}
