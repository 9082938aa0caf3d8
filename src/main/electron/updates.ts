// Types only: electron-updater loads `electron` at import, so main.ts imports it and hands it in.
import type { AppUpdater, UpdateInfo } from 'electron-updater'
import type { UpdatePolicy } from '../../shared/contract/settings.ts'
import type { Logger } from '../core/log.ts'

/*
 * Updates from the release feed through electron-updater
 * (https://www.electron.build/auto-update, https://www.electron.build/electron-updater.class.appupdater).
 * "Check and ask": autoDownload is off, so `update-available` only tells us; the operator's consent
 * starts downloadUpdate(), and a second consent quitAndInstall(). Three gates stand before a download:
 * - the connection is known not to be metered (connection-cost below; unknown counts as metered unless
 *   the operator, told so, says go);
 * - on Windows, the update config names a publisher: NsisUpdater checks the new installer's
 *   Authenticode signature against `publisherName` from app-update.yml, and silently skips the check when
 *   that key is missing (electron-updater NsisUpdater.verifySignature), so we refuse instead;
 * - disableWebInstaller: web installers may carry no signature (AppUpdater.disableWebInstaller's doc).
 * macOS needs nothing from us: Squirrel.Mac refuses an update whose code signature does not satisfy the
 * running app's designated requirement (https://www.electron.build/auto-update "Code signing is required
 * on macOS"). Linux AppImage and deb updates are checked against the sha512 in the feed's
 * latest-linux.yml only: electron-updater has no signature check there.
 */

/** The part of electron-updater's AppUpdater the shell drives; main.ts passes the real `autoUpdater`. */
export type Updater = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'disableWebInstaller' | 'allowDowngrade' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'
> & {
  on(event: 'update-available' | 'update-downloaded', listener: (info: UpdateInfo) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  off(event: 'update-available' | 'update-downloaded', listener: (info: UpdateInfo) => void): unknown
  off(event: 'error', listener: (error: Error) => void): unknown
}

export type ConnectionCost = 'unmetered' | 'metered' | 'unknown'

export type Question = { title: string; detail: string; accept: string; decline: string }

export type UpdateControllerOptions = {
  updater: Updater
  platform: NodeJS.Platform
  /** Asks the operator; resolves true only on `accept`. Declining is the default answer. */
  ask(question: Question): Promise<boolean>
  connectionCost(): Promise<ConnectionCost>
  /** The packaged app-update.yml's text (resources/app-update.yml), undefined when absent. */
  readUpdateConfig(): Promise<string | undefined>
  log: Logger
  /** How often to look again while the app runs. */
  intervalMs?: number
}

const sixHoursMs = 6 * 60 * 60 * 1000

/** The updater's safety options, set before its first check; the updates test pins each. */
export function configureUpdater(updater: Updater): void {
  updater.autoDownload = false
  // A download the operator agreed to may install when they quit; nothing else ever installs.
  updater.autoInstallOnAppQuit = true
  updater.disableWebInstaller = true
  updater.allowDowngrade = false
}

/** Whether the Windows signature check will run: app-update.yml must name a publisher, as a value or a list. */
export function signatureCheckConfigured(platform: NodeJS.Platform, updateConfig: string | undefined): boolean {
  if (platform !== 'win32') return true
  return updateConfig !== undefined && /^publisherName:[ \t]*(?:[^\s#]|\r?\n[ \t]+-[ \t]*\S)/m.test(updateConfig)
}

/**
 * Drives the updater by the `desktop.updates` setting: 'check-and-ask' checks now and every few hours,
 * 'off' stops checking. One question at a time; a version the operator declined is not asked again
 * until the app restarts.
 */
export class UpdateController {
  readonly #options: UpdateControllerOptions
  #policy: UpdatePolicy = 'off'
  #timer: ReturnType<typeof setInterval> | undefined
  #busy = false
  readonly #declined = new Set<string>()
  readonly #onAvailable = (info: UpdateInfo): void => void this.#offer(info)
  readonly #onDownloaded = (info: UpdateInfo): void => void this.#offerRestart(info)
  readonly #onError = (error: Error): void => this.#options.log.warn('update failed', error)

  constructor(options: UpdateControllerOptions) {
    this.#options = options
    configureUpdater(options.updater)
    options.updater.on('update-available', this.#onAvailable)
    options.updater.on('update-downloaded', this.#onDownloaded)
    options.updater.on('error', this.#onError)
  }

  get policy(): UpdatePolicy {
    return this.#policy
  }

  /** Takes up the setting; called at start and on every settings.changed. */
  apply(policy: UpdatePolicy): void {
    if (policy === this.#policy) return
    this.#policy = policy
    clearInterval(this.#timer)
    this.#timer = undefined
    if (policy === 'off') return
    this.#timer = setInterval(() => this.check(), this.#options.intervalMs ?? sixHoursMs)
    this.#timer.unref()
    this.check()
  }

  /** One look at the feed; never throws (a failed check is logged and tried again later). */
  check(): void {
    if (this.#policy === 'off') return
    this.#options.updater.checkForUpdates().catch((error: unknown) => this.#options.log.warn('update check failed', error))
  }

  dispose(): void {
    this.#policy = 'off'
    clearInterval(this.#timer)
    const { updater } = this.#options
    updater.off('update-available', this.#onAvailable)
    updater.off('update-downloaded', this.#onDownloaded)
    updater.off('error', this.#onError)
  }

  async #offer(info: UpdateInfo): Promise<void> {
    if (this.#policy === 'off' || this.#busy || this.#declined.has(info.version)) return
    this.#busy = true
    try {
      const question = await this.#downloadQuestion(info)
      if (question === undefined || !(await this.#options.ask(question))) {
        this.#declined.add(info.version)
        return
      }
      await this.#options.updater.downloadUpdate()
    } catch (error: unknown) {
      this.#options.log.warn(`could not download ${info.version}`, error)
    } finally {
      this.#busy = false
    }
  }

  /** The question to ask before downloading, or undefined when the download must not happen at all. */
  async #downloadQuestion(info: UpdateInfo): Promise<Question | undefined> {
    const { platform, log } = this.#options
    if (!signatureCheckConfigured(platform, await this.#options.readUpdateConfig())) {
      log.warn(`update ${info.version} not offered: app-update.yml names no publisherName, so its signature would not be checked`)
      return undefined
    }
    const cost = await this.#options.connectionCost()
    if (cost === 'metered') {
      log.info(`update ${info.version} waits: the connection is metered`)
      return undefined
    }
    const unsure = cost === 'unknown' ? ' DePIN Desk could not tell whether this connection is metered.' : ''
    return {
      title: `DePIN Desk ${info.version} is available`,
      detail: `Download it now? You will be asked before it installs.${unsure}`,
      accept: 'Download',
      decline: 'Later',
    }
  }

  async #offerRestart(info: UpdateInfo): Promise<void> {
    const restart = await this.#options.ask({
      title: `DePIN Desk ${info.version} is ready`,
      detail: 'Restart now to install it? Otherwise it installs when you quit.',
      accept: 'Restart now',
      decline: 'Later',
    })
    if (restart) this.#options.updater.quitAndInstall()
  }
}
