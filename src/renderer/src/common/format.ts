/** Display formatting only: figures arrive computed from core. */

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
const rateUnits = ['B/s', 'kB/s', 'MB/s', 'GB/s']

export function formatPercent(value: number): string {
  return `${value.toFixed(1)} %`
}

function scaled(value: number, base: number, units: readonly string[]): string {
  let unit = 0
  while (value >= base && unit < units.length - 1) {
    value /= base
    unit += 1
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? ''}`
}

/** Memory sizes in binary units, as operating systems show them. */
export function formatBytes(bytes: number): string {
  return scaled(bytes, 1024, binaryUnits)
}

/** Throughput in decimal units, as network tools and ISPs quote it. */
export function formatRate(bytesPerSecond: number): string {
  return scaled(bytesPerSecond, 1000, rateUnits)
}

export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  const hours = Math.floor(minutes / 60)
  const days = Math.floor(hours / 24)
  if (days > 0) return `${days} d ${hours % 24} h`
  if (hours > 0) return `${hours} h ${minutes % 60} min`
  return `${minutes} min`
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

export type Freshness = 'live' | 'stale' | 'paused'

/** A sample is stale once three sampling intervals pass without a newer one. */
export function freshness(sampledAt: number, now: number, intervalMs: number, paused: boolean): Freshness {
  if (paused) return 'paused'
  return now - sampledAt > 3 * intervalMs ? 'stale' : 'live'
}

export function formatWatts(watts: number): string {
  return `${watts.toFixed(watts < 100 ? 1 : 0)} W`
}

export function formatCelsius(celsius: number): string {
  return `${celsius.toFixed(0)} °C`
}

/** Energy as an electricity bill reads it: Wh while small, kWh after. */
export function formatEnergy(kwh: number): string {
  const wh = kwh * 1000
  if (wh < 1) return `${wh.toFixed(2)} Wh`
  if (wh < 1000) return `${wh.toFixed(wh < 100 ? 1 : 0)} Wh`
  return `${kwh.toFixed(kwh < 10 ? 2 : 1)} kWh`
}

/** A span of time for prose: "45 s", "12 min", "2 h 10 min", "1 h", "3 d 4 h". */
export function formatSpan(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  const [major, minor, majorUnit, minorUnit] =
    minutes < 60 ? [minutes, 0, 'min', ''] : minutes < 1440 ? [Math.floor(minutes / 60), minutes % 60, 'h', 'min'] : [Math.floor(minutes / 1440), Math.floor(minutes / 60) % 24, 'd', 'h']
  return minor > 0 ? `${major} ${majorUnit} ${minor} ${minorUnit}` : `${major} ${majorUnit}`
}

/** The end of a provenance line: "live", "paused", or "stale since 12:00:05". */
export function freshnessWords(state: Freshness, at: number): string {
  return state === 'stale' ? `stale since ${formatClock(at)}` : state
}
