import { isRecord } from '../../../is-record.ts'
import { errnoCode, parseRetryAfter } from '../../../net/http-body.ts'
import { exchange, type ExchangeAnswer } from '../../../net/http-exchange.ts'
import type { PowerReading, PowerSource, PowerSourceError, PowerSourceStatus } from '../power-source.ts'
import type { PlugConfig } from './index.ts'
import type { PlugAddress } from './plug-address.ts'

/*
 * What every smart-plug protocol shares: results as data, one bounded HTTP GET that turns every
 * network fault into a specific message, and a polled PowerSource with backoff between failed
 * polls. Kasa speaks TCP, not HTTP, and still uses the result types and the polled source.
 */

/** A value, or why there is none. `retryAfterMs` is the device asking us to wait (429 Retry-After). */
export type PlugResult<T> = { ok: true; value: T } | PlugFailure
export type PlugFailure = { ok: false; error: PowerSourceError; retryAfterMs?: number }

/** One figure from a plug. Null watts: the device answered but has no figure this time. */
export type PlugMeasurement = { watts: number | null; energyJoules?: number }

export function ok<T>(value: T): PlugResult<T> {
  return { ok: true, value }
}

export function fault(message: string, fix?: string): PlugFailure {
  return { ok: false, error: fix === undefined ? { kind: 'failed', message } : { kind: 'failed', message, fix } }
}

/** A JSON number that is a real figure; devices send null, strings and NaN-like garbage too. */
export function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** `http://host:port/path`, with IPv6 literals in brackets. */
export function plugUrl(address: PlugAddress, pathAndQuery: string): URL {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host
  return new URL(`http://${host}:${address.port}${pathAndQuery}`)
}

/**
 * The source id and deviceId of a configured plug: the id settings gave it (e.g. `plug:rig`), or
 * else protocol, normalised address and channel or entity, e.g. `shelly-gen2:192.168.1.20:80#0`.
 */
export function plugSourceId(kind: string, config: Pick<PlugConfig, 'id' | 'address' | 'channel' | 'entityId'>): string {
  return config.id ?? `${kind}:${config.address.address}#${config.entityId ?? String(config.channel)}`
}

/** A plug status is a few KiB; anything far larger is not a plug, and is not read into memory. */
const maxBodyBytes = 64 * 1024

export type PlugHttpRequest = {
  /** The subject of every message, e.g. "Shelly Gen2+ at 192.168.1.20:80". */
  subject: string
  url: URL
  timeoutMs: number
  headers?: Record<string, string>
  /** Aborted when the source is disposed. */
  signal?: AbortSignal
  /** What the operator can do about a 401/403 on this kind of plug. */
  authFix?: string
  /** Protocol wording for a status it knows better (Home Assistant's 404 for an unknown entity). */
  describeStatus?: (status: number, detail: string | null) => PlugFailure | undefined
}

/**
 * GET a JSON body. Never throws: timeouts, refused connections, redirects, 4xx/5xx, oversized and
 * non-JSON bodies all come back as a failed result whose message names the plug and the fault.
 * Messages carry the path only, never the query (Tasmota's password rides in it) nor headers.
 */
export async function getPlugJson(request: PlugHttpRequest): Promise<PlugResult<unknown>> {
  const timeout = AbortSignal.timeout(request.timeoutMs)
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout
  try {
    // A redirect comes back as a fault, never followed: a plug never redirects, and following one could carry a token off the LAN.
    const answer = await exchange(request.url, { headers: { accept: 'application/json', ...request.headers }, signal, maxBodyBytes })
    const { text } = answer
    if (text === null) return fault(`${request.subject} answered more than ${maxBodyBytes} bytes: not a plug status`)
    if (answer.status < 200 || answer.status > 299) return statusFault(request, answer, text)
    try {
      return ok(JSON.parse(text))
    } catch {
      const type = answer.headers['content-type']?.split(';')[0] ?? 'no content type'
      return fault(`${request.subject} answered something that is not JSON (${type}, ${Buffer.byteLength(text)} bytes)`)
    }
  } catch (error) {
    return fault(`${request.subject} ${networkProblem(error, request)}`)
  }
}

/** Auth failures will not fix themselves before the settings change, so they are not retried every tick. */
export const authRetryMs = 5 * 60_000

function statusFault(request: PlugHttpRequest, answer: ExchangeAnswer, text: string): PlugFailure {
  const { status } = answer
  const detail = errorDetail(text)
  const known = request.describeStatus?.(status, detail)
  if (known) return known
  const subject = request.subject
  const why = detail === null ? '' : `: ${detail}`
  if (status >= 300 && status < 400) {
    return fault(`${subject} redirected the request (HTTP ${status})`, 'Enter the address the device redirects to, or its IP address.')
  }
  if (status === 401 || status === 403) {
    return { ...fault(`${subject} refused the request (HTTP ${status}): this plug has a password`, request.authFix), retryAfterMs: authRetryMs }
  }
  if (status === 404) return fault(`${subject} has no ${request.url.pathname} (HTTP 404)${why}: is it the right kind of plug?`)
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'] ?? null, Date.now())
    const wait = retryAfterMs === null ? '' : `; waiting ${Math.ceil(retryAfterMs / 1000)} s as it asked`
    return { ...fault(`${subject} asked us to slow down (HTTP 429)${wait}`), ...(retryAfterMs === null ? {} : { retryAfterMs }) }
  }
  if (status >= 500) return fault(`${subject} had an internal error (HTTP ${status})${why}`)
  return fault(`${subject} answered HTTP ${status}${why}`)
}

/** The `message` of a JSON error body (Shelly Gen2 `{code, message}`, Home Assistant `{message}`), cleaned and short. */
function errorDetail(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text)
    if (!isRecord(body) || typeof body.message !== 'string') return null
    const clean = body.message.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim()
    return clean === '' ? null : clean.slice(0, 160)
  } catch {
    return null
  }
}

/** What went wrong below HTTP, in the operator's words. */
export function networkProblem(error: unknown, request: { timeoutMs: number; url?: URL }): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `did not answer within ${request.timeoutMs} ms`
  if (error instanceof DOMException && error.name === 'AbortError') return 'stopped waiting: the source was disposed'
  const code = errnoCode(error)
  const port = request.url?.port ?? ''
  switch (code) {
    case 'ECONNREFUSED':
      return `refused the connection${port ? ` on port ${port}` : ''}: wrong port, or not this kind of plug`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'has a name that did not resolve: check the spelling, or use its IP address'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'is not reachable from this machine (no route to it)'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE':
      return 'closed the connection or answered something that is not HTTP'
    default:
      return `could not be read (${code ?? (error instanceof Error ? error.message : String(error))})`
  }
}

const firstBackoffMs = 1000
const maxBackoffMs = 60_000
const maxRetryAfterMs = 10 * 60_000

/**
 * Consecutive failures wait 1, 2, 4 … up to 60 s before the next try, so a dead plug costs one
 * attempt a minute, not one a tick. A device's Retry-After is honoured, up to 10 minutes (a
 * hostile value must not silence a plug for good).
 */
export class PollBackoff {
  #failures = 0
  #notBefore = 0

  blocked(now: number): boolean {
    return now < this.#notBefore
  }

  /** Records a failure at `now`; returns the wait before the next try. */
  failed(now: number, retryAfterMs?: number): number {
    this.#failures++
    const backoffMs = Math.min(firstBackoffMs * 2 ** (this.#failures - 1), maxBackoffMs)
    const waitMs = Math.max(backoffMs, Math.min(retryAfterMs ?? 0, maxRetryAfterMs))
    this.#notBefore = now + waitMs
    return waitMs
  }

  succeeded(): void {
    this.#failures = 0
    this.#notBefore = 0
  }
}

export type PlugSourceSpec = {
  /** Unique per configured plug, e.g. `shelly-gen2:192.168.1.20:80#0`; also the readings' deviceId. */
  id: string
  /** The protocol module, e.g. 'shelly-gen2'. */
  source: string
  label: string
  /** One poll; must not throw, but a throw is caught and reported too. */
  poll: (signal: AbortSignal) => Promise<PlugResult<PlugMeasurement>>
  /** Removed from every message before it leaves the source (a hostile device may echo it). */
  secret?: string
  now?: () => number
}

/** The source each protocol's `create` makes: named for its kind and the configured plug. */
export function pollPlug(kind: string, config: PlugConfig, poll: PlugSourceSpec['poll']): PlugPollSource {
  return new PlugPollSource({ id: plugSourceId(kind, config), source: kind, label: config.label, secret: config.secret, now: config.now, poll })
}

/** A plug as a PowerSource: one poll per read, skipped while backing off, never two at once. */
export class PlugPollSource implements PowerSource {
  readonly id: string
  readonly #spec: PlugSourceSpec
  readonly #now: () => number
  readonly #backoff = new PollBackoff()
  readonly #stop = new AbortController()
  #inFlight: Promise<PowerSourceStatus> | null = null
  #lastError: PowerSourceError | null = null
  #lastSuccessAt: number | null = null

  constructor(spec: PlugSourceSpec) {
    this.id = spec.id
    this.#spec = spec
    this.#now = spec.now ?? Date.now
  }

  read(): Promise<PowerSourceStatus> {
    // A slow plug and a fast tick must not stack requests on the device.
    this.#inFlight ??= this.#poll().finally(() => {
      this.#inFlight = null
    })
    return this.#inFlight
  }

  dispose(): Promise<void> {
    this.#stop.abort()
    return Promise.resolve()
  }

  async #poll(): Promise<PowerSourceStatus> {
    const startedAt = this.#now()
    if (this.#stop.signal.aborted) return this.#status(startedAt, [], { kind: 'failed', message: `${this.#spec.label}: source stopped` })
    if (this.#lastError && this.#backoff.blocked(startedAt)) return this.#status(startedAt, [], this.#lastError)
    const result = await this.#spec.poll(this.#stop.signal).catch((error: unknown) =>
      fault(`${this.#spec.label}: unexpected error: ${error instanceof Error ? error.message : String(error)}`),
    )
    const at = this.#now()
    if (!result.ok) {
      this.#lastError = redact(result.error, this.#spec.secret)
      this.#backoff.failed(at, result.retryAfterMs)
      return this.#status(startedAt, [], this.#lastError)
    }
    this.#lastError = null
    this.#lastSuccessAt = at
    this.#backoff.succeeded()
    return this.#status(startedAt, [this.#reading(result.value, at)], null)
  }

  #reading(measurement: PlugMeasurement, at: number): PowerReading {
    const reading: PowerReading = {
      deviceId: this.id,
      label: this.#spec.label,
      scope: 'wall',
      watts: measurement.watts,
      kind: 'measured',
      source: this.#spec.source,
      at,
    }
    return measurement.energyJoules === undefined ? reading : { ...reading, energyJoules: measurement.energyJoules }
  }

  #status(startedAt: number, readings: PowerReading[], error: PowerSourceError | null): PowerSourceStatus {
    return { source: this.id, readings, error, lastSuccessAt: this.#lastSuccessAt, durationMs: this.#now() - startedAt }
  }
}

export function redact(error: PowerSourceError, secret: string | undefined): PowerSourceError {
  if (!secret) return error
  const hide = (text: string): string => text.replaceAll(secret, '[secret]')
  return error.fix === undefined ? { ...error, message: hide(error.message) } : { ...error, message: hide(error.message), fix: hide(error.fix) }
}
