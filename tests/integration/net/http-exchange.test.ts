import { execFile } from 'node:child_process'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'
import { promisify } from 'node:util'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { fault } from '../../support/fault.ts'
import { ChainHttp } from '../../../src/main/core/net/chain-http.ts'
import { exchange } from '../../../src/main/core/net/http-exchange.ts'

/*
 * The request layer under ChainHttp and the plugs, on node:http: what fetch did for us (keep-alive,
 * compressed bodies, cancellation) must still happen, and Node's undici must never load.
 */

type Seen = { headers: IncomingHttpHeaders; socket: number }

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done)).then(() => server.closeAllConnections())))
})

async function serve(answer: (response: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = []
  const sockets = new Map<object, number>()
  const server = createServer((request, response) => {
    if (!sockets.has(request.socket)) sockets.set(request.socket, sockets.size)
    seen.push({ headers: request.headers, socket: sockets.get(request.socket) ?? -1 })
    request.resume().on('end', () => answer(response))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen }
}

const json = JSON.stringify({ balance: '12345', pad: 'x'.repeat(4000) })

describe('exchange', () => {
  it('asks for gzip or brotli and reads either back as text', async () => {
    for (const [coding, body] of [
      ['gzip', gzipSync(json)],
      ['br', brotliCompressSync(json)],
    ] as const) {
      const server = await serve((response) => response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(body))
      const answer = await exchange(server.url, { maxBodyBytes: 64 * 1024 })
      expect(answer).toMatchObject({ status: 200, text: json })
      expect(server.seen[0]?.headers['accept-encoding']).toBe('gzip, br')
    }
  })

  it('counts the decoded bytes against the limit: a small compressed bomb is not read', async () => {
    const bomb = gzipSync('0'.repeat(10 * 1024 * 1024))
    const server = await serve((response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb))
    expect(bomb.byteLength).toBeLessThan(64 * 1024)
    expect((await exchange(server.url, { maxBodyBytes: 64 * 1024 })).text).toBeNull()
  })

  it('keeps the connection for the next request to the same host', async () => {
    const server = await serve((response) => response.end('{}'))
    await exchange(server.url, { maxBodyBytes: 1024 })
    await exchange(server.url, { method: 'POST', body: '{"a":1}', maxBodyBytes: 1024 })
    expect(server.seen.map((request) => request.socket)).toEqual([0, 0])
    expect(server.seen[1]?.headers['content-length']).toBe('7')
  })

  it('rejects with the signal’s reason, before and during the exchange', async () => {
    const server = await serve(() => undefined)
    const cancelled = new AbortController()
    cancelled.abort()
    await expect(exchange(server.url, { signal: cancelled.signal, maxBodyBytes: 1024 })).rejects.toMatchObject({ name: 'AbortError' })
    await expect(exchange(server.url, { signal: AbortSignal.timeout(50), maxBodyBytes: 1024 })).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  it('names a peer that does not speak HTTP', async () => {
    const sockets = new Set<Socket>()
    const tcp = createTcpServer((socket) => {
      sockets.add(socket)
      socket.end('SSH-2.0-OpenSSH_9.6\r\n')
    })
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
    const host = `127.0.0.1:${(tcp.address() as AddressInfo).port}`
    const error = await fault(new ChainHttp({ attempts: 1 }).getJson(`http://${host}/`))
    for (const socket of sockets) socket.destroy()
    await new Promise((done) => tcp.close(done))
    expect(error).toMatchObject({ kind: 'unreachable', message: `${host} closed the connection or answered something that is not HTTP` })
  })

  it('never loads Node’s undici (~25 MiB resident with its WebAssembly parser)', async () => {
    const server = await serve((response) => response.end('{"ok":true}'))
    const script = `
      const { exchange } = await import(${JSON.stringify(new URL('../../../src/main/core/net/http-exchange.ts', import.meta.url).href)})
      const answer = await exchange(${JSON.stringify(server.url)}, { maxBodyBytes: 1024 })
      console.log(JSON.stringify({ text: answer.text, undici: process.moduleLoadList.some((name) => name.includes('undici')) }))`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 })
    expect(JSON.parse(stdout)).toEqual({ text: '{"ok":true}', undici: false })
  })
})
