import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CgroupUsageReader, parseCpuStat, parseInactiveFile, parseIoStat, parseNetDevTotals } from '../../../../src/main/core/nodes/docker/cgroup-usage.ts'
import { containerFacts } from '../../../fixtures/procfs-nodes/node-machines.ts'

// Literal files as cgroup v2 (kernel 6.x) writes them.
const cpuStat = 'usage_usec 12345678\nuser_usec 10000000\nsystem_usec 2345678\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n'
const memoryStat = 'anon 6537216\nfile 2097152\nkernel 327680\nactive_anon 6537216\ninactive_anon 0\nactive_file 1048576\ninactive_file 1048576\n'
const ioStat = '254:0 rbytes=1048576 wbytes=524288 rios=20 wios=10 dbytes=0 dios=0\n259:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n'
const netDev = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  eth0: 5338000    3600    0    0    0     0          0         0   648000     800    0    0    0     0       0          0
`

describe('cgroup v2 file parsers', () => {
  it('reads each file’s figure', () => {
    expect(parseCpuStat(cpuStat)).toBe(12.345678)
    expect(parseCpuStat('user_usec 1\n')).toBeNull()
    expect(parseInactiveFile(memoryStat)).toBe(1_048_576)
    expect(parseInactiveFile('')).toBe(0)
    expect(parseIoStat(ioStat)).toEqual({ readBytes: 1_052_672, writeBytes: 524_288 })
    expect(parseIoStat('')).toEqual({ readBytes: 0, writeBytes: 0 })
    expect(parseNetDevTotals(netDev)).toEqual({ rxBytes: 5_338_000, txBytes: 648_000 })
  })
})

type Tree = { sysRoot: string; procRoot: string; scope: (path: string, files?: Record<string, string>) => string }

function tree(): Tree {
  const root = mkdtempSync(join(tmpdir(), 'desk-cgroup-'))
  const sysRoot = join(root, 'sys')
  const procRoot = join(root, 'proc')
  mkdirSync(join(sysRoot, 'fs/cgroup'), { recursive: true })
  writeFileSync(join(sysRoot, 'fs/cgroup/cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc\n')
  return {
    sysRoot,
    procRoot,
    scope(path, files = { 'cpu.stat': cpuStat, 'memory.current': '7585792\n', 'memory.stat': memoryStat, 'io.stat': ioStat }) {
      const dir = join(sysRoot, 'fs/cgroup', path)
      mkdirSync(dir, { recursive: true })
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      return dir
    },
  }
}

function mainProcess(t: Tree, pid: number, cgroup: string): void {
  mkdirSync(join(t.procRoot, String(pid), 'net'), { recursive: true })
  writeFileSync(join(t.procRoot, String(pid), 'cgroup'), `${cgroup}\n`)
  writeFileSync(join(t.procRoot, String(pid), 'net/dev'), netDev)
}

const id = 'b2'.repeat(32)

describe('CgroupUsageReader', () => {
  it('finds a systemd-driver scope through the main process and reads its counters', () => {
    const t = tree()
    t.scope(`system.slice/docker-${id}.scope`)
    mainProcess(t, 7100, `0::/system.slice/docker-${id}.scope`)
    const reader = new CgroupUsageReader(t)
    expect(reader.available()).toBe(true)
    expect(reader.read(containerFacts({ id, name: 'nosana-node', image: 'x', pid: 7100 }))).toEqual({
      cpuSeconds: 12.345678,
      memoryBytes: 7_585_792 - 1_048_576,
      ioReadBytes: 1_052_672,
      ioWriteBytes: 524_288,
      netRxBytes: 5_338_000,
      netTxBytes: 648_000,
    })
  })

  it('reads the container’s own scope when its main process sits in a nested cgroup (systemd inside)', () => {
    const t = tree()
    t.scope(`system.slice/docker-${id}.scope`)
    t.scope(`system.slice/docker-${id}.scope/init.scope`, { 'cpu.stat': 'usage_usec 1\n', 'memory.current': '1\n' })
    mainProcess(t, 7100, `0::/system.slice/docker-${id}.scope/init.scope`)
    expect(new CgroupUsageReader(t).read(containerFacts({ id, name: 'n', image: 'x', pid: 7100 }))?.cpuSeconds).toBe(12.345678)
  })

  it('falls back to the cgroupfs driver’s place, and has no network bytes on the host network', () => {
    const t = tree()
    t.scope(`docker/${id}`, { 'cpu.stat': cpuStat, 'memory.current': '2048\n' })
    const usage = new CgroupUsageReader(t).read(containerFacts({ id, name: 'n', image: 'x', pid: 0, networkMode: 'host' }))
    // No memory.stat: nothing subtracted; no io.stat (controller off): null.
    expect(usage).toEqual({ cpuSeconds: 12.345678, memoryBytes: 2048, ioReadBytes: null, ioWriteBytes: null, netRxBytes: null, netTxBytes: null })
  })

  it('answers null when the container has no cgroup here, and forgets the place once it is gone', () => {
    const t = tree()
    const reader = new CgroupUsageReader(t)
    expect(reader.read(containerFacts({ id, name: 'n', image: 'x', pid: 0 }))).toBeNull()
    const dir = t.scope(`docker/${id}`)
    const facts = containerFacts({ id, name: 'n', image: 'x', pid: 0 })
    expect(reader.read(facts)).not.toBeNull()
    rmSync(dir, { recursive: true })
    expect(reader.read(facts)).toBeNull()
    t.scope(`system.slice/docker-${id}.scope`)
    expect(reader.read(facts)).not.toBeNull()
  })

  it('is not available without the unified hierarchy', () => {
    const root = mkdtempSync(join(tmpdir(), 'desk-cgroup-v1-'))
    expect(new CgroupUsageReader({ sysRoot: root, procRoot: root }).available()).toBe(false)
  })
})
