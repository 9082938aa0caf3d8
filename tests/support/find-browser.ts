/**
 * Which Chromium-family browser the e2e tests drive, found the way Playwright users expect:
 *   1. DESK_BROWSER, naming the executable;
 *   2. a browser Playwright installed (`npx playwright-core install chromium`), newest revision first;
 *   3. Chrome, Chromium or Edge where each OS usually puts them.
 * Pure: environment, platform and file system come in as arguments, so one table of hosts
 * tests every branch on any OS.
 */
import { posix, win32 } from 'node:path'

export const browserEnvVar = 'DESK_BROWSER'

export type BrowserHost = {
  env: Readonly<Record<string, string | undefined>>
  platform: NodeJS.Platform
  homeDir: string
  /** The repository root: where a relative PLAYWRIGHT_BROWSERS_PATH resolves, and where `=0` keeps browsers. */
  cwd: string
  isFile: (path: string) => boolean
  /** The entry names in a folder; [] when there is no such folder. */
  listDir: (path: string) => readonly string[]
}

export type FoundBrowser = { executablePath: string; source: 'env' | 'playwright' | 'system' }

export class BrowserNotFoundError extends Error {
  override readonly name = 'BrowserNotFoundError'

  constructor(message: string) {
    super(message)
    // The message says all there is to do; without frames vitest prints it alone, with no code frame into this file.
    this.stack = `${this.name}: ${message}`
  }
}

type Os = 'linux' | 'darwin' | 'win32'
type PlaywrightBuild = 'chromium' | 'chromium_headless_shell'

// Executable paths inside <registry>/<build>-<revision>/, from playwright-core 1.65's
// EXECUTABLE_PATHS (lib/coreBundle.js; `npx playwright-core install --dry-run` prints the
// folders). The `chrome-linux`/`chrome-mac`/`chrome-win` rows are the layout of the Chromium
// builds Playwright shipped before it moved to Chrome for Testing; old caches still hold them.
const macCft = ['Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing']
const playwrightLayouts: Record<Os, Record<PlaywrightBuild, string[][]>> = {
  linux: {
    chromium: [['chrome-linux64', 'chrome'], ['chrome-linux-arm64', 'chrome'], ['chrome-linux', 'chrome']],
    chromium_headless_shell: [
      ['chrome-headless-shell-linux64', 'chrome-headless-shell'],
      ['chrome-headless-shell-linux-arm64', 'chrome-headless-shell'],
      ['chrome-linux', 'headless_shell'],
    ],
  },
  darwin: {
    chromium: [['chrome-mac-arm64', ...macCft], ['chrome-mac-x64', ...macCft], ['chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium']],
    chromium_headless_shell: [
      ['chrome-headless-shell-mac-arm64', 'chrome-headless-shell'],
      ['chrome-headless-shell-mac-x64', 'chrome-headless-shell'],
      ['chrome-mac', 'headless_shell'],
    ],
  },
  win32: {
    chromium: [['chrome-win64', 'chrome.exe'], ['chrome-win', 'chrome.exe']],
    chromium_headless_shell: [['chrome-headless-shell-win64', 'chrome-headless-shell.exe'], ['chrome-win', 'headless_shell.exe']],
  },
}

const installHints: Record<Os, string> = {
  linux: 'install Chromium (`sudo apt install chromium`), Chrome or Edge',
  darwin: 'install Google Chrome, Chromium or Microsoft Edge into /Applications',
  win32: 'install Chrome or Edge',
}

/** The browser to launch; throws BrowserNotFoundError with one line saying what to do. */
export function findBrowser(host: BrowserHost): FoundBrowser {
  const os = osOf(host.platform)
  const configured = host.env[browserEnvVar]
  if (configured) {
    if (host.isFile(configured)) return { executablePath: configured, source: 'env' }
    throw new BrowserNotFoundError(
      `${browserEnvVar}=${configured} is not a file: point it at a Chrome, Chromium or Edge executable, or unset it to search the usual places`,
    )
  }
  const fromPlaywright = playwrightCandidates(host, os).find(host.isFile)
  if (fromPlaywright) return { executablePath: fromPlaywright, source: 'playwright' }
  const fromSystem = systemCandidates(host, os).find(host.isFile)
  if (fromSystem) return { executablePath: fromSystem, source: 'system' }
  throw new BrowserNotFoundError(
    `No Chromium-family browser found for the e2e tests: ${installHints[os]}, run \`npx playwright-core install chromium\`, or set ${browserEnvVar}=/path/to/browser`,
  )
}

// Playwright's own table has no other desktop OSes; FreeBSD and friends lay out like Linux.
function osOf(platform: NodeJS.Platform): Os {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux'
}

function pathsFor(os: Os): typeof posix {
  return os === 'win32' ? win32 : posix
}

/** playwright-core's registryDirectory and computeDefaultCacheDirectory, env lookups included. */
export function playwrightRegistry(host: BrowserHost): string {
  const os = osOf(host.platform)
  const path = pathsFor(os)
  const { env } = host
  const configured = env.PLAYWRIGHT_BROWSERS_PATH ?? env.npm_config_playwright_browsers_path
  if (configured === '0') return path.join(host.cwd, 'node_modules', 'playwright-core', '.local-browsers')
  if (configured) return path.resolve(env.INIT_CWD ?? host.cwd, configured)
  const cache =
    os === 'darwin' ? path.join(host.homeDir, 'Library', 'Caches')
    : os === 'win32' ? env.LOCALAPPDATA || path.join(host.homeDir, 'AppData', 'Local')
    : env.XDG_CACHE_HOME || path.join(host.homeDir, '.cache')
  return path.join(cache, 'ms-playwright')
}

const buildFolder = /^(chromium|chromium_headless_shell)-(\d+)$/

function playwrightCandidates(host: BrowserHost, os: Os): string[] {
  const path = pathsFor(os)
  const registry = playwrightRegistry(host)
  const builds = host.listDir(registry).flatMap((name) => {
    const match = buildFolder.exec(name)
    return match ? [{ name, build: match[1] as PlaywrightBuild, revision: Number(match[2]) }] : []
  })
  // Newest revision first; at the same revision the full browser before the headless shell.
  builds.sort((a, b) => b.revision - a.revision || a.build.localeCompare(b.build))
  return builds.flatMap(({ name, build }) => playwrightLayouts[os][build].map((rel) => path.join(registry, name, ...rel)))
}

/** Where distributions and vendors install, in the order worth trying; Playwright's chrome/msedge channels included. */
function systemCandidates(host: BrowserHost, os: Os): string[] {
  const path = pathsFor(os)
  if (os === 'linux') {
    return [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      '/usr/bin/microsoft-edge-stable',
      '/usr/bin/microsoft-edge',
      '/opt/microsoft/msedge/msedge',
    ]
  }
  if (os === 'darwin') {
    const apps: [string, string][] = [['Google Chrome.app', 'Google Chrome'], ['Chromium.app', 'Chromium'], ['Microsoft Edge.app', 'Microsoft Edge']]
    const roots = ['/Applications', path.join(host.homeDir, 'Applications')]
    return apps.flatMap(([app, exe]) => roots.map((root) => path.join(root, app, 'Contents', 'MacOS', exe)))
  }
  const { env } = host
  const roots = [env.LOCALAPPDATA, env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)']
  const exes = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe']
  return exes.flatMap((exe) => roots.filter((root) => root !== undefined).map((root) => path.join(root, exe)))
}
