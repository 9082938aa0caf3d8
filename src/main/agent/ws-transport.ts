import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DeskCore } from '../core/app.ts'
import type { Logger } from '../core/log.ts'

/** Client to agent: one contract call. */
export type WsCall = { id: number | string; method: string; input?: unknown }

/** A slow client past this many queued bytes misses samples rather than growing our memory. */
const maxBufferedBytes = 1024 * 1024
const heartbeatMs = 30_000

/**
 * The contract over WebSocket: calls answered as `{id, result}` envelopes, every core event
 * pushed as `{event, payload}`. Malformed frames get an error envelope; the socket stays open.
 */
export class WsTransport {
  readonly #server = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has('desk.v1') ? 'desk.v1' : false),
  })
  readonly #core: DeskCore
  readonly #log: Logger
  readonly #alive = new WeakSet<WebSocket>()
  readonly #unsubscribe: () => void
  readonly #heartbeat: ReturnType<typeof setInterval>

  constructor(core: DeskCore, log: Logger) {
    this.#core = core
    this.#log = log
    this.#unsubscribe = core.events.subscribe((event, payload) => this.#broadcast(JSON.stringify({ event, payload })))
    this.#heartbeat = setInterval(() => this.#sweep(), heartbeatMs)
    this.#heartbeat.unref()
  }

  get clientCount(): number {
    return this.#server.clients.size
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws))
  }

  async close(): Promise<void> {
    this.#unsubscribe()
    clearInterval(this.#heartbeat)
    for (const client of this.#server.clients) client.close(1001, 'agent stopping')
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(ws: WebSocket): void {
    this.#alive.add(ws)
    ws.on('pong', () => this.#alive.add(ws))
    ws.on('message', (data: Buffer, isBinary) => {
      void this.#answer(ws, isBinary ? undefined : data.toString('utf8'))
    })
    ws.on('error', (error) => this.#log.debug('websocket error', error))
  }

  async #answer(ws: WebSocket, text: string | undefined): Promise<void> {
    const call = parseCall(text)
    if (typeof call === 'string') {
      send(ws, { id: null, result: { ok: false, error: { code: 'invalid-input', message: call, retryable: false } } })
      return
    }
    const result = await this.#core.dispatch(call.method, call.input ?? {})
    send(ws, { id: call.id, result })
  }

  #broadcast(frame: string): void {
    for (const client of this.#server.clients) {
      if (client.readyState === client.OPEN && client.bufferedAmount < maxBufferedBytes) client.send(frame)
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

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
}
