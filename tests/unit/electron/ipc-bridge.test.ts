import { afterEach, describe, expect, it, vi } from 'vitest'
import { methodNames, ipcChannel } from '../../../src/shared/contract/names.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { EventHub } from '../../../src/main/core/event-hub.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { forwardEvents, registerContract } from '../../../src/main/electron/ipc-bridge.ts'
import { isAppUrl } from '../../../src/main/electron/trusted-url.ts'
import { FakeIpcMain, frame } from '../../fakes/electron.ts'

let core: DeskCore | undefined
afterEach(() => core?.stop())

function setup() {
  core = createDeskCore({ version: '0.1.0-test', shell: 'desktop', log: silentLogger })
  const ipcMain = new FakeIpcMain()
  const dispatch = vi.fn(core.dispatch)
  const dispose = registerContract({ ipcMain, dispatch, isTrustedSender: (url) => isAppUrl(url), log: silentLogger })
  return { core, ipcMain, dispatch, dispose }
}

const page = frame('app://desk/index.html')

describe('registerContract', () => {
  it('binds exactly one channel per contract method', () => {
    const { ipcMain } = setup()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(methodNames.map((name) => ipcChannel.method(name)).sort())
  })

  it('answers a valid call from our page', async () => {
    const { ipcMain } = setup()
    await expect(ipcMain.invoke('desk:call:app.info', {}, page)).resolves.toMatchObject({
      ok: true,
      value: { name: 'DePIN Desk', version: '0.1.0-test', shell: 'desktop' },
    })
    await expect(ipcMain.invoke('desk:call:monitoring.setPaused', { paused: true }, page)).resolves.toMatchObject({
      ok: true,
      value: { paused: true },
    })
    expect(core?.monitor.state.paused).toBe(true)
  })

  it('answers a malformed payload with invalid-input naming the field', async () => {
    const { ipcMain } = setup()
    const answer = await ipcMain.invoke('desk:call:monitoring.setPaused', { paused: 'yes' }, page)
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'paused', retryable: false } })
    expect(core?.monitor.state.paused).toBe(false)
  })

  it.each([
    ['a foreign page', frame('https://evil.example/')],
    ['a look-alike origin', frame('app://desk.evil/')],
    ['a file:// page', frame('file:///work/main/out/renderer/index.html')],
    ['an iframe inside our page', frame('app://desk/embedded.html', page)],
    ['an iframe of a foreign page', frame('https://evil.example/ad', page)],
    ['a frame that is gone', null],
  ])('refuses %s with forbidden, and core never runs', async (_label, sender) => {
    const { ipcMain, dispatch } = setup()
    const answer = await ipcMain.invoke('desk:call:monitoring.setPaused', { paused: true }, sender)
    expect(answer).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.any(String), retryable: false },
    })
    expect(dispatch).not.toHaveBeenCalled()
    expect(core?.monitor.state.paused).toBe(false)
  })

  it('removes every handler it registered on dispose, and may then register again', () => {
    const { ipcMain, dispose } = setup()
    dispose()
    expect(ipcMain.handlers.size).toBe(0)
    const again = registerContract({ ipcMain, dispatch: vi.fn(), isTrustedSender: () => true, log: silentLogger })
    expect(ipcMain.handlers.size).toBe(methodNames.length)
    again()
  })

  it('refuses to register the contract twice on one ipcMain, before touching it', () => {
    const { ipcMain } = setup()
    const before = new Map(ipcMain.handlers)
    expect(() =>
      registerContract({ ipcMain, dispatch: vi.fn(), isTrustedSender: () => true, log: silentLogger }),
    ).toThrow(/already registered/)
    expect(ipcMain.handlers).toEqual(before)
  })
})

describe('forwardEvents', () => {
  it('pushes each core event on its channel until unsubscribed', () => {
    const events = new EventHub()
    const send = vi.fn()
    const stop = forwardEvents(events, send)
    events.emit('monitoring.changed', { paused: true, sampleIntervalMs: 1000 })
    expect(send).toHaveBeenCalledExactlyOnceWith('desk:event:monitoring.changed', { paused: true, sampleIntervalMs: 1000 })
    stop()
    events.emit('monitoring.changed', { paused: false, sampleIntervalMs: 1000 })
    expect(send).toHaveBeenCalledTimes(1)
    expect(events.listenerCount).toBe(0)
  })
})
