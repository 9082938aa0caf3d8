import { describe, expect, it, vi } from 'vitest'
import {
  applyLoginItem,
  autostartDir,
  autostartEntry,
  execArgument,
  hiddenFlag,
  planLoginItem,
  startsHidden,
  type LaunchContext,
} from '../../../src/main/electron/login-items.ts'

const quietLog = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
const context = (platform: NodeJS.Platform, env: Record<string, string> = {}): LaunchContext => ({
  platform,
  execPath: '/opt/DePIN Desk/depin-desk',
  env,
  home: '/home/op',
})

describe('planLoginItem', () => {
  it('registers a Windows login item that passes --hidden', () => {
    expect(planLoginItem(true, true, context('win32'))).toEqual({ kind: 'login-item', settings: { openAtLogin: true, args: [hiddenFlag] } })
    expect(planLoginItem(false, true, context('win32'))).toEqual({ kind: 'login-item', settings: { openAtLogin: false, args: [hiddenFlag] } })
  })

  it('registers a macOS login item without the deprecated openAsHidden', () => {
    expect(planLoginItem(true, true, context('darwin'))).toEqual({ kind: 'login-item', settings: { openAtLogin: true } })
  })

  it('writes the Linux autostart file under ~/.config, or removes it when turned off', () => {
    const on = planLoginItem(true, true, context('linux'))
    expect(on).toMatchObject({ kind: 'autostart-file', path: '/home/op/.config/autostart/depin-desk.desktop' })
    expect(on.kind === 'autostart-file' ? on.text : null).toContain('Exec="/opt/DePIN Desk/depin-desk" --hidden')
    expect(planLoginItem(false, true, context('linux'))).toEqual({ kind: 'autostart-file', path: '/home/op/.config/autostart/depin-desk.desktop', text: null })
  })

  it('starts the AppImage file itself, not its temporary mount', () => {
    const plan = planLoginItem(true, true, context('linux', { APPIMAGE: '/home/op/Apps/DePIN-Desk.AppImage' }))
    expect(plan.kind === 'autostart-file' ? plan.text : '').toContain('Exec="/home/op/Apps/DePIN-Desk.AppImage" --hidden')
  })

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(autostartDir({ env: { XDG_CONFIG_HOME: '/xdg' }, home: '/home/op' })).toBe('/xdg/autostart')
    expect(autostartDir({ env: { XDG_CONFIG_HOME: 'relative' }, home: '/home/op' })).toBe('/home/op/.config/autostart')
  })

  it('registers nothing for a development build or an unknown OS', () => {
    expect(planLoginItem(true, false, context('win32')).kind).toBe('nothing')
    expect(planLoginItem(true, true, context('freebsd')).kind).toBe('nothing')
  })
})

describe('autostartEntry', () => {
  it('is a desktop entry that GNOME starts', () => {
    const text = autostartEntry('/usr/bin/depin-desk') ?? ''
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Exec="/usr/bin/depin-desk" --hidden', 'X-GNOME-Autostart-enabled=true']),
    )
  })

  it.each([
    ['/a"b', String.raw`"/a\\"b"`],
    ['/a$b`c', String.raw`"/a\\$b\\` + '`' + 'c"'],
    [String.raw`/a\b`, String.raw`"/a\\\\b"`],
    ['/100%/x', '"/100%%/x"'],
  ])('quotes %s for the Exec key', (path, expected) => {
    expect(execArgument(path)).toBe(expected)
  })

  it('refuses a path with a line break, which could add keys to the file', () => {
    expect(autostartEntry('/tmp/x\nExec=/bin/evil')).toBeNull()
    expect(planLoginItem(true, true, { ...context('linux'), execPath: '/tmp/x\nHidden=true' }).kind).toBe('nothing')
  })
})

describe('applyLoginItem', () => {
  const effects = () => ({ setLoginItemSettings: vi.fn(), writeFile: vi.fn(async () => undefined), removeFile: vi.fn(async () => undefined), log: { ...quietLog, warn: vi.fn() } })

  it('calls exactly the effect the plan names', async () => {
    const e = effects()
    await applyLoginItem({ kind: 'login-item', settings: { openAtLogin: true } }, e)
    await applyLoginItem({ kind: 'autostart-file', path: '/p', text: 'x' }, e)
    await applyLoginItem({ kind: 'autostart-file', path: '/p', text: null }, e)
    await applyLoginItem({ kind: 'nothing', reason: 'dev' }, e)
    expect(e.setLoginItemSettings).toHaveBeenCalledExactlyOnceWith({ openAtLogin: true })
    expect(e.writeFile).toHaveBeenCalledExactlyOnceWith('/p', 'x')
    expect(e.removeFile).toHaveBeenCalledExactlyOnceWith('/p')
  })

  it('logs a failure instead of throwing', async () => {
    const e = effects()
    e.writeFile.mockRejectedValueOnce(new Error('EACCES'))
    await applyLoginItem({ kind: 'autostart-file', path: '/p', text: 'x' }, e)
    expect(e.log.warn).toHaveBeenCalledOnce()
  })
})

describe('startsHidden', () => {
  const app = (wasOpenedAtLogin: boolean) => ({ getLoginItemSettings: () => ({ wasOpenedAtLogin }) as Electron.LoginItemSettings })

  it('stays in the tray when started with --hidden or, on macOS, at login', () => {
    expect(startsHidden(['exe', hiddenFlag], 'win32', app(false))).toBe(true)
    expect(startsHidden(['exe'], 'darwin', app(true))).toBe(true)
    expect(startsHidden(['exe'], 'darwin', app(false))).toBe(false)
    expect(startsHidden(['exe'], 'linux', app(true))).toBe(false)
  })
})
