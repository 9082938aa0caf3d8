import { posix, win32 } from 'node:path'

/*
 * Path tests for rules that compare a process's paths, which may come from another platform
 * than the one the tests run on: a Windows path ('C:\…', '\\server\…') is compared the win32
 * way (case-insensitive), any other the POSIX way.
 */

const isWindowsPath = (path: string): boolean => /^[A-Za-z]:[\\/]|^\\\\/.test(path)
const flavour = (path: string): typeof posix => (isWindowsPath(path) ? win32 : posix)

/** Whether `path` is `dir` or lies below it; '/usr/local/binx' is not below '/usr/local/bin'. */
export function isUnder(path: string, dir: string): boolean {
  const p = flavour(path)
  if (flavour(dir) !== p) return false
  const relative = p.relative(p.normalize(dir), p.normalize(path))
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${p.sep}`) && !p.isAbsolute(relative))
}

/** `place` with a leading '~' replaced by `homeDir`; null when it needs a home that is not known. */
export function expandHome(place: string, homeDir: string | undefined): string | null {
  if (place !== '~' && !place.startsWith('~/') && !place.startsWith('~\\')) return place
  if (homeDir === undefined || homeDir === '') return null
  return flavour(homeDir).join(homeDir, place.slice(1))
}

/** The folder names along `path`, lower-cased, for "is it in a Downloads folder" tests. */
export function segmentsOf(path: string): string[] {
  return path.split(isWindowsPath(path) ? /[\\/]/ : '/').filter((part) => part !== '').map((part) => part.toLowerCase())
}
