/// <reference types="electron" />
// A type reference, not an import: this file must stay loadable in plain Node (see shell-electron.ts).
import { isAbsolute, join } from 'node:path'
import type { Logger } from '../core/log.ts'

/*
 * Start at login, per OS:
 * - macOS and Windows: Electron's login item, app.setLoginItemSettings
 *   (https://www.electronjs.org/docs/latest/api/app#appsetloginitemsettingssettings-macos-windows).
 *   `args` is Windows only; on macOS `openAsHidden` is deprecated and ignored from macOS 13, so
 *   there the app asks getLoginItemSettings().wasOpenedAtLogin instead of reading a flag.
 * - Linux: a .desktop file in $XDG_CONFIG_HOME/autostart, ~/.config/autostart when unset
 *   (https://specifications.freedesktop.org/autostart-spec/latest/ar01s02.html), written and removed
 *   by us; Exec quoting follows the Desktop Entry spec's "The Exec key"
 *   (https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html).
 */

/** The argument the login entry passes: start in the tray, no window. */
export const hiddenFlag = '--hidden'

/** Our autostart file's name; we only ever write or remove this one file. */
export const autostartFileName = 'depin-desk.desktop'

export type LoginItemApp = Pick<Electron.App, 'setLoginItemSettings' | 'getLoginItemSettings' | 'isPackaged'>

/** Where the app runs from, and the environment that decides the Linux entry. */
export type LaunchContext = {
  platform: NodeJS.Platform
  /** process.execPath: the installed executable once packaged. */
  execPath: string
  env: Readonly<Record<string, string | undefined>>
  home: string
}

export type LoginItemPlan =
  | { kind: 'login-item'; settings: Electron.Settings }
  /** `text` null: remove the file. */
  | { kind: 'autostart-file'; path: string; text: string | null }
  | { kind: 'nothing'; reason: string }

/** What start at login should do on this OS, without doing it. */
export function planLoginItem(enabled: boolean, isPackaged: boolean, context: LaunchContext): LoginItemPlan {
  // An unpackaged app's executable is the bare Electron binary: registering it would start an empty Electron.
  if (!isPackaged) return { kind: 'nothing', reason: 'a development build does not register itself at login' }
  switch (context.platform) {
    case 'win32':
      // getLoginItemSettings must be asked with the same args to see this entry.
      return { kind: 'login-item', settings: { openAtLogin: enabled, args: [hiddenFlag] } }
    case 'darwin':
      return { kind: 'login-item', settings: { openAtLogin: enabled } }
    case 'linux': {
      const path = join(autostartDir(context), autostartFileName)
      if (!enabled) return { kind: 'autostart-file', path, text: null }
      // An AppImage's execPath lies inside its temporary mount; $APPIMAGE names the file itself.
      const executable = context.env['APPIMAGE'] ?? context.execPath
      const text = autostartEntry(executable)
      return text === null ? { kind: 'nothing', reason: `cannot write ${executable} into an Exec line` } : { kind: 'autostart-file', path, text }
    }
    default:
      return { kind: 'nothing', reason: `no start-at-login support on ${context.platform}` }
  }
}

/** $XDG_CONFIG_HOME/autostart; the basedir spec says a relative $XDG_CONFIG_HOME is invalid and ignored. */
export function autostartDir({ env, home }: Pick<LaunchContext, 'env' | 'home'>): string {
  const configHome = env['XDG_CONFIG_HOME']
  return join(configHome !== undefined && isAbsolute(configHome) ? configHome : join(home, '.config'), 'autostart')
}

/** The autostart entry's text, or null for a path no Exec line can hold (a line break). */
export function autostartEntry(executable: string): string | null {
  if (/[\r\n]/.test(executable)) return null
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=DePIN Desk',
    'Comment=Watch DePIN nodes from the tray',
    `Exec=${execArgument(executable)} ${hiddenFlag}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/**
 * One Exec argument, quoted: inside quotes `"`, `` ` ``, `$` and `\` take a backslash; then the
 * whole value is a desktop-entry string, where a backslash is written `\\`, and `%` is `%%`.
 */
export function execArgument(value: string): string {
  const quoted = `"${value.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%')
}

/** The effects a plan needs; tests pass recorders, the shell passes Electron and node:fs. */
export type LoginItemEffects = {
  setLoginItemSettings(settings: Electron.Settings): void
  writeFile(path: string, text: string): Promise<void>
  removeFile(path: string): Promise<void>
  log: Logger
}

/** Carries out a plan; a failure is logged, never thrown: the app runs fine without its login entry. */
export async function applyLoginItem(plan: LoginItemPlan, effects: LoginItemEffects): Promise<void> {
  try {
    if (plan.kind === 'login-item') effects.setLoginItemSettings(plan.settings)
    else if (plan.kind === 'autostart-file') {
      if (plan.text === null) await effects.removeFile(plan.path)
      else await effects.writeFile(plan.path, plan.text)
    } else effects.log.debug(`start at login: ${plan.reason}`)
  } catch (error: unknown) {
    effects.log.warn('could not change start at login', error)
  }
}

/**
 * Whether this launch should stay in the tray: the login entry passed --hidden (Windows, Linux),
 * or macOS says it opened the app at login.
 */
export function startsHidden(argv: readonly string[], platform: NodeJS.Platform, app: Pick<LoginItemApp, 'getLoginItemSettings'>): boolean {
  if (argv.includes(hiddenFlag)) return true
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
}
