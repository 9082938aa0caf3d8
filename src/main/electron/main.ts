import { join } from 'node:path'
import * as electron from 'electron'
import { autoUpdater } from 'electron-updater'
import { createLogger } from '../core/log.ts'
import { installAppMenu } from './app-menu.ts'
import { startDesktop } from './desktop.ts'

// Passing the real module here is also the compile-time proof that it fits ShellElectron.
const { app } = electron
const log = createLogger(app.isPackaged ? 'info' : 'debug')

void app.whenReady().then(() => installAppMenu(electron.Menu, { appName: app.name, isPackaged: app.isPackaged, platform: process.platform }))
startDesktop(electron, {
  preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
  rendererRoot: join(import.meta.dirname, '../renderer'),
  // Never from the environment of a shipped app: that would let anyone load any page with the bridge.
  devServerUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
  dataDir: app.getPath('userData'),
  log,
  system: { app, dialog: electron.dialog, updater: autoUpdater, argv: process.argv },
}).catch((error: unknown) => {
  log.error('DePIN Desk could not start', error)
  app.exit(1)
})
