import type { Server } from 'node:http'
import { request } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { createAgentServer, defaultServerLimits, type ServerLimits } from '../../../src/main/agent/http-server.ts'
import { WsTransport, type WsLimits } from '../../../src/main/agent/ws-transport.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { openRawWebSocket, readTextFrames } from './support/raw-websocket.ts'

type Served = { core: DeskCore; server: Server; port: number }

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of running.splice(0)) await stop()
})

/** The agent's server and WebSocket transport on loopback, with the limits a test wants. */
async function serve(limits: Partial<ServerLimits> = {}, wsLimits: Partial<WsLimits> = {}): Promise<Served> {
  const core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, sampleIntervalMs: 60_000 })
  const ws = new WsTransport(core, silentLogger, wsLimits)
  const server = createAgentServer({
    core,
    policy: { requiredToken: undefined, loopbackOnly: true },
    uiRoot: tmpdir(),
    onUpgrade: (req, socket, head) => ws.handleUpgrade(req, socket, head),
    limits,
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  running.push(async () => {
    await ws.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { core, server, port: (server.address() as AddressInfo).port }
}

function get(port: number, path: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function idleSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  return socket
}

/** Everything the server sends on `socket` until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let seen = ''
  socket.on('data', (chunk: Buffer) => (seen += chunk.toString()))
  return new Promise((resolve) => socket.once('close', () => resolve(seen)))
}

async function opens(port: number): Promise<boolean> {
  try {
    ;(await openRawWebSocket(port)).destroy()
    return true
  } catch {
    return false
  }
}

describe('agent server limits', () => {
  it('sets its own timeouts and a hard connection ceiling', async () => {
    const { server } = await serve()
    expect(server.headersTimeout).toBe(defaultServerLimits.headersTimeoutMs)
    expect(server.requestTimeout).toBe(defaultServerLimits.requestTimeoutMs)
    expect(server.keepAliveTimeout).toBe(defaultServerLimits.keepAliveTimeoutMs)
    expect(server.maxConnections).toBe(defaultServerLimits.hardMaxConnections)
  })

  it('answers 503 with Retry-After past the connection cap, and serves again once sockets close', async () => {
    const { port } = await serve({ maxConnections: 2 })
    const held = [await idleSocket(port), await idleSocket(port)]
    const refused = await get(port, '/healthz')
    expect(refused.status).toBe(503)
    expect(refused.retryAfter).toBe('5')
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'rate-limited', retryable: true } })
    for (const socket of held) socket.destroy()
    await expect.poll(async () => (await get(port, '/healthz')).status).toBe(200)
  })

  it('refuses a WebSocket past its cap with 503, and takes one again once a client leaves', async () => {
    const { port } = await serve({}, { maxClients: 1 })
    const first = await openRawWebSocket(port)
    await expect(openRawWebSocket(port)).rejects.toThrow('handshake refused: HTTP/1.1 503 Service Unavailable')
    first.destroy()
    await expect.poll(() => opens(port)).toBe(true)
  })

  it('closes a connection whose headers never finish with 408', async () => {
    const { port } = await serve({ headersTimeoutMs: 200, requestTimeoutMs: 400, connectionsCheckingIntervalMs: 50 })
    const slow = await idleSocket(port)
    const closed = untilClosed(slow)
    slow.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    expect(await closed).toMatch(/^HTTP\/1\.1 408 /)
  })

  it('closes a connection that never sends a byte', async () => {
    const { port } = await serve({ headersTimeoutMs: 200, requestTimeoutMs: 400, connectionsCheckingIntervalMs: 50 })
    const silent = await idleSocket(port)
    await untilClosed(silent)
    expect(silent.destroyed).toBe(true)
  })

  it('coalesces events for a client that does not read: the newest state arrives, the backlog does not', async () => {
    const { core, port } = await serve({}, { maxBufferedBytes: 64 * 1024 })
    const client = await openRawWebSocket(port)
    const emitted = 300_000
    // Enough frames to fill the kernel's buffers on both sides while the client is not reading.
    for (let i = 1; i <= emitted; i += 1) core.events.emit('monitoring.changed', { paused: false, sampleIntervalMs: i })
    const received: number[] = []
    let pending: Buffer = Buffer.alloc(0)
    client.on('data', (chunk: Buffer) => {
      const { texts, rest } = readTextFrames(Buffer.concat([pending, chunk]))
      pending = rest
      for (const text of texts) received.push((JSON.parse(text) as { payload: { sampleIntervalMs: number } }).payload.sampleIntervalMs)
    })
    client.resume()
    await expect.poll(() => received.at(-1), { timeout: 10_000 }).toBe(emitted)
    expect(received.length).toBeLessThan(emitted)
    client.destroy()
  })
})
