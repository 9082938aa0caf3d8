import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ProcessFacts } from '../node-facts.ts'
import { parseCgroup } from './cgroup-path.ts'
import { readKernelConstants, type KernelConstants } from './kernel-constants.ts'
import { parseBootTime, parseCmdline, parsePidIo, parsePidStat, parseStatusUid, PF_KTHREAD, type PidStat } from './pid-files.ts'
import { readlinkOrNull, readOrNull, SmallFileReader } from './proc-files.ts'

/*
 * The Linux process table, read from /proc with plain file reads and no child process (`ps`
 * would be one per scan; systeminformation's processes() is one `cat` per pid). What does
 * not change while a process lives (argv, executable, uid, cgroup) is read once per process
 * and kept; each scan reads only /proc/<pid>/stat, plus /proc/<pid>/io for the pids the
 * caller watches closely (node processes).
 */

export type ProcessTableOptions = {
  procRoot?: string
  now?: () => number
  /** Overrides what /proc/self/auxv says (tests, or a procRoot that is not this machine's). */
  kernel?: Partial<KernelConstants>
  /**
   * List kernel threads too. Off by default: they are never node software, and on a desktop they
   * are a third of /proc, so a scan skips re-reading them (see #kernelThreads).
   */
  kernelThreads?: boolean
}

export type ScanOptions = {
  /** Pids whose storage I/O (/proc/<pid>/io) is read; the rest carry null. */
  ioPids?: ReadonlySet<number>
}

/** What is read once per process, with the stat fields that identify that process. */
type Fixed = {
  startTimeTicks: number
  comm: string
  cmdline: readonly string[]
  exe: string | null
  uid: number
  systemdUnit: string | null
  containerId: string | null
}

/** A kernel thread's stat is read again after this many scans (a minute at the 5 s cadence). */
const kernelThreadRecheckScans = 12

const isPidName = (name: string): boolean => name.length > 0 && name.charCodeAt(0) >= 49 && name.charCodeAt(0) <= 57 && /^\d+$/.test(name)

export class ProcessTable {
  readonly #procRoot: string
  readonly #now: () => number
  readonly #kernel: KernelConstants
  readonly #files = new SmallFileReader()
  /** Keyed by pid; trusted while the start time and name match (see #fixedFor). */
  readonly #fixed = new Map<number, Fixed>()
  readonly #withKernelThreads: boolean
  /**
   * Pids known to be kernel threads, with the scans left before their stat is read again. While
   * /proc lists the pid it is the same thread: a pid is handed out again only after the kernel
   * has cycled through pid_max (32 768 at the least, 4 194 304 where systemd raises it), which
   * takes thousands of forks a second to do between two scans; the re-check bounds even that.
   */
  readonly #kernelThreads = new Map<number, number>()
  #bootTimeMs: number | undefined
  #lastScanAt: number | null = null

  constructor(options: ProcessTableOptions = {}) {
    // Paths on the hot path are built by concatenation: path.join costs as much as the read.
    this.#procRoot = (options.procRoot ?? '/proc').replace(/\/+$/, '')
    this.#now = options.now ?? Date.now
    this.#kernel = { ...readKernelConstants(this.#procRoot), ...options.kernel }
    this.#withKernelThreads = options.kernelThreads ?? false
  }

  /** Every process now, in /proc's order. Processes that end while being read are left out. */
  scan(options: ScanOptions = {}): ProcessFacts[] {
    this.#lastScanAt = this.#now()
    const bootTimeMs = this.#bootTime()
    const facts: ProcessFacts[] = []
    const listed = new Set<number>()
    for (const name of readdirSync(this.#procRoot)) {
      if (!isPidName(name)) continue
      const pid = Number(name)
      listed.add(pid)
      const recheckIn = this.#kernelThreads.get(pid)
      if (recheckIn !== undefined && recheckIn > 0) {
        this.#kernelThreads.set(pid, recheckIn - 1)
        continue
      }
      this.#kernelThreads.delete(pid)
      const process = this.#read(pid, bootTimeMs, options.ioPids?.has(pid) ?? false)
      if (process !== null) facts.push(process)
    }
    for (const pid of this.#fixed.keys()) if (!listed.has(pid)) this.#fixed.delete(pid)
    for (const pid of this.#kernelThreads.keys()) if (!listed.has(pid)) this.#kernelThreads.delete(pid)
    return facts
  }

  /** When the last scan started, by the injected clock; null before the first. */
  get lastScanAt(): number | null {
    return this.#lastScanAt
  }

  #read(pid: number, bootTimeMs: number, withIo: boolean): ProcessFacts | null {
    let stat: PidStat | null
    try {
      stat = parsePidStat(this.#files.read(`${this.#procRoot}/${String(pid)}/stat`))
    } catch {
      // Gone (ENOENT, ESRCH), or hidden from us (hidepid): either way not in this scan.
      return null
    }
    if (stat === null) return null
    if (!this.#withKernelThreads && (stat.flags & PF_KTHREAD) !== 0) {
      this.#kernelThreads.set(pid, kernelThreadRecheckScans)
      return null
    }
    const fixed = this.#fixedFor(pid, stat)
    if (fixed === null) return null
    const { clockTicksPerSecond: ticks, pageSizeBytes } = this.#kernel
    const io = withIo ? this.#io(pid) : null
    return {
      pid,
      ppid: stat.ppid,
      name: stat.comm,
      cmdline: fixed.cmdline,
      exe: fixed.exe,
      uid: fixed.uid,
      startedAtMs: Math.round(bootTimeMs + (stat.startTimeTicks * 1000) / ticks),
      cpuSeconds: (stat.utimeTicks + stat.stimeTicks) / ticks,
      rssBytes: stat.rssPages * pageSizeBytes,
      ioReadBytes: io?.readBytes ?? null,
      ioWriteBytes: io?.writeBytes ?? null,
      systemdUnit: fixed.systemdUnit,
      containerId: fixed.containerId,
    }
  }

  /**
   * The kept facts while they still describe this process. A reused pid has another start
   * time. An exec keeps pid and start time but changes the program, and with it the name in
   * stat (`sh -c "exec lotus-miner run"`), so a new name reads them again too.
   */
  #fixedFor(pid: number, stat: PidStat): Fixed | null {
    const kept = this.#fixed.get(pid)
    if (kept !== undefined && kept.startTimeTicks === stat.startTimeTicks && kept.comm === stat.comm) return kept
    const fresh = this.#readFixed(pid, stat)
    if (fresh === null) this.#fixed.delete(pid)
    else this.#fixed.set(pid, fresh)
    return fresh
  }

  #readFixed(pid: number, stat: PidStat): Fixed | null {
    const dir = join(this.#procRoot, String(pid))
    // status is world-readable while the process lives: null means it ended.
    const status = readOrNull(join(dir, 'status'))
    if (status === null) return null
    const cmdline = readOrNull(join(dir, 'cmdline'))
    const cgroup = readOrNull(join(dir, 'cgroup'))
    return {
      startTimeTicks: stat.startTimeTicks,
      comm: stat.comm,
      cmdline: cmdline === null ? [] : parseCmdline(cmdline),
      // A binary replaced or deleted since it started reads "/path (deleted)": kept as the kernel says it.
      exe: readlinkOrNull(join(dir, 'exe')),
      uid: parseStatusUid(status) ?? -1,
      ...(cgroup === null ? { systemdUnit: null, containerId: null } : parseCgroup(cgroup)),
    }
  }

  #io(pid: number): { readBytes: number; writeBytes: number } | null {
    const text = readOrNull(`${this.#procRoot}/${String(pid)}/io`)
    return text === null ? null : parsePidIo(text)
  }

  /** Boot time from /proc/stat's btime, read once: it does not move while the machine runs. */
  #bootTime(): number {
    if (this.#bootTimeMs !== undefined) return this.#bootTimeMs
    const seconds = parseBootTime(readFileSync(join(this.#procRoot, 'stat'), 'utf8'))
    if (seconds === null) throw new Error(`${join(this.#procRoot, 'stat')} has no btime line`)
    this.#bootTimeMs = seconds * 1000
    return this.#bootTimeMs
  }
}
