import { join } from 'node:path'
import type { AlertView } from '../../shared/contract/alerts.ts'
import { createDeskCore, type DeskCore } from '../core/app.ts'
import type { Logger } from '../core/log.ts'
import { AlertNotifier } from './alert-notifier.ts'
import { createAppProtocolHandler } from './app-protocol.ts'
import { startSystem, type DesktopSystem } from './desktop-system.ts'
import { startsHidden } from './login-items.ts'
import { createKeychainSecretStore } from './keychain-secrets.ts'
import { forwardEvents, registerContract } from './ipc-bridge.ts'
import type { ShellElectron, ShellSession } from './shell-electron.ts'
import { TrayController } from './tray-controller.ts'
import { trayIconPaths } from './tray-icons.ts'
import { appEntryUrl, isAppUrl, openExternal } from './trusted-url.ts'
import { guardEveryWebContents } from './web-contents-guard.ts'
import { WindowController } from './window-controller.ts'

export type DesktopOptions = {
  /** The built preload, out/preload/index.cjs. */
  preloadPath: string
  /** The built renderer, out/renderer, served as app://desk/. */
  rendererRoot: string
  /** electron-vite's dev server; main.ts passes it only to an unpackaged app. */
  devServerUrl: string | undefined
  /** Where the app keeps its settings and history: Electron's userData folder. */
  dataDir: string
  log: Logger
  /** Which OS's tray images and notification options to use; process.platform unless a test says otherwise. */
  platform?: NodeJS.Platform
  /** Start at login and updates (desktop-system.ts): main.ts passes Electron's; tests may leave them out. */
  system?: DesktopSystem
}

/** The running shell, once Electron is ready. */
export type Desktop = {
  core: DeskCore
  window: WindowController
  /** Unbinds everything and stops core; the window and tray go away. */
  stop(): Promise<void>
}

/**
 * Starts the desktop app on `electron` (the real module, or a fake in tests). Resolves to
 * the running shell, or to undefined when another instance already runs: that one is
 * brought to the front and this one quits.
 */
export async function startDesktop(electron: ShellElectron, options: DesktopOptions): Promise<Desktop | undefined> {
  const { app, protocol, shell } = electron
  const { log, devServerUrl } = options
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return undefined
  }
  // Before anything can create a webContents, so none is ever unguarded.
  guardEveryWebContents(app, {
    isTrustedUrl: (url) => isAppUrl(url, devServerUrl),
    openExternal: (url) =>
      openExternal(url, (safe) => {
        shell.openExternal(safe).catch((error: unknown) => log.warn(`could not open ${safe}`, error))
      }),
    log,
  })
  // Only possible before `ready`: makes app:// a standard, secure origin with fetch.
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
  await app.whenReady()
  const desktop = startShell(electron, options)
  // Electron emits second-instance only after ready, so nothing is missed by waiting.
  app.on('second-instance', () => desktop.window.show())
  app.on('activate', () => desktop.window.show())
  // A tray app: closing the window is not quitting.
  app.on('window-all-closed', () => undefined)
  quitAfterStopping(electron, desktop, log)
  return desktop
}

/** Holds the first quit until the shell has stopped cleanly, then lets it through. */
function quitAfterStopping(electron: ShellElectron, desktop: Desktop, log: Logger): void {
  let stopping: Promise<void> | undefined
  let stopped = false
  electron.app.on('before-quit', (event) => {
    if (stopped) return
    event.preventDefault()
    stopping ??= desktop
      .stop()
      .catch((error: unknown) => log.error('shutdown was not clean', error))
      .finally(() => {
        stopped = true
        electron.app.quit()
      })
  })
}

function startShell(electron: ShellElectron, options: DesktopOptions): Desktop {
  const { app, BrowserWindow, Tray, Menu, Notification, ipcMain, protocol, session } = electron
  const { log, devServerUrl } = options
  const platform = options.platform ?? process.platform
  denyAllPermissions(session.defaultSession)
  protocol.handle('app', createAppProtocolHandler(options.rendererRoot))
  const core = createDeskCore({
    version: app.getVersion(),
    shell: 'desktop',
    log,
    dataDir: options.dataDir,
    secrets: createKeychainSecretStore(electron.safeStorage, join(options.dataDir, 'secrets.json'), log),
  })
  const resources = join(app.getAppPath(), 'resources')
  const window = new WindowController({
    BrowserWindow,
    preloadPath: options.preloadPath,
    url: devServerUrl ?? appEntryUrl,
    iconPath: join(resources, 'icon.png'),
    log,
  })
  const isTrustedSender = (url: string): boolean => isAppUrl(url, devServerUrl)
  const unregister = registerContract({ ipcMain, dispatch: core.dispatch, isTrustedSender, log })
  const unforward = forwardEvents(core.events, (channel, payload) => window.send(channel, payload))
  // A notification or a tray item names the view that explains it; the page switches on ui.navigate.
  const showView = (view: AlertView): void => {
    window.show()
    core.events.emit('ui.navigate', { view })
  }
  const tray = new TrayController({
    Tray,
    Menu,
    iconPath: trayIconPaths(resources, platform),
    dispatch: core.dispatch,
    monitor: core.monitor,
    events: core.events,
    onOpen: () => window.show(),
    onShowView: showView,
    onQuit: () => app.quit(),
    log,
  })
  const notifier = new AlertNotifier({
    Notification,
    events: core.events,
    platform,
    iconPath: join(resources, 'icon.png'),
    onClick: showView,
    log,
  })
  core.start().catch((error: unknown) => log.error('monitoring could not start', error))
  const stopSystem = options.system === undefined ? () => undefined : startSystem(options.system, core, platform, log)
  if (options.system === undefined || !startsHidden(options.system.argv, platform, options.system.app)) window.show()
  return {
    core,
    window,
    async stop() {
      window.markQuitting()
      stopSystem()
      unforward()
      unregister()
      notifier.dispose()
      tray.dispose()
      await core.stop()
      window.dispose()
    },
  }
}

/** The page needs no camera, location, notifications API or clipboard: refuse them all. */
function denyAllPermissions(session: ShellSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
