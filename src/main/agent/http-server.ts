import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { httpStatusOf, type DeskErrorCode, type Envelope } from '../../shared/contract/result.ts'
import type { DeskCore } from '../core/app.ts'
import { contentSecurityPolicyHeader } from '../content-security-policy.ts'
import { contentTypeOf, resolveAsset } from '../static-assets.ts'
import { apiListing } from './api-listing.ts'
import { checkRequest, presentedToken, type GuardPolicy, type GuardVerdict } from './request-guard.ts'

export type AgentServerOptions = {
  core: DeskCore
  policy: GuardPolicy
  /** The built renderer (out/renderer). */
  uiRoot: string
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void
}

const maxBodyBytes = 1024 * 1024

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** The agent's HTTP face: health, the contract as POST /api/<method>, and the UI. */
export function createAgentServer(options: AgentServerOptions): Server {
  const server = createServer((request, response) => {
    route(options, request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, errorEnvelope('internal', 'Internal error.'))
      else response.destroy()
    })
  })
  server.on('upgrade', (request, socket, head) => {
    const verdict = guard(options.policy, request)
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`)
      return
    }
    if (new URL(request.url ?? '/', 'http://agent').pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    options.onUpgrade(request, socket, head)
  })
  return server
}

export function guard(policy: GuardPolicy, request: IncomingMessage): GuardVerdict {
  return checkRequest(policy, {
    host: request.headers.host,
    origin: request.headers.origin,
    token: presentedToken(request.headers.authorization, request.headers['sec-websocket-protocol']),
  })
}

async function route(options: AgentServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://agent')
  const method = request.method ?? 'GET'
  if (pathname === '/healthz') {
    if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD')
    const { info } = options.core
    return sendJson(response, 200, {
      status: 'ok',
      version: info.version,
      uptimeSeconds: Math.round((Date.now() - info.startedAt) / 1000),
    })
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
    return callMethod(options, decodeURIComponent(pathname.slice('/api/'.length)), request, response)
  }
  if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD')
  return sendAsset(options.uiRoot, pathname, method === 'HEAD', response)
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

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow)
  sendJson(response, 405, errorEnvelope('invalid-input', `method not allowed; use ${allow}`))
}

function errorEnvelope(code: DeskErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message, retryable: false } }
}
