/*
 * Launches the built app in the real Electron and checks the window and the bridge. It
 * needs the Electron binary, which the CI cannot download; there it says so and skips.
 * Run `npx install-electron` and `electron-vite build` to run it locally.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeskBridge } from '../../src/shared/contract/bridge.ts'

const repoRoot = join(import.meta.dirname, '../..')

/** The binary `npx install-electron` unpacks, when it has. */
function electronBinary(): string | undefined {
  const pathFile = join(repoRoot, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(repoRoot, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}

const binary = electronBinary()
if (binary === undefined) {
  console.warn(
    'electron smoke test not run: the Electron binary is not installed (npx install-electron); the shell is covered by tests/unit/electron against a fake',
  )
}

describe.skipIf(binary === undefined)('the desktop app in Electron', () => {
  let app: ElectronApplication | undefined
  let userData: string

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'out/main/main.js'))) throw new Error('out/main/main.js is missing: run electron-vite build first')
    userData = mkdtempSync(join(tmpdir(), 'desk-smoke-'))
    app = await _electron.launch({
      // Explicit, because vitest sets ELECTRON_OVERRIDE_DIST_PATH to keep `electron` from downloading.
      executablePath: binary,
      // The project folder, so app.getAppPath() finds package.json, out/ and resources/.
      args: [repoRoot, `--user-data-dir=${userData}`],
      cwd: repoRoot,
    })
  }, 60_000)

  afterAll(async () => {
    await app?.close()
    rmSync(userData, { recursive: true, force: true })
  })

  it('opens the DePIN Desk window with the contract on window.desk', async () => {
    const page = await app!.firstWindow()
    await page.waitForLoadState('domcontentloaded')
    const title = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle())
    expect(title).toBe('DePIN Desk')
    const bridge = await page.evaluate(() => {
      const desk = (globalThis as { desk?: DeskBridge }).desk
      return { call: Object.keys(desk?.call ?? {}).sort(), on: typeof desk?.on }
    })
    expect(bridge).toEqual({ call: ['app.info', 'hardware.latest', 'monitoring.get', 'monitoring.setPaused'], on: 'function' })
    const info = await page.evaluate(() => (globalThis as { desk?: DeskBridge }).desk?.call['app.info']({}))
    expect(info).toMatchObject({ ok: true, value: { name: 'DePIN Desk', shell: 'desktop' } })
  })

  it('exposes no Node or Electron to the page', async () => {
    const page = await app!.firstWindow()
    const leaks = await page.evaluate(() => ['require', 'process', 'module', 'ipcRenderer'].filter((name) => name in globalThis))
    expect(leaks).toEqual([])
  })
})
