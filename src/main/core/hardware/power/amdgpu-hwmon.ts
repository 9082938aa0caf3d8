import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PowerReading, PowerSource, PowerSourceStatus } from './power-source.ts'

/*
 * AMD GPU board power from the amdgpu driver's hwmon files:
 * /sys/class/drm/cardN/device/hwmon/hwmonM/power1_average ("average power used by the GPU in
 * microWatts"), or power1_input (instantaneous) on parts that only have that. World-readable,
 * so plain file reads with no process and no root.
 */

export type AmdGpu = {
  card: string
  /** PCI address (e.g. 0000:03:00.0): stays put across boots, unlike the card number. */
  pciSlot: string | null
  /** PCI vendor:device, e.g. 1002:744c. */
  pciId: string | null
  watts: number | null
  temperatureCelsius: number | null
  powerCapWatts: number | null
  at: number
}

/** A µW file (power1_average, power1_input, power1_cap) in watts. */
export function parseMicrowatts(text: string): number | null {
  const value = Number(text.trim())
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value / 1e6 : null
}

/** temp1_input is in millidegrees Celsius. */
export function parseMillicelsius(text: string): number | null {
  const value = Number(text.trim())
  return text.trim() !== '' && Number.isFinite(value) ? value / 1000 : null
}

/** PCI_SLOT_NAME from the device's uevent. */
export function parsePciSlot(uevent: string): string | null {
  return /^PCI_SLOT_NAME=(\S+)$/m.exec(uevent)?.[1] ?? null
}

/**
 * Read errors that mean "no value right now", not a fault: the file is absent, or the driver
 * refuses while the GPU is runtime-suspended (EPERM) or resetting.
 */
const noValueCodes = new Set(['ENOENT', 'ENODATA', 'EINVAL', 'EOPNOTSUPP', 'EPERM', 'EAGAIN', 'EBUSY'])

export type AmdgpuHwmonOptions = { sysRoot?: string; now?: () => number }

export class AmdgpuHwmonSource implements PowerSource {
  readonly id = 'amdgpu-hwmon'
  readonly #sysRoot: string
  readonly #now: () => number
  #gpus: AmdGpu[] = []
  #lastSuccessAt: number | null = null

  constructor(options: AmdgpuHwmonOptions = {}) {
    this.#sysRoot = options.sysRoot ?? '/sys'
    this.#now = options.now ?? Date.now
  }

  /** The last read's GPUs with temperature and power cap, for the sampler. */
  get gpus(): readonly AmdGpu[] {
    return this.#gpus
  }

  async read(): Promise<PowerSourceStatus> {
    const startedAt = this.#now()
    const status = (readings: PowerReading[], error: PowerSourceStatus['error']): PowerSourceStatus => {
      const at = this.#now()
      if (error === null) this.#lastSuccessAt = at
      return { source: this.id, readings, error, lastSuccessAt: this.#lastSuccessAt, durationMs: at - startedAt }
    }
    try {
      const cards = await this.#entries('class/drm', /^card\d+$/)
      const found = await Promise.all(cards.map((card) => this.#readCard(card)))
      this.#gpus = found.flat()
    } catch (error) {
      return status([], { kind: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
    if (this.#gpus.length === 0) {
      return status([], { kind: 'unavailable', message: 'no amdgpu hwmon under /sys/class/drm (no AMD GPU here)' })
    }
    return status(this.#gpus.map(toPowerReading), null)
  }

  dispose(): Promise<void> {
    return Promise.resolve()
  }

  async #readCard(card: string): Promise<AmdGpu[]> {
    const device = join('class/drm', card, 'device')
    const gpus: AmdGpu[] = []
    for (const hwmon of await this.#entries(join(device, 'hwmon'), /^hwmon\d+$/)) {
      const gpu = await this.#readHwmon(card, device, join(device, 'hwmon', hwmon))
      if (gpu) gpus.push(gpu)
    }
    return gpus
  }

  async #readHwmon(card: string, device: string, hwmon: string): Promise<AmdGpu | null> {
    const sensor = (name: string): Promise<string | null> => this.#optional(join(hwmon, name))
    const pci = (name: string): Promise<string | null> => this.#optional(join(device, name))
    // Other drivers (nvme, k10temp, i915 on the same card list) have hwmons too.
    if ((await sensor('name'))?.trim() !== 'amdgpu') return null
    const [average, input, cap, temp, uevent, vendor, pciDevice] = await Promise.all([
      sensor('power1_average'),
      sensor('power1_input'),
      sensor('power1_cap'),
      sensor('temp1_input'),
      pci('uevent'),
      pci('vendor'),
      pci('device'),
    ])
    const hex = (text: string): string => text.trim().replace(/^0x/, '')
    return {
      card,
      pciSlot: uevent === null ? null : parsePciSlot(uevent),
      pciId: vendor === null || pciDevice === null ? null : `${hex(vendor)}:${hex(pciDevice)}`,
      watts: (average === null ? null : parseMicrowatts(average)) ?? (input === null ? null : parseMicrowatts(input)),
      temperatureCelsius: temp === null ? null : parseMillicelsius(temp),
      powerCapWatts: cap === null ? null : parseMicrowatts(cap),
      at: this.#now(),
    }
  }

  /** Entries of a directory matching `pattern`; none when the directory is not there. */
  async #entries(relative: string, pattern: RegExp): Promise<string[]> {
    try {
      return (await readdir(join(this.#sysRoot, relative))).filter((entry) => pattern.test(entry)).sort()
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return []
      throw error
    }
  }

  async #optional(relative: string): Promise<string | null> {
    try {
      return await readFile(join(this.#sysRoot, relative), 'utf8')
    } catch (error) {
      if (noValueCodes.has(errnoCode(error) ?? '')) return null
      throw error
    }
  }
}

function toPowerReading(gpu: AmdGpu): PowerReading {
  return {
    deviceId: `amdgpu:${gpu.pciSlot ?? gpu.card}`,
    label: gpu.pciId ? `AMD GPU ${gpu.pciId} (${gpu.card})` : `AMD GPU (${gpu.card})`,
    scope: 'gpu',
    watts: gpu.watts,
    kind: 'measured',
    source: 'amdgpu-hwmon',
    at: gpu.at,
  }
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined
}
