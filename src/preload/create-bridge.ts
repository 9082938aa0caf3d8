import type { DeskBridge } from '../shared/contract/bridge.ts'
import { eventNames, ipcChannel, methodNames } from '../shared/contract/names.ts'

type IpcListener = (event: unknown, payload: unknown) => void

/** The part of Electron's ipcRenderer the bridge uses. */
export type IpcRendererLike = {
  invoke(channel: string, payload: unknown): Promise<unknown>
  on(channel: string, listener: IpcListener): unknown
  removeListener(channel: string, listener: IpcListener): unknown
}

const knownEvents: ReadonlySet<string> = new Set(eventNames)

/**
 * `window.desk`: one function per contract method and a subscription per event, built
 * from the contract's names so a new method needs no edit here. Main validates every
 * payload, so the preload carries no schema library.
 */
export function createBridge(ipcRenderer: IpcRendererLike): DeskBridge {
  const call = Object.fromEntries(
    methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(ipcChannel.method(name), input)]),
  ) as DeskBridge['call'] // Built by name from methodNames, which names.ts checks is complete.

  const on: DeskBridge['on'] = (event, listener) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown event "${event}".`)
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
    const channel = ipcChannel.event(event)
    // The page gets the payload only, never the IpcRendererEvent (it carries `sender`).
    const forward: IpcListener = (_event, payload) => listener(payload as Parameters<typeof listener>[0])
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }

  return { call, on }
}
