/*
 * What a network's node software looks like on a machine, declared in one file per network under
 * signatures/ (as networks/ declares readers), each pattern taken from the project's own install
 * docs, cited beside it.
 */

/** A local status endpoint the node serves by default, asked over loopback only. */
export type HealthEndpoint = {
  url: string
  /** What a healthy answer looks like; absent: any 2xx. */
  healthy?: (status: number, body: string) => boolean
  note: string
}

export type NodeSignature = {
  /** The network it earns on: a NetworkId from networks/. */
  network: string
  /** Stable id of the software: 'grass-desktop', 'akash-provider', 'lotus-miner'. */
  id: string
  /** In words: 'Grass desktop node'. */
  software: string
  /** Exact process names (/proc/<pid>/comm, compared case-insensitively; comm is cut at 15 characters). */
  processNames?: readonly string[]
  /** Matched against the whole command line joined with spaces. */
  commandLine?: readonly RegExp[]
  /** Matched against the container's image reference without its tag or digest. */
  images?: readonly RegExp[]
  /** Exact container names, without the leading '/' (a node added by hand by its container's name). */
  containerNames?: readonly string[]
  /** systemd unit names ('lotus-miner.service'). */
  systemdUnits?: readonly string[]
  health?: HealthEndpoint
  /** Directories its binary is installed in by its official installers (posture: "outside the usual places"). */
  installPlaces: readonly string[]
  /** The install docs these patterns come from. */
  sources: readonly string[]
}
