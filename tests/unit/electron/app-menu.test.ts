import { describe, expect, it } from 'vitest'
import { appMenuTemplate, installAppMenu, type AppMenuItem } from '../../../src/main/electron/app-menu.ts'
import { createFakeElectron, type FakeMenu } from '../../fakes/electron.ts'

/** Every role in a menu, submenus included. */
function roles(items: readonly AppMenuItem[] | null | undefined): string[] {
  return (items ?? []).flatMap((item) => [...(item.role === undefined ? [] : [item.role]), ...roles(item.submenu)])
}

/** What the fake was handed; read as AppMenuItem, whose roles the tray's menu type leaves out. */
function installed(menu: FakeMenu | null | undefined): AppMenuItem[] | null {
  if (menu === undefined) throw new Error('no application menu was set')
  return menu === null ? null : menu.template
}

function install(platform: NodeJS.Platform, isPackaged: boolean) {
  const fake = createFakeElectron()
  fake.app.isPackaged = isPackaged
  installAppMenu(fake.electron.Menu, { appName: fake.app.name, isPackaged: fake.app.isPackaged, platform })
  expect(fake.applicationMenus).toHaveLength(1)
  return installed(fake.applicationMenus[0])
}

const platforms: NodeJS.Platform[] = ['darwin', 'win32', 'linux']

describe('the application menu', () => {
  it.each(platforms)('offers no DevTools in a packaged app on %s', (platform) => {
    const menu = install(platform, true)
    expect(roles(menu)).not.toContain('toggleDevTools')
    expect(roles(menu)).not.toContain('reload')
    expect(JSON.stringify(menu)).not.toMatch(/devtools|develop/i)
  })

  it('removes the menu bar of a packaged app on Windows and Linux', () => {
    expect(install('win32', true)).toBeNull()
    expect(install('linux', true)).toBeNull()
  })

  it('gives macOS the app menu with About, Hide and Quit, an Edit menu for copy and paste, and a Window menu', () => {
    const menu = install('darwin', true)
    expect(menu?.map((item) => item.label)).toEqual(['DePIN Desk', 'Edit', 'Window'])
    expect(roles(menu?.[0]?.submenu)).toEqual(['about', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(roles(menu?.[1]?.submenu)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']))
    expect(roles(menu?.[2]?.submenu)).toEqual(['minimize', 'close'])
  })

  it.each(platforms)('keeps DevTools for a development run on %s', (platform) => {
    const menu = install(platform, false)
    expect(menu?.at(-1)?.label).toBe('Develop')
    expect(roles(menu?.at(-1)?.submenu)).toContain('toggleDevTools')
  })

  it('builds the same template it installs', () => {
    const options = { appName: 'DePIN Desk', isPackaged: true, platform: 'darwin' as const }
    expect(install('darwin', true)).toEqual(appMenuTemplate(options))
  })
})
