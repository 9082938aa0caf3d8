import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { EventName } from '../../shared/contract/events.ts'
import type { DeskCore } from '../core/app.ts'
import type { Logger } from '../core/log.ts'

/** Client to agent: one contract call. */
export type WsCall = { id: number | string; method: string; input?: unknown }

export type WsLimits = {
  /** Open WebSockets at once; the next handshake is answered 503 with Retry-After. */
  maxClients: number
  /** Calls one connection may have dispatched and not yet flushed to the kernel; past it the socket is not read. */
  maxCallsInFlight: number
  /** Queued outgoing bytes past which a connection is not read and its events are coalesced. */
  maxBufferedBytes: number
}

export const defaultWsLimits: WsLimits = { maxClients: 32, maxCallsInFlight: 32, maxBufferedBytes: 1024 * 1024 }

const heartbeatMs = 30_000
const retryAfterSeconds = 5

/** One client's share of the agent: its calls in flight, the frames waiting for them, its missed events. */
type Connection = {
  ws: WebSocket
  inFlight: number
  /** Frames `ws` had already read when reading stopped; dispatched as answers drain, in order. */
  waiting: (string | undefined)[]
  /** The newest frame of each event the client was too slow for. Every event carries a whole state, so the latest is all it needs. */
  missedEvents: Map<EventName, string>
}

/**
 * The contract over WebSocket: calls answered as `{id, result}` envelopes, every core event
 * pushed as `{event, payload}`. Malformed frames get an error envelope; the socket stays open.
 *
 * Backpressure (issue 15): a client that sends calls and never reads the answers once grew
 * the agent by hundreds of MiB. Now a connection with `maxCallsInFlight` answers not yet
 * flushed, or `maxBufferedBytes` queued, is simply not read until it drains: calls wait in the
 * client's kernel buffers, not in our heap, and none is refused or lost.
 */
export class WsTransport {
  readonly #server = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('desk.v1') ? 'desk.v1' : false),
  })
  readonly #core: DeskCore
  readonly #log: Logger
  readonly #limits: WsLimits
  readonly #connections = new Set<Connection>()
  readonly #alive = new WeakSet<WebSocket>()
  readonly #unsubscribe: () => void
  readonly #heartbeat: ReturnType<typeof setInterval>
  /** Upgraded sockets still open, counted from the handshake so concurrent ones cannot slip past the cap. */
  #sockets = 0

  constructor(core: DeskCore, log: Logger, limits: Partial<WsLimits> = {}) {
    this.#core = core
    this.#log = log
    this.#limits = { ...defaultWsLimits, ...limits }
    this.#unsubscribe = core.events.subscribe((event, payload) => this.#broadcast(event, JSON.stringify({ event, payload })))
    this.#heartbeat = setInterval(() => this.#sweep(), heartbeatMs)
    this.#heartbeat.unref()
  }

  get clientCount(): number {
    return this.#server.clients.size
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#sockets >= this.#limits.maxClients) {
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${retryAfterSeconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    this.#sockets += 1
    socket.once('close', () => (this.#sockets -= 1))
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws))
  }

  async close(): Promise<void> {
    this.#unsubscribe()
    clearInterval(this.#heartbeat)
    for (const client of this.#server.clients) client.close(1001, 'agent stopping')
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(ws: WebSocket): void {
    const connection: Connection = { ws, inFlight: 0, waiting: [], missedEvents: new Map() }
    this.#connections.add(connection)
    this.#alive.add(ws)
    ws.on('pong', () => this.#alive.add(ws))
    ws.on('message', (data: Buffer, isBinary) => {
      connection.waiting.push(isBinary ? undefined : data.toString('utf8'))
      this.#pump(connection)
    })
    ws.on('close', () => this.#connections.delete(connection))
    ws.on('error', (error) => this.#log.debug('websocket error', error))
  }

  /** Dispatches waiting calls up to the cap, then reads on only if the connection has room. */
  #pump(connection: Connection): void {
    while (connection.waiting.length > 0 && connection.inFlight < this.#limits.maxCallsInFlight) {
      connection.inFlight += 1
      void this.#answer(connection, connection.waiting.shift())
    }
    const { ws } = connection
    if (ws.readyState !== ws.OPEN) return
    const congested = ws.bufferedAmount > this.#limits.maxBufferedBytes
    if (!congested && connection.missedEvents.size > 0) {
      const frames = [...connection.missedEvents.values()]
      connection.missedEvents.clear()
      for (const frame of frames) this.#send(connection, frame, false)
    }
    const full = congested || connection.waiting.length > 0 || connection.inFlight >= this.#limits.maxCallsInFlight
    if (full && !ws.isPaused) ws.pause()
    else if (!full && ws.isPaused) ws.resume()
  }

  async #answer(connection: Connection, text: string | undefined): Promise<void> {
    const call = parseCall(text)
    if (typeof call === 'string') {
      const result = { ok: false, error: { code: 'invalid-input', message: call, retryable: false } }
      this.#send(connection, JSON.stringify({ id: null, result }), true)
      return
    }
    const result = await this.#core.dispatch(call.method, call.input ?? {})
    this.#send(connection, JSON.stringify({ id: call.id, result }), true)
  }

  /** A call stays in flight until its answer reaches the kernel: then the connection is looked at again. */
  #send(connection: Connection, frame: string, isAnswer: boolean): void {
    const { ws } = connection
    if (ws.readyState !== ws.OPEN) {
      if (isAnswer) connection.inFlight -= 1
      return
    }
    ws.send(frame, () => {
      if (isAnswer) connection.inFlight -= 1
      this.#pump(connection)
    })
  }

  /** A slow client's events are coalesced, newest per name, and sent once it drains; never queued without end. */
  #broadcast(event: EventName, frame: string): void {
    for (const connection of this.#connections) {
      const { ws } = connection
      if (ws.readyState !== ws.OPEN) continue
      if (connection.missedEvents.size > 0 || ws.bufferedAmount > this.#limits.maxBufferedBytes) {
        connection.missedEvents.delete(event)
        connection.missedEvents.set(event, frame)
      } else {
        this.#send(connection, frame, false)
      }
    }
  }

  #sweep(): void {
    for (const client of this.#server.clients) {
      if (!this.#alive.has(client)) {
        client.terminate()
        continue
      }
      this.#alive.delete(client)
      client.ping()
    }
  }
}

/** A call frame, or the reason it is not one. */
export function parseCall(text: string | undefined): WsCall | string {
  if (text === undefined) return 'binary frames are not part of the protocol; send JSON text'
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'frame is not valid JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'frame must be a JSON object'
  const { id, method, input } = value as Record<string, unknown>
  if (typeof id !== 'number' && typeof id !== 'string') return 'id: expected a number or string'
  if (typeof method !== 'string') return 'method: expected a string'
  return { id, method, input }
}
