/*
 * A small stand-in for the part of `electron` the desktop shell uses (ShellElectron). It
 * records what the shell did and lets a test play Electron's part: fire window events,
 * click tray items, invoke IPC channels from a chosen frame, fetch app:// URLs. The
 * `satisfies ShellElectron` below keeps it honest against the real module's types.
 */
import type {
  ShellElectron,
  ShellFrame,
  ShellInvokeEvent,
  ShellMenuItem,
  ShellNotificationOptions,
} from '../../src/main/electron/shell-electron.ts'

type Listener = (...args: never[]) => unknown

export type FakeEvent<Params extends object = object> = Electron.Event<Params>

export function fakeEvent<Params extends object>(params: Params = {} as Params): FakeEvent<Params> {
  let prevented = false
  return {
    ...params,
    preventDefault: () => {
      prevented = true
    },
    get defaultPrevented() {
      return prevented
    },
  }
}

class FakeEmitter {
  readonly #listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>()

  on(event: string, listener: Listener): this {
    this.#add(event, listener, false)
    return this
  }

  once(event: string, listener: Listener): this {
    this.#add(event, listener, true)
    return this
  }

  off(event: string, listener: Listener): this {
    this.#listeners.set(
      event,
      (this.#listeners.get(event) ?? []).filter((entry) => entry.listener !== listener),
    )
    return this
  }

  emit(event: string, ...args: unknown[]): void {
    const entries = this.#listeners.get(event) ?? []
    this.#listeners.set(
      event,
      entries.filter((entry) => !entry.once),
    )
    for (const { listener } of entries) (listener as (...args: unknown[]) => unknown)(...args)
  }

  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0
  }

  #add(event: string, listener: Listener, once: boolean): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { listener, once }])
  }
}

export class FakeWebContents extends FakeEmitter {
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  windowOpenHandler: ((details: { url: string }) => Electron.WindowOpenHandlerResponse) | undefined
  destroyed = false

  send(channel: string, payload: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, payload })
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  setWindowOpenHandler(handler: (details: { url: string }) => Electron.WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler
  }

  /** A link or script navigates the page; answers whether Electron would let it go. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const details = fakeEvent({ url })
    this.emit(event, details)
    return !details.defaultPrevented
  }

  /** The page calls window.open(url). */
  openWindow(url: string): Electron.WindowOpenHandlerResponse {
    if (this.windowOpenHandler === undefined) return { action: 'allow' }
    return this.windowOpenHandler({ url })
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  readonly options: Electron.BrowserWindowConstructorOptions
  readonly webContents = new FakeWebContents()
  loadedUrl: string | undefined
  visible = false
  focused = false
  minimized = false
  destroyed = false

  constructor(options: Electron.BrowserWindowConstructorOptions) {
    super()
    this.options = options
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }

  show(): void {
    this.visible = true
  }

  hide(): void {
    this.visible = false
    this.focused = false
  }

  focus(): void {
    this.focused = true
  }

  restore(): void {
    this.minimized = false
  }

  isMinimized(): boolean {
    return this.minimized
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.visible = false
    this.webContents.destroyed = true
    this.emit('closed')
  }

  /** The user clicks the close button: 'close' fires and, unless prevented, it closes. */
  close(): void {
    const event = fakeEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }

  /** The page finished its first paint. */
  readyToShow(): void {
    this.emit('ready-to-show')
  }
}

export class FakeMenu {
  readonly template: ShellMenuItem[]

  constructor(template: ShellMenuItem[]) {
    this.template = template
  }
}

export class FakeTray extends FakeEmitter {
  /** Every image the tray showed, the first one given to the constructor. */
  readonly images: string[]
  tooltip = ''
  menu: FakeMenu | null = null
  destroyed = false

  constructor(image: string) {
    super()
    this.images = [image]
  }

  /** The image the tray shows now. */
  get image(): string {
    return this.images.at(-1)!
  }

  setImage(image: string): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.images.push(image)
  }

  setToolTip(tooltip: string): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.tooltip = tooltip
  }

  setContextMenu(menu: FakeMenu | null): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.menu = menu
  }

  destroy(): void {
    this.destroyed = true
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  /** The labels of the current context menu (or of the submenu at `path`), separators left out. */
  labels(...path: string[]): string[] {
    const items = path.length === 0 ? (this.menu?.template ?? []) : (this.item(...path).submenu ?? [])
    return items.flatMap((item) => (item.label === undefined ? [] : [item.label]))
  }

  /** A menu item by its label, or by the labels down its submenus: item('Critical: …', 'Snooze 1 h'). */
  item(...path: string[]): ShellMenuItem {
    let items = this.menu?.template ?? []
    let found: ShellMenuItem | undefined
    for (const label of path) {
      found = items.find((entry) => entry.label === label)
      if (found === undefined) throw new Error(`no tray menu item "${path.join(' > ')}"`)
      items = found.submenu ?? []
    }
    if (found === undefined) throw new Error('no tray menu item named')
    return found
  }

  click(...path: string[]): void {
    this.item(...path).click?.()
  }
}

export class FakeNotification extends FakeEmitter {
  readonly options: ShellNotificationOptions
  shown = false

  constructor(options: ShellNotificationOptions) {
    super()
    this.options = options
  }

  show(): void {
    this.shown = true
  }

  /** The user clicks it: Electron emits click, then the desktop closes it. */
  click(): void {
    this.emit('click', fakeEvent())
    this.emit('close', fakeEvent({ reason: 'unknown' }))
  }
}

type InvokeHandler = (event: ShellInvokeEvent, payload: unknown) => Promise<unknown>

/** A frame of the page; pass `parent` to make it an iframe inside it. */
export function frame(url: string, parent: ShellFrame | null = null): ShellFrame {
  return { url, parent }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeHandler>()

  handle(channel: string, listener: InvokeHandler): void {
    // Electron's own rule, worded as Electron words it.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  /** What ipcRenderer.invoke(channel, payload) from `sender` reaches in main. */
  invoke(channel: string, payload: unknown, sender: ShellFrame | null = frame('app://desk/')): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    return handler({ senderFrame: sender }, payload)
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>

export class FakeProtocol {
  readonly privileged: Electron.CustomScheme[] = []
  readonly handlers = new Map<string, ProtocolHandler>()
  readonly #isReady: () => boolean

  constructor(isReady: () => boolean) {
    this.#isReady = isReady
  }

  registerSchemesAsPrivileged(schemes: Electron.CustomScheme[]): void {
    // Electron ignores (and warns about) a late call; a test should see it fail.
    if (this.#isReady()) throw new Error('registerSchemesAsPrivileged must be called before the app is ready')
    this.privileged.push(...schemes)
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler)
  }

  /** A request the page makes for `url`. */
  fetch(url: string, init?: RequestInit): Promise<Response> {
    const handler = this.handlers.get(new URL(url).protocol.slice(0, -1))
    if (handler === undefined) return Promise.reject(new Error(`no handler for ${url}`))
    return Promise.resolve(handler(new Request(url, init)))
  }
}

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void

export class FakeSession {
  requestHandler: PermissionRequestHandler | undefined
  checkHandler: (() => boolean) | undefined

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler
  }

  setPermissionCheckHandler(handler: () => boolean): void {
    this.checkHandler = handler
  }

  /** What the page is told when it asks for `permission`. */
  request(permission: string): boolean | undefined {
    let granted: boolean | undefined
    this.requestHandler?.({}, permission, (answer) => {
      granted = answer
    })
    return granted
  }
}

export class FakeApp extends FakeEmitter {
  readonly #hasLock: boolean
  readonly #appPath: string
  ready = false
  /** As Electron's app.isPackaged: false when run from the sources. */
  isPackaged = false
  readonly name = 'DePIN Desk'
  quitCalls = 0
  /** True once a quit went through: no before-quit listener held it. */
  quitted = false
  readonly #onQuit: () => void

  constructor(options: { hasLock: boolean; appPath: string; onQuit: () => void }) {
    super()
    this.#hasLock = options.hasLock
    this.#appPath = options.appPath
    this.#onQuit = options.onQuit
  }

  whenReady(): Promise<void> {
    this.ready = true
    return Promise.resolve()
  }

  requestSingleInstanceLock(): boolean {
    return this.#hasLock
  }

  getVersion(): string {
    return '0.1.0-test'
  }

  getAppPath(): string {
    return this.#appPath
  }

  quit(): void {
    this.quitCalls++
    const event = fakeEvent()
    this.emit('before-quit', event)
    if (event.defaultPrevented) return
    this.quitted = true
    this.#onQuit()
  }

  /** The last window closed: Electron quits unless someone listens, as a tray app does. */
  allWindowsClosed(): void {
    if (this.listenerCount('window-all-closed') === 0) this.quit()
    else this.emit('window-all-closed')
  }

  /** Someone starts the app again while this one runs. */
  secondInstance(): void {
    this.emit('second-instance', fakeEvent(), ['depin-desk'], '/')
  }

  /**
   * Electron made a webContents (a window's, devtools', a popup's): it tells the app
   * before anyone else sees it. The fake's BrowserWindow calls this from its constructor.
   */
  webContentsCreated(contents: FakeWebContents = new FakeWebContents()): FakeWebContents {
    this.emit('web-contents-created', fakeEvent(), contents)
    return contents
  }
}

export type FakeElectronOptions = {
  /** What requestSingleInstanceLock answers; false means another instance runs. */
  hasLock?: boolean
  appPath?: string
  /** What Notification.isSupported() answers; a desktop with no notification service says false. */
  notificationsSupported?: boolean
}

export type FakeElectron = ReturnType<typeof createFakeElectron>

export function createFakeElectron(options: FakeElectronOptions = {}) {
  const windows: FakeBrowserWindow[] = []
  const trays: FakeTray[] = []
  const notifications: FakeNotification[] = []
  const notificationsSupported = options.notificationsSupported ?? true
  const opened: string[] = []
  const app = new FakeApp({
    hasLock: options.hasLock ?? true,
    appPath: options.appPath ?? '/opt/depin-desk',
    // Quitting closes every window that is still open, as Electron does.
    onQuit: () => windows.filter((window) => !window.destroyed).forEach((window) => window.close()),
  })
  const ipcMain = new FakeIpcMain()
  const protocol = new FakeProtocol(() => app.ready)
  const defaultSession = new FakeSession()
  /** Every Menu.setApplicationMenu call, in order; null removes the menu. */
  const applicationMenus: Array<FakeMenu | null> = []
  // Not inline in `electron` below: ShellElectron's Menu lacks setApplicationMenu (app-menu.ts takes it apart).
  const Menu = {
    buildFromTemplate: (template: ShellMenuItem[]) => new FakeMenu(template),
    setApplicationMenu: (menu: FakeMenu | null) => {
      applicationMenus.push(menu)
    },
  }

  const electron = {
    app,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(windowOptions: Electron.BrowserWindowConstructorOptions) {
        super(windowOptions)
        windows.push(this)
        // As in Electron, inside the constructor: the app hears of the page first.
        app.webContentsCreated(this.webContents)
      }
    },
    Tray: class extends FakeTray {
      constructor(image: string) {
        super(image)
        trays.push(this)
      }
    },
    Menu,
    Notification: class extends FakeNotification {
      static isSupported(): boolean {
        return notificationsSupported
      }

      constructor(notificationOptions: ShellNotificationOptions) {
        super(notificationOptions)
        notifications.push(this)
      }
    },
    ipcMain,
    protocol,
    session: { defaultSession },
    shell: {
      openExternal(url: string): Promise<void> {
        opened.push(url)
        return Promise.resolve()
      },
    },
    safeStorage: fakeSafeStorage,
  } satisfies ShellElectron

  return { electron, app, windows, trays, notifications, ipcMain, protocol, session: defaultSession, opened, applicationMenus }
}

/** Reversible and visibly not plain text, so a test can tell sealed values from raw ones. */
export const fakeSafeStorage = {
  isAsyncEncryptionAvailable: () => Promise.resolve(true),
  getSelectedStorageBackend: () => 'gnome_libsecret' as const,
  encryptStringAsync: (plainText: string) => Promise.resolve(Buffer.from(`sealed:${Buffer.from(plainText).toString('hex')}`)),
  decryptStringAsync: (encrypted: Buffer) =>
    Promise.resolve({ result: Buffer.from(encrypted.toString().replace(/^sealed:/, ''), 'hex').toString(), shouldReEncrypt: false }),
}
