import { describe, expect, it } from 'vitest'
import { BrowserNotFoundError, findBrowser, playwrightRegistry, type BrowserHost } from '../../support/find-browser.ts'

type Machine = { platform: NodeJS.Platform; home: string; files: string[]; env?: Record<string, string> }

/** A host whose file system holds exactly `files`; folders exist where some file lies below them. */
function host({ platform, home, files, env = {} }: Machine): BrowserHost {
  const sep = platform === 'win32' ? '\\' : '/'
  return {
    env,
    platform,
    homeDir: home,
    cwd: platform === 'win32' ? 'C:\\src\\desk' : '/src/desk',
    isFile: (path) => files.includes(path),
    listDir: (dir) => [...new Set(files.filter((f) => f.startsWith(dir + sep)).map((f) => f.slice(dir.length + 1).split(sep)[0] ?? ''))],
  }
}

const linux = { platform: 'linux', home: '/home/ana' } as const
const mac = { platform: 'darwin', home: '/Users/ana' } as const
const windows = { platform: 'win32', home: 'C:\\Users\\ana' } as const
const winEnv = { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' }
const pwLinux = '/home/ana/.cache/ms-playwright'

describe('findBrowser', () => {
  it.each<[string, Machine, string, string]>([
    ['DESK_BROWSER first', { ...linux, env: { DESK_BROWSER: '/opt/my/chrome' }, files: ['/opt/my/chrome', '/usr/bin/chromium'] }, '/opt/my/chrome', 'env'],
    ['Playwright before the system', { ...linux, files: [`${pwLinux}/chromium-1255/chrome-linux64/chrome`, '/usr/bin/chromium'] }, `${pwLinux}/chromium-1255/chrome-linux64/chrome`, 'playwright'],
    [
      'the newest of several Playwright revisions, numerically',
      { ...linux, files: [`${pwLinux}/chromium-999/chrome-linux/chrome`, `${pwLinux}/chromium-1255/chrome-linux64/chrome`, `${pwLinux}/chromium-1200/chrome-linux64/chrome`] },
      `${pwLinux}/chromium-1255/chrome-linux64/chrome`,
      'playwright',
    ],
    [
      'the full browser before the headless shell of the same revision',
      { ...linux, files: [`${pwLinux}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`, `${pwLinux}/chromium-1255/chrome-linux64/chrome`] },
      `${pwLinux}/chromium-1255/chrome-linux64/chrome`,
      'playwright',
    ],
    [
      'a newer headless shell over an older browser',
      { ...linux, files: [`${pwLinux}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`, `${pwLinux}/chromium-1200/chrome-linux64/chrome`] },
      `${pwLinux}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`,
      'playwright',
    ],
    [
      'an interrupted Playwright download is passed over',
      { ...linux, files: [`${pwLinux}/chromium-1255/INSTALLATION_COMPLETE.partial`, `${pwLinux}/chromium-1200/chrome-linux64/chrome`, `${pwLinux}/firefox-1500/firefox/firefox`] },
      `${pwLinux}/chromium-1200/chrome-linux64/chrome`,
      'playwright',
    ],
    ['Debian Chromium', { ...linux, files: ['/usr/bin/chromium'] }, '/usr/bin/chromium', 'system'],
    ['Ubuntu snap Chromium', { ...linux, files: ['/snap/bin/chromium'] }, '/snap/bin/chromium', 'system'],
    ['Chrome from Google’s .deb', { ...linux, files: ['/opt/google/chrome/chrome', '/usr/bin/google-chrome-stable'] }, '/usr/bin/google-chrome-stable', 'system'],
    ['Edge on Linux', { ...linux, files: ['/opt/microsoft/msedge/msedge'] }, '/opt/microsoft/msedge/msedge', 'system'],
    [
      'Playwright on Apple silicon',
      { ...mac, files: ['/Users/ana/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing'] },
      '/Users/ana/Library/Caches/ms-playwright/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'playwright',
    ],
    ['Chrome in /Applications', { ...mac, files: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'] }, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'system'],
    ['Chromium in ~/Applications', { ...mac, files: ['/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium'] }, '/Users/ana/Applications/Chromium.app/Contents/MacOS/Chromium', 'system'],
    [
      'Playwright on Windows, under LOCALAPPDATA',
      { ...windows, env: winEnv, files: ['C:\\Users\\ana\\AppData\\Local\\ms-playwright\\chromium-1255\\chrome-win64\\chrome.exe'] },
      'C:\\Users\\ana\\AppData\\Local\\ms-playwright\\chromium-1255\\chrome-win64\\chrome.exe',
      'playwright',
    ],
    ['Chrome installed per user on Windows', { ...windows, env: winEnv, files: ['C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'] }, 'C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe', 'system'],
    ['Edge, which Windows ships', { ...windows, env: winEnv, files: ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'] }, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'system'],
    ['Program Files when the variables are missing', { ...windows, files: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'] }, 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'system'],
  ])('finds %s', (_, machine, executablePath, source) => {
    expect(findBrowser(host(machine))).toEqual({ executablePath, source })
  })

  it('names the variable when DESK_BROWSER points at nothing, and does not fall back', () => {
    const machine = host({ ...linux, env: { DESK_BROWSER: '/opt/gone/chrome' }, files: ['/usr/bin/chromium'] })
    expect(() => findBrowser(machine)).toThrow(new BrowserNotFoundError('DESK_BROWSER=/opt/gone/chrome is not a file: point it at a Chrome, Chromium or Edge executable, or unset it to search the usual places'))
  })

  it.each<[NodeJS.Platform, string]>([
    ['linux', 'install Chromium (`sudo apt install chromium`), Chrome or Edge'],
    ['darwin', 'install Google Chrome, Chromium or Microsoft Edge into /Applications'],
    ['win32', 'install Chrome or Edge'],
  ])('says in one line what to install on %s when nothing is found', (platform, hint) => {
    const error = ((): unknown => {
      try {
        return findBrowser(host({ platform, home: '/nowhere', files: [] }))
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(BrowserNotFoundError)
    expect((error as Error).message).toBe(
      `No Chromium-family browser found for the e2e tests: ${hint}, run \`npx playwright-core install chromium\`, or set DESK_BROWSER=/path/to/browser`,
    )
  })
})

describe('playwrightRegistry', () => {
  it.each<[string, Machine, string]>([
    ['Linux default', { ...linux, files: [] }, '/home/ana/.cache/ms-playwright'],
    ['XDG_CACHE_HOME', { ...linux, env: { XDG_CACHE_HOME: '/var/cache/ana' }, files: [] }, '/var/cache/ana/ms-playwright'],
    ['macOS default', { ...mac, files: [] }, '/Users/ana/Library/Caches/ms-playwright'],
    ['Windows without LOCALAPPDATA', { ...windows, files: [] }, 'C:\\Users\\ana\\AppData\\Local\\ms-playwright'],
    ['PLAYWRIGHT_BROWSERS_PATH', { ...linux, env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' }, files: [] }, '/srv/pw'],
    ['a relative PLAYWRIGHT_BROWSERS_PATH, from the repository', { ...linux, env: { PLAYWRIGHT_BROWSERS_PATH: 'pw' }, files: [] }, '/src/desk/pw'],
    ['PLAYWRIGHT_BROWSERS_PATH=0, the hermetic install', { ...linux, env: { PLAYWRIGHT_BROWSERS_PATH: '0' }, files: [] }, '/src/desk/node_modules/playwright-core/.local-browsers'],
    ['the npm config spelling', { ...linux, env: { npm_config_playwright_browsers_path: '/srv/pw' }, files: [] }, '/srv/pw'],
  ])('follows %s', (_, machine, registry) => {
    expect(playwrightRegistry(host(machine))).toBe(registry)
  })
})
