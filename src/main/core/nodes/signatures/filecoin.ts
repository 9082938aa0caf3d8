import type { NodeSignature } from '../node-signature.ts'

/*
 * Filecoin storage providers run Lotus (the chain daemon, the miner, sealing workers) or Curio,
 * its successor. Command lines and units are Lotus's own systemd units:
 * https://github.com/filecoin-project/lotus/blob/master/scripts/lotus-daemon.service
 * (ExecStart=/usr/local/bin/lotus daemon) and scripts/lotus-miner.service
 * (ExecStart=/usr/local/bin/lotus-miner run). Matched on the subcommand, so the operator's own
 * `lotus sync status` or `lotus-miner info` is not taken for a node.
 */

const lotusDocs = 'https://lotus.filecoin.io/lotus/install/linux/'

export const lotusDaemon: NodeSignature = {
  network: 'filecoin',
  id: 'lotus-daemon',
  software: 'Lotus chain node',
  commandLine: [/(?:^|\/)lotus\s+daemon(?:\s|$)/],
  systemdUnits: ['lotus-daemon.service'],
  health: {
    // node/rpc.go mounts /health/livez and /health/readyz on the full node's API (default 127.0.0.1:1234), without a token.
    url: 'http://127.0.0.1:1234/health/livez',
    note: "Lotus's liveness check on its API port; 200 while the node keeps up with the chain.",
  },
  installPlaces: ['/usr/local/bin', '/usr/bin'],
  sources: [lotusDocs, 'https://github.com/filecoin-project/lotus/blob/master/scripts/lotus-daemon.service', 'https://github.com/filecoin-project/lotus/blob/master/node/rpc.go'],
}

export const lotusMiner: NodeSignature = {
  network: 'filecoin',
  id: 'lotus-miner',
  software: 'Lotus miner',
  commandLine: [/(?:^|\/)lotus-miner\s+run(?:\s|$)/],
  systemdUnits: ['lotus-miner.service'],
  health: {
    // The miner's API (default 127.0.0.1:2345) has no health route; its /debug/metrics answers any reader while the API is up.
    url: 'http://127.0.0.1:2345/debug/metrics',
    healthy: (status) => status === 200,
    note: "The miner's API serves no health route; its metrics page answering means the API is up.",
  },
  installPlaces: ['/usr/local/bin', '/usr/bin'],
  sources: [lotusDocs, 'https://github.com/filecoin-project/lotus/blob/master/scripts/lotus-miner.service', 'https://github.com/filecoin-project/lotus/blob/master/node/rpc.go'],
}

export const lotusWorker: NodeSignature = {
  network: 'filecoin',
  id: 'lotus-worker',
  software: 'Lotus sealing worker',
  commandLine: [/(?:^|\/)lotus-worker\s+run(?:\s|$)/],
  installPlaces: ['/usr/local/bin', '/usr/bin'],
  sources: [lotusDocs, 'https://github.com/filecoin-project/lotus/blob/master/documentation/en/cli-lotus-worker.md'],
}

/*
 * Curio: `curio run --layers=…`, installed by `sudo make install` into /usr/local/bin or from
 * the Debian package, which ships the unit curio.service:
 * https://docs.curiostorage.org/installation and https://docs.curiostorage.org/curio-service.
 * No health endpoint is documented (its API listens on 12300, the GUI on 4701).
 */
export const curio: NodeSignature = {
  network: 'filecoin',
  id: 'curio',
  software: 'Curio storage provider',
  commandLine: [/(?:^|\/)curio\s+run(?:\s|$)/],
  systemdUnits: ['curio.service'],
  installPlaces: ['/usr/local/bin', '/usr/bin'],
  sources: ['https://docs.curiostorage.org/installation', 'https://docs.curiostorage.org/curio-service', 'https://github.com/filecoin-project/curio/blob/main/documentation/en/curio-cli/curio.md'],
}

export const filecoinSignatures: readonly NodeSignature[] = [lotusDaemon, lotusMiner, lotusWorker, curio]
