import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UpdateInfo } from 'electron-updater'
import { connectionCost, costCommands, parseNetworkManagerMetered, parseWindowsCost } from '../../../src/main/electron/connection-cost.ts'
import {
  configureUpdater,
  signatureCheckConfigured,
  UpdateController,
  type ConnectionCost,
  type Question,
  type Updater,
} from '../../../src/main/electron/updates.ts'

/** electron-updater's autoUpdater, as far as the shell drives it: records calls, lets the test emit events. */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = true
  autoInstallOnAppQuit = false
  disableWebInstaller = false
  allowDowngrade = true
  checkForUpdates = vi.fn(async () => null)
  downloadUpdate = vi.fn(async () => [])
  quitAndInstall = vi.fn()
}

const info = (version: string): UpdateInfo => ({ version, files: [], releaseDate: '2026-11-24' }) as unknown as UpdateInfo
const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
const log = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() })

function setup(over: { cost?: ConnectionCost; answers?: boolean[]; platform?: NodeJS.Platform; config?: string } = {}) {
  const updater = new FakeUpdater()
  const answers = [...(over.answers ?? [])]
  const asked: Question[] = []
  const controller = new UpdateController({
    updater,
    platform: over.platform ?? 'win32',
    ask: async (question) => {
      asked.push(question)
      return answers.shift() ?? false
    },
    connectionCost: async () => over.cost ?? 'unmetered',
    readUpdateConfig: async () => over.config ?? 'provider: github\npublisherName:\n  - DePIN Desk Ltd\n',
    log: log(),
  })
  return { updater, controller, asked }
}

describe('configureUpdater', () => {
  it('never downloads by itself and refuses unsigned web installers and downgrades', () => {
    const updater = new FakeUpdater()
    configureUpdater(updater)
    expect(updater).toMatchObject({ autoDownload: false, disableWebInstaller: true, allowDowngrade: false, autoInstallOnAppQuit: true })
  })
})

describe('signatureCheckConfigured', () => {
  it('needs a publisherName on Windows, where electron-updater otherwise skips the check', () => {
    expect(signatureCheckConfigured('win32', 'provider: github\npublisherName:\n  - DePIN Desk Ltd\n')).toBe(true)
    expect(signatureCheckConfigured('win32', 'publisherName:\nupdaterCacheDirName: depin-desk-updater\n')).toBe(false)
    expect(signatureCheckConfigured('win32', 'provider: github\npublisherName: DePIN Desk Ltd\n')).toBe(true)
    expect(signatureCheckConfigured('win32', 'provider: github\n')).toBe(false)
    expect(signatureCheckConfigured('win32', undefined)).toBe(false)
    expect(signatureCheckConfigured('darwin', undefined)).toBe(true)
  })
})

describe('UpdateController', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }))
  afterEach(() => vi.useRealTimers())

  it("checks at once and every six hours under 'check-and-ask', and stops under 'off'", () => {
    const { updater, controller } = setup()
    expect(updater.checkForUpdates).not.toHaveBeenCalled()
    controller.apply('check-and-ask')
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(6 * 60 * 60 * 1000)
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2)
    controller.apply('off')
    vi.advanceTimersByTime(24 * 60 * 60 * 1000)
    controller.check()
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2)
  })

  it('downloads only after the operator agrees, and installs only after a second yes', async () => {
    const { updater, controller, asked } = setup({ answers: [true, true] })
    controller.apply('check-and-ask')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    expect(asked[0]).toMatchObject({ accept: 'Download', decline: 'Later' })
    expect(updater.downloadUpdate).toHaveBeenCalledOnce()
    expect(updater.quitAndInstall).not.toHaveBeenCalled()
    updater.emit('update-downloaded', info('1.2.0'))
    await flush()
    expect(updater.quitAndInstall).toHaveBeenCalledOnce()
  })

  it('does not download when declined, and does not ask again for that version', async () => {
    const { updater, controller, asked } = setup({ answers: [false] })
    controller.apply('check-and-ask')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    updater.emit('update-available', info('1.2.0'))
    await flush()
    expect(asked).toHaveLength(1)
    expect(updater.downloadUpdate).not.toHaveBeenCalled()
  })

  it('downloads nothing and asks nothing on a metered connection', async () => {
    const { updater, controller, asked } = setup({ cost: 'metered', answers: [true] })
    controller.apply('check-and-ask')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    expect(asked).toHaveLength(0)
    expect(updater.downloadUpdate).not.toHaveBeenCalled()
  })

  it('says so when it cannot tell, and downloads only on an explicit yes', async () => {
    const { updater, controller, asked } = setup({ cost: 'unknown', answers: [false] })
    controller.apply('check-and-ask')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    expect(asked[0]?.detail).toContain('could not tell whether this connection is metered')
    expect(updater.downloadUpdate).not.toHaveBeenCalled()
  })

  it('refuses a Windows update whose signature would go unchecked', async () => {
    const { updater, controller, asked } = setup({ config: 'provider: github\n', answers: [true] })
    controller.apply('check-and-ask')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    expect(asked).toHaveLength(0)
    expect(updater.downloadUpdate).not.toHaveBeenCalled()
  })

  it("ignores an offer once 'off', and dispose stops listening", async () => {
    const { updater, controller, asked } = setup({ answers: [true] })
    controller.apply('check-and-ask')
    controller.apply('off')
    updater.emit('update-available', info('1.2.0'))
    await flush()
    controller.dispose()
    expect(updater.listenerCount('update-available')).toBe(0)
    expect(asked).toHaveLength(0)
  })
})

describe('connection cost', () => {
  it.each([
    ['Unrestricted False False False', 'unmetered'],
    ['Fixed False False False', 'metered'],
    ['Variable False False False', 'metered'],
    ['Unrestricted True False False', 'metered'],
    ['Unrestricted False False True', 'metered'],
    ['Unknown False False False', 'unknown'],
    ['', 'unknown'],
  ] as const)('reads Windows %j as %s', (output, cost) => {
    expect(parseWindowsCost(output)).toBe(cost)
  })

  it.each([
    ['u 0', 'unknown'],
    ['u 1', 'metered'],
    ['u 2', 'unmetered'],
    ['u 3', 'metered'],
    ['u 4', 'unmetered'],
    ['garbage', 'unknown'],
  ] as const)('reads NetworkManager %j as %s', (output, cost) => {
    expect(parseNetworkManagerMetered(`${output}\n`)).toBe(cost)
  })

  it('asks the right command, and answers unknown when it fails or on macOS', async () => {
    const run = vi.fn(async () => 'u 2\n')
    expect(await connectionCost('linux', run)).toBe('unmetered')
    expect(run).toHaveBeenCalledWith(...costCommands.linux)
    expect(await connectionCost('win32', async () => Promise.reject(new Error('ENOENT')))).toBe('unknown')
    expect(await connectionCost('darwin', run)).toBe('unknown')
  })
})
