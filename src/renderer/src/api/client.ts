import type { EventName, EventPayload } from '../../../shared/contract/events.ts'
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'

/** `unauthorized`: the agent wants a bearer token this page does not have (or has a stale one). */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized'

export type ConnectionState = {
  status: ConnectionStatus
  /** Epoch ms of the next reconnection attempt while reconnecting. */
  retryAt: number | null
}

/**
 * The UI's one way to core, whatever carries it: the Electron preload bridge or the
 * agent's WebSocket. Chosen once at start (pick-client.ts).
 */
export type DeskClient = {
  /** The value, or a `DeskCallError` carrying core's typed error. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  /** The envelope as it came, for callers that show errors inline. */
  callSafe<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  readonly connection: ConnectionState
  onConnection(listener: (state: ConnectionState) => void): () => void
  close(): void
}

export class DeskCallError extends Error {
  override readonly name = 'DeskCallError'
  readonly info: DeskErrorInfo

  constructor(info: DeskErrorInfo) {
    super(info.message)
    this.info = info
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value
  throw new DeskCallError(envelope.error)
}
