import { cpus, userInfo } from 'node:os'
import type * as si from 'systeminformation'
import type { ProcessFacts } from '../node-facts.ts'

/*
 * The process table on macOS and Windows, through systeminformation's processes(). It costs a
 * child process per call (`ps -axo …` on macOS, a PowerShell Get-CimInstance Win32_Process on
 * Windows: tens of milliseconds of CPU and, on Windows, a PowerShell start), so it runs at
 * `siScanEveryMs`, not at the Linux scan's cadence. What it cannot tell is said honestly:
 * no storage I/O, no cgroup (so no systemd unit or container), no real uid.
 *
 * CPU: systeminformation gives a percentage, not a counter. On Windows it is this process's
 * share of all CPU time between two calls (kernel + user time deltas, the idle process
 * included, so 100 % is the whole machine); on macOS it is ps's %cpu, a decaying average over
 * roughly the last minute, per core (100 % is one core). `cpuSeconds` integrates it over the
 * time between scans, so differences of cpuSeconds give back what systeminformation measured;
 * on macOS it is an estimate.
 */

/** Slow cadence for this reader: each call starts `ps` or PowerShell (see perf_anchors: 79 ms and 86 forks on Linux). */
export const siScanEveryMs = 30_000

export type SiProcess = Pick<si.Systeminformation.ProcessesProcessData, 'pid' | 'parentPid' | 'name' | 'cpu' | 'memRss' | 'started' | 'user' | 'command' | 'params' | 'path'>

export type SiProcessTableOptions = {
  /** systeminformation's processes(), or a fake; the real module loads on first use. */
  processes?: () => Promise<{ list: SiProcess[] }>
  platform?: NodeJS.Platform
  /** Logical CPUs, to turn Windows' share of the machine into CPU time. */
  cores?: number
  now?: () => number
  /** The user running the app: the one name whose uid is known without another call. */
  currentUser?: { username: string; uid: number }
}

/** A command line split the way Windows' CommandLineToArgvW mostly does: spaces outside double quotes. */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = []
  let current = ''
  let quoted = false
  let started = false
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted
      started = true
    } else if (/\s/.test(char) && !quoted) {
      if (started) args.push(current)
      current = ''
      started = false
    } else {
      current += char
      started = true
    }
  }
  if (started) args.push(current)
  return args
}

/** systeminformation's "YYYY-MM-DD HH:MM:SS", local time, to ms; NaN when unreadable. */
export function parseStarted(started: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(started)
  if (match === null) return Number.NaN
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  return new Date(year, month - 1, day, hour, minute, second).getTime()
}

type Kept = { startedAtMs: number; cpuSeconds: number; at: number }

export class SiProcessTable {
  readonly #load: () => Promise<{ list: SiProcess[] }>
  readonly #platform: NodeJS.Platform
  readonly #cores: number
  readonly #now: () => number
  readonly #user: { username: string; uid: number } | null
  /** Per pid: the start time first seen (ps's elapsed time rounds, so it wobbles by a second) and CPU seconds so far. */
  readonly #kept = new Map<number, Kept>()

  constructor(options: SiProcessTableOptions = {}) {
    this.#load = options.processes ?? (async () => (await import('systeminformation')).processes())
    this.#platform = options.platform ?? process.platform
    this.#cores = options.cores ?? Math.max(1, cpus().length)
    this.#now = options.now ?? Date.now
    this.#user = options.currentUser ?? currentUser()
  }

  async scan(): Promise<ProcessFacts[]> {
    const { list } = await this.#load()
    const at = this.#now()
    const facts = list.map((entry) => this.#facts(entry, at))
    const seen = new Set(facts.map((process) => process.pid))
    for (const pid of this.#kept.keys()) if (!seen.has(pid)) this.#kept.delete(pid)
    return facts
  }

  #facts(entry: SiProcess, at: number): ProcessFacts {
    const started = parseStarted(entry.started)
    const startedAtMs = Number.isNaN(started) ? at : started
    let kept = this.#kept.get(entry.pid)
    // Another process under a reused pid: a start time more than a few seconds off.
    if (kept === undefined || Math.abs(kept.startedAtMs - startedAtMs) > 5000) kept = { startedAtMs, cpuSeconds: 0, at }
    const busyCores = this.#platform === 'win32' ? (entry.cpu / 100) * this.#cores : entry.cpu / 100
    const cpuSeconds = kept.cpuSeconds + (Number.isFinite(busyCores) ? Math.max(0, busyCores) : 0) * ((at - kept.at) / 1000)
    this.#kept.set(entry.pid, { startedAtMs: kept.startedAtMs, cpuSeconds, at })
    const { cmdline, exe } = this.#commandOf(entry)
    return {
      pid: entry.pid,
      ppid: entry.parentPid,
      name: entry.name,
      cmdline,
      exe,
      uid: this.#uidOf(entry.user),
      startedAtMs: kept.startedAtMs,
      cpuSeconds,
      // memRss is in KiB (ps rss; WorkingSetSize / 1024 on Windows).
      rssBytes: Math.max(0, entry.memRss) * 1024,
      ioReadBytes: null,
      ioWriteBytes: null,
      systemdUnit: null,
      containerId: null,
    }
  }

  /**
   * Windows: `command` is the whole CommandLine and `path` the ExecutablePath. macOS: ps prints
   * argv joined by spaces, which systeminformation cuts into a directory (`path`), a command and
   * `params`; argv's own boundaries are lost, so arguments are split on spaces.
   */
  #commandOf(entry: SiProcess): { cmdline: string[]; exe: string | null } {
    if (this.#platform === 'win32') {
      const exe = entry.path === '' ? null : entry.path
      const cmdline = splitWindowsCommandLine(entry.command)
      return { cmdline: cmdline.length > 0 ? cmdline : exe === null ? [] : [exe], exe }
    }
    const exe = entry.path === '' ? null : `${entry.path}/${entry.command}`
    const params = entry.params.trim() === '' ? [] : entry.params.trim().split(/\s+/)
    return { cmdline: [exe ?? entry.command, ...params].filter((arg) => arg !== ''), exe }
  }

  /** root is 0; the app's own user has its uid; anyone else is unknown (-1): systeminformation gives names, not ids. */
  #uidOf(user: string): number {
    if (user === 'root') return 0
    if (this.#user !== null && user === this.#user.username) return this.#user.uid
    return -1
  }
}

function currentUser(): { username: string; uid: number } | null {
  try {
    const info = userInfo()
    return { username: info.username, uid: info.uid }
  } catch {
    return null
  }
}
