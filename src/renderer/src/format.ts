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
