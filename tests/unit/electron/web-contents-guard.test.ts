import { describe, expect, it } from 'vitest'
import type { Logger } from '../../../src/main/core/log.ts'
import { isAppUrl, openExternal } from '../../../src/main/electron/trusted-url.ts'
import { guardEveryWebContents, guardWebContents } from '../../../src/main/electron/web-contents-guard.ts'
import { createFakeElectron, FakeWebContents, fakeEvent } from '../../fakes/electron.ts'

function setup() {
  const opened: string[] = []
  const warnings: string[] = []
  const log: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} }
  const options = {
    isTrustedUrl: (url: string) => isAppUrl(url),
    openExternal: (url: string) => openExternal(url, (safe) => opened.push(safe)),
    log,
  }
  return { options, opened, warnings }
}

function guarded() {
  const { options, opened, warnings } = setup()
  const contents = new FakeWebContents()
  guardWebContents(contents, options)
  return { contents, opened, warnings }
}

/** Whether `contents` behaves as a guarded one: nothing leaves, nothing attaches. */
function expectLockedDown(contents: FakeWebContents): void {
  expect(contents.navigate('https://evil.example/')).toBe(false)
  expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false)
  expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
  const attach = fakeEvent()
  contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' })
  expect(attach.defaultPrevented).toBe(true)
}

describe('guardWebContents', () => {
  it('stays on our page: navigation and redirects elsewhere are prevented', () => {
    const { contents, opened } = guarded()
    expect(contents.navigate('app://desk/nodes')).toBe(true)
    expect(contents.navigate('app://desk/', 'will-redirect')).toBe(true)
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://desk.evil/', 'javascript:alert(1)']) {
      expect(contents.navigate(url), url).toBe(false)
      expect(contents.navigate(url, 'will-redirect'), url).toBe(false)
    }
    expect(opened).toEqual([])
  })

  it('sends a plain link to an allowlisted explorer to the browser instead of navigating', () => {
    const { contents, opened } = guarded()
    expect(contents.navigate('https://solscan.io/account/abc')).toBe(false)
    expect(opened).toEqual(['https://solscan.io/account/abc'])
  })

  it('denies every window.open, passing only allowlisted https links to the browser', () => {
    const { contents, opened } = guarded()
    expect(contents.openWindow('https://github.com/depin-desk')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://github.com/depin-desk'])
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'https://evil.example/', 'http://github.com/x', 'app://desk/']) {
      expect(contents.openWindow(url), url).toEqual({ action: 'deny' })
    }
    expect(opened).toEqual(['https://github.com/depin-desk'])
  })

  it('refuses plain http even to an allowlisted host, and says it is https only', () => {
    const { contents, opened, warnings } = guarded()
    expect(contents.openWindow('http://etherscan.io/address/0x0')).toEqual({ action: 'deny' })
    expect(contents.navigate('http://github.com/depin-desk')).toBe(false)
    expect(opened).toEqual([])
    expect(warnings).toEqual([
      'blocked window.open of http://etherscan.io/address/0x0: only https:// links open in the browser',
      'blocked navigation to http://github.com/depin-desk: only https:// links open in the browser',
    ])
  })

  it('says why it refused any other link', () => {
    const { contents, warnings } = guarded()
    contents.openWindow('https://evil.example/')
    contents.openWindow('https://github.com:8443/')
    expect(warnings).toEqual([
      'blocked window.open of https://evil.example/: evil.example is not an allowlisted host',
      'blocked window.open of https://github.com:8443/: not on the default port',
    ])
  })

  it('refuses to attach a <webview>', () => {
    const { contents, warnings } = guarded()
    expectLockedDown(contents)
    expect(warnings).toContain('blocked a <webview>')
  })
})

describe('guardEveryWebContents', () => {
  it('guards every webContents Electron creates from then on, not only the first', () => {
    const { app } = createFakeElectron()
    const { options, opened } = setup()
    guardEveryWebContents(app, options)
    const first = app.webContentsCreated()
    const later = app.webContentsCreated()
    for (const contents of [first, later]) {
      expectLockedDown(contents)
      expect(contents.navigate('app://desk/')).toBe(true)
    }
    expect(later.openWindow('https://taostats.io/')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://taostats.io/'])
  })

  it('guards a window built through the app, from inside its constructor', () => {
    const { app, electron } = createFakeElectron()
    guardEveryWebContents(app, setup().options)
    const window = new electron.BrowserWindow({})
    expectLockedDown(window.webContents)
  })

  it('leaves a webContents open when nothing guards it (the fake is no guard itself)', () => {
    const { app } = createFakeElectron()
    const contents = app.webContentsCreated()
    expect(contents.navigate('https://evil.example/')).toBe(true)
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'allow' })
  })
})
