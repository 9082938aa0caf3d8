/// <reference types="electron" />
// A type reference, not an import: this file must stay loadable in plain Node, where
// importing `electron` would try to download its binary.

/*
 * The part of the `electron` module the desktop shell touches, and nothing more. main.ts
 * passes the real module, so the compiler checks Electron's own types fit here; tests pass
 * the small fake in tests/fakes/electron.ts. Overloaded `on` methods list only the events
 * the shell listens to, one overload per event so each is matched against Electron's own.
 */
/* eslint-disable @typescript-eslint/unified-signatures */

export type ShellApp = Pick<
  Electron.App,
  'whenReady' | 'quit' | 'getVersion' | 'getAppPath' | 'requestSingleInstanceLock'
> & {
  on(event: 'second-instance', listener: () => void): unknown
  /** macOS: the dock icon was clicked. */
  on(event: 'activate', listener: () => void): unknown
  on(event: 'window-all-closed', listener: () => void): unknown
  on(event: 'before-quit', listener: (event: Electron.Event) => void): unknown
  /** Every webContents, the window's included, as Electron creates it. */
  on(event: 'web-contents-created', listener: (event: Electron.Event, contents: ShellWebContents) => void): unknown
}

export type ShellWebContents = Pick<Electron.WebContents, 'send' | 'isDestroyed'> & {
  setWindowOpenHandler(
    handler: (details: Pick<Electron.HandlerDetails, 'url'>) => Electron.WindowOpenHandlerResponse,
  ): void
  on(
    event: 'will-navigate',
    listener: (event: Electron.Event<Pick<Electron.WebContentsWillNavigateEventParams, 'url'>>) => void,
  ): unknown
  on(
    event: 'will-redirect',
    listener: (event: Electron.Event<Pick<Electron.WebContentsWillRedirectEventParams, 'url'>>) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: Electron.Event) => void): unknown
}

export type ShellBrowserWindow = Pick<
  Electron.BrowserWindow,
  'loadURL' | 'show' | 'hide' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'destroy'
> & {
  readonly webContents: ShellWebContents
  on(event: 'close', listener: (event: Electron.Event) => void): unknown
  on(event: 'closed', listener: () => void): unknown
  on(event: 'page-title-updated', listener: (event: Electron.Event) => void): unknown
  once(event: 'ready-to-show', listener: () => void): unknown
}

export type ShellBrowserWindowConstructor = new (
  options: Electron.BrowserWindowConstructorOptions,
) => ShellBrowserWindow

export type ShellMenuItem = Pick<Electron.MenuItemConstructorOptions, 'label' | 'type' | 'checked' | 'enabled'> & {
  click?: () => void
  submenu?: ShellMenuItem[]
}

/** A built menu: the shell only hands it from `Menu.buildFromTemplate` to the tray. */
export type ShellMenu = object

export type ShellMenuBuilder = {
  buildFromTemplate(template: ShellMenuItem[]): ShellMenu
}

/** The shell hands the tray image paths only: Electron picks @2x and `…Template` files by name. */
export type ShellTray = Pick<Electron.Tray, 'setToolTip' | 'destroy' | 'isDestroyed'> & {
  setImage(image: string): void
  setContextMenu(menu: ShellMenu | null): void
  on(event: 'click', listener: () => void): unknown
}

export type ShellTrayConstructor = new (image: string) => ShellTray

export type ShellNotificationOptions = Pick<Electron.NotificationConstructorOptions, 'title' | 'body' | 'urgency'> & {
  /** A path; Electron also takes a NativeImage, which the shell never builds. */
  icon?: string
}

export type ShellNotification = Pick<Electron.Notification, 'show'> & {
  on(event: 'click', listener: () => void): unknown
  on(event: 'close', listener: () => void): unknown
  on(event: 'failed', listener: (event: Electron.Event, error: string) => void): unknown
  off(event: 'click', listener: () => void): unknown
  off(event: 'close', listener: () => void): unknown
  off(event: 'failed', listener: (event: Electron.Event, error: string) => void): unknown
}

export type ShellNotificationConstructor = {
  new (options: ShellNotificationOptions): ShellNotification
  /** False where the desktop has no notification service (or, on macOS, the app is unsigned). */
  isSupported(): boolean
}

/** The frame that sent an IPC message; `parent` is null for a top-level frame. */
export type ShellFrame = { readonly url: string; readonly parent: ShellFrame | null }

/** Null when the sending frame navigated away or was destroyed before main looked. */
export type ShellInvokeEvent = { readonly senderFrame: ShellFrame | null }

export type ShellIpcMain = {
  handle(channel: string, listener: (event: ShellInvokeEvent, payload: unknown) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export type ShellSession = {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void
  setPermissionCheckHandler(handler: () => boolean): void
}

export type ShellElectron = {
  app: ShellApp
  BrowserWindow: ShellBrowserWindowConstructor
  Tray: ShellTrayConstructor
  Menu: ShellMenuBuilder
  Notification: ShellNotificationConstructor
  ipcMain: ShellIpcMain
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>
  session: { readonly defaultSession: ShellSession }
  shell: Pick<Electron.Shell, 'openExternal'>
  safeStorage: ShellSafeStorage
}

export type ShellSafeStorage = Pick<
  Electron.SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>
