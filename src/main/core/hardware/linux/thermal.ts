import { readdir, readFile, realpath } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Temperature } from '../../../../shared/contract/hardware.ts'
import { parseMillicelsius } from '../power/amdgpu-hwmon.ts'
import { Refreshed } from '../refreshed.ts'

/*
 * Temperatures from hwmon (/sys/class/hwmon/hwmonN: `name`, temp<N>_input in millidegrees,
 * temp<N>_label) and, where no hwmon chip is a CPU's, from ACPI/device-tree thermal zones.
 * Discovery walks the tree once a minute (hotplug); each tick only reads the input files.
 */

/** A temperature file found by discovery; each tick reads only `path`. */
export type SensorFile = Omit<Temperature, 'celsius'> & { chip: string; path: string }

type Kind = Temperature['kind']

const chipKinds = new Map<string, Kind>([
  ['coretemp', 'cpu'],
  ['k10temp', 'cpu'],
  ['zenpower', 'cpu'],
  // A thermal zone's own hwmon twin (Raspberry Pi: zone `cpu-thermal`, hwmon `cpu_thermal`).
  ['cpu_thermal', 'cpu'],
  ['amdgpu', 'gpu'],
  ['nouveau', 'gpu'],
  ['nvme', 'disk'],
  ['drivetemp', 'disk'],
])

export function hwmonKind(chip: string): Kind {
  return chipKinds.get(chip) ?? 'other'
}

export function thermalZoneKind(type: string): Kind {
  return /^(x86_pkg_temp|cpu[-_]thermal)$/.test(type) ? 'cpu' : 'other'
}

/**
 * What tells two chips of the same name apart across boots (hwmonN numbers do not): the
 * device's PCI address where it has one (GPUs, NVMe), else its own name (`coretemp.1`, `0:0:0:0`).
 */
export function deviceKey(devicePath: string): string {
  const pci = devicePath.split('/').filter((part) => /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$/.test(part))
  return pci.at(-1) ?? basename(devicePath)
}

type Chip = { dir: string; name: string; device: string }

/** Every temperature input of every hwmon chip, then thermal zones if no chip is a CPU's. */
export async function discoverSensors(sysRoot: string): Promise<SensorFile[]> {
  const chips = await hwmonChips(join(sysRoot, 'class/hwmon'))
  const count = new Map<string, number>()
  for (const chip of chips) count.set(chip.name, (count.get(chip.name) ?? 0) + 1)
  const hwmon = (await Promise.all(chips.map((chip) => chipSensors(chip, (count.get(chip.name) ?? 0) > 1)))).flat()
  if (hwmon.some((sensor) => sensor.kind === 'cpu')) return hwmon
  return [...hwmon, ...(await thermalZones(join(sysRoot, 'class/thermal'), new Set(count.keys())))]
}

async function hwmonChips(classDir: string): Promise<Chip[]> {
  const found = await Promise.all(
    (await numbered(classDir, 'hwmon')).map(async (entry): Promise<Chip | null> => {
      const dir = join(classDir, entry)
      const [name, device] = await Promise.all([readText(join(dir, 'name')), realpath(join(dir, 'device')).catch(() => null)])
      return name === null ? null : { dir, name, device: device === null ? entry : deviceKey(device) }
    }),
  )
  return found.filter((chip) => chip !== null)
}

async function chipSensors(chip: Chip, duplicate: boolean): Promise<SensorFile[]> {
  const inputs = (await readdir(chip.dir).catch(() => [])).flatMap((file) => /^(temp\d+)_input$/.exec(file)?.[1] ?? []).sort(byNumber)
  const owner = duplicate ? `${chip.name}@${chip.device}` : chip.name
  return Promise.all(
    inputs.map(async (input) => {
      const label = (await readText(join(chip.dir, `${input}_label`))) ?? input
      return {
        sensor: `hwmon:${owner}/${input}`,
        label: duplicate ? `${chip.name} ${label} (${chip.device})` : `${chip.name} ${label}`,
        kind: hwmonKind(chip.name),
        chip: chip.name,
        path: join(chip.dir, `${input}_input`),
      }
    }),
  )
}

/** Zones whose hwmon twin (same type, `-` spelled `_`) is already listed are left out. */
async function thermalZones(classDir: string, hwmonNames: ReadonlySet<string>): Promise<SensorFile[]> {
  const zones = await Promise.all(
    (await numbered(classDir, 'thermal_zone')).map(async (zone) => ({ zone, type: await readText(join(classDir, zone, 'type')) })),
  )
  const listed = zones.filter((z): z is { zone: string; type: string } => z.type !== null && !hwmonNames.has(z.type.replaceAll('-', '_')))
  const count = new Map<string, number>()
  for (const { type } of listed) count.set(type, (count.get(type) ?? 0) + 1)
  return listed.map(({ zone, type }) => ({
    sensor: (count.get(type) ?? 0) > 1 ? `thermal:${type}/${zone}` : `thermal:${type}`,
    label: type,
    kind: thermalZoneKind(type),
    chip: type,
    path: join(classDir, zone, 'temp'),
  }))
}

/** Reading a drive's temperature can reset its spin-down timer (kernel docs, hwmon/drivetemp). */
const spinDownSafeMs = 30 * 60_000
const rediscoverMs = 60_000

export type ThermalOptions = { sysRoot?: string; now?: () => number }

export class ThermalSensors {
  readonly #sensors: Refreshed<SensorFile[]>
  readonly #drives: Refreshed<Temperature[]>

  constructor(options: ThermalOptions = {}) {
    const sysRoot = options.sysRoot ?? '/sys'
    this.#sensors = new Refreshed({ load: () => discoverSensors(sysRoot), everyMs: rediscoverMs, initial: [], now: options.now })
    this.#drives = new Refreshed({
      load: async () => readTemperatures((await this.#sensors.settled()).filter(isDrive)),
      everyMs: spinDownSafeMs,
      initial: [],
      now: options.now,
    })
  }

  /** One reading per sensor that answered; one that errors (EIO, ENODATA, gone) sits this tick out. */
  async read(): Promise<Temperature[]> {
    const sensors = await this.#sensors.settled()
    const [often, drives] = await Promise.all([readTemperatures(sensors.filter((s) => !isDrive(s))), this.#drives.settled()])
    return [...often, ...drives]
  }
}

async function readTemperatures(sensors: readonly SensorFile[]): Promise<Temperature[]> {
  const readings = await Promise.all(
    sensors.map(async ({ sensor, label, kind, path }): Promise<Temperature | null> => {
      const text = await readText(path)
      const celsius = text === null ? null : parseMillicelsius(text)
      return celsius === null ? null : { sensor, label, kind, celsius }
    }),
  )
  return readings.filter((reading) => reading !== null)
}

function isDrive(sensor: SensorFile): boolean {
  return sensor.chip === 'drivetemp'
}

/** A sysfs file's trimmed text; null when it cannot be read now (absent, EIO, ENODATA, EACCES). */
async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').then((text) => text.trim(), () => null)
}

/** `<prefix><N>` entries of a directory in numeric order; none when it is not there. */
async function numbered(dir: string, prefix: string): Promise<string[]> {
  const pattern = new RegExp(`^${prefix}\\d+$`)
  return (await readdir(dir).catch(() => [])).filter((entry) => pattern.test(entry)).sort(byNumber)
}

function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}
