/*
 * The application menu, in place of Electron's default one, whose View menu offers "Toggle
 * Developer Tools" (and its Ctrl+Shift+I / Alt+Cmd+I accelerator) to anyone. A packaged app
 * has no way to DevTools; only a development run gets a Develop menu.
 */

/** A menu entry by role: Electron supplies the label, accelerator and action. */
export type AppMenuItem = Pick<Electron.MenuItemConstructorOptions, 'label' | 'role' | 'type'> & {
  submenu?: AppMenuItem[]
}

/** `Menu` from electron, or the fake; `M` is whatever a built menu is. */
export type AppMenuBuilder<M> = {
  buildFromTemplate(template: AppMenuItem[]): M
  setApplicationMenu(menu: M | null): void
}

export type AppMenuOptions = {
  /** app.name: macOS titles the first menu with it. */
  appName: string
  /** app.isPackaged: false only when run from the sources (npm run dev / start). */
  isPackaged: boolean
  platform: NodeJS.Platform
}

const separator: AppMenuItem = { type: 'separator' }

const develop: AppMenuItem = {
  label: 'Develop',
  submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
}

/**
 * The menu for this platform, or null for none. macOS always has a menu bar, and text
 * fields there copy and paste only through an Edit menu's roles. Windows and Linux need no
 * menu for that, and a tray app's window is better without a menu bar.
 */
export function appMenuTemplate({ appName, isPackaged, platform }: AppMenuOptions): AppMenuItem[] | null {
  const extra = isPackaged ? [] : [develop]
  if (platform !== 'darwin') return extra.length === 0 ? null : extra
  return [
    {
      label: appName,
      submenu: [{ role: 'about' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    ...extra,
  ]
}

/** Replaces Electron's default menu; call once the app is ready. */
export function installAppMenu<M>(Menu: AppMenuBuilder<M>, options: AppMenuOptions): void {
  const template = appMenuTemplate(options)
  Menu.setApplicationMenu(template === null ? null : Menu.buildFromTemplate(template))
}
