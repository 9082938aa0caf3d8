/*
 * Pure parsers for the per-process files under /proc (proc(5)), tested on literal text. The
 * readers around them only move bytes; every format rule lives here.
 */

/** The fields of /proc/<pid>/stat a scan uses. Times are clock ticks, rss is pages. */
export type PidStat = {
  pid: number
  /** The name between the parentheses: up to 15 bytes that may hold spaces and ')'. */
  comm: string
  /** R, S, D, Z, T, I… */
  state: string
  ppid: number
  /** Kernel flags (field 9); PF_KTHREAD marks a kernel thread. */
  flags: number
  utimeTicks: number
  stimeTicks: number
  /** Ticks after boot when the process started (field 22): with the pid, its identity. */
  startTimeTicks: number
  rssPages: number
}

/** include/linux/sched.h: the task is a kernel thread. */
export const PF_KTHREAD = 0x00200000

/**
 * One line of /proc/<pid>/stat. The name is whatever the process set (prctl(PR_SET_NAME)), so
 * it may hold spaces and parentheses: it runs from the first '(' to the last ')', and the
 * numbered fields start after that. Null when the line is not that shape.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  if (open < 1 || close < open) return null
  const pid = Number(text.slice(0, open))
  if (!Number.isInteger(pid)) return null
  // Walk the space-separated fields after the name up to field 24, keeping the ones we use:
  // a scan parses every process, and splitting all 52 fields costs three times as much.
  const wanted: Record<number, number> = {}
  let state = ''
  let at = close + 2
  for (let field = 3; field <= 24; field++) {
    const space = text.indexOf(' ', at)
    const end = space < 0 ? text.length : space
    // An empty field, or the line ends before field 24.
    if (end <= at || (space < 0 && field < 24)) return null
    const token = text.slice(at, end)
    if (field === 3) state = token
    else if (field === 4 || field === 9 || field === 14 || field === 15 || field === 22 || field === 24) wanted[field] = Number(token)
    at = end + 1
  }
  const stat: PidStat = {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: wanted[4] ?? Number.NaN,
    flags: wanted[9] ?? Number.NaN,
    utimeTicks: wanted[14] ?? Number.NaN,
    stimeTicks: wanted[15] ?? Number.NaN,
    startTimeTicks: wanted[22] ?? Number.NaN,
    rssPages: wanted[24] ?? Number.NaN,
  }
  const numbers = [stat.ppid, stat.flags, stat.utimeTicks, stat.stimeTicks, stat.startTimeTicks, stat.rssPages]
  return numbers.every(Number.isFinite) ? stat : null
}

/** argv from /proc/<pid>/cmdline: NUL-separated, usually NUL-terminated; empty for kernel threads and zombies. */
export function parseCmdline(text: string): string[] {
  if (text === '') return []
  const args = text.split('\0')
  if (args.at(-1) === '') args.pop()
  return args
}

/** The real uid from /proc/<pid>/status ("Uid:\treal\teffective\tsaved\tfs"). */
export function parseStatusUid(text: string): number | null {
  const match = /^Uid:\s+(\d+)/m.exec(text)
  return match?.[1] === undefined ? null : Number(match[1])
}

/**
 * Storage bytes from /proc/<pid>/io: read_bytes and write_bytes are what reached the block
 * layer; rchar and wchar also count pipes, sockets and the page cache, so they are not disk I/O.
 */
export function parsePidIo(text: string): { readBytes: number; writeBytes: number } | null {
  const read = /^read_bytes:\s+(\d+)/m.exec(text)?.[1]
  const write = /^write_bytes:\s+(\d+)/m.exec(text)?.[1]
  if (read === undefined || write === undefined) return null
  return { readBytes: Number(read), writeBytes: Number(write) }
}

/** Boot time in seconds since the epoch: the btime line of /proc/stat. */
export function parseBootTime(procStat: string): number | null {
  const match = /^btime\s+(\d+)/m.exec(procStat)
  return match?.[1] === undefined ? null : Number(match[1])
}
