import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deviceKey, discoverSensors, hwmonKind, thermalZoneKind, ThermalSensors } from '../../../src/main/core/hardware/linux/thermal.ts'

function writeFiles(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
}

/**
 * Lays a chip out as the kernel does: its hwmonN dir under the parent device, a `device`
 * link back up, and /sys/class/hwmon/hwmonN linking to it. No device: a virtual chip.
 */
function chip(sysRoot: string, hwmon: string, device: string | null, files: Record<string, string>): string {
  const classDir = join(sysRoot, 'class/hwmon')
  mkdirSync(classDir, { recursive: true })
  if (device === null) {
    writeFiles(join(classDir, hwmon), files)
    return join(classDir, hwmon)
  }
  const dir = join(sysRoot, 'devices', device, 'hwmon', hwmon)
  writeFiles(dir, files)
  symlinkSync('../..', join(dir, 'device'))
  symlinkSync(dir, join(classDir, hwmon))
  return dir
}

function zone(sysRoot: string, name: string, type: string, millidegrees: string): void {
  writeFiles(join(sysRoot, 'class/thermal', name), { type: `${type}\n`, temp: millidegrees })
}

const fresh = (): string => mkdtempSync(join(tmpdir(), 'desk-thermal-'))

/** A Ryzen desktop: k10temp (Tctl, Tccd1) and an NVMe whose second sensor fails to read. */
function ryzen(): { sysRoot: string; k10temp: string } {
  const sysRoot = fresh()
  const k10temp = chip(sysRoot, 'hwmon2', 'pci0000:00/0000:00:18.3', {
    name: 'k10temp\n',
    temp1_input: '45125\n',
    temp1_label: 'Tctl\n',
    temp3_input: '43000\n',
    temp3_label: 'Tccd1\n',
  })
  const nvme = chip(sysRoot, 'hwmon0', 'pci0000:00/0000:00:01.2/0000:01:00.0/nvme/nvme0', {
    name: 'nvme\n',
    temp1_input: '38850\n',
    temp1_label: 'Composite\n',
    temp2_label: 'Sensor 1\n',
  })
  // A read that fails (the kernel's EIO/ENODATA) stands in as a directory: EISDIR.
  mkdirSync(join(nvme, 'temp2_input'))
  zone(sysRoot, 'thermal_zone0', 'acpitz', '27800\n')
  return { sysRoot, k10temp }
}

describe('kinds and device keys', () => {
  it.each([
    ['k10temp', 'cpu'],
    ['coretemp', 'cpu'],
    ['zenpower', 'cpu'],
    ['amdgpu', 'gpu'],
    ['nouveau', 'gpu'],
    ['nvme', 'disk'],
    ['drivetemp', 'disk'],
    ['acpitz', 'other'],
    ['constructor', 'other'],
  ])('hwmon chip %s is %s', (name, kind) => {
    expect(hwmonKind(name)).toBe(kind)
  })

  it('knows CPU thermal zones', () => {
    expect(thermalZoneKind('x86_pkg_temp')).toBe('cpu')
    expect(thermalZoneKind('cpu-thermal')).toBe('cpu')
    expect(thermalZoneKind('acpitz')).toBe('other')
    expect(thermalZoneKind('iwlwifi_1')).toBe('other')
  })

  it('names a device by its PCI address, else by itself', () => {
    expect(deviceKey('/sys/devices/pci0000:00/0000:00:01.2/0000:01:00.0/nvme/nvme0')).toBe('0000:01:00.0')
    expect(deviceKey('/sys/devices/platform/coretemp.1')).toBe('coretemp.1')
    expect(deviceKey('/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0')).toBe('0000:00:17.0')
  })
})

describe('discoverSensors', () => {
  it('lists every temperature input with a stable id, label and kind; zones stay out beside a CPU chip', async () => {
    const { sysRoot } = ryzen()
    const input = (hwmon: string, file: string): string => join(sysRoot, 'class/hwmon', hwmon, file)
    expect(await discoverSensors(sysRoot)).toEqual([
      { sensor: 'hwmon:nvme/temp1', label: 'nvme Composite', kind: 'disk', chip: 'nvme', path: input('hwmon0', 'temp1_input') },
      { sensor: 'hwmon:nvme/temp2', label: 'nvme Sensor 1', kind: 'disk', chip: 'nvme', path: input('hwmon0', 'temp2_input') },
      { sensor: 'hwmon:k10temp/temp1', label: 'k10temp Tctl', kind: 'cpu', chip: 'k10temp', path: input('hwmon2', 'temp1_input') },
      { sensor: 'hwmon:k10temp/temp3', label: 'k10temp Tccd1', kind: 'cpu', chip: 'k10temp', path: input('hwmon2', 'temp3_input') },
    ])
  })

  it('tells chips of one name apart by device, not by hwmonN', async () => {
    const sysRoot = fresh()
    chip(sysRoot, 'hwmon1', 'pci0000:00/0000:00:01.1/0000:02:00.0/nvme/nvme1', { name: 'nvme\n', temp1_input: '41000\n', temp1_label: 'Composite\n' })
    chip(sysRoot, 'hwmon0', 'pci0000:00/0000:00:01.2/0000:01:00.0/nvme/nvme0', { name: 'nvme\n', temp1_input: '38000\n', temp1_label: 'Composite\n' })
    chip(sysRoot, 'hwmon2', 'platform/coretemp.0', { name: 'coretemp\n', temp1_input: '50000\n', temp1_label: 'Package id 0\n' })
    const sensors = await discoverSensors(sysRoot)
    expect(sensors.map((s) => [s.sensor, s.label])).toEqual([
      ['hwmon:nvme@0000:01:00.0/temp1', 'nvme Composite (0000:01:00.0)'],
      ['hwmon:nvme@0000:02:00.0/temp1', 'nvme Composite (0000:02:00.0)'],
      ['hwmon:coretemp/temp1', 'coretemp Package id 0'],
    ])
  })

  it('falls back to thermal zones when no hwmon chip is a CPU, leaving out zones hwmon already shows', async () => {
    const sysRoot = fresh()
    chip(sysRoot, 'hwmon0', null, { name: 'acpitz\n', temp1_input: '27800\n' })
    zone(sysRoot, 'thermal_zone0', 'acpitz', '27800\n')
    zone(sysRoot, 'thermal_zone1', 'x86_pkg_temp', '52000\n')
    zone(sysRoot, 'thermal_zone2', 'INT3400 Thermal', '20000\n')
    const sensors = await discoverSensors(sysRoot)
    expect(sensors.map((s) => [s.sensor, s.label, s.kind])).toEqual([
      ['hwmon:acpitz/temp1', 'acpitz temp1', 'other'],
      ['thermal:x86_pkg_temp', 'x86_pkg_temp', 'cpu'],
      ['thermal:INT3400 Thermal', 'INT3400 Thermal', 'other'],
    ])
  })

  it('finds nothing, without failing, where /sys has neither', async () => {
    expect(await discoverSensors('/nonexistent/sys')).toEqual([])
  })
})

describe('ThermalSensors', () => {
  it('reads degrees each tick and skips a sensor that fails', async () => {
    const { sysRoot } = ryzen()
    const sensors = new ThermalSensors({ sysRoot, now: () => 0 })
    expect(await sensors.read()).toEqual([
      { sensor: 'hwmon:nvme/temp1', label: 'nvme Composite', kind: 'disk', celsius: 38.85 },
      { sensor: 'hwmon:k10temp/temp1', label: 'k10temp Tctl', kind: 'cpu', celsius: 45.125 },
      { sensor: 'hwmon:k10temp/temp3', label: 'k10temp Tccd1', kind: 'cpu', celsius: 43 },
    ])
  })

  it('walks the tree once a minute and only reads inputs in between', async () => {
    const { sysRoot, k10temp } = ryzen()
    let now = 0
    const sensors = new ThermalSensors({ sysRoot, now: () => now })
    await sensors.read()

    writeFileSync(join(k10temp, 'temp1_input'), '61000\n')
    writeFileSync(join(k10temp, 'temp1_label'), 'renamed\n')
    chip(sysRoot, 'hwmon5', 'pci0000:00/0000:00:03.1/0000:0c:00.0', { name: 'amdgpu\n', temp1_input: '70000\n', temp1_label: 'edge\n' })
    now = 30_000
    const tick = await sensors.read()
    expect(tick.find((t) => t.sensor === 'hwmon:k10temp/temp1')).toEqual({ sensor: 'hwmon:k10temp/temp1', label: 'k10temp Tctl', kind: 'cpu', celsius: 61 })
    expect(tick.map((t) => t.sensor)).not.toContain('hwmon:amdgpu/temp1')

    // Rediscovery runs in the background; the tick that starts it still gets the old list.
    now = 61_000
    expect((await sensors.read()).map((t) => t.label)).not.toContain('amdgpu edge')
    await expect.poll(async () => (await sensors.read()).map((t) => t.label)).toContain('amdgpu edge')
    expect((await sensors.read()).map((t) => t.label)).toContain('k10temp renamed')
  })

  it('drops a sensor that went away until rediscovery stops looking for it', async () => {
    const { sysRoot, k10temp } = ryzen()
    const sensors = new ThermalSensors({ sysRoot, now: () => 0 })
    await sensors.read()
    rmSync(join(k10temp, 'temp3_input'))
    expect((await sensors.read()).map((t) => t.sensor)).toEqual(['hwmon:nvme/temp1', 'hwmon:k10temp/temp1'])
  })

  it('reads a spinning drive only every 30 minutes, so the reads do not keep it from spinning down', async () => {
    const sysRoot = fresh()
    const disk = chip(sysRoot, 'hwmon3', 'pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0', { name: 'drivetemp\n', temp1_input: '35000\n' })
    let now = 0
    const sensors = new ThermalSensors({ sysRoot, now: () => now })
    expect(await sensors.read()).toEqual([{ sensor: 'hwmon:drivetemp/temp1', label: 'drivetemp temp1', kind: 'disk', celsius: 35 }])
    writeFileSync(join(disk, 'temp1_input'), '36000\n')
    now = 10 * 60_000
    expect((await sensors.read())[0]?.celsius).toBe(35)
    now = 31 * 60_000
    await sensors.read()
    await expect.poll(async () => (await sensors.read())[0]?.celsius).toBe(36)
  })
})
