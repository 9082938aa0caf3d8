import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProcessTable } from '../../../../src/main/core/nodes/procfs/process-table.ts'
import { writeMachine, writeProcess, type FakeProcess } from '../../../fixtures/procfs-nodes/fake-procfs.ts'
import { bootTimeSeconds, filecoinMachine } from '../../../fixtures/procfs-nodes/node-machines.ts'

const kernel = { clockTicksPerSecond: 100, pageSizeBytes: 4096 }

function fakeProc(processes?: readonly FakeProcess[]): string {
  const procRoot = mkdtempSync(join(tmpdir(), 'desk-proc-'))
  writeMachine(procRoot, processes === undefined ? filecoinMachine.machine : { bootTimeSeconds, processes })
  return procRoot
}

const miner: FakeProcess = {
  pid: 6100,
  ppid: 1,
  comm: 'lotus-miner',
  cmdline: ['/usr/local/bin/lotus-miner', 'run'],
  uid: 0,
  cgroup: '0::/system.slice/lotus-miner.service',
  startTicks: 700,
  utimeTicks: 1234,
  stimeTicks: 566,
  rssPages: 2500,
  io: { readBytes: 4096, writeBytes: 8192 },
}

describe('ProcessTable on a fake /proc', () => {
  it('turns stat, status, cmdline, cgroup and exe into facts', () => {
    const table = new ProcessTable({ procRoot: fakeProc([miner]), kernel })
    expect(table.scan()).toEqual([
      {
        pid: 6100,
        ppid: 1,
        name: 'lotus-miner',
        cmdline: ['/usr/local/bin/lotus-miner', 'run'],
        exe: '/usr/local/bin/lotus-miner',
        uid: 0,
        // btime + 700 ticks of 10 ms
        startedAtMs: bootTimeSeconds * 1000 + 7000,
        cpuSeconds: 18,
        rssBytes: 2500 * 4096,
        ioReadBytes: null,
        ioWriteBytes: null,
        systemdUnit: 'lotus-miner.service',
        containerId: null,
      },
    ])
  })

  it('counts in the page size and tick the kernel reports', () => {
    const table = new ProcessTable({ procRoot: fakeProc([miner]), kernel: { clockTicksPerSecond: 250, pageSizeBytes: 16384 } })
    const [facts] = table.scan()
    expect(facts?.cpuSeconds).toBe(1800 / 250)
    expect(facts?.rssBytes).toBe(2500 * 16384)
    expect(facts?.startedAtMs).toBe(bootTimeSeconds * 1000 + 2800)
  })

  it('lists every process of the machine but kernel threads, unless asked', () => {
    const procRoot = fakeProc()
    const facts = new ProcessTable({ procRoot, kernel }).scan()
    expect(facts.map((p) => p.pid).sort((a, b) => a - b)).toEqual([1, 6000, 6100, 6200, 6250, 6300])
    const all = new ProcessTable({ procRoot, kernel, kernelThreads: true }).scan()
    expect(all.map((p) => p.pid).sort((a, b) => a - b)).toEqual([1, 2, 14, 6000, 6100, 6200, 6250, 6300])
    expect(all.find((p) => p.pid === 2)).toMatchObject({ name: 'kthreadd', cmdline: [], exe: null, uid: 0 })
  })

  it('does not read a kernel thread again while /proc lists it, but checks it every twelfth scan', () => {
    const procRoot = fakeProc()
    const table = new ProcessTable({ procRoot, kernel })
    table.scan()
    // Were its stat read, this would now be a user process called "impostor".
    writeProcess(procRoot, { pid: 14, ppid: 1, comm: 'impostor', cmdline: ['/tmp/impostor'], startTicks: 99_999 })
    for (let i = 0; i < 12; i++) expect(table.scan().some((p) => p.pid === 14)).toBe(false)
    expect(table.scan().find((p) => p.pid === 14)?.name).toBe('impostor')
  })

  it('reads a pid again once its kernel thread has gone from /proc', () => {
    const procRoot = fakeProc()
    const table = new ProcessTable({ procRoot, kernel })
    table.scan()
    rmSync(join(procRoot, '14'), { recursive: true })
    table.scan()
    writeProcess(procRoot, { pid: 14, ppid: 1, comm: 'curio', cmdline: ['/usr/local/bin/curio', 'run'], startTicks: 99_999 })
    expect(table.scan().find((p) => p.pid === 14)?.cmdline).toEqual(['/usr/local/bin/curio', 'run'])
  })

  it('reads storage I/O only for the pids asked for', () => {
    const table = new ProcessTable({ procRoot: fakeProc([miner, { ...miner, pid: 6101, io: { readBytes: 1, writeBytes: 2 } }]), kernel })
    const facts = table.scan({ ioPids: new Set([6100]) })
    expect(facts.find((p) => p.pid === 6100)).toMatchObject({ ioReadBytes: 4096, ioWriteBytes: 8192 })
    expect(facts.find((p) => p.pid === 6101)).toMatchObject({ ioReadBytes: null, ioWriteBytes: null })
  })

  it('answers null I/O when /proc/<pid>/io cannot be read', () => {
    const procRoot = fakeProc([{ ...miner, io: undefined }])
    const [facts] = new ProcessTable({ procRoot, kernel }).scan({ ioPids: new Set([6100]) })
    expect(facts).toMatchObject({ pid: 6100, ioReadBytes: null, ioWriteBytes: null })
  })

  it('reads counters every scan but the command line once per process', () => {
    const procRoot = fakeProc([miner])
    const table = new ProcessTable({ procRoot, kernel })
    table.scan()
    writeProcess(procRoot, { ...miner, cmdline: ['changed'], utimeTicks: 5000, rssPages: 3000 })
    const [later] = table.scan()
    expect(later?.cmdline).toEqual(['/usr/local/bin/lotus-miner', 'run'])
    expect(later?.cpuSeconds).toBe((5000 + 566) / 100)
    expect(later?.rssBytes).toBe(3000 * 4096)
  })

  it('reads everything again for a reused pid (another start time)', () => {
    const procRoot = fakeProc([miner])
    const table = new ProcessTable({ procRoot, kernel })
    table.scan()
    writeProcess(procRoot, { ...miner, comm: 'lotus-miner', startTicks: 90_000, cmdline: ['/usr/local/bin/lotus-miner', 'run', '--nosync'], cgroup: '0::/user.slice/user-1000.slice/session-4.scope', uid: 1000 })
    const [reused] = table.scan()
    expect(reused).toMatchObject({ cmdline: ['/usr/local/bin/lotus-miner', 'run', '--nosync'], uid: 1000, systemdUnit: 'session-4.scope' })
  })

  it('reads everything again after an exec (same pid and start, new name)', () => {
    const shell: FakeProcess = { ...miner, comm: 'sh', cmdline: ['/bin/sh', '-c', 'exec lotus-miner run'] }
    const procRoot = fakeProc([shell])
    const table = new ProcessTable({ procRoot, kernel })
    expect(table.scan()[0]?.name).toBe('sh')
    writeProcess(procRoot, miner)
    expect(table.scan()[0]).toMatchObject({ name: 'lotus-miner', cmdline: ['/usr/local/bin/lotus-miner', 'run'] })
  })

  it('leaves out a process that ends between listing and reading, without failing the scan', () => {
    const procRoot = fakeProc([miner, { ...miner, pid: 6200, comm: 'lotus', cmdline: ['lotus', 'daemon'] }])
    unlinkSync(join(procRoot, '6200', 'stat'))
    expect(new ProcessTable({ procRoot, kernel }).scan().map((p) => p.pid)).toEqual([6100])
    // Gone after stat was read: status is missing.
    const later = fakeProc([miner, { ...miner, pid: 6300 }])
    unlinkSync(join(later, '6300', 'status'))
    expect(new ProcessTable({ procRoot: later, kernel }).scan().map((p) => p.pid)).toEqual([6100])
  })

  it('forgets processes that ended, and re-reads a pid that comes back', () => {
    const procRoot = fakeProc([miner])
    const table = new ProcessTable({ procRoot, kernel })
    table.scan()
    rmSync(join(procRoot, '6100'), { recursive: true })
    expect(table.scan()).toEqual([])
    writeProcess(procRoot, { ...miner, cmdline: ['/usr/local/bin/lotus-miner', 'run', '--again'] })
    expect(table.scan()[0]?.cmdline).toEqual(['/usr/local/bin/lotus-miner', 'run', '--again'])
  })

  it('skips a stat line it cannot parse and entries that are not pids', () => {
    const procRoot = fakeProc([miner, { ...miner, pid: 6400 }])
    writeFileSync(join(procRoot, '6400', 'stat'), 'garbage\n')
    writeFileSync(join(procRoot, 'self'), '')
    expect(new ProcessTable({ procRoot, kernel }).scan().map((p) => p.pid)).toEqual([6100])
  })

  it('says so when /proc/stat has no boot time', () => {
    const procRoot = fakeProc([miner])
    writeFileSync(join(procRoot, 'stat'), 'cpu 1 2 3\n')
    expect(() => new ProcessTable({ procRoot, kernel }).scan()).toThrow(/no btime/)
  })

  it('stamps the scan with the injected clock', () => {
    const table = new ProcessTable({ procRoot: fakeProc([miner]), kernel, now: () => 42 })
    expect(table.lastScanAt).toBeNull()
    table.scan()
    expect(table.lastScanAt).toBe(42)
  })
})
