import type { Alert } from '../../../../shared/contract/alerts.ts'
import type { Logger } from '../../log.ts'
import type { PushMessage, SendOutcome } from './channel.ts'
import { summaryMessage } from './message.ts'

/*
 * One channel's queue: alerts wait here until the channel's budget allows a push, and everything
 * waiting goes out as one message (a single alert, or a summary of several), so alerts over the
 * budget are batched, never dropped unsaid. A failure that may pass (429, 5xx, a timeout) keeps the
 * batch and retries with backoff, honouring the wait the service asked for; a refusal that will
 * not pass by itself (401, 404, a bad payload) drops the batch and holds the channel a while, so a
 * revoked token costs a few requests an hour, not a storm. Time comes from `now` and `schedule`,
 * so tests drive it without real waits.
 */

export type ChannelLimits = {
  /** At most one push per this many ms (Telegram asks ≤ 1/s per chat, Slack 1/s). */
  minGapMs: number
  /** And at most this many per rolling hour. */
  perHour: number
  /** The first retry after a failure that may pass; doubles each time, up to `maxRetryMs`. */
  firstRetryMs: number
  maxRetryMs: number
  /** A service's Retry-After is honoured up to this: a hostile value must not silence a channel for good. */
  maxRetryAfterMs: number
  /** After a refusal, new alerts wait this long before the channel is tried again. */
  refusedHoldMs: number
  /** Alerts kept waiting; older ones beyond it are only counted in the next summary. */
  maxQueued: number
}

export const defaultLimits: ChannelLimits = {
  minGapMs: 2_000,
  perHour: 30,
  firstRetryMs: 5_000,
  maxRetryMs: 15 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
  refusedHoldMs: 15 * 60_000,
  maxQueued: 200,
}

/** Runs `run` after `ms`; answers a cancel. */
export type Schedule = (ms: number, run: () => void) => () => void

export const realSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms)
  timer.unref()
  return () => clearTimeout(timer)
}

export type QueueDeps = {
  now: () => number
  schedule: Schedule
  limits: ChannelLimits
  log: Logger
  /** "ntfy channel “Phone”", for the log. */
  name: string
  send: (message: PushMessage, signal: AbortSignal) => Promise<SendOutcome>
}

const hourMs = 60 * 60_000

export class ChannelQueue {
  lastSentAt: number | null = null
  lastError: string | null = null
  readonly #deps: QueueDeps
  readonly #stop = new AbortController()
  #pending: Alert[] = []
  #notShown = 0
  /** When each push of the last hour was tried. */
  #tries: number[] = []
  #notBefore = 0
  #failures = 0
  #cancelTimer: (() => void) | null = null
  #busy = false

  constructor(deps: QueueDeps) {
    this.#deps = deps
  }

  /** Queues alerts; a newer copy of an alert already waiting (it resolved meanwhile) replaces it. */
  push(alerts: readonly Alert[]): void {
    const ids = new Set(alerts.map((alert) => alert.id))
    this.#pending = [...this.#pending.filter((alert) => !ids.has(alert.id)), ...alerts]
    this.#trim()
    this.#pump()
  }

  /** Keeps the newest `maxQueued`; the older ones are counted in the next summary. */
  #trim(): void {
    const over = this.#pending.length - this.#deps.limits.maxQueued
    if (over <= 0) return
    this.#pending = this.#pending.slice(over)
    this.#notShown += over
  }

  /** A test send on this channel tells its state too: a success clears the error and any hold. */
  recordTest(outcome: SendOutcome): void {
    if (outcome.ok) {
      this.lastSentAt = this.#deps.now()
      this.lastError = null
      this.#failures = 0
      this.#notBefore = 0
      this.#cancelTimer?.()
      this.#cancelTimer = null
      this.#pump()
    } else {
      this.lastError = outcome.problem
    }
  }

  dispose(): void {
    this.#stop.abort()
    this.#cancelTimer?.()
    this.#cancelTimer = null
    this.#pending = []
  }

  #pump(): void {
    if (this.#stop.signal.aborted || this.#busy || this.#cancelTimer !== null || this.#pending.length === 0) return
    const wait = this.#waitMs(this.#deps.now())
    if (wait > 0) {
      this.#cancelTimer = this.#deps.schedule(wait, () => {
        this.#cancelTimer = null
        this.#pump()
      })
      return
    }
    const batch = this.#pending
    const notShown = this.#notShown
    this.#pending = []
    this.#notShown = 0
    this.#busy = true
    void this.#send(batch, notShown).finally(() => {
      this.#busy = false
      this.#pump()
    })
  }

  /** How long until the next push is allowed: the retry wait, the gap after the last push, the hourly budget. */
  #waitMs(now: number): number {
    const { minGapMs, perHour } = this.#deps.limits
    this.#tries = this.#tries.filter((at) => at > now - hourMs)
    let at = this.#notBefore
    const last = this.#tries.at(-1)
    if (last !== undefined) at = Math.max(at, last + minGapMs)
    const oldest = this.#tries.length >= perHour ? this.#tries[this.#tries.length - perHour] : undefined
    if (oldest !== undefined) at = Math.max(at, oldest + hourMs)
    return Math.max(0, at - now)
  }

  async #send(batch: Alert[], notShown: number): Promise<void> {
    const { now, log, name, limits } = this.#deps
    const startedAt = now()
    this.#tries.push(startedAt)
    const outcome = await this.#deps.send(summaryMessage(batch, startedAt, notShown), this.#stop.signal).catch(
      (error: unknown): SendOutcome => ({ ok: false, problem: `unexpected error: ${error instanceof Error ? error.message : String(error)}`, retry: true }),
    )
    if (this.#stop.signal.aborted) return
    if (outcome.ok) {
      this.lastSentAt = now()
      this.lastError = null
      this.#failures = 0
      this.#notBefore = 0
      log.debug(`alerts: pushed ${batch.length + notShown} alert(s) on ${name}`)
      return
    }
    this.lastError = outcome.problem
    if (!outcome.retry) {
      this.#notBefore = now() + limits.refusedHoldMs
      log.warn(`alerts: ${name} refused ${batch.length + notShown} alert(s), not retried: ${outcome.problem}`)
      return
    }
    this.#failures++
    const backoff = Math.min(limits.firstRetryMs * 2 ** (this.#failures - 1), limits.maxRetryMs)
    const asked = outcome.retryAfterMs === undefined ? undefined : Math.min(Math.max(outcome.retryAfterMs, limits.minGapMs), limits.maxRetryAfterMs)
    const waitMs = asked ?? backoff
    this.#notBefore = now() + waitMs
    // Back in front of anything that arrived meanwhile: they go out together next time.
    this.#pending = [...batch.filter((alert) => !this.#pending.some((newer) => newer.id === alert.id)), ...this.#pending]
    this.#notShown += notShown
    this.#trim()
    log.warn(`alerts: ${name} failed (try ${this.#failures}), retrying in ${Math.ceil(waitMs / 1000)} s: ${outcome.problem}`)
  }
}
