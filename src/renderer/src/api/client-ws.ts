import type { EventName, EventPayload } from '../../../shared/contract/events.ts'
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/contract/methods.ts'
import type { DeskErrorInfo, Envelope } from '../../../shared/contract/result.ts'
import { unwrap, type ConnectionState, type DeskClient } from './client.ts'

/** The part of the WebSocket API the client uses; the browser's and Node's both fit. */
type SocketLike = {
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export type WsClientOptions = {
  url: string
  /** The agent's bearer token, when it wants one. */
  token?: string | null
  WebSocket?: new (url: string, protocols: string[]) => SocketLike
  /** How long a call may wait, connection included, before it fails. */
  callTimeoutMs?: number
  backoff?: { initialMs: number; maxMs: number }
  random?: () => number
  /**
   * Asked when a connection fails before it opened: a browser cannot see why a WebSocket
   * handshake was refused, so this asks over HTTP whether it was for want of a token.
   */
  checkAccess?: () => Promise<'ok' | 'unauthorized' | 'unreachable'>
}

type Pending = { resolve: (envelope: Envelope<unknown>) => void; timer: ReturnType<typeof setTimeout> }

const openState = 1

function failure(message: string, retryable: boolean): Envelope<never> {
  const error: DeskErrorInfo = { code: 'upstream', message, retryable }
  return { ok: false, error }
}

/**
 * The contract over the agent's WebSocket. Calls made while disconnected wait for the
 * connection (up to the call timeout); a dropped connection is retried with jittered
 * exponential backoff; listeners survive reconnections.
 */
export function createWsClient(options: WsClientOptions): DeskClient {
  const Socket = options.WebSocket ?? (globalThis.WebSocket as unknown as NonNullable<WsClientOptions['WebSocket']>)
  const callTimeoutMs = options.callTimeoutMs ?? 10_000
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 }
  const random = options.random ?? Math.random
  const protocols = ['desk.v1', ...(options.token ? [`bearer.${options.token}`] : [])]

  const pending = new Map<number, Pending>()
  const outbox = new Map<number, string>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const connectionListeners = new Set<(state: ConnectionState) => void>()
  let connection: ConnectionState = { status: 'connecting', retryAt: null }
  let socket: SocketLike | undefined
  let nextId = 1
  let failures = 0
  let closed = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const setConnection = (next: ConnectionState): void => {
    connection = next
    for (const listener of connectionListeners) listener(next)
  }

  const connect = (): void => {
    const ws = new Socket(options.url, protocols)
    socket = ws
    let opened = false
    ws.onopen = () => {
      opened = true
      failures = 0
      setConnection({ status: 'connected', retryAt: null })
      for (const frame of outbox.values()) ws.send(frame)
      outbox.clear()
    }
    ws.onmessage = (message) => receive(message.data)
    ws.onerror = () => undefined
    ws.onclose = () => {
      if (socket !== ws) return
      socket = undefined
      // Calls already sent on this socket will never be answered.
      for (const id of [...pending.keys()]) {
        if (!outbox.has(id)) settle(id, failure('The connection to DePIN Desk was lost before it answered.', true))
      }
      if (closed) return
      if (opened || !options.checkAccess) {
        scheduleReconnect()
        return
      }
      void options.checkAccess().then((access) => {
        if (access === 'unauthorized') refuse()
        else scheduleReconnect()
      })
    }
  }

  /** Retrying cannot help without a token: say so, answer waiting calls, and stop. */
  const refuse = (): void => {
    setConnection({ status: 'unauthorized', retryAt: null })
    const error: DeskErrorInfo = { code: 'unauthorized', message: 'The agent wants its bearer token: open the address it printed, with #token=.', retryable: false }
    for (const id of [...pending.keys()]) settle(id, { ok: false, error })
  }

  const scheduleReconnect = (): void => {
    failures += 1
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1))
    const delay = ceiling / 2 + random() * (ceiling / 2)
    setConnection({ status: 'reconnecting', retryAt: Date.now() + delay })
    retryTimer = setTimeout(connect, delay)
  }

  const receive = (data: unknown): void => {
    let frame: { id?: unknown; result?: Envelope<unknown>; event?: string; payload?: unknown }
    try {
      frame = JSON.parse(String(data)) as typeof frame
    } catch {
      return
    }
    if (typeof frame.id === 'number' && frame.result) settle(frame.id, frame.result)
    else if (typeof frame.event === 'string') {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload)
    }
  }

  const settle = (id: number, envelope: Envelope<unknown>): void => {
    const call = pending.get(id)
    if (!call) return
    clearTimeout(call.timer)
    pending.delete(id)
    outbox.delete(id)
    call.resolve(envelope)
  }

  const callSafe = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>> => {
    if (closed) return Promise.resolve(failure('The client is closed.', false))
    const id = nextId++
    const frame = JSON.stringify({ id, method, input })
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        settle(id, failure(`DePIN Desk did not answer ${method} within ${Math.round(callTimeoutMs / 1000)} s.`, true))
      }, callTimeoutMs)
      pending.set(id, { resolve: resolve as (envelope: Envelope<unknown>) => void, timer })
      if (socket?.readyState === openState) socket.send(frame)
      else outbox.set(id, frame)
    })
  }

  connect()

  return {
    callSafe,
    call: async (method, input) => unwrap(await callSafe(method, input)),
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const untyped = listener as (payload: unknown) => void
      set.add(untyped)
      return () => set.delete(untyped)
    },
    get connection() {
      return connection
    },
    onConnection: (listener) => {
      connectionListeners.add(listener)
      listener(connection)
      return () => connectionListeners.delete(listener)
    },
    close: () => {
      closed = true
      clearTimeout(retryTimer)
      for (const id of [...pending.keys()]) settle(id, failure('The client is closed.', false))
      socket?.close(1000, 'client closed')
      socket = undefined
    },
  }
}
