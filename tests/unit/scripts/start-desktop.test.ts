import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { downloadFailureLine, startDesktop, type RunResult, type RunScript } from '../../../scripts/start-desktop.ts'

const advice =
  'which the desktop window needs once: check your internet connection (behind a proxy, set ELECTRON_GET_USE_PROXY=true and HTTPS_PROXY) and retry, ' +
  'or run `npm run agent` for the headless app and open the URL it prints'

function fakeRun(install: RunResult): { run: RunScript; ran: string[] } {
  const ran: string[] = []
  const run: RunScript = (script, args) => {
    ran.push([script.split(/[\\/]/).slice(-3).join('/'), ...args].join(' '))
    return script.endsWith('install.js') ? install : { status: 0, signal: null, stderr: '' }
  }
  return { run, ran }
}

describe('startDesktop', () => {
  it('fetches Electron, then hands the arguments to electron-vite', () => {
    const { run, ran } = fakeRun({ status: 0, signal: null, stderr: '' })
    const printed: string[] = []
    expect(startDesktop(['preview'], run, (line) => printed.push(line))).toBe(0)
    expect(ran).toEqual(['node_modules/electron/install.js', 'electron-vite/bin/electron-vite.js preview'])
    expect(printed).toEqual([])
  })

  it('stops with one line, and never starts electron-vite, when the download fails', () => {
    const { run, ran } = fakeRun({ status: 1, signal: null, stderr: 'TypeError: fetch failed\n    at node:internal/deps/undici\n' })
    const printed: string[] = []
    expect(startDesktop(['dev'], run, (line) => printed.push(line))).toBe(1)
    expect(ran).toHaveLength(1)
    expect(printed).toEqual([`Could not download the Electron binary (TypeError: fetch failed), ${advice}`])
  })

  it.each<[RunResult, string]>([
    [{ status: 1, signal: null, stderr: '\nHTTPError: Response code 404 (Not Found)\n' }, 'HTTPError: Response code 404 (Not Found)'],
    [{ status: 1, signal: null, stderr: '' }, 'install-electron exited with 1'],
    [{ status: null, signal: 'SIGINT', stderr: '' }, 'stopped by SIGINT'],
  ])('gives the reason it has', (result, reason) => {
    expect(downloadFailureLine(result)).toBe(`Could not download the Electron binary (${reason}), ${advice}`)
  })
})

describe('scripts/start-desktop.ts, run for real without a network', () => {
  let cache: string | undefined
  afterEach(() => {
    if (cache) rmSync(cache, { recursive: true, force: true })
  })

  it('prints the one line and exits 1', async () => {
    cache = mkdtempSync(join(tmpdir(), 'electron-cache-'))
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(npm_(package_)?config_electron|electron_get_use_proxy|force_no_cache)/i.test(name)),
    )
    Object.assign(env, {
      // Even where Electron is installed, point install-electron at a missing binary so it downloads…
      ELECTRON_OVERRIDE_DIST_PATH: join(cache, 'missing'),
      electron_config_cache: cache,
      // …from a loopback port that refuses, as a machine with no network does.
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
    })
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../../scripts/start-desktop.ts'), 'preview'], { env, encoding: 'utf8', timeout: 30_000 })
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`Could not download the Electron binary (TypeError: fetch failed), ${advice}\n`)
  })
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
