import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { countedInterfaces, ProcfsReader } from '../../../src/main/core/hardware/linux/procfs-reader.ts'

/** What a machine reader returns: the contract's sample less the GPUs and power joined in later. */
const MachineReading = HardwareSample.omit({ gpus: true, power: true })

const header = 'Inter-| Receive | Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n'
const dev = (name: string, rx: number, tx: number): string => `${name}: ${rx} 0 0 0 0 0 0 0 ${tx} 0 0 0 0 0 0 0\n`

type Tree = { procRoot: string; sysRoot: string; write: (stat: string, net: string) => void }

/** /proc and /sys of a small laptop: two cores, a coretemp chip, a battery on AC, root on ext4. */
function fakeTree(): Tree {
  const root = mkdtempSync(join(tmpdir(), 'desk-procfs-'))
  const procRoot = join(root, 'proc')
  const sysRoot = join(root, 'sys')
  mkdirSync(join(procRoot, 'net'), { recursive: true })
  mkdirSync(join(procRoot, 'self'))
  for (const name of ['lo', 'docker0', 'veth1a2b']) mkdirSync(join(sysRoot, 'devices/virtual/net', name), { recursive: true })
  writeFileSync(join(procRoot, 'meminfo'), 'MemTotal: 8000 kB\nMemAvailable: 2000 kB\n')
  writeFileSync(join(procRoot, 'uptime'), '360000.50 700000.00\n')
  writeFileSync(join(procRoot, 'self/mounts'), '/dev/nvme0n1p2 / ext4 rw,relatime 0 0\ntmpfs /run tmpfs rw 0 0\n')
  const hwmon = join(sysRoot, 'class/hwmon/hwmon1')
  mkdirSync(hwmon, { recursive: true })
  writeFileSync(join(hwmon, 'name'), 'coretemp\n')
  writeFileSync(join(hwmon, 'temp1_input'), '52000\n')
  writeFileSync(join(hwmon, 'temp1_label'), 'Package id 0\n')
  for (const [name, files] of Object.entries({ BAT0: { type: 'Battery', status: 'Charging', capacity: '64' }, AC: { type: 'Mains', online: '1' } })) {
    const dir = join(sysRoot, 'class/power_supply', name)
    mkdirSync(dir, { recursive: true })
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), `${text}\n`)
  }
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
    const reader = new ProcfsReader({ procRoot: tree.procRoot, sysRoot: tree.sysRoot, now: () => now })
    tree.write('cpu 100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400\ncpu1 50 0 50 400\n', dev('lo', 5, 5) + dev('eth0', 1000, 500) + dev('docker0', 9, 9))
    const first = await reader.read()
    expect(MachineReading.parse(first)).toEqual(first)
    expect(first.network).toBeNull()
    expect(first.cpu).toEqual({ loadPercent: 20, cores: 2, perCorePercent: [20, 20] })
    expect(first.memory).toEqual({ usedBytes: 6000 * 1024, totalBytes: 8000 * 1024 })
    expect(first.uptimeSeconds).toBe(360000.5)
    expect(first.provenance).toEqual({ kind: 'measured', source: 'procfs', at: 1_000_000 })

    now += 2000
    tree.write('cpu 250 0 150 1000 100 0 0 0 0 0\ncpu0 150 0 50 500\ncpu1 50 0 100 550\n', dev('lo', 99, 99) + dev('eth0', 5000, 1500) + dev('docker0', 99999, 99999))
    const second = await reader.read()
    // busy 400-200=200 of total 1500-1000=500 jiffies; cpu0 100 of 200, cpu1 50 of 200
    expect(second.cpu).toEqual({ loadPercent: 40, cores: 2, perCorePercent: [50, 25] })
    expect(second.network).toEqual({
      rxBytesPerSecond: 2000,
      txBytesPerSecond: 500,
      interfaces: [{ name: 'eth0', rxBytesPerSecond: 2000, txBytesPerSecond: 500 }],
    })
  })

  it('joins temperatures, disks and battery from /sys and statfs', async () => {
    const tree = fakeTree()
    tree.write('cpu 1 0 1 8\ncpu0 1 0 1 8\n', dev('eth0', 1, 1))
    const reading = await new ProcfsReader(tree).read()
    expect(reading.temperatures).toEqual([{ sensor: 'hwmon:coretemp/temp1', label: 'coretemp Package id 0', kind: 'cpu', celsius: 52 }])
    expect(reading.disks).toEqual([{ mount: '/', device: '/dev/nvme0n1p2', usedBytes: expect.any(Number), totalBytes: expect.any(Number) }])
    expect(reading.battery).toEqual({ percent: 64, charging: true, onAc: true })
    expect(MachineReading.parse(reading)).toEqual(reading)
  })

  it('reports no sensors and no battery, rather than failing, where /sys has none', async () => {
    const tree = fakeTree()
    tree.write('cpu 1 0 1 8\ncpu0 1 0 1 8\n', dev('eth0', 1, 1))
    const reading = await new ProcfsReader({ procRoot: tree.procRoot, sysRoot: '/nonexistent/sys' }).read()
    expect(reading).toMatchObject({ temperatures: [], battery: null })
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
