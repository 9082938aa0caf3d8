import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { countedInterfaces, ProcfsReader } from '../../../src/main/core/hardware/linux/procfs-reader.ts'

const header = 'Inter-| Receive | Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n'
const dev = (name: string, rx: number, tx: number): string => `${name}: ${rx} 0 0 0 0 0 0 0 ${tx} 0 0 0 0 0 0 0\n`

function fakeTree(): { procRoot: string; sysRoot: string; write: (stat: string, net: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'desk-procfs-'))
  const procRoot = join(root, 'proc')
  const sysRoot = join(root, 'sys')
  mkdirSync(join(procRoot, 'net'), { recursive: true })
  for (const name of ['lo', 'docker0', 'veth1a2b']) mkdirSync(join(sysRoot, 'devices/virtual/net', name), { recursive: true })
  writeFileSync(join(procRoot, 'meminfo'), 'MemTotal: 8000 kB\nMemAvailable: 2000 kB\n')
  writeFileSync(join(procRoot, 'uptime'), '360000.50 700000.00\n')
  return {
    procRoot,
    sysRoot,
    write(stat, net) {
      writeFileSync(join(procRoot, 'stat'), stat)
      writeFileSync(join(procRoot, 'net/dev'), header + net)
    },
  }
}

describe('ProcfsReader on a fake tree', () => {
  it('computes load, memory and throughput from two readings', async () => {
    const tree = fakeTree()
    let now = 1_000_000
    const reader = new ProcfsReader(tree, () => now)
    tree.write('cpu 100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400\ncpu1 50 0 50 400\n', dev('lo', 5, 5) + dev('eth0', 1000, 500) + dev('docker0', 9, 9))
    const first = await reader.read()
    expect(HardwareSample.parse(first)).toEqual(first)
    expect(first.network).toBeNull()
    expect(first.cpu).toEqual({ loadPercent: 20, cores: 2 })
    expect(first.memory).toEqual({ usedBytes: 6000 * 1024, totalBytes: 8000 * 1024 })
    expect(first.uptimeSeconds).toBe(360000.5)
    expect(first.provenance).toEqual({ kind: 'measured', source: 'procfs', at: 1_000_000 })

    now += 2000
    tree.write('cpu 250 0 150 1000 100 0 0 0 0 0\ncpu0 1 0 1 1\ncpu1 1 0 1 1\n', dev('lo', 99, 99) + dev('eth0', 5000, 1500) + dev('docker0', 99999, 99999))
    const second = await reader.read()
    // busy 400-200=200 of total 1500-1000=500 jiffies
    expect(second.cpu.loadPercent).toBe(40)
    expect(second.network).toEqual({
      rxBytesPerSecond: 2000,
      txBytesPerSecond: 500,
      interfaces: [{ name: 'eth0', rxBytesPerSecond: 2000, txBytesPerSecond: 500 }],
    })
  })

  it('fails with the file named when /proc is not there', async () => {
    const reader = new ProcfsReader({ procRoot: '/nonexistent/proc', sysRoot: '/nonexistent/sys' })
    await expect(reader.read()).rejects.toThrow(/\/nonexistent\/proc/)
  })
})

describe('countedInterfaces', () => {
  const all = [
    { name: 'lo', rxBytes: 1, txBytes: 1 },
    { name: 'eth0', rxBytes: 1, txBytes: 1 },
    { name: 'veth0', rxBytes: 1, txBytes: 1 },
  ]
  it('keeps physical interfaces', () => {
    expect(countedInterfaces(all, new Set(['lo', 'veth0'])).map((c) => c.name)).toEqual(['eth0'])
  })
  it('counts all but loopback when none is physical', () => {
    expect(countedInterfaces(all, new Set(['lo', 'veth0', 'eth0'])).map((c) => c.name)).toEqual(['eth0', 'veth0'])
  })
})
