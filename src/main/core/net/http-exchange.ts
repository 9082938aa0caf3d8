import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http'
import type { Readable } from 'node:stream'

/*
 * One HTTP exchange on node:http/node:https, for every request core makes to the outside (chain
 * RPCs, explorers, price feeds, smart plugs). Not Node's fetch: its undici costs the agent ~10 MiB
 * resident to load and ~15 MiB more on the first exchange (llhttp's WebAssembly, compiled twice),
 * a quarter of the agent; node:http's parser is the native one the agent's own server already
 * uses. What fetch gave us stays: keep-alive sockets, gzip and brotli bodies, a deadline by
 * AbortSignal, and redirects handed back, never followed.
 *
 * The modules come from process.getBuiltinModule, not an ESM import: building the namespace of
 * `import … from 'node:http'` reads every export, and `http.WebSocket`'s getter loads all of undici
 * (nodejs/node#59686). https (with TLS) loads on the first https URL.
 */

export type ExchangeRequest = {
  /** GET unless said. */
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Aborting rejects with the signal's reason (a TimeoutError for AbortSignal.timeout), as fetch did. */
  signal?: AbortSignal
  /** A body larger than this (decoded) is not read: `text` comes back null and the socket is dropped. */
  maxBodyBytes: number
}

export type ExchangeAnswer = { status: number; headers: IncomingHttpHeaders; text: string | null }

type Client = { request: (url: URL, options: RequestOptions) => ClientRequest; agent: Agent }

/** An idle kept-alive socket is closed after this (undici's default too); a server's shorter Keep-Alive hint wins. */
const idleSocketMs = 4_000

const clients = new Map<string, Client>()

function clientFor(protocol: string): Client {
  let client = clients.get(protocol)
  if (client) return client
  const builtin = protocol === 'https:' ? process.getBuiltinModule('node:https') : protocol === 'http:' ? process.getBuiltinModule('node:http') : null
  if (builtin === null) throw new TypeError(`${protocol} is not HTTP`)
  client = { request: builtin.request, agent: new builtin.Agent({ keepAlive: true, timeout: idleSocketMs }) }
  clients.set(protocol, client)
  return client
}

/**
 * Sends one request and reads the whole answer, whatever its status. Rejects on what is below
 * HTTP: the socket's error (`code` ECONNREFUSED, ENOTFOUND, ECONNRESET, HPE_* for a peer that
 * does not speak HTTP) or the signal's reason.
 */
export async function exchange(target: string | URL, request: ExchangeRequest): Promise<ExchangeAnswer> {
  const { signal } = request
  signal?.throwIfAborted()
  const url = new URL(target)
  const client = clientFor(url.protocol)
  const headers: Record<string, string> = { 'user-agent': 'node', 'accept-encoding': 'gzip, br', ...request.headers }
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body))
  const outgoing = client.request(url, { method: request.method ?? 'GET', headers, agent: client.agent })
  const abort = (): void => void outgoing.destroy(signal?.reason instanceof Error ? signal.reason : undefined)
  signal?.addEventListener('abort', abort, { once: true })
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      outgoing.once('response', resolve).on('error', reject)
      outgoing.end(request.body)
    })
    const text = await readText(response, request.maxBodyBytes)
    // The rest of a body too large is never read, so its socket cannot serve another request.
    if (text === null) outgoing.destroy()
    return { status: response.statusCode ?? 0, headers: response.headers, text }
  } catch (error) {
    outgoing.destroy()
    throw signal?.aborted ? signal.reason : error
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

/** The body as UTF-8 text, decoded from gzip or brotli; null once it passes `maxBytes` (decoded, so a small bomb cannot grow past it). */
async function readText(response: IncomingMessage, maxBytes: number): Promise<string | null> {
  if (Number(response.headers['content-length']) > maxBytes) return null
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of decoded(response)) {
    const buffer = chunk as Buffer
    size += buffer.byteLength
    if (size > maxBytes) return null
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function decoded(response: IncomingMessage): Readable {
  const coding = response.headers['content-encoding']?.trim().toLowerCase()
  if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'br') return response
  const zlib = process.getBuiltinModule('node:zlib')
  const decoder = coding === 'br' ? zlib.createBrotliDecompress() : zlib.createGunzip()
  // pipeline destroys both on an error in either, so the loop above sees a reset socket or a corrupt body.
  return process.getBuiltinModule('node:stream').pipeline(response, decoder, () => undefined)
}
