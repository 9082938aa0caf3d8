import type { EventName, EventPayload } from './events.ts'
import type { MethodInput, MethodName, MethodOutput } from './methods.ts'
import type { Envelope } from './result.ts'

/**
 * Exactly what the preload exposes on `window.desk`: one function per contract method and
 * one subscription per event. Nothing else of Electron reaches the page.
 */
export type DeskBridge = {
  call: { [M in MethodName]: (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>> }
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void
}
