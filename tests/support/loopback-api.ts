import { afterEach } from 'vitest'
import { createServer, type IncomingMessage } from 'node:http'

/*
 * A loopback stand-in for a public API (chain RPC, REST explorer, price feed): an HTTP server on
 * 127.0.0.1 whose route answers documented bodies, error shapes, garbage or silence. JSON-RPC
 * servers are built from a method table with `rpcRoute`, batches included.
 */

/** What one request looks like to a route: method, path with query, headers and the parsed JSON body. */
export type ApiRequest = { method: string; url: URL; headers: IncomingMessage['headers']; body: unknown; at: number }

/** A JSON answer, raw text, or 'hang' (accept and never answer). */
export type ApiAnswer = { status?: number; headers?: Record<string, string>; json: unknown } | { status?: number; headers?: Record<string, string>; raw: string } | 'hang'

export type LoopbackApi = {
  /** e.g. `http://127.0.0.1:43121` */
  url: string
  host: string
  requests: ApiRequest[]
  close(): Promise<void>
}

export type LoopbackOptions = {
  /** Every answer waits this long, like a far-away public endpoint. */
  latencyMs?: number
}

export async function loopbackApi(route: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>, options: LoopbackOptions = {}): Promise<LoopbackApi> {
  const requests: ApiRequest[] = []
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = text === '' ? undefined : JSON.parse(text)
      } catch {
        // A route sees a body that is not JSON as its text.
      }
      const request: ApiRequest = { method: incoming.method ?? 'GET', url: new URL(incoming.url ?? '/', 'http://127.0.0.1'), headers: incoming.headers, body, at: Date.now() }
      requests.push(request)
      void (async () => {
        const answer = await route(request)
        if (answer === 'hang') return
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
        if (response.destroyed) return
        if ('raw' in answer) {
          response.writeHead(answer.status ?? 200, { 'content-type': 'text/html', ...answer.headers }).end(answer.raw)
          return
        }
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.json))
      })()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = address !== null && typeof address === 'object' ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

/** A JSON-RPC method's answer: a result, or a JSON-RPC error object. */
export type RpcReply = { result: unknown } | { error: { code: number; message: string; data?: unknown } }

/**
 * A route serving JSON-RPC 2.0 from a method table, single calls and batches alike; unknown
 * methods get -32601 as a real node answers them.
 */
export function rpcRoute(methods: Record<string, (params: unknown) => RpcReply>): (request: ApiRequest) => ApiAnswer {
  const one = (call: unknown): unknown => {
    const { id, method, params } = (call ?? {}) as { id?: unknown; method?: unknown; params?: unknown }
    const handler = typeof method === 'string' ? methods[method] : undefined
    if (!handler) return { jsonrpc: '2.0', id: id ?? null, error: { code: -32601, message: 'Method not found' } }
    return { jsonrpc: '2.0', id, ...handler(params) }
  }
  return (request) => ({ json: Array.isArray(request.body) ? request.body.map(one) : one(request.body) })
}

/**
 * Loopback servers for one test file: `serve` starts one, and every server in `servers` is
 * closed after each test.
 */
export function servedPerTest(): { serve: typeof loopbackApi; servers: LoopbackApi[] } {
  const servers: LoopbackApi[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()))
  })
  const serve: typeof loopbackApi = async (route, options) => {
    const server = await loopbackApi(route, options)
    servers.push(server)
    return server
  }
  return { serve, servers }
}
