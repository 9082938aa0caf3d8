import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs'
import { createLogger, type Logger } from '../log.ts'

/**
 * The data dir holds wallet addresses, rewards and secrets: it is the owner's alone (0700,
 * files 0600). What an older version or another tool left looser is tightened and logged.
 *
 * Windows has no POSIX modes (chmod there only toggles read-only); the user profile's ACLs
 * already keep %APPDATA% private, so everything here is skipped on win32.
 */
const privateDirMode = 0o700
const privateFileMode = 0o600

export type PrivateLog = Pick<Logger, 'warn' | 'info'>

/** For callers that have no logger of their own (stores opened by a worker, tests): stderr. */
export const fallbackLog: PrivateLog = createLogger('info')

const posix = process.platform !== 'win32'

/** Creates `dir` (and parents) 0700, or tightens it when it exists looser. Answers whether it tightened. */
export function ensurePrivateDir(dir: string, log: PrivateLog = fallbackLog): boolean {
  mkdirSync(dir, { recursive: true, mode: privateDirMode })
  return tighten(dir, privateDirMode, log)
}

/** Tightens an existing file to 0600; a missing one is fine. Answers whether it tightened. */
export function tightenPrivateFile(path: string, log: PrivateLog = fallbackLog): boolean {
  return tighten(path, privateFileMode, log)
}

/**
 * Makes a SQLite file private before SQLite opens it. SQLite creates a new database 0644
 * (less the umask), and its -wal, -shm and -journal with the main file's mode (unix VFS:
 * findCreateFileMode, unixOpenSharedMemory). So an empty 0600 main file made here (a
 * zero-byte file is a valid empty database) gives 0600 companions, in this thread and in
 * the history worker alike. A process umask around the open would do the same but is
 * process-wide (another write at that moment would get it too) and cannot be set from a
 * worker thread. Companions an older version left looser are tightened too.
 */
export function preparePrivateDatabase(path: string, log: PrivateLog = fallbackLog): void {
  if (path === '' || path === ':memory:' || path.startsWith('file:')) return
  try {
    // 'ax' creates only: an existing file needs no write access here (SQLite may open it read-only).
    closeSync(openSync(path, 'ax', privateFileMode))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) tightenPrivateFile(file, log)
}

function tighten(path: string, mode: number, log: PrivateLog): boolean {
  if (!posix) return false
  let current: number
  try {
    current = statSync(path).mode & 0o777
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  // Only group and other bits matter; an owner who made a file read-only keeps it so.
  if ((current & 0o077) === 0) return false
  const wanted = current & mode
  try {
    chmodSync(path, wanted)
  } catch (error) {
    // Someone else's file (e.g. made by root): say so and go on, it is still readable by us.
    log.warn(`${path} is readable by other users (mode ${octal(current)}) and could not be tightened`, error)
    return false
  }
  log.warn(`tightened ${path} from ${octal(current)} to ${octal(wanted)}: other users could read it`)
  return true
}

const octal = (mode: number): string => `0${mode.toString(8).padStart(3, '0')}`
