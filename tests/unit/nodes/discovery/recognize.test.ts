import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProcessFacts } from '../../../../src/main/core/nodes/node-facts.ts'
import { ProcessTable } from '../../../../src/main/core/nodes/procfs/process-table.ts'
import { signatures } from '../../../../src/main/core/nodes/signatures/index.ts'
import { imageWithoutTag, manualSignature, recognize, sameProcessName, type NodeCandidate } from '../../../../src/main/core/nodes/signatures/recognize.ts'
import { writeMachine } from '../../../fixtures/procfs-nodes/fake-procfs.ts'
import { containerFacts, nodeMachines, type NodeMachine } from '../../../fixtures/procfs-nodes/node-machines.ts'

/** The machine's processes as the real ProcessTable reads them from a fake /proc. */
function scanOf(fixture: NodeMachine): { processes: ProcessFacts[]; containers: NodeMachine['containers'] } {
  const procRoot = mkdtempSync(join(tmpdir(), 'desk-recognize-'))
  writeMachine(procRoot, fixture.machine)
  return { processes: new ProcessTable({ procRoot, kernel: { clockTicksPerSecond: 100, pageSizeBytes: 4096 } }).scan(), containers: fixture.containers }
}

const brief = (candidates: readonly NodeCandidate[]): object[] =>
  candidates.map((c) => ({ signature: c.signature.id, pids: c.pids, ...(c.containerId === undefined ? {} : { containerId: c.containerId }), ...(c.systemdUnit === undefined ? {} : { systemdUnit: c.systemdUnit }) }))

describe('recognize, on each network’s node software as its docs start it', () => {
  it.each(nodeMachines.map((m) => [m.name, m] as const))('%s', (_, fixture) => {
    const sortKey = (c: { signature: string; pids: readonly number[] }): string => `${c.signature}:${String(c.pids[0])}`
    const found = brief(recognize(scanOf(fixture), signatures)) as { signature: string; pids: readonly number[] }[]
    expect(found.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual([...fixture.expected].sort((a, b) => sortKey(a).localeCompare(sortKey(b))))
  })

  it('finds them all at once on one busy machine, none twice', () => {
    const processes = new Map<number, ProcessFacts>()
    const containers = nodeMachines.flatMap((m) => m.containers)
    for (const fixture of nodeMachines) for (const p of scanOf(fixture).processes) processes.set(p.pid, p)
    const found = recognize({ processes: [...processes.values()], containers }, signatures)
    expect(found).toHaveLength(nodeMachines.reduce((n, m) => n + m.expected.length, 0))
    const pids = found.flatMap((c) => c.pids)
    expect(new Set(pids).size).toBe(pids.length)
  })
})

describe('ownership', () => {
  const proc = (pid: number, ppid: number, cmdline: string[], extra: Partial<ProcessFacts> = {}): ProcessFacts => ({
    pid,
    ppid,
    name: (cmdline[0] ?? '').split('/').pop()?.slice(0, 15) ?? '',
    cmdline,
    exe: cmdline[0] ?? null,
    uid: 1000,
    startedAtMs: pid,
    cpuSeconds: 0,
    rssBytes: 0,
    ioReadBytes: null,
    ioWriteBytes: null,
    systemdUnit: null,
    containerId: null,
    ...extra,
  })

  it('gives a matched process its whole subtree, grandchildren included', () => {
    const processes = [proc(1, 0, ['/sbin/init']), proc(10, 1, ['/usr/local/bin/curio', 'run']), proc(11, 10, ['/bin/sh', '-c', 'x']), proc(12, 11, ['sleep', '1']), proc(13, 1, ['bash'])]
    expect(brief(recognize({ processes, containers: [] }, signatures))).toEqual([{ signature: 'curio', pids: [10, 11, 12] }])
  })

  it('lets an ancestor’s match win over a descendant that matches too', () => {
    const processes = [proc(10, 1, ['/usr/local/bin/lotus-miner', 'run']), proc(11, 10, ['/usr/local/bin/lotus', 'daemon'])]
    expect(brief(recognize({ processes, containers: [] }, signatures))).toEqual([{ signature: 'lotus-miner', pids: [10, 11] }])
  })

  it('survives a parent loop in a malformed table', () => {
    const processes = [proc(10, 11, ['/usr/local/bin/curio', 'run']), proc(11, 10, ['sleep'])]
    expect(brief(recognize({ processes, containers: [] }, signatures))).toEqual([{ signature: 'curio', pids: [10, 11] }])
  })

  it('gives every process inside a matched container to the container, whatever it runs', () => {
    const id = 'd4'.repeat(32)
    const processes = [proc(20, 1, ['/usr/bin/containerd-shim-runc-v2', '-id', id]), proc(21, 20, ['/usr/local/bin/lotus', 'daemon'], { containerId: id }), proc(22, 21, ['sh'], { containerId: id })]
    const containers = [containerFacts({ id, name: 'grass', image: 'mrcolorrain/grass:latest', pid: 21 })]
    expect(brief(recognize({ processes, containers }, signatures))).toEqual([{ signature: 'grass-community-docker', pids: [21, 22], containerId: id }])
  })

  it('makes a process match inside an unmatched container the node of that whole container', () => {
    const id = 'e5'.repeat(32)
    const processes = [proc(30, 1, ['/bin/tini', '--'], { containerId: id }), proc(31, 30, ['/usr/bin/helium_gateway', '-c', '/etc/helium_gateway', 'server'], { containerId: id })]
    const containers = [containerFacts({ id, name: 'gw', image: 'registry.example/custom-gateway:1', pid: 30 })]
    expect(brief(recognize({ processes, containers }, signatures))).toEqual([{ signature: 'helium-gateway', pids: [30, 31], containerId: id }])
  })

  it('counts a stopped matched container as a node with no processes', () => {
    const id = 'f6'.repeat(32)
    const containers = [containerFacts({ id, name: 'my-nosana', image: 'docker.io/nosana/nosana-cli@sha256:' + 'a'.repeat(64), pid: 0, state: 'exited' })]
    expect(recognize({ processes: [], containers }, signatures)).toMatchObject([{ signature: { id: 'nosana-node' }, pids: [], mainPid: null, containerId: id, matchedBy: 'image' }])
  })

  it('anchors a unit on its oldest process', () => {
    const unit = { systemdUnit: 'lotus-daemon.service' }
    const processes = [proc(41, 1, ['/usr/local/bin/lotus', 'daemon'], { ...unit, startedAtMs: 500 }), proc(40, 1, ['/bin/sh', 'wrapper.sh'], { ...unit, startedAtMs: 100 })]
    expect(recognize({ processes, containers: [] }, signatures)).toMatchObject([{ signature: { id: 'lotus-daemon' }, pids: [40, 41], mainPid: 40, matchedBy: 'systemd-unit' }])
  })

  it('never takes kernel threads, whatever their name', () => {
    const processes = [proc(2, 0, [], { name: 'helium_gateway', exe: null })]
    expect(recognize({ processes, containers: [] }, signatures)).toEqual([])
  })
})

describe('nodes added by hand', () => {
  const processes: ProcessFacts[] = [
    { pid: 900, ppid: 1, name: 'storj', cmdline: ['/app/storagenode', 'run', '--config-dir', '/app/config'], exe: '/app/storagenode', uid: 0, startedAtMs: 1, cpuSeconds: 0, rssBytes: 0, ioReadBytes: null, ioWriteBytes: null, systemdUnit: 'storagenode.service', containerId: null },
  ]
  const container = containerFacts({ id: 'ab'.repeat(32), name: 'my-node', image: 'example/unknown:1', pid: 0, state: 'exited' })

  it.each([
    ['a process pattern', { kind: 'process', pattern: 'storagenode\\s+run' }, { pids: [900], matchedBy: 'command-line' }],
    ['a container name', { kind: 'container', name: 'my-node' }, { pids: [], containerId: 'ab'.repeat(32), matchedBy: 'container-name' }],
    ['a systemd unit', { kind: 'systemd', unit: 'storagenode.service' }, { pids: [900], systemdUnit: 'storagenode.service', matchedBy: 'systemd-unit' }],
    ['a health URL alone', { kind: 'health', url: 'http://127.0.0.1:14002/api/sno' }, { pids: [], mainPid: null, matchedBy: 'health-url' }],
  ] as const)('match by %s', (_, match, expected) => {
    const signature = manualSignature({ id: `manual:${match.kind}:x`, network: 'filecoin', match })
    const [found, ...rest] = recognize({ processes, containers: [container] }, [signature])
    expect(rest).toEqual([])
    expect(found).toMatchObject({ ...expected, signature: { id: `manual:${match.kind}:x`, network: 'filecoin' } })
  })

  it('finds nothing for a pattern that matches nothing', () => {
    const signature = manualSignature({ id: 'manual:process:none', network: 'akash', match: { kind: 'process', pattern: 'no-such-thing' } })
    expect(recognize({ processes, containers: [container] }, [signature])).toEqual([])
  })
})

describe('name and image comparisons', () => {
  it.each([
    ['AethirCheckerSe', 'AethirCheckerService', true],
    ['aethircheckerse', 'AethirCheckerService', true],
    ['AethirCheckerCL', 'AethirCheckerService', false],
    ['helium_gateway.exe', 'helium_gateway', true],
    ['helium_gatewa', 'helium_gateway', false],
    ['node-subtensor', 'node-subtensor', true],
  ])('%s is %s: %s', (seen, declared, same) => {
    expect(sameProcessName(seen, declared)).toBe(same)
  })

  it.each([
    ['ghcr.io/akash-network/provider:0.6.4', 'ghcr.io/akash-network/provider'],
    ['nosana/nosana-cli@sha256:abcd', 'nosana/nosana-cli'],
    ['localhost:5000/grass:1.2@sha256:abcd', 'localhost:5000/grass'],
    ['localhost:5000/grass', 'localhost:5000/grass'],
    ['quay.io/team-helium/miner:gateway-v1.0.2', 'quay.io/team-helium/miner'],
    ['ubuntu', 'ubuntu'],
  ])('%s without its tag is %s', (image, bare) => {
    expect(imageWithoutTag(image)).toBe(bare)
  })
})
