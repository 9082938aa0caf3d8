import type { ContainerFacts, ListeningSocket, ProcessFacts } from '../../../../src/main/core/nodes/node-facts.ts'
import type { PostureInput } from '../../../../src/main/core/nodes/posture/posture-types.ts'

/* Facts for one node as a scan would give them, with a quiet default: no rule fires on inputOf(). */

export function processFacts(overrides: Partial<ProcessFacts> = {}): ProcessFacts {
  return {
    pid: 4242,
    ppid: 1,
    name: 'lotus-miner',
    cmdline: ['/usr/local/bin/lotus-miner', 'run'],
    exe: '/usr/local/bin/lotus-miner',
    uid: 1000,
    startedAtMs: 1_700_000_000_000,
    cpuSeconds: 12,
    rssBytes: 200 * 1024 ** 2,
    ioReadBytes: null,
    ioWriteBytes: null,
    systemdUnit: null,
    containerId: null,
    ...overrides,
  }
}

export function containerFacts(overrides: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    id: 'c0ffee'.padEnd(64, '0'),
    name: 'akash-provider',
    image: 'ghcr.io/akash-network/provider:0.6.4',
    state: 'running',
    startedAtMs: 1_700_000_000_000,
    restartCount: 0,
    pid: 5151,
    user: '1000:1000',
    privileged: false,
    networkMode: 'bridge',
    mountSources: [],
    publishedPorts: [],
    ...overrides,
  }
}

export const listening = (address: string, port: number, pid = 4242): { socket: ListeningSocket; pid: number } => ({
  socket: { inode: 9000 + port, address, port, family: address.includes(':') ? 'ipv6' : 'ipv4' },
  pid,
})

export function inputOf(overrides: Partial<PostureInput> = {}): PostureInput {
  return {
    processes: [processFacts()],
    container: null,
    listening: [],
    installPlaces: ['/usr/local/bin'],
    binary: null,
    machine: { kind: 'dedicated', evidence: 'a physical machine (Supermicro SYS-1029P), with no graphical session and no battery' },
    homeDir: '/home/ana',
    ...overrides,
  }
}
