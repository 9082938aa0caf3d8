import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicyHeader } from '../../../src/main/content-security-policy.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { startDesktop, type Desktop } from '../../../src/main/electron/desktop.ts'
import { methodNames } from '../../../src/shared/contract/names.ts'
import { createFakeElectron, fakeEvent, frame, type FakeElectron } from '../../fakes/electron.ts'
import { alert, snapshot } from './alerts-fixture.ts'

const repoRoot = join(import.meta.dirname, '../../..')
let rendererRoot: string
let running: { fake: FakeElectron; desktop: Desktop | undefined } | undefined

beforeAll(async () => {
  rendererRoot = await mkdtemp(join(tmpdir(), 'desk-renderer-'))
  await writeFile(join(rendererRoot, 'index.html'), '<!doctype html><title>DePIN Desk</title>')
})
afterAll(() => rm(rendererRoot, { recursive: true, force: true }))

afterEach(async () => {
  const app = running?.fake.app
  running = undefined
  if (app === undefined || app.quitted) return
  app.quit()
  await vi.waitFor(() => expect(app.quitted).toBe(true))
})

type StartOptions = { hasLock?: boolean; devServerUrl?: string; dataDir?: string; platform?: NodeJS.Platform; notificationsSupported?: boolean }

async function start(options: StartOptions = {}) {
  const fake = createFakeElectron({
    hasLock: options.hasLock ?? true,
    appPath: repoRoot,
    notificationsSupported: options.notificationsSupported ?? true,
  })
  const desktop = await startDesktop(fake.electron, {
    preloadPath: join(repoRoot, 'out/preload/index.cjs'),
    rendererRoot,
    devServerUrl: options.devServerUrl,
    dataDir: options.dataDir ?? (await mkdtemp(join(tmpdir(), 'desk-userdata-'))),
    log: silentLogger,
    platform: options.platform ?? 'linux',
  })
  running = { fake, desktop }
  return { ...fake, desktop, window: fake.windows[0]!, tray: fake.trays[0]! }
}

describe('startDesktop', () => {
  it('quits at once, with no window, when another instance holds the lock', async () => {
    const { app, desktop, windows, trays, ipcMain } = await start({ hasLock: false })
    expect(desktop).toBeUndefined()
    expect(app.quitCalls).toBe(1)
    expect(windows).toEqual([])
    expect(trays).toEqual([])
    expect(ipcMain.handlers.size).toBe(0)
  })

  it('registers app:// as a privileged scheme before ready and serves the page with the CSP', async () => {
    const { protocol } = await start()
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
    const response = await protocol.fetch('app://desk/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicyHeader)
    expect((await protocol.fetch('app://evil/')).status).toBe(403)
  })

  it('denies every permission request and check', async () => {
    const { session } = await start()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(session.request(permission), permission).toBe(false)
    }
    expect(session.checkHandler?.()).toBe(false)
  })

  it('opens one secure window on app://desk/ and a tray, with the shipped icons', async () => {
    const { windows, window, tray } = await start()
    expect(windows).toHaveLength(1)
    expect(window.loadedUrl).toBe('app://desk/')
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(window.options.icon).toBe(join(repoRoot, 'resources/icon.png'))
    expect(existsSync(window.options.icon as string)).toBe(true)
    expect(tray.image).toBe(join(repoRoot, 'resources/tray-green.png'))
    expect(existsSync(tray.image)).toBe(true)
    expect(tray.labels()).toEqual(expect.arrayContaining(['Open DePIN Desk', 'Pause monitoring', 'Quit']))
  })

  it.each([
    ['darwin', 'tray-redTemplate.png'],
    ['win32', 'tray-red.ico'],
    ['linux', 'tray-red.png'],
  ] as const)('on %s turns the tray to %s with a critical alert', async (platform, file) => {
    const { desktop, tray } = await start({ platform })
    desktop?.core.events.emit('alerts.changed', snapshot([alert(1, 'critical')]))
    expect(tray.image).toBe(join(repoRoot, 'resources', file))
    expect(existsSync(tray.image)).toBe(true)
  })

  it('notifies a fresh alert, and a click brings the window up on its view', async () => {
    const { desktop, window, notifications } = await start()
    window.readyToShow()
    window.close()
    const fresh = alert(1, 'critical', { view: 'wallets', title: 'Grass wallet stopped earning' })
    desktop?.core.events.emit('alerts.changed', snapshot([fresh], [fresh]))
    expect(notifications.map((note) => note.options.title)).toEqual(['Grass wallet stopped earning'])
    notifications[0]!.click()
    expect(window).toMatchObject({ visible: true, focused: true })
    expect(window.webContents.sent).toContainEqual({ channel: 'desk:event:ui.navigate', payload: { view: 'wallets' } })
  })

  it('shows no notification where the desktop has no notification service', async () => {
    const { desktop, notifications } = await start({ notificationsSupported: false })
    const fresh = alert(1, 'critical')
    desktop?.core.events.emit('alerts.changed', snapshot([fresh], [fresh]))
    expect(notifications).toEqual([])
  })

  it('loads the dev server in development and trusts exactly its origin', async () => {
    const { window, ipcMain } = await start({ devServerUrl: 'http://localhost:5173' })
    expect(window.loadedUrl).toBe('http://localhost:5173')
    await expect(ipcMain.invoke('desk:call:app.info', {}, frame('http://localhost:5173/'))).resolves.toMatchObject({ ok: true })
    await expect(ipcMain.invoke('desk:call:app.info', {}, frame('http://localhost:5174/'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('answers the contract over IPC for our page only', async () => {
    const { ipcMain } = await start()
    expect(ipcMain.handlers.size).toBe(methodNames.length)
    await expect(ipcMain.invoke('desk:call:app.info', {}, frame('app://desk/'))).resolves.toMatchObject({
      ok: true,
      value: { name: 'DePIN Desk', shell: 'desktop', version: '0.1.0-test' },
    })
    await expect(ipcMain.invoke('desk:call:app.info', {}, frame('https://evil.example/'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('keeps running when the window is closed: it only hides', async () => {
    const { app, window } = await start()
    window.readyToShow()
    window.close()
    app.allWindowsClosed()
    expect(window).toMatchObject({ destroyed: false, visible: false })
    expect(app.quitCalls).toBe(0)
  })

  it('brings the window back when the app is started a second time', async () => {
    const { app, window, windows } = await start()
    window.readyToShow()
    window.close()
    app.secondInstance()
    expect(windows).toHaveLength(1)
    expect(window).toMatchObject({ visible: true, focused: true })
  })

  it('pauses monitoring from the tray and tells the page', async () => {
    const { desktop, tray, window } = await start()
    tray.click('Pause monitoring')
    await vi.waitFor(() => expect(tray.item('Pause monitoring').checked).toBe(true))
    expect(desktop?.core.monitor.state.paused).toBe(true)
    expect(window.webContents.sent).toContainEqual({
      channel: 'desk:event:monitoring.changed',
      payload: { paused: true, sampleIntervalMs: 1000 },
    })
  })

  it('remembers a pause from the tray across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'desk-userdata-'))
    const first = await start({ dataDir })
    first.tray.click('Pause monitoring')
    await vi.waitFor(() => expect(first.tray.item('Pause monitoring').checked).toBe(true))
    first.app.quit()
    await vi.waitFor(() => expect(first.app.quitted).toBe(true))

    const second = await start({ dataDir })
    expect(second.desktop?.core.monitor.state.paused).toBe(true)
    expect(second.tray.item('Pause monitoring').checked).toBe(true)
  })

  it('opens only allowlisted links in the browser', async () => {
    const { window, opened } = await start()
    const links = ['javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/', 'http://github.com.evil.example/']
    for (const url of links) expect(window.webContents.openWindow(url)).toEqual({ action: 'deny' })
    expect(window.webContents.navigate('https://evil.example/')).toBe(false)
    expect(opened).toEqual([])
    expect(window.webContents.openWindow('https://etherscan.io/address/0x0')).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(opened).toEqual(['https://etherscan.io/address/0x0']))
  })

  it('guards every webContents, not only the window it opens', async () => {
    const { app, window, opened } = await start()
    // Whatever Electron creates later (devtools, a popup a bug lets through) is guarded too.
    const later = app.webContentsCreated()
    for (const contents of [window.webContents, later]) {
      expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
      expect(contents.navigate('https://evil.example/')).toBe(false)
      expect(contents.navigate('app://desk/wallets')).toBe(true)
      const attach = fakeEvent()
      contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' })
      expect(attach.defaultPrevented).toBe(true)
    }
    expect(later.openWindow('https://github.com/depin-desk')).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(opened).toEqual(['https://github.com/depin-desk']))
  })

  it('opens no plain-http link, even to an allowlisted host', async () => {
    const { window, opened } = await start()
    expect(window.webContents.openWindow('http://etherscan.io/address/0x0')).toEqual({ action: 'deny' })
    expect(window.webContents.navigate('http://github.com/depin-desk')).toBe(false)
    expect(opened).toEqual([])
  })

  it('quits cleanly from the tray: core stopped, IPC unbound, tray and window gone', async () => {
    const { app, desktop, tray, window, ipcMain } = await start()
    tray.click('Quit')
    expect(app.quitted).toBe(false)
    await vi.waitFor(() => expect(app.quitted).toBe(true))
    expect(app.quitCalls).toBe(2)
    expect(ipcMain.handlers.size).toBe(0)
    expect(tray.destroyed).toBe(true)
    expect(window.destroyed).toBe(true)
    expect(desktop?.core.events.listenerCount).toBe(0)
  })
})
