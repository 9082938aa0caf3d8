import { execFile } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { SettingsState } from '../../shared/contract/app.ts'
import type { Settings } from '../../shared/contract/settings.ts'
import type { DeskCore } from '../core/app.ts'
import type { Logger } from '../core/log.ts'
import { connectionCost } from './connection-cost.ts'
import { callCore } from './core-call.ts'
import { applyLoginItem, planLoginItem, type LoginItemApp } from './login-items.ts'
import { UpdateController, type Updater } from './updates.ts'

/*
 * The desktop's place in the operating system: the login entry and the updater, following the
 * `desktop` settings section now and on every change. Side effects (files, dialogs, commands)
 * stay here; login-items.ts and updates.ts decide.
 */

export type DesktopSystem = {
  app: LoginItemApp
  dialog: Pick<Electron.Dialog, 'showMessageBox'>
  updater: Updater
  /** process.argv: holds --hidden when the login entry started the app. */
  argv: readonly string[]
}

/** Applies the `desktop` settings section now and on every change; answers how to stop. */
export function startSystem(system: DesktopSystem, core: DeskCore, platform: NodeJS.Platform, log: Logger): () => void {
  const { app, dialog, updater } = system
  const launch = { platform, execPath: process.execPath, env: process.env, home: homedir() }
  const loginEffects = {
    setLoginItemSettings: (settings: Electron.Settings) => app.setLoginItemSettings(settings),
    writeFile: async (path: string, text: string) => {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, text, { mode: 0o644 })
    },
    removeFile: (path: string) => rm(path, { force: true }),
    log,
  }
  const updates = app.isPackaged
    ? new UpdateController({
        updater,
        platform,
        log,
        ask: async ({ title, detail, accept, decline }) =>
          // Decline is the default and the cancel answer: nothing downloads unless the operator clicks accept.
          (await dialog.showMessageBox({ type: 'info', message: title, detail, buttons: [accept, decline], defaultId: 1, cancelId: 1 })).response === 0,
        connectionCost: () => connectionCost(platform, runCommand),
        readUpdateConfig: () => readFile(join(process.resourcesPath, 'app-update.yml'), 'utf8').catch(() => undefined),
      })
    : undefined
  let last: Settings['desktop'] | undefined
  const apply = (desktop: Settings['desktop']): void => {
    if (desktop.startAtLogin !== last?.startAtLogin) void applyLoginItem(planLoginItem(desktop.startAtLogin, app.isPackaged, launch), loginEffects)
    updates?.apply(desktop.updates)
    last = desktop
  }
  callCore(core.dispatch, 'settings.get', {}).then(
    ({ settings }) => apply(settings.desktop),
    (error: unknown) => log.warn('could not read the desktop settings', error),
  )
  const off = core.events.subscribe((event, payload) => {
    if (event === 'settings.changed') apply((payload as SettingsState).settings.desktop)
  })
  return () => {
    off()
    updates?.dispose()
  }
}

async function runCommand(command: string, args: readonly string[]): Promise<string> {
  return (await promisify(execFile)(command, args, { timeout: 10_000, windowsHide: true })).stdout
}

