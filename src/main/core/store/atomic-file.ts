import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fallbackLog, type PrivateLog } from './private-files.ts'

/**
 * Replaces `path` with `text` so that a crash at any moment leaves either the old file or
 * the new one, never half of each: write a temporary sibling, fsync it, rename it over,
 * then fsync the directory so the rename itself survives a power cut.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const fd = openSync(temporary, 'wx', mode)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
  syncDirectory(dirname(path))
}

/**
 * Removes the temporaries of `path` that a killed writeFileAtomic left behind. Only ours:
 * `<name>.<8 hex>.tmp` beside `path`. Only those last written before this process started:
 * a write takes milliseconds, so an older one has no live writer, while a newer one may be
 * another process's write in flight (a desktop and an agent sharing the data dir).
 * Answers the paths removed.
 */
export function sweepStaleTemporaries(path: string, log: PrivateLog = fallbackLog, startedAtMs = processStartMs()): string[] {
  const dir = dirname(path)
  const ours = new RegExp(`^${escapeRegExp(basename(path))}\\.[0-9a-f]{8}\\.tmp$`)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const swept: string[] = []
  for (const name of names.filter((n) => ours.test(n))) {
    const temporary = join(dir, name)
    try {
      if (statSync(temporary).mtimeMs >= startedAtMs) continue
      rmSync(temporary)
    } catch (error) {
      // Gone meanwhile: its writer renamed or removed it, which is just as good.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    swept.push(temporary)
    log.info(`removed ${temporary}, left by a write that was interrupted`)
  }
  return swept
}

/** Wall-clock time this process started, in ms (process.uptime is the process's, also in a worker). */
const processStartMs = (): number => Date.now() - process.uptime() * 1000

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; its rename is already durable enough there.
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
