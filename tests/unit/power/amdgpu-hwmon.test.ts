import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AmdgpuHwmonSource,
  parseMicrowatts,
  parseMillicelsius,
  parsePciSlot,
} from '../../../src/main/core/hardware/power/amdgpu-hwmon.ts'

function writeFiles(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
}

/** A /sys with an RX 7900 XTX (power1_average), an APU with only power1_input, and things to skip. */
function fakeDrm(): string {
  const sysRoot = mkdtempSync(join(tmpdir(), 'desk-hwmon-'))
  const drm = join(sysRoot, 'class/drm')
  writeFiles(join(drm, 'card0/device'), { uevent: 'DRIVER=amdgpu\nPCI_CLASS=30000\nPCI_SLOT_NAME=0000:03:00.0\n', vendor: '0x1002\n', device: '0x744c\n' })
  writeFiles(join(drm, 'card0/device/hwmon/hwmon4'), {
    name: 'amdgpu\n',
    power1_average: '231000000\n',
    power1_cap: '327000000\n',
    temp1_input: '61000\n',
  })
  writeFiles(join(drm, 'card1/device'), { uevent: 'DRIVER=amdgpu\nPCI_SLOT_NAME=0000:0c:00.0\n', vendor: '0x1002\n', device: '0x164e\n' })
  writeFiles(join(drm, 'card1/device/hwmon/hwmon5'), { name: 'amdgpu\n', power1_input: '15500000\n' })
  // A connector and another driver's card: no power here.
  mkdirSync(join(drm, 'card0-DP-1'), { recursive: true })
  writeFiles(join(drm, 'card2/device/hwmon/hwmon6'), { name: 'nouveau\n', power1_input: '50000000\n' })
  return sysRoot
}

describe('amdgpu hwmon parsers', () => {
  it('reads µW, m°C and the PCI slot', () => {
    expect(parseMicrowatts('231000000\n')).toBe(231)
    expect(parseMicrowatts('')).toBeNull()
    expect(parseMicrowatts('-1')).toBeNull()
    expect(parseMillicelsius('61000\n')).toBe(61)
    expect(parsePciSlot('DRIVER=amdgpu\nPCI_SLOT_NAME=0000:03:00.0\n')).toBe('0000:03:00.0')
    expect(parsePciSlot('DRIVER=amdgpu\n')).toBeNull()
  })
})

describe('AmdgpuHwmonSource on a fake tree', () => {
  it('reads each amdgpu card, average power first, input power otherwise', async () => {
    const source = new AmdgpuHwmonSource({ sysRoot: fakeDrm(), now: () => 5000 })
    const status = await source.read()
    expect(status.error).toBeNull()
    expect(status.readings).toEqual([
      { deviceId: 'amdgpu:0000:03:00.0', label: 'AMD GPU 1002:744c (card0)', scope: 'gpu', watts: 231, kind: 'measured', source: 'amdgpu-hwmon', at: 5000 },
      { deviceId: 'amdgpu:0000:0c:00.0', label: 'AMD GPU 1002:164e (card1)', scope: 'gpu', watts: 15.5, kind: 'measured', source: 'amdgpu-hwmon', at: 5000 },
    ])
    expect(source.gpus[0]).toMatchObject({ temperatureCelsius: 61, powerCapWatts: 327 })
    expect(source.gpus[1]).toMatchObject({ temperatureCelsius: null, powerCapWatts: null })
  })

  it('keeps a card whose power file is missing, with no figure', async () => {
    const sysRoot = mkdtempSync(join(tmpdir(), 'desk-hwmon-'))
    writeFiles(join(sysRoot, 'class/drm/card0/device/hwmon/hwmon0'), { name: 'amdgpu\n', temp1_input: '40000\n' })
    const status = await new AmdgpuHwmonSource({ sysRoot }).read()
    expect(status.readings.map((r) => [r.deviceId, r.watts])).toEqual([['amdgpu:card0', null]])
  })

  it('is unavailable without an AMD GPU', async () => {
    const none = await new AmdgpuHwmonSource({ sysRoot: '/nonexistent/sys' }).read()
    expect(none.error?.kind).toBe('unavailable')
    const sysRoot = mkdtempSync(join(tmpdir(), 'desk-hwmon-'))
    writeFiles(join(sysRoot, 'class/drm/card0/device/hwmon/hwmon1'), { name: 'i915\n' })
    expect((await new AmdgpuHwmonSource({ sysRoot }).read()).error?.kind).toBe('unavailable')
  })
})
