import type { DeskBridge } from '../../../shared/contract/bridge.ts'
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.ts'
import type { Envelope } from '../../../shared/contract/result.ts'
import { unwrap, type ConnectionState, type DeskClient } from './client.ts'

const connected: ConnectionState = { status: 'connected', retryAt: null }

/** Inside Electron: the preload bridge is in-process IPC and never disconnects. */
export function createIpcClient(bridge: DeskBridge): DeskClient {
  const callSafe = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> => {
    const invoke = bridge.call[method] as (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>>
    return invoke(input)
  }
  return {
    callSafe,
    call: async (method, input) => unwrap(await callSafe(method, input)),
    on: (event, listener) => bridge.on(event, listener),
    connection: connected,
    onConnection: (listener) => {
      listener(connected)
      return () => undefined
    },
    close: () => undefined,
  }
}
