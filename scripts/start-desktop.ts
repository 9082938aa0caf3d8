/**
 * `npm start` (electron-vite preview) and `npm run dev` (electron-vite dev). The desktop window
 * needs Electron's binary, which electron's install script fetches on first use. Offline that
 * script prints only "TypeError: fetch failed"; this wrapper turns any failed fetch into one line
 * saying why and what to do instead, and exits non-zero.
 *
 * Usage: node scripts/start-desktop.ts preview|dev [electron-vite args…]
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const modules = join(import.meta.dirname, '..', 'node_modules')
/** install-electron: returns at once when the binary is there, else downloads it (@electron/get). */
const installElectron = join(modules, 'electron', 'install.js')
const electronVite = join(modules, 'electron-vite', 'bin', 'electron-vite.js')

export type RunResult = { status: number | null; signal: NodeJS.Signals | null; stderr: string }
/** Runs a Node script on this Node; stderr is captured when asked and inherited otherwise. */
export type RunScript = (script: string, args: readonly string[], captureStderr: boolean) => RunResult

/** The one line for a failed install-electron: its first stderr line is the reason (its stack follows). */
export function downloadFailureLine({ status, signal, stderr }: RunResult): string {
  const reason = stderr.split('\n').map((line) => line.trim()).find((line) => line !== '') ??
    (signal ? `stopped by ${signal}` : `install-electron exited with ${status ?? 'no status'}`)
  return (
    `Could not download the Electron binary (${reason}), which the desktop window needs once: ` +
    'check your internet connection (behind a proxy, set ELECTRON_GET_USE_PROXY=true and HTTPS_PROXY) and retry, ' +
    'or run `npm run agent` for the headless app and open the URL it prints'
  )
}

/** Fetches Electron if needed, then runs electron-vite; returns the exit code. */
export function startDesktop(args: readonly string[], run: RunScript, printError: (line: string) => void): number {
  const install = run(installElectron, [], true)
  if (install.status !== 0) {
    printError(downloadFailureLine(install))
    return 1
  }
  return run(electronVite, args, false).status ?? 1
}

const runScript: RunScript = (script, args, captureStderr) => {
  const result = spawnSync(process.execPath, [script, ...args], {
    stdio: ['inherit', 'inherit', captureStderr ? 'pipe' : 'inherit'],
    encoding: 'utf8',
  })
  // stderr is null when inherited, whatever the type says.
  const stderr = result.error?.message ?? (captureStderr ? result.stderr : '')
  return { status: result.status, signal: result.signal, stderr }
}

if (import.meta.main) {
  process.exitCode = startDesktop(process.argv.slice(2), runScript, (line) => process.stderr.write(`${line}\n`))
}
