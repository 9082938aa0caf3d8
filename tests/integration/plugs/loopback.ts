import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { createServer as createTcpServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { parsePlugAddress, type PlugAddress } from '../../../src/main/core/hardware/power/plugs/plug-address.ts'

/*
 * Loopback stand-ins for smart plugs: an HTTP server on 127.0.0.1 that answers documented bodies
 * from tests/fixtures/plugs, and a TCP server speaking the Kasa legacy protocol (length-prefixed,
 * autokey XOR from 171), written here from the protocol description rather than taken from the
 * library under test, so the test checks the wire format and not the library against itself.
 */

const fixtureDir = join(import.meta.dirname, '../../fixtures/plugs')

/** A documented response: status, headers and body (JSON, or text when a string). */
export type Fixture = { status: number; headers?: Record<string, string>; body: unknown }

/** A fixture file without its `_source` and `_note` citations. */
export function fixture(name: string): Fixture {
  const { status, headers, body } = JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8')) as Fixture
  return headers === undefined ? { status, body } : { status, headers, body }
}

/** A Kasa device recording: { module: { method: answer } }, citations removed. */
export function kasaFixture(name: string): Record<string, Record<string, unknown>> {
  const recording = JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8')) as Record<string, Record<string, unknown>>
  return Object.fromEntries(Object.entries(recording).filter(([key]) => !key.startsWith('_')))
}

/** What a route answers: a fixture, raw bytes, or 'hang' (accept and never answer). */
export type Answer = Fixture | { raw: string; status?: number; headers?: Record<string, string> } | 'hang'

export type SeenRequest = { url: string; headers: IncomingMessage['headers'] }

export type LoopbackPlug = { address: PlugAddress; requests: SeenRequest[]; close: () => Promise<void> }

export async function httpPlug(route: (request: IncomingMessage) => Answer): Promise<LoopbackPlug> {
  const requests: SeenRequest[] = []
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers })
    const answer = route(request)
    if (answer === 'hang') return
    if ('raw' in answer) {
      response.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'text/html' }).end(answer.raw)
      return
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json'
    response.writeHead(answer.status, { 'content-type': type, ...answer.headers }).end(text)
  })
  return listen(server, requests)
}

function listen(server: ReturnType<typeof createServer> | ReturnType<typeof createTcpServer>, requests: SeenRequest[]): Promise<LoopbackPlug> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const info = server.address()
      const parsed = parsePlugAddress(`127.0.0.1:${info !== null && typeof info === 'object' ? info.port : 0}`, 80)
      if (!parsed.ok) {
        reject(new Error(parsed.message))
        return
      }
      resolve({
        address: parsed.value,
        requests,
        close: () =>
          new Promise((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

export function kasaEncrypt(text: string): Buffer {
  const plain = Buffer.from(text, 'utf8')
  const frame = Buffer.alloc(plain.length + 4)
  frame.writeUInt32BE(plain.length, 0)
  let key = 171
  for (let i = 0; i < plain.length; i++) {
    key = key ^ (plain[i] ?? 0)
    frame[i + 4] = key
  }
  return frame
}

export function kasaDecrypt(payload: Buffer): string {
  const plain = Buffer.alloc(payload.length)
  let key = 171
  for (let i = 0; i < payload.length; i++) {
    const byte = payload[i] ?? 0
    plain[i] = key ^ byte
    key = byte
  }
  return plain.toString('utf8')
}

/** What the Kasa server does with one request: answer from the recording, hang, or send raw bytes. */
export type KasaBehaviour = 'answer' | 'hang' | { raw: Buffer }

export type LoopbackKasa = LoopbackPlug & { received: unknown[] }

/** A Kasa plug on 127.0.0.1: each request {module:{method:{}}} is answered {module:{method:<recording>}}. */
export async function kasaPlug(
  device: Record<string, Record<string, unknown>>,
  behaviour: (request: unknown) => KasaBehaviour = () => 'answer',
): Promise<LoopbackKasa> {
  const received: unknown[] = []
  const sockets = new Set<Socket>()
  const server = createTcpServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffer = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      if (buffer.length < 4 || buffer.length - 4 < buffer.readUInt32BE(0)) return
      const request: unknown = JSON.parse(kasaDecrypt(buffer.subarray(4, 4 + buffer.readUInt32BE(0))))
      buffer = Buffer.alloc(0)
      received.push(request)
      const what = behaviour(request)
      if (what === 'hang') return
      socket.end(what === 'answer' ? kasaEncrypt(JSON.stringify(answerFrom(device, request))) : what.raw)
    })
  })
  const plug = await listen(server, [])
  return {
    ...plug,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await plug.close()
    },
  }
}

function answerFrom(device: Record<string, Record<string, unknown>>, request: unknown): Record<string, unknown> {
  const answer: Record<string, unknown> = {}
  for (const [module, methods] of Object.entries(request as Record<string, Record<string, unknown>>)) {
    if (module === 'context') continue
    const known = device[module]
    answer[module] = Object.fromEntries(
      Object.keys(methods).map((method) => [method, known?.[method] ?? { err_code: -1, err_msg: 'module not support' }]),
    )
  }
  return answer
}
