import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PowerReading, PowerSource, PowerSourceError, PowerSourceStatus } from './power-source.ts'

/*
 * CPU package power from Linux RAPL (Intel since Sandy Bridge, AMD since Zen):
 * /sys/class/powercap/intel-rapl:N is a package (or `psys`), intel-rapl:N:M its core/uncore/
 * dram parts. energy_uj is a µJ counter that wraps at max_energy_range_uj, so watts come
 * from the difference between two reads.
 */

export type EnergySample = { energyUj: number; at: number }

/** No CPU package draws this much; a larger figure means the counter was reset, not wrapped. */
const maxPlausibleWatts = 2000

/**
 * Energy and mean power between two samples of one counter. Null on the first read, when no
 * time passed, or when the counter went back further than a wrap explains (a reset).
 */
export function raplInterval(
  previous: EnergySample | undefined,
  current: EnergySample,
  maxEnergyRangeUj: number,
): { joules: number; watts: number } | null {
  if (!previous) return null
  const seconds = (current.at - previous.at) / 1000
  if (seconds <= 0) return null
  const wrapped = current.energyUj < previous.energyUj
  if (wrapped && !(maxEnergyRangeUj > previous.energyUj)) return null
  const deltaUj = wrapped ? maxEnergyRangeUj - previous.energyUj + current.energyUj : current.energyUj - previous.energyUj
  const joules = deltaUj / 1e6
  const watts = joules / seconds
  return watts > maxPlausibleWatts ? null : { joules, watts }
}

/** One zone as last read: packages are the figure, the rest (core, uncore, dram, psys) detail. */
export type RaplZone = {
  zone: string
  name: string
  isPackage: boolean
  watts: number | null
  /** Energy counted since this reader started, carried across wraps. */
  energyJoules: number
  at: number
}

export type RaplOptions = {
  sysRoot?: string
  now?: () => number
  /** Injectable so tests can deny a read as root, where chmod 000 denies nothing. */
  readFile?: (path: string) => Promise<string>
}

/** Since Linux 5.10 energy_uj is root-only (PLATYPUS, CVE-2020-8694); this is how to open it. */
export const raplPermissionFix =
  'Let the agent read the RAPL counters with a udev rule, e.g. /etc/udev/rules.d/99-depin-desk-rapl.rules: ' +
  'SUBSYSTEM=="powercap", ACTION=="add", RUN+="/bin/chgrp depin-desk /sys%p/energy_uj", RUN+="/bin/chmod 0440 /sys%p/energy_uj" ' +
  '(and add the agent\'s user to the depin-desk group), or RUN+="/bin/chmod 0444 /sys%p/energy_uj" for every user; ' +
  'then run `sudo udevadm trigger --action=add --subsystem-match=powercap` (or reboot). Or run the agent as root. ' +
  'Opening the counter re-enables the PLATYPUS power side channel, so do it only on machines you trust.'

type ZoneFiles = { zone: string; name: string; energyUj: number; maxEnergyRangeUj: number }
/** Why a zone could not be read; `denied` when energy_uj is root-only. */
type ZoneFailure = { zone: string; denied: boolean; message: string }

export class RaplSource implements PowerSource {
  readonly id = 'rapl'
  readonly #sysRoot: string
  readonly #now: () => number
  readonly #readFile: (path: string) => Promise<string>
  readonly #previous = new Map<string, EnergySample>()
  readonly #totals = new Map<string, number>()
  #zones: RaplZone[] = []
  #lastSuccessAt: number | null = null

  constructor(options: RaplOptions = {}) {
    this.#sysRoot = options.sysRoot ?? '/sys'
    this.#now = options.now ?? Date.now
    this.#readFile = options.readFile ?? ((path) => readFile(path, 'utf8'))
  }

  /** Every zone of the last read, packages and their parts, for the detail view. */
  get zones(): readonly RaplZone[] {
    return this.#zones
  }

  async read(): Promise<PowerSourceStatus> {
    const startedAt = this.#now()
    const status = (readings: PowerReading[], error: PowerSourceError | null): PowerSourceStatus => {
      const at = this.#now()
      if (error === null) this.#lastSuccessAt = at
      return { source: this.id, readings, error, lastSuccessAt: this.#lastSuccessAt, durationMs: at - startedAt }
    }
    const names = await this.#zoneNames()
    if (names instanceof Error) return status([], { kind: 'failed', message: names.message })
    if (names.length === 0) {
      return status([], { kind: 'unavailable', message: 'no RAPL zones under /sys/class/powercap (no RAPL driver, or a VM)' })
    }
    const results = await Promise.all(names.map((zone) => this.#readZone(zone)))
    const at = this.#now()
    this.#zones = results.filter((result) => 'energyUj' in result).map((files) => this.#measure(files, at))
    const readings = this.#zones.filter((zone) => zone.isPackage).map(toPowerReading)
    const failures = results.filter((result) => 'denied' in result)
    const denied = failures.filter((failure) => failure.denied).length
    if (denied > 0) {
      return status(readings, {
        kind: 'permission',
        message: `energy_uj of ${denied} RAPL zone(s) is readable only by root (Linux 5.10+, CVE-2020-8694)`,
        fix: raplPermissionFix,
      })
    }
    if (failures.length > 0) return status(readings, { kind: 'failed', message: failures.map((f) => f.message).join('; ') })
    if (readings.length === 0) return status([], { kind: 'unavailable', message: 'RAPL has no package zone here' })
    return status(readings, null)
  }

  dispose(): Promise<void> {
    return Promise.resolve()
  }

  /** intel-rapl:N and intel-rapl:N:M; intel-rapl-mmio repeats the package and would count it twice. */
  async #zoneNames(): Promise<string[] | Error> {
    const path = join(this.#sysRoot, 'class/powercap')
    try {
      const entries = await readdir(path)
      return entries.filter((entry) => /^intel-rapl:\d+(:\d+)?$/.test(entry)).sort()
    } catch (error) {
      return errnoCode(error) === 'ENOENT' ? [] : new Error(`${path}: ${describe(error)}`)
    }
  }

  async #readZone(zone: string): Promise<ZoneFiles | ZoneFailure> {
    const file = (name: string): Promise<string> => this.#readFile(join(this.#sysRoot, 'class/powercap', zone, name))
    try {
      const [name, maxText, energyText] = await Promise.all([file('name'), file('max_energy_range_uj'), file('energy_uj')])
      const energyUj = Number(energyText.trim())
      const maxEnergyRangeUj = Number(maxText.trim())
      if (!Number.isFinite(energyUj) || !Number.isFinite(maxEnergyRangeUj)) {
        return { zone, denied: false, message: `${zone}: unreadable counter "${energyText.trim()}"` }
      }
      return { zone, name: name.trim(), energyUj, maxEnergyRangeUj }
    } catch (error) {
      const code = errnoCode(error)
      return { zone, denied: code === 'EACCES' || code === 'EPERM', message: `${zone}: ${describe(error)}` }
    }
  }

  #measure(files: ZoneFiles, at: number): RaplZone {
    const sample = { energyUj: files.energyUj, at }
    const interval = raplInterval(this.#previous.get(files.zone), sample, files.maxEnergyRangeUj)
    this.#previous.set(files.zone, sample)
    const energyJoules = (this.#totals.get(files.zone) ?? 0) + (interval?.joules ?? 0)
    this.#totals.set(files.zone, energyJoules)
    const isPackage = /^intel-rapl:\d+$/.test(files.zone) && files.name.startsWith('package')
    return { zone: files.zone, name: files.name, isPackage, watts: interval?.watts ?? null, energyJoules, at }
  }
}

function toPowerReading(zone: RaplZone): PowerReading {
  return {
    deviceId: `rapl:${zone.name}`,
    label: `CPU ${zone.name.replace('-', ' ')}`,
    scope: 'cpu-package',
    watts: zone.watts,
    energyJoules: zone.energyJoules,
    kind: 'measured',
    source: 'rapl',
    at: zone.at,
  }
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
