/*
 * Pure parsers for the /proc files the 1 s path reads. Each takes the file's text and
 * throws a `ProcFormatError` naming the file when the text is not what the kernel writes.
 */

export class ProcFormatError extends Error {
  override readonly name = 'ProcFormatError'
}

/** Jiffies a CPU spent busy and in total, from one `cpu` line of /proc/stat. */
export type CpuTimes = { busy: number; total: number }

/** One `cpuN` line; N is kept because an offline core drops out of the list. */
export type CoreTimes = CpuTimes & { cpu: number }

export type ProcStat = { all: CpuTimes; cores: CoreTimes[] }

/**
 * /proc/stat `cpu` lines: user nice system idle iowait irq softirq steal guest guest_nice.
 * guest and guest_nice are already inside user and nice, so they are not added again;
 * idle and iowait are the time the CPU had nothing to run.
 */
export function parseProcStat(text: string): ProcStat {
  const cores: CoreTimes[] = []
  let all: CpuTimes | undefined
  for (const line of text.split('\n')) {
    const match = /^cpu(\d*)\s+(.*)$/.exec(line)
    if (!match) continue
    const fields = (match[2] ?? '').trim().split(/\s+/).map(Number)
    if (fields.length < 4 || fields.some((f) => !Number.isFinite(f))) {
      throw new ProcFormatError(`/proc/stat: unreadable cpu line "${line}"`)
    }
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields
    const waiting = idle + iowait
    const busy = user + nice + system + irq + softirq + steal
    const times = { busy, total: busy + waiting }
    if (match[1] === '') all = times
    else cores.push({ cpu: Number(match[1]), ...times })
  }
  if (!all) throw new ProcFormatError('/proc/stat: no aggregate "cpu" line')
  return { all, cores }
}

/** Busy share of the CPU time that passed between two readings, 0–100. */
export function cpuLoadPercent(previous: CpuTimes, current: CpuTimes): number {
  const total = current.total - previous.total
  const busy = current.busy - previous.busy
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, (busy * 100) / total))
}

/**
 * Busy share of each core between two readings, matched by core number; a core with no
 * earlier reading (the first one, or just brought online) counts from zero, since boot.
 */
export function corePercents(previous: readonly CoreTimes[], current: readonly CoreTimes[]): number[] {
  const before = new Map(previous.map((core) => [core.cpu, core]))
  return current.map((core) => cpuLoadPercent(before.get(core.cpu) ?? { busy: 0, total: 0 }, core))
}

export type MemInfo = { totalBytes: number; availableBytes: number }

/** /proc/meminfo; MemAvailable is the kernel's own estimate of what programs can still get. */
export function parseMeminfo(text: string): MemInfo {
  const kib = (key: string): number | undefined => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text)
    return match ? Number(match[1]) * 1024 : undefined
  }
  const totalBytes = kib('MemTotal')
  if (totalBytes === undefined) throw new ProcFormatError('/proc/meminfo: no MemTotal line')
  // Kernels before 3.14 lack MemAvailable; free + buffers + cache is the classic stand-in.
  const availableBytes = kib('MemAvailable') ?? (kib('MemFree') ?? 0) + (kib('Buffers') ?? 0) + (kib('Cached') ?? 0)
  return { totalBytes, availableBytes }
}

export type NetDevCounters = { name: string; rxBytes: number; txBytes: number }

/** /proc/net/dev: two header lines, then `name: rx_bytes … (8 fields) tx_bytes …`. */
export function parseNetDev(text: string): NetDevCounters[] {
  const counters: NetDevCounters[] = []
  for (const line of text.split('\n').slice(2)) {
    if (line.trim() === '') continue
    const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line)
    const fields = match?.[2]?.trim().split(/\s+/).map(Number) ?? []
    const rxBytes = fields[0]
    const txBytes = fields[8]
    if (!match?.[1] || rxBytes === undefined || txBytes === undefined || !Number.isFinite(rxBytes) || !Number.isFinite(txBytes)) {
      throw new ProcFormatError(`/proc/net/dev: unreadable line "${line}"`)
    }
    counters.push({ name: match[1], rxBytes, txBytes })
  }
  return counters
}

/** /proc/uptime: seconds since boot, then idle seconds. */
export function parseUptime(text: string): number {
  const seconds = Number(text.trim().split(/\s+/)[0])
  if (!Number.isFinite(seconds) || seconds < 0) throw new ProcFormatError(`/proc/uptime: unreadable "${text.trim()}"`)
  return seconds
}
