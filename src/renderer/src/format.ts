/** Display formatting only: figures arrive computed from core. */

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
const rateUnits = ['B/s', 'kB/s', 'MB/s', 'GB/s']

export function formatPercent(value: number): string {
  return `${value.toFixed(1)} %`
}

/** Memory sizes in binary units, as operating systems show them. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${binaryUnits[unit] ?? ''}`
}

/** Throughput in decimal units, as network tools and ISPs quote it. */
export function formatRate(bytesPerSecond: number): string {
  let value = bytesPerSecond
  let unit = 0
  while (value >= 1000 && unit < rateUnits.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${rateUnits[unit] ?? ''}`
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
