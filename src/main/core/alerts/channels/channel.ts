import type { AlertSeverity } from '../../../../shared/contract/alerts.ts'
import { errnoCode, parseRetryAfter } from '../../net/http-body.ts'
import { exchange, type ExchangeAnswer, type ExchangeRequest } from '../../net/http-exchange.ts'

/*
 * What every push channel shares: the words to send (a PushMessage, built in message.ts), one
 * POST through the project's HTTP exchange, and its outcome as data. A channel module only builds
 * its documented request and reads its documented answer. Messages name the service's host,
 * never the URL: a topic URL, a bot token and a webhook URL are all secrets.
 */

/** One push, whatever the service: a single alert, a summary of several, or a test. */
export type PushMessage = {
  kind: 'alert' | 'summary' | 'test'
  severity: AlertSeverity
  /** One line. */
  title: string
  /** Plain text, lines separated by \n. */
  body: string
  /** An http(s) page that shows the evidence, or null. */
  link: string | null
  /** Short labels (the rule id, the network) a service may show as tags. */
  tags: string[]
  /** The alerts behind it, for services that take structured fields (the generic webhook). */
  alerts: readonly PushAlertFields[]
}

/** An alert's fields as the generic webhook sends them. */
export type PushAlertFields = {
  id: number
  rule: string
  severity: AlertSeverity
  state: 'open' | 'resolved'
  title: string
  message: string
  network: string | null
  walletId: string | null
  host: string | null
  figure: string
  threshold: string
  link: string | null
  since: number
  openedAt: number
  resolvedAt: number | null
}

/** Sent, or why not. `retry`: whether trying again later may help (429, 5xx, a timeout) or not (401, 404, 400). */
export type SendOutcome = { ok: true } | { ok: false; problem: string; retry: boolean; retryAfterMs?: number }

/** The HTTP exchange, injectable for tests; the default is core's node:http exchange. */
export type HttpSend = (url: URL, request: ExchangeRequest) => Promise<ExchangeAnswer>

export type SendContext = { http: HttpSend; signal?: AbortSignal; timeoutMs: number; now: number }

export const defaultHttp: HttpSend = exchange

/** A service's answer is a few KiB at most; anything larger is not read. */
const maxAnswerBytes = 64 * 1024

export type ServiceRequest = {
  /** "ntfy at ntfy.sh": the subject of every message. */
  subject: string
  url: URL
  headers: Record<string, string>
  body: string
  /** Strings never to repeat in a message (tokens, the URL's path). */
  secrets: readonly string[]
}

/** A failed answer read by the channel: its detail in the service's words, and a wait it asked for. */
export type ServiceFault = { detail: string | null; retryAfterMs?: number }

/**
 * POSTs once and turns the answer into a SendOutcome. `readFault` reads the service's error body;
 * `accept` may refuse a 2xx whose body says otherwise (Telegram's `ok: false`).
 */
export async function postToService(
  request: ServiceRequest,
  context: SendContext,
  readFault: (answer: ExchangeAnswer) => ServiceFault,
  accept: (answer: ExchangeAnswer) => string | null = () => null,
): Promise<SendOutcome> {
  const timeout = AbortSignal.timeout(context.timeoutMs)
  const signal = context.signal ? AbortSignal.any([timeout, context.signal]) : timeout
  let answer: ExchangeAnswer
  try {
    // A redirect comes back as a failure, never followed: following it would carry the secret URL elsewhere.
    answer = await context.http(request.url, { method: 'POST', headers: request.headers, body: request.body, signal, maxBodyBytes: maxAnswerBytes })
  } catch (error) {
    return { ok: false, problem: redact(`${request.subject} ${networkProblem(error, context.timeoutMs)}`, request.secrets), retry: true }
  }
  if (answer.status >= 200 && answer.status < 300) {
    const refused = accept(answer)
    return refused === null ? { ok: true } : { ok: false, problem: redact(`${request.subject} did not take the message: ${refused}`, request.secrets), retry: false }
  }
  const fault = readFault(answer)
  const retryAfterMs = fault.retryAfterMs ?? parseRetryAfter(header(answer, 'retry-after'), context.now) ?? undefined
  const outcome = statusOutcome(request.subject, answer.status, fault.detail, retryAfterMs)
  return { ...outcome, problem: redact(outcome.problem, request.secrets) }
}

function statusOutcome(subject: string, status: number, detail: string | null, retryAfterMs: number | undefined): Extract<SendOutcome, { ok: false }> {
  const why = detail === null ? '' : `: ${detail}`
  if (status === 429) {
    const wait = retryAfterMs === undefined ? '' : `; it asked to wait ${Math.ceil(retryAfterMs / 1000)} s`
    return { ok: false, problem: `${subject} asked us to slow down (HTTP 429${why})${wait}`, retry: true, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
  }
  if (status >= 300 && status < 400) return { ok: false, problem: `${subject} redirected the message (HTTP ${status}); enter the address it redirects to`, retry: false }
  if (status === 401 || status === 403) return { ok: false, problem: `${subject} refused the message (HTTP ${status}${why}): the token or address is wrong, or lacks permission`, retry: false }
  if (status === 404 || status === 410) return { ok: false, problem: `${subject} has no such destination (HTTP ${status}${why}): it was deleted, or the address is wrong`, retry: false }
  if (status === 408 || status >= 500) return { ok: false, problem: `${subject} had a problem (HTTP ${status}${why})`, retry: true }
  return { ok: false, problem: `${subject} refused the message (HTTP ${status}${why})`, retry: false }
}

/** What went wrong below HTTP, in words. */
function networkProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `did not answer within ${timeoutMs / 1000} s`
  if (error instanceof DOMException && error.name === 'AbortError') return 'was not reached: sending stopped'
  const code = errnoCode(error)
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused the connection: nothing listens there'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'did not resolve: no internet, or a misspelt host'
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE':
      return 'closed the connection or answered something that is not HTTP'
    default:
      return `could not be reached (${code ?? (error instanceof Error ? error.message : String(error))})`
  }
}

function header(answer: ExchangeAnswer, name: string): string | null {
  const value = answer.headers[name]
  return typeof value === 'string' ? value : null
}

/** A JSON body, or null. */
export function jsonBody(answer: ExchangeAnswer): Record<string, unknown> | null {
  if (answer.text === null) return null
  try {
    const body: unknown = JSON.parse(answer.text)
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** A service's own words, one clean short line. */
export function cleanDetail(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const clean = value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim()
  return clean === '' ? null : clean.slice(0, 160)
}

/** Seconds in a JSON field (Telegram's integer, Discord's float) as ms. */
export function secondsField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length >= 4).reduce((out, secret) => out.replaceAll(secret, '[secret]'), text)
}

/** Cuts text to `max` UTF-16 units, with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
