import { describe, expect, it, vi } from 'vitest'
import { createBridge, type IpcRendererLike } from '../../../src/preload/create-bridge.ts'
import { methodNames } from '../../../src/shared/contract/names.ts'
import type { EventName } from '../../../src/shared/contract/events.ts'

type Listener = Parameters<IpcRendererLike['on']>[1]

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<Listener>>()
  const ipc = {
    invoke: vi.fn((channel: string, payload: unknown) => Promise.resolve({ ok: true, value: { channel, payload } })),
    on(channel: string, listener: Listener) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener))
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener)
    },
  } satisfies IpcRendererLike
  /** Main sends on `channel`; Electron adds its IpcRendererEvent first. */
  const push = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the IpcRenderer itself' }, payload)
  }
  const count = (channel: string) => listeners.get(channel)?.size ?? 0
  return { ipc, push, count }
}

describe('createBridge', () => {
  it('exposes exactly the contract: one call per method, and on', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc)
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on'])
    expect(Object.keys(bridge.call).sort()).toEqual([...methodNames].sort())
    for (const name of methodNames) expect(typeof bridge.call[name]).toBe('function')
  })

  it('invokes each method on its own channel with the input as is', async () => {
    const { ipc } = fakeIpcRenderer()
    const bridge = createBridge(ipc)
    await expect(bridge.call['monitoring.setPaused']({ paused: true })).resolves.toEqual({
      ok: true,
      value: { channel: 'desk:call:monitoring.setPaused', payload: { paused: true } },
    })
    await bridge.call['app.info']({})
    expect(ipc.invoke.mock.calls).toEqual([
      ['desk:call:monitoring.setPaused', { paused: true }],
      ['desk:call:app.info', {}],
    ])
  })

  it('hands listeners the payload only, never the IPC event', () => {
    const { ipc, push } = fakeIpcRenderer()
    const listener = vi.fn()
    createBridge(ipc).on('monitoring.changed', listener)
    push('desk:event:monitoring.changed', { paused: true, sampleIntervalMs: 1000 })
    expect(listener.mock.calls).toEqual([[{ paused: true, sampleIntervalMs: 1000 }]])
  })

  it('unsubscribes, and a second unsubscribe is harmless', () => {
    const { ipc, push, count } = fakeIpcRenderer()
    const listener = vi.fn()
    const off = createBridge(ipc).on('hardware.sampled', listener)
    expect(count('desk:event:hardware.sampled')).toBe(1)
    off()
    off()
    push('desk:event:hardware.sampled', {})
    expect(listener).not.toHaveBeenCalled()
    expect(count('desk:event:hardware.sampled')).toBe(0)
  })

  it.each(['desk:call:app.info', 'app.info', 'monitoring.changed ', '__proto__', 'constructor', ''])(
    'refuses to subscribe to the unknown event %j',
    (event) => {
      const { ipc, count } = fakeIpcRenderer()
      expect(() => createBridge(ipc).on(event as EventName, vi.fn())).toThrow(/Unknown event/)
      expect(count(`desk:event:${event}`)).toBe(0)
    },
  )

  it('refuses a listener that is not a function', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc)
    expect(() => bridge.on('monitoring.changed', 'alert(1)' as never)).toThrow(TypeError)
  })
})
