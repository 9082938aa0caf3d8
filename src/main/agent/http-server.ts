import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { httpStatusOf, type DeskErrorCode, type Envelope } from '../../shared/contract/result.ts'
import type { DeskCore } from '../core/app.ts'
import { contentSecurityPolicyHeader } from '../content-security-policy.ts'
import { contentTypeOf, resolveAsset } from '../static-assets.ts'
import { apiListing } from './api-listing.ts'
import type { MetricsEndpoint } from './metrics/metrics-endpoint.ts'
import { checkRequest, presentedToken, type GuardPolicy, type GuardVerdict } from './request-guard.ts'

// Not `import { createServer } from 'node:http'`: that ESM import loads Node's undici (~10 MiB; see core/net/http-exchange.ts).
const { createServer } = process.getBuiltinModule('node:http')

export type AgentServerOptions = {
  core: DeskCore
  policy: GuardPolicy
  /** The built renderer (out/renderer). */
  uiRoot: string
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
  limits?: Partial<ServerLimits>
  /** GET /metrics in Prometheus' text format, under the same token rule as /api; absent: no /metrics. */
  metrics?: Pick<MetricsEndpoint, 'scrape'>
}

export type ServerLimits = {
  /** Open TCP connections (WebSockets included) past which each request is answered 503 with Retry-After. */
  maxConnections: number
  /** Sockets past which Node closes a new connection unanswered: the over-cap ones must not exhaust descriptors either. */
  hardMaxConnections: number
  /** From the connection (or the end of the last request) to the end of the request headers. */
  headersTimeoutMs: number
  /** From the connection to the end of the request body: a slow sender cannot hold a socket for ever. */
  requestTimeoutMs: number
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number
  /** How often Node looks for requests past the two timeouts above; its default (30 s) would stretch them. */
  connectionsCheckingIntervalMs: number
}

export const defaultServerLimits: ServerLimits = {
  maxConnections: 128,
  hardMaxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  connectionsCheckingIntervalMs: 1_000,
}

const maxBodyBytes = 1024 * 1024
const retryAfterSeconds = 5

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** The agent's HTTP face: health, the contract as POST /api/<method>, /metrics, and the UI. */
export function createAgentServer(options: AgentServerOptions): Server {
  const limits = { ...defaultServerLimits, ...options.limits }
  const overCap = new WeakSet<Socket>()
  let open = 0
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.connectionsCheckingIntervalMs,
    },
    (request, response) => {
      if (overCap.has(request.socket)) return sendBusy(response)
      route(options, request, response).catch(() => {
        if (!response.headersSent) sendJson(response, 500, errorEnvelope('internal', 'Internal error.'))
        else response.destroy()
      })
    },
  )
  server.maxConnections = limits.hardMaxConnections
  server.on('connection', (socket: Socket) => {
    open += 1
    if (open > limits.maxConnections) overCap.add(socket)
    socket.once('close', () => (open -= 1))
  })
  server.on('upgrade', (request, socket, head) => {
    if (overCap.has(request.socket)) return void socket.end(rawBusyResponse)
    const verdict = guard(options.policy, request)
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`)
      return
    }
    const pathname = pathnameOf(request.url)
    if (pathname !== '/ws') {
      socket.end(`HTTP/1.1 ${pathname === undefined ? '400 Bad Request' : '404 Not Found'}\r\nConnection: close\r\n\r\n`)
      return
    }
    options.onUpgrade(request, socket, head)
  })
  return server
}

const rawBusyResponse = `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${retryAfterSeconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`

/** The path of a request target, or undefined when it is not one a URL parser accepts. */
function pathnameOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://agent').pathname
  } catch {
    return undefined
  }
}

export function guard(policy: GuardPolicy, request: IncomingMessage): GuardVerdict {
  return checkRequest(policy, {
    host: request.headers.host,
    origin: request.headers.origin,
    token: presentedToken(request.headers.authorization, request.headers['sec-websocket-protocol']),
  })
}

async function route(options: AgentServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const pathname = pathnameOf(request.url)
  const method = request.method ?? 'GET'
  if (pathname === undefined) return sendJson(response, 400, errorEnvelope('invalid-input', 'request target is not a valid URL path'))
  if (pathname === '/healthz') {
    if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD')
    const { info } = options.core
    return sendJson(response, 200, {
      status: 'ok',
      version: info.version,
      uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000),
    })
  }
  if (pathname === '/metrics' && options.metrics !== undefined) {
    const verdict = guard(options.policy, request)
    if (!verdict.ok) return sendRefusal(response, verdict)
    if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD')
    const { contentType, body } = await options.metrics.scrape()
    response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...securityHeaders })
    response.end(method === 'HEAD' ? undefined : body)
    return
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    const verdict = guard(options.policy, request)
    if (!verdict.ok) {
      const code = verdict.status === 401 ? 'unauthorized' : 'forbidden'
      return sendJson(response, verdict.status, errorEnvelope(code, verdict.message))
    }
    if (pathname === '/api') {
      if (method !== 'GET') return sendMethodNotAllowed(response, 'GET')
      return sendJson(response, 200, apiListing())
    }
    if (method !== 'POST') return sendMethodNotAllowed(response, 'POST')
    const name = decodedOrUndefined(pathname.slice('/api/'.length))
    if (name === undefined) return sendJson(response, 400, errorEnvelope('invalid-input', 'method name is not valid percent-encoding'))
    return callMethod(options, name, request, response)
  }
  if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD')
  return sendAsset(options.uiRoot, pathname, method === 'HEAD', response)
}

function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

async function callMethod(
  options: AgentServerOptions,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // Requiring JSON makes a cross-site form post impossible: browsers preflight it, and we answer no preflight.
  const type = request.headers['content-type'] ?? ''
  const body = await readBody(request)
  if (body === 'too-large') return sendJson(response, 413, errorEnvelope('invalid-input', `body over ${maxBodyBytes} bytes`))
  if (body.length > 0 && !/^application\/json\b/i.test(type)) {
    return sendJson(response, 415, errorEnvelope('invalid-input', 'Content-Type must be application/json'))
  }
  let payload: unknown = {}
  if (body.length > 0) {
    try {
      payload = JSON.parse(body.toString('utf8'))
    } catch {
      return sendJson(response, 400, errorEnvelope('invalid-input', 'body is not valid JSON'))
    }
  }
  const result = await options.core.dispatch(name, payload)
  sendJson(response, result.ok ? 200 : httpStatusOf[result.error.code], result)
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBodyBytes) {
        resolve('too-large')
        request.resume()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

function sendAsset(root: string, pathname: string, headOnly: boolean, response: ServerResponse): void {
  const file = resolveAsset(root, pathname)
  const size = file === undefined ? undefined : fileSize(file)
  if (file === undefined || size === undefined) {
    const index = resolveAsset(root, '/')
    const missingUi = index === undefined || fileSize(index) === undefined
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders })
    response.end(missingUi ? 'The UI is not built: run `npm run build` first.\n' : 'Not found\n')
    return
  }
  response.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': size,
    'Content-Security-Policy': contentSecurityPolicyHeader,
    // Vite names assets by content hash, so they never change; index.html always may.
    'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...securityHeaders,
  })
  if (headOnly) response.end()
  else createReadStream(file).pipe(response)
}

function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path)
    return stat.isFile() ? stat.size : undefined
  } catch {
    return undefined
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...securityHeaders,
  })
  response.end(text)
}

/** Over the connection cap: come back later, on a new connection. */
function sendBusy(response: ServerResponse): void {
  response.setHeader('Retry-After', String(retryAfterSeconds))
  response.setHeader('Connection', 'close')
  sendJson(response, 503, { ok: false, error: { code: 'rate-limited', message: 'too many open connections; retry later', retryable: true } })
}

/** A scraper reads the status and a line of text; a 401 names the scheme it wants (RFC 6750). */
function sendRefusal(response: ServerResponse, verdict: Extract<GuardVerdict, { ok: false }>): void {
  const text = `${verdict.message}\n`
  response.writeHead(verdict.status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(verdict.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="depin-desk"' } : {}),
    ...securityHeaders,
  })
  response.end(text)
}

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow)
  sendJson(response, 405, errorEnvelope('invalid-input', `method not allowed; use ${allow}`))
}

function errorEnvelope(code: DeskErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message, retryable: false } }
}
