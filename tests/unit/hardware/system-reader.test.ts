import type { Systeminformation } from 'systeminformation'
import { describe, expect, it } from 'vitest'
import { HardwareSample } from '../../../src/shared/contract/hardware.ts'
import { batteryOf, disksOf, slowEveryMs, SystemReader, temperaturesOf, type SystemInfoPort } from '../../../src/main/core/hardware/system-reader.ts'

const MachineReading = HardwareSample.omit({ gpus: true, power: true })

const fsRow = (fs: string, mount: string, type: string, size: number, used: number): Systeminformation.FsSizeData => ({
  fs,
  type,
  size,
  used,
  available: size - used,
  use: size === 0 ? 0 : (100 * used) / size,
  mount,
  rw: true,
})

/** systeminformation's answers on a MacBook, with counts of the slow calls. */
function fakeSi(): SystemInfoPort & { slowCalls: () => number } {
  let slowCalls = 0
  const slow = <T>(value: T): (() => Promise<T>) => () => {
    slowCalls++
    return Promise.resolve(value)
  }
  const port = {
    currentLoad: () => Promise.resolve({ currentLoad: 37.5, cpus: [{ load: 50 }, { load: 25 }, { load: 100.0000001 }, { load: Number.NaN }] } as Systeminformation.CurrentLoadData),
    mem: () => Promise.resolve({ active: 4e9, total: 16e9 } as Systeminformation.MemData),
    networkStats: () => Promise.resolve([] as Systeminformation.NetworkStatsData[]),
    time: () => ({ current: 0, uptime: 1234, timezone: 'UTC', timezoneName: 'UTC' }),
    cpuTemperature: slow({ main: 48.5, cores: [47, 50], max: 50, socket: [], chipset: null as unknown as number }),
    fsSize: slow([fsRow('/dev/disk3s1s1', '/', 'APFS', 494e9, 11e9), fsRow('/dev/disk3s5', '/System/Volumes/Data', 'APFS', 494e9, 300e9)]),
    battery: slow({ hasBattery: true, isCharging: false, percent: 71, acConnected: false } as Systeminformation.BatteryData),
  }
  return Object.assign(port as unknown as SystemInfoPort, { slowCalls: () => slowCalls })
}

describe('SystemReader', () => {
  it('reads per-core load each tick, and temperatures, disks and battery in the background every 30 s', async () => {
    const si = fakeSi()
    let now = 0
    const reader = new SystemReader(si, () => now)
    const first = await reader.read()
    expect(first.cpu).toEqual({ loadPercent: 37.5, cores: 4, perCorePercent: [50, 25, 100, 0] })
    // The first tick does not wait for the slow calls.
    expect(first).toMatchObject({ temperatures: [], disks: [], battery: null })
    expect(si.slowCalls()).toBe(3)

    now = 1000
    const second = await reader.read()
    expect(MachineReading.parse(second)).toEqual(second)
    expect(second.temperatures.map((t) => t.sensor)).toEqual(['si:cpu', 'si:cpu/0', 'si:cpu/1'])
    expect(second.disks.map((d) => d.mount)).toEqual(['/', '/System/Volumes/Data'])
    expect(second.battery).toEqual({ percent: 71, charging: false, onAc: false })

    now = slowEveryMs - 1
    await reader.read()
    expect(si.slowCalls()).toBe(3)
    now = slowEveryMs
    await reader.read()
    expect(si.slowCalls()).toBe(6)
  })
})

describe('systeminformation mapping', () => {
  it('keeps the temperatures it could read', () => {
    expect(temperaturesOf({ main: null as unknown as number, cores: [], max: 0 })).toEqual([])
    expect(temperaturesOf({ main: 60, cores: [], max: 60, chipset: 45 })).toEqual([
      { sensor: 'si:cpu', label: 'CPU', kind: 'cpu', celsius: 60 },
      { sensor: 'si:chipset', label: 'Chipset', kind: 'other', celsius: 45 },
    ])
  })

  it('shows local volumes once each, leaving out shares, empty ones and macOS helper volumes', () => {
    const disks = disksOf([
      fsRow('/dev/disk3s1s1', '/', 'APFS', 494e9, 11e9),
      fsRow('/dev/disk3s6', '/System/Volumes/VM', 'APFS', 494e9, 2e9),
      fsRow('/dev/disk3s5', '/System/Volumes/Data', 'APFS', 494e9, 300e9),
      fsRow('/dev/disk3s5', '/System/Volumes/Data/home', 'APFS', 494e9, 300e9),
      fsRow('//op@nas/share', '/Volumes/share', 'smbfs', 4e12, 1e12),
      fsRow('map auto_home', '/System/Volumes/Data/home', 'autofs', 0, 0),
      fsRow('C:', 'C:', 'NTFS', 1e12, 4e11),
    ])
    expect(disks.map((d) => [d.mount, d.device])).toEqual([
      ['/', '/dev/disk3s1s1'],
      ['/System/Volumes/Data', '/dev/disk3s5'],
      ['C:', 'C:'],
    ])
  })

  it('has no battery where there is none', () => {
    expect(batteryOf({ hasBattery: false } as Systeminformation.BatteryData)).toBeNull()
    expect(batteryOf({ hasBattery: true, isCharging: true, percent: 120, acConnected: true } as Systeminformation.BatteryData)).toEqual({
      percent: 100,
      charging: true,
      onAc: true,
    })
  })
})
