/*
 * Pure parsing of `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output.
 * Field names, units and the cell shapes (`[N/A]`, bare `N/A`, `[Not Supported]`,
 * `[Requested functionality has been deprecated]`, hex bitmasks) follow `nvidia-smi
 * --help-query-gpu` and a real query line of driver 595 (captured in
 * utkuozdemir/nvidia_gpu_exporter internal/captures/; tests/fixtures/nvidia-smi cites more).
 */

export class NvidiaSmiFormatError extends Error {
  override readonly name = 'NvidiaSmiFormatError'
}

/** Every field this app may ask for; the stream narrows the list to what the driver accepts. */
export type NvidiaSmiField =
  | 'index'
  | 'uuid'
  | 'name'
  | 'utilization.gpu'
  | 'temperature.gpu'
  | 'power.draw'
  | 'power.draw.average'
  | 'power.draw.instant'
  | 'power.limit'
  | 'clocks_event_reasons.active'
  | 'clocks_throttle_reasons.active'
  | 'fan.speed'
  | 'memory.used'
  | 'memory.total'
  | 'clocks.sm'

/**
 * The full list, with the newest names. `power.draw.average`/`.instant` exist only in newer
 * drivers, and `clocks_event_reasons` renamed `clocks_throttle_reasons` (still an alias), which
 * is all driver 470 lists (huggingface/candle#733). Older drivers refuse the new names and the
 * stream falls back (see `nextFieldList`).
 */
export const defaultNvidiaSmiFields: readonly NvidiaSmiField[] = [
  'index',
  'uuid',
  'name',
  'utilization.gpu',
  'temperature.gpu',
  'power.draw',
  'power.draw.average',
  'power.draw.instant',
  'power.limit',
  'clocks_event_reasons.active',
  'fan.speed',
  'memory.used',
  'memory.total',
  'clocks.sm',
]

/** Without these a line cannot be keyed or give watts; every driver since Kepler knows them. */
export const minimalNvidiaSmiFields: readonly NvidiaSmiField[] = ['index', 'uuid', 'name', 'power.draw']

/** NVML `nvmlClocksEventReason*` bits: docs.nvidia.com/deploy/nvml-api/group__nvmlClocksEventReasons.html */
const throttleReasonBits = [
  [0x1n, 'gpu_idle'],
  [0x2n, 'applications_clocks_setting'],
  [0x4n, 'sw_power_cap'],
  [0x8n, 'hw_slowdown'],
  [0x10n, 'sync_boost'],
  [0x20n, 'sw_thermal_slowdown'],
  [0x40n, 'hw_thermal_slowdown'],
  [0x80n, 'hw_power_brake_slowdown'],
  [0x100n, 'display_clock_setting'],
] as const

export type ThrottleReason = (typeof throttleReasonBits)[number][1] | 'unknown'

export type NvidiaGpuReading = {
  index: number
  uuid: string
  name: string
  utilizationPercent: number | null
  temperatureCelsius: number | null
  /** Board power: the 1 s average where the driver has it, else `power.draw`. */
  powerWatts: number | null
  powerInstantWatts: number | null
  powerLimitWatts: number | null
  /** Active clock event reasons; empty when clocks run free, null when not reported. */
  throttleReasons: ThrottleReason[] | null
  fanPercent: number | null
  memoryUsedMib: number | null
  memoryTotalMib: number | null
  smClockMhz: number | null
}

/** `[N/A]`, `N/A`, `[Not Supported]`, `[Unknown Error]`, `[GPU is lost]`, empty: no value this time. */
export function isMissingCell(cell: string): boolean {
  return cell === '' || cell === 'N/A' || /^\[.*\]$/.test(cell)
}

/** A number, tolerating the unit that appears when `nounits` was not honoured. */
export function parseNumberCell(cell: string): number | null {
  if (isMissingCell(cell)) return null
  const value = Number(cell.replace(/\s*(W|%|MiB|MHz)$/, ''))
  return Number.isFinite(value) ? value : null
}

/** `0x0000000000000005` → ['gpu_idle', 'sw_power_cap']; bits NVML adds later become 'unknown'. */
export function parseThrottleReasons(cell: string): ThrottleReason[] | null {
  if (!/^0x[0-9a-f]+$/i.test(cell)) return null
  let mask = BigInt(cell)
  const reasons: ThrottleReason[] = []
  for (const [bit, name] of throttleReasonBits) {
    if ((mask & bit) !== 0n) reasons.push(name)
    mask &= ~bit
  }
  if (mask !== 0n) reasons.push('unknown')
  return reasons
}

/** One CSV line, its columns in the order of `fields`. */
export function parseNvidiaSmiLine(line: string, fields: readonly NvidiaSmiField[]): NvidiaGpuReading {
  const cells = line.split(',').map((cell) => cell.trim())
  if (cells.length !== fields.length) {
    throw new NvidiaSmiFormatError(`nvidia-smi: expected ${fields.length} columns, got ${cells.length}: "${line}"`)
  }
  const text = (field: NvidiaSmiField): string => {
    const at = fields.indexOf(field)
    return at < 0 ? '' : (cells[at] ?? '')
  }
  const number = (field: NvidiaSmiField): number | null => parseNumberCell(text(field))
  const index = number('index')
  const uuid = text('uuid')
  if (index === null || !Number.isInteger(index) || isMissingCell(uuid)) {
    throw new NvidiaSmiFormatError(`nvidia-smi: no GPU index or uuid in "${line}"`)
  }
  const name = text('name')
  return {
    index,
    uuid,
    name: isMissingCell(name) ? `NVIDIA GPU ${index}` : name,
    utilizationPercent: number('utilization.gpu'),
    temperatureCelsius: number('temperature.gpu'),
    powerWatts: number('power.draw.average') ?? number('power.draw'),
    powerInstantWatts: number('power.draw.instant'),
    powerLimitWatts: number('power.limit'),
    throttleReasons: parseThrottleReasons(text('clocks_event_reasons.active') || text('clocks_throttle_reasons.active')),
    fanPercent: number('fan.speed'),
    memoryUsedMib: number('memory.used'),
    memoryTotalMib: number('memory.total'),
    smClockMhz: number('clocks.sm'),
  }
}

/**
 * The field an older driver refused: it prints `Field "power.draw.average" is not a valid
 * field to query.` (on stdout) and exits non-zero. Null when the text is no such refusal.
 */
export function rejectedField(output: string): string | null {
  return /Field "([^"]*)" is not a valid field to query/.exec(output)?.[1] ?? null
}

/**
 * The list to try after `rejected` was refused: the old name for a renamed field, the list
 * without an optional field, the minimal list when the refusal names nothing we asked for,
 * or null when even the minimal list is refused.
 */
export function nextFieldList(current: readonly NvidiaSmiField[], rejected: string | null): NvidiaSmiField[] | null {
  const known = current.find((field) => field === rejected)
  if (known === 'clocks_event_reasons.active') {
    return current.map((field) => (field === known ? 'clocks_throttle_reasons.active' : field))
  }
  if (known !== undefined && !minimalNvidiaSmiFields.includes(known)) return current.filter((field) => field !== known)
  const isMinimal = current.length === minimalNvidiaSmiFields.length && current.every((f) => minimalNvidiaSmiFields.includes(f))
  return known === undefined && !isMinimal ? [...minimalNvidiaSmiFields] : null
}
