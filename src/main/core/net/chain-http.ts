import type { IncomingHttpHeaders } from 'node:http'
import { errnoCode, parseRetryAfter } from './http-body.ts'
import { exchange } from './http-exchange.ts'
import { HostLimiter } from './host-limiter.ts'

/*
 * HTTP for chain RPCs, explorers and price feeds: every request goes through the host limiter,
 * has a timeout, and is retried with jittered backoff on 429 (honouring Retry-After), 5xx,
 * timeouts and dropped connections. What cannot be had comes back as a FetchFault whose message
 * names the host and the fault in words; URLs in messages carry the host only, never a path or
 * query (an operator's RPC URL often holds an API key).
 */

export type FetchFaultKind = 'timeout' | 'unreachable' | 'http' | 'rate-limited' | 'malformed' | 'too-large' | 'rpc' | 'wrong-chain'

export class FetchFault extends Error {
  override readonly name = 'FetchFault'
  readonly kind: FetchFaultKind
  readonly host: string
  readonly status: number | undefined
  readonly retryAfterMs: number | undefined

  constructor(kind: FetchFaultKind, host: string, message: string, options: { status?: number; retryAfterMs?: number } = {}) {
    super(message)
    this.kind = kind
    this.host = host
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
  }

  /** Whether asking again (here, later) may help; a 4xx or a wrong chain will not fix itself. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unreachable' || this.kind === 'rate-limited' || (this.kind === 'http' && (this.status ?? 0) >= 500)
  }
}

export type RequestOptions = {
  headers?: Record<string, string>
  signal?: AbortSignal
  timeoutMs?: number
  /** Tries in all, first included. */
  attempts?: number
  maxBodyBytes?: number
  /** The JSON-RPC methods the body calls, one entry per call (a batch lists each): the host's per-method limit counts them. */
  rpcMethods?: readonly string[]
}

export type ChainHttpOptions = {
  limiter?: HostLimiter
  timeoutMs?: number
  attempts?: number
  /** First retry waits up to this long (full jitter), doubling each try. */
  backoffBaseMs?: number
  /** A Retry-After longer than this is not waited out here: the caller falls back to another endpoint. */
  maxRetryAfterMs?: number
  random?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  now?: () => number
}

export type HttpAnswer = { status: number; text: string; host: string; headers: IncomingHttpHeaders }

const defaultMaxBodyBytes = 8 * 1024 * 1024

export function hostOf(url: string | URL): string {
  try {
    return new URL(url).host
  } catch {
    return 'an invalid URL'
  }
}

export class ChainHttp {
  readonly limiter: HostLimiter
  readonly #timeoutMs: number
  readonly #attempts: number
  readonly #backoffBaseMs: number
  readonly #maxRetryAfterMs: number
  readonly #random: () => number
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #now: () => number

  constructor(options: ChainHttpOptions = {}) {
    this.limiter = options.limiter ?? new HostLimiter()
    this.#timeoutMs = options.timeoutMs ?? 10_000
    this.#attempts = options.attempts ?? 3
    this.#backoffBaseMs = options.backoffBaseMs ?? 300
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000
    this.#random = options.random ?? Math.random
    this.#sleep = options.sleep ?? sleep
    this.#now = options.now ?? Date.now
  }

  async getJson(url: string, options: RequestOptions = {}): Promise<unknown> {
    return parseJsonAnswer(await this.request(url, { method: 'GET' }, options))
  }

  async postJson(url: string, body: unknown, options: RequestOptions = {}): Promise<unknown> {
    const answer = await this.request(url, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' }, options)
    return parseJsonAnswer(answer)
  }

  /** One request with retries; a 2xx answer comes back whole, anything else throws a FetchFault. */
  async request(url: string, init: { method: string; body?: string; contentType?: string }, options: RequestOptions = {}): Promise<HttpAnswer> {
    const host = hostOf(url)
    const attempts = options.attempts ?? this.#attempts
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limiter.run(host, () => this.#once(url, host, init, options), { signal: options.signal, methods: options.rpcMethods })
      } catch (error) {
        const fault = asFault(error, host, options.timeoutMs ?? this.#timeoutMs)
        if (options.signal?.aborted || !fault.retryable || attempt >= attempts) throw fault
        const retryAfter = fault.retryAfterMs
        if (retryAfter !== undefined && retryAfter > this.#maxRetryAfterMs) throw fault
        if (retryAfter !== undefined) this.limiter.pause(host, this.#now() + retryAfter)
        const backoff = this.#random() * this.#backoffBaseMs * 2 ** (attempt - 1)
        await this.#sleep(Math.max(backoff, retryAfter ?? 0), options.signal)
      }
    }
  }

  async #once(url: string, host: string, init: { method: string; body?: string; contentType?: string }, options: RequestOptions): Promise<HttpAnswer> {
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
    if (init.contentType) headers['content-type'] = init.contentType
    const maxBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
    // A redirect comes back as a fault, never followed: it could carry an API key in the URL to another host.
    const answer = await exchange(url, { method: init.method, headers, signal, maxBodyBytes: maxBytes, ...(init.body === undefined ? {} : { body: init.body }) })
    const { status, text } = answer
    if (text === null) throw new FetchFault('too-large', host, `${host} answered more than ${maxBytes} bytes`)
    if (status >= 200 && status < 300) return { status, text, host, headers: answer.headers }
    throw statusFault(host, status, answer.headers, text, this.#now())
  }
}

function parseJsonAnswer(answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text)
  } catch {
    const type = answer.headers['content-type']?.split(';')[0] ?? 'no content type'
    throw new FetchFault('malformed', answer.host, `${answer.host} answered something that is not JSON (${type}, ${Buffer.byteLength(answer.text)} bytes)`)
  }
}

function statusFault(host: string, status: number, headers: IncomingHttpHeaders, text: string, now: number): FetchFault {
  const detail = errorDetail(text)
  const why = detail === null ? '' : `: ${detail}`
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'] ?? null, now) ?? undefined
    const wait = retryAfterMs === undefined ? '' : ` (it asked for ${Math.ceil(retryAfterMs / 1000)} s)`
    return new FetchFault('rate-limited', host, `${host} asked us to slow down (HTTP 429)${wait}`, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
  }
  if (status >= 300 && status < 400) return new FetchFault('http', host, `${host} redirected the request (HTTP ${status}); use the address it redirects to`, { status })
  if (status === 401 || status === 403) return new FetchFault('http', host, `${host} refused the request (HTTP ${status}): it needs an API key, or a different one`, { status })
  if (status === 404) return new FetchFault('http', host, `${host} has no such path (HTTP 404)${why}`, { status })
  if (status >= 500) return new FetchFault('http', host, `${host} had an internal error (HTTP ${status})${why}`, { status })
  return new FetchFault('http', host, `${host} answered HTTP ${status}${why}`, { status })
}

/** A short, clean error message from a JSON error body (`{message}`, `{error}`, `{error:{message}}`). */
function errorDetail(text: string): string | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof body !== 'object' || body === null) return null
  const record = body as Record<string, unknown>
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>).message : undefined
  const message = [record.message, record.error, nested, record.status].find((v) => typeof v === 'string')
  if (typeof message !== 'string') return null
  const clean = message.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim()
  return clean === '' ? null : clean.slice(0, 160)
}

function asFault(error: unknown, host: string, timeoutMs: number): FetchFault {
  if (error instanceof FetchFault) return error
  if (error instanceof DOMException && error.name === 'TimeoutError') return new FetchFault('timeout', host, `${host} did not answer within ${timeoutMs} ms`)
  if (error instanceof DOMException && error.name === 'AbortError') return new FetchFault('unreachable', host, `stopped waiting for ${host}: the read was cancelled`)
  const code = errnoCode(error)
  switch (code) {
    case 'ECONNREFUSED':
      return new FetchFault('unreachable', host, `${host} refused the connection`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FetchFault('unreachable', host, `${host} did not resolve: no internet, or a misspelt host`)
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE':
      return new FetchFault('unreachable', host, `${host} closed the connection or answered something that is not HTTP`)
    default:
      return new FetchFault('unreachable', host, `${host} could not be reached (${code ?? (error instanceof Error ? error.message : String(error))})`)
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      },
      { once: true },
    )
  })
}
