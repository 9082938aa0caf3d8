import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { raplInterval, raplPermissionFix, RaplSource } from '../../../src/main/core/hardware/power/rapl.ts'

// max_energy_range_uj as one Intel package reports it (intel/thermal_daemon#45).
const maxRangeUj = 262_143_999_938

describe('raplInterval', () => {
  it('has no figure on the first read', () => {
    expect(raplInterval(undefined, { energyUj: 5_000_000, at: 1000 }, maxRangeUj)).toBeNull()
  })

  it('divides the energy by the time between reads', () => {
    expect(raplInterval({ energyUj: 1_000_000, at: 0 }, { energyUj: 131_000_000, at: 2000 }, maxRangeUj)).toEqual({ joules: 130, watts: 65 })
  })

  it('counts across a wrap at max_energy_range_uj', () => {
    const before = { energyUj: maxRangeUj - 40_000_000, at: 0 }
    const after = { energyUj: 60_000_000, at: 1000 }
    expect(raplInterval(before, after, maxRangeUj)).toEqual({ joules: 100, watts: 100 })
  })

  it('treats a drop that no wrap explains as a reset', () => {
    // The counter restarted near zero (driver reload): a "wrap" would mean ~130 kW.
    expect(raplInterval({ energyUj: 131_000_000_000, at: 0 }, { energyUj: 2_000_000, at: 1000 }, maxRangeUj)).toBeNull()
    expect(raplInterval({ energyUj: 10_000_000, at: 0 }, { energyUj: 2_000_000, at: 1000 }, 0)).toBeNull()
  })

  it('needs time to pass', () => {
    expect(raplInterval({ energyUj: 1, at: 1000 }, { energyUj: 2, at: 1000 }, maxRangeUj)).toBeNull()
  })
})

type Zone = { name: string; energyUj: number }

function fakePowercap(zones: Record<string, Zone>): { sysRoot: string; setEnergy: (zone: string, energyUj: number) => void } {
  const sysRoot = mkdtempSync(join(tmpdir(), 'desk-rapl-'))
  const dir = (zone: string): string => join(sysRoot, 'class/powercap', zone)
  for (const [zone, { name, energyUj }] of Object.entries(zones)) {
    mkdirSync(dir(zone), { recursive: true })
    writeFileSync(join(dir(zone), 'name'), `${name}\n`)
    writeFileSync(join(dir(zone), 'max_energy_range_uj'), `${maxRangeUj}\n`)
    writeFileSync(join(dir(zone), 'energy_uj'), `${energyUj}\n`)
  }
  return { sysRoot, setEnergy: (zone, energyUj) => writeFileSync(join(dir(zone), 'energy_uj'), `${energyUj}\n`) }
}

describe('RaplSource on a fake powercap tree', () => {
  it('reports package watts from two reads, across a wrap, with parts only as detail', async () => {
    const tree = fakePowercap({
      'intel-rapl:0': { name: 'package-0', energyUj: maxRangeUj - 30_000_000 },
      'intel-rapl:0:0': { name: 'core', energyUj: 1_000_000 },
      'intel-rapl:1': { name: 'psys', energyUj: 1_000_000 },
      'intel-rapl-mmio:0': { name: 'package-0', energyUj: 1_000_000 },
    })
    let now = 10_000
    const rapl = new RaplSource({ sysRoot: tree.sysRoot, now: () => now })

    const first = await rapl.read()
    expect(first.error).toBeNull()
    expect(first.readings).toEqual([
      { deviceId: 'rapl:package-0', label: 'CPU package 0', scope: 'cpu-package', watts: null, energyJoules: 0, kind: 'measured', source: 'rapl', at: 10_000 },
    ])

    now += 2000
    tree.setEnergy('intel-rapl:0', 90_000_000) // wrapped: 30 J before the wrap + 90 J after
    tree.setEnergy('intel-rapl:0:0', 81_000_000)
    const second = await rapl.read()
    expect(second.readings.map((r) => [r.deviceId, r.watts, r.energyJoules])).toEqual([['rapl:package-0', 60, 120]])
    expect(second.lastSuccessAt).toBe(12_000)
    expect(rapl.zones.map((z) => [z.zone, z.name, z.isPackage, z.watts])).toEqual([
      ['intel-rapl:0', 'package-0', true, 60],
      ['intel-rapl:0:0', 'core', false, 40],
      ['intel-rapl:1', 'psys', false, 0],
    ])
  })

  it('is unavailable when the kernel has no powercap or no RAPL zone', async () => {
    const missing = await new RaplSource({ sysRoot: '/nonexistent/sys' }).read()
    expect(missing.error?.kind).toBe('unavailable')
    expect(missing.readings).toEqual([])
    const empty = mkdtempSync(join(tmpdir(), 'desk-rapl-'))
    mkdirSync(join(empty, 'class/powercap/dtpm'), { recursive: true })
    expect((await new RaplSource({ sysRoot: empty }).read()).error?.kind).toBe('unavailable')
  })

  it('reports EACCES on energy_uj as a permission error that carries the fix', async () => {
    // Tests may run as root, where chmod 000 denies nothing, so the reader is injected here.
    const tree = fakePowercap({ 'intel-rapl:0': { name: 'package-0', energyUj: 1 } })
    const deny = (path: string): Promise<string> => {
      if (!path.endsWith('energy_uj')) return readFile(path, 'utf8')
      return Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' }))
    }
    const status = await new RaplSource({ sysRoot: tree.sysRoot, readFile: deny }).read()
    expect(status.error).toEqual({ kind: 'permission', message: expect.stringContaining('root'), fix: raplPermissionFix })
    expect(status.error?.fix).toContain('SUBSYSTEM=="powercap"')
    expect(status.readings).toEqual([])
    expect(status.lastSuccessAt).toBeNull()
  })

  it.skipIf(process.getuid?.() === 0)('reports a chmod 000 energy_uj as a permission error', async () => {
    const tree = fakePowercap({ 'intel-rapl:0': { name: 'package-0', energyUj: 1 } })
    chmodSync(join(tree.sysRoot, 'class/powercap/intel-rapl:0/energy_uj'), 0o000)
    expect((await new RaplSource({ sysRoot: tree.sysRoot }).read()).error?.kind).toBe('permission')
  })

  it('reports a garbled counter as a failure, not as no data', async () => {
    const tree = fakePowercap({ 'intel-rapl:0': { name: 'package-0', energyUj: 1 } })
    tree.setEnergy('intel-rapl:0', Number.NaN)
    const status = await new RaplSource({ sysRoot: tree.sysRoot }).read()
    expect(status.error).toEqual({ kind: 'failed', message: expect.stringContaining('intel-rapl:0') })
  })
})
