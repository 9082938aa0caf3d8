import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/log.ts'
import { WindowController } from '../../../src/main/electron/window-controller.ts'
import { FakeBrowserWindow, fakeEvent } from '../../fakes/electron.ts'

function setup(url = 'app://desk/') {
  const windows: FakeBrowserWindow[] = []
  const controller = new WindowController({
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(options: Electron.BrowserWindowConstructorOptions) {
        super(options)
        windows.push(this)
      }
    },
    preloadPath: '/opt/depin-desk/out/preload/index.cjs',
    url,
    iconPath: '/opt/depin-desk/resources/icon.png',
    log: silentLogger,
  })
  controller.show()
  const window = windows[0]!
  return { controller, windows, window }
}

describe('WindowController', () => {
  // The one source of truth for the window's webPreferences: window-controller.ts writes
  // them literally at `new BrowserWindow(…)`, where Electronegativity can read them.
  it('creates a sandboxed, isolated window with the preload and loads our page', () => {
    const { window } = setup()
    expect(window.options.webPreferences).toEqual({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      spellcheck: false,
      preload: '/opt/depin-desk/out/preload/index.cjs',
    })
    expect(window.options).toMatchObject({ title: 'DePIN Desk', show: false })
    expect(window.options.minWidth).toBeGreaterThan(0)
    expect(window.loadedUrl).toBe('app://desk/')
  })

  it('shows the window only once it is ready to show', () => {
    const { window } = setup()
    expect(window.visible).toBe(false)
    window.readyToShow()
    expect(window.visible).toBe(true)
  })

  it('keeps its own title whatever the page sets', () => {
    const { window } = setup()
    const event = fakeEvent()
    window.emit('page-title-updated', event, 'Something else', true)
    expect(event.defaultPrevented).toBe(true)
  })

  it('hides instead of closing, until the app is quitting', () => {
    const { controller, window } = setup()
    window.readyToShow()
    window.close()
    expect(window.destroyed).toBe(false)
    expect(window.visible).toBe(false)
    controller.markQuitting()
    window.close()
    expect(window.destroyed).toBe(true)
  })

  it('brings a hidden or minimised window back and focuses it', () => {
    const { controller, window, windows } = setup()
    window.readyToShow()
    window.close()
    window.minimized = true
    controller.show()
    expect(windows).toHaveLength(1)
    expect(window).toMatchObject({ visible: true, focused: true, minimized: false })
  })

  it('creates a new window when the old one was destroyed', () => {
    const { controller, window, windows } = setup()
    window.destroy()
    controller.show()
    expect(windows).toHaveLength(2)
    expect(windows[1]?.loadedUrl).toBe('app://desk/')
  })

  it('sends to a live window only', () => {
    const { controller, window } = setup()
    controller.send('desk:event:monitoring.changed', { paused: true })
    expect(window.webContents.sent).toEqual([{ channel: 'desk:event:monitoring.changed', payload: { paused: true } }])
    window.destroy()
    expect(() => controller.send('desk:event:monitoring.changed', { paused: false })).not.toThrow()
    expect(window.webContents.sent).toHaveLength(1)
  })

  it('destroys the window on dispose', () => {
    const { controller, window } = setup()
    controller.dispose()
    expect(window.destroyed).toBe(true)
  })

  it('loads the dev server when given one', () => {
    const { window } = setup('http://localhost:5173/')
    expect(window.loadedUrl).toBe('http://localhost:5173/')
  })
})
