import { describe, expect, it } from 'vitest'
import { createDeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { startSystem } from '../../../src/main/electron/desktop-system.ts'
import type { Updater } from '../../../src/main/electron/updates.ts'

/*
 * The desktop's login entry follows the `desktop` settings: applied when the shell starts, and
 * again when the operator changes them through settings.update, the same call the UI makes.
 */

function fakeApp(isPackaged: boolean) {
  const calls: Electron.Settings[] = []
  return {
    calls,
    app: {
      isPackaged,
      setLoginItemSettings: (settings: Electron.Settings) => void calls.push(settings),
      getLoginItemSettings: () => ({ openAtLogin: false, openAsHidden: false, wasOpenedAtLogin: false, wasOpenedAsHidden: false, restoreState: false, status: 'not-registered', executableWillLaunchAtLogin: false, launchItems: [] }) as Electron.LoginItemSettings,
    },
  }
}

/** An updater that never finds an update: this test is about the login entry. */
const noUpdater = {
  on: () => undefined,
  off: () => undefined,
  checkForUpdates: () => Promise.resolve(null),
} as unknown as Updater
const noDialog = { showMessageBox: () => Promise.resolve({ response: 1, checkboxChecked: false }) }

describe('the desktop system settings', () => {
  it('registers the login item at start, and removes it when the operator turns it off', async () => {
    const core = createDeskCore({ version: 't', shell: 'desktop', log: silentLogger })
    const { app, calls } = fakeApp(true)
    const stop = startSystem({ app, dialog: noDialog, updater: noUpdater, argv: [] }, core, 'win32', silentLogger)
    try {
      await expect.poll(() => calls.length).toBe(1)
      expect(calls[0]).toMatchObject({ openAtLogin: true, args: ['--hidden'] })
      const changed = await core.dispatch('settings.update', { desktop: { startAtLogin: false } })
      expect(changed.ok).toBe(true)
      await expect.poll(() => calls.length).toBe(2)
      expect(calls[1]).toMatchObject({ openAtLogin: false })
      // Another setting changing leaves the login item alone.
      await core.dispatch('settings.update', { currency: 'eur' })
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(calls).toHaveLength(2)
    } finally {
      stop()
    }
  })

  it('registers nothing from an unpacked development build', async () => {
    const core = createDeskCore({ version: 't', shell: 'desktop', log: silentLogger })
    const { app, calls } = fakeApp(false)
    const stop = startSystem({ app, dialog: noDialog, updater: noUpdater, argv: [] }, core, 'win32', silentLogger)
    await new Promise((resolve) => setTimeout(resolve, 20))
    stop()
    expect(calls).toEqual([])
  })
})
