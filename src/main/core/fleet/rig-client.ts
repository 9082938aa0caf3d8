import type { WebSocket } from 'ws'
import type { FleetRig, FleetRigProfit, FleetRigStatus, FleetRigView, FleetWatts, NodeCounts } from '../../../shared/contract/fleet.ts'
import type { MethodName, MethodOutput } from '../../../shared/contract/methods.ts'
import type { Logger } from '../log.ts'
import { checkAnswer, checkEvent, parseRigFrame, type Checked } from './rig-messages.ts'
import { nodeCountsOf, openAlertsOf, profitOf, wattsOf } from './rig-figures.ts'
import { errorWords, openRigSocket, refusalWords } from './rig-socket.ts'

export type RigTiming = {
  /** No frame (event, answer or pong) for this long: the rig is stale. */
  staleAfterMs: number
  /** How often a connected rig is pinged, so a paused one still shows it is alive. */
  heartbeatMs: number
  /** How often profit.summary is asked again (also on every wallets.updated). */
  profitEveryMs: number
  callTimeoutMs: number
  backoff: { initialMs: number; maxMs: number }
}

export const defaultRigTiming: RigTiming = {
  staleAfterMs: 15_000,
  heartbeatMs: 5_000,
  profitEveryMs: 60_000,
  callTimeoutMs: 10_000,
  backoff: { initialMs: 500, maxMs: 10_000 },
}

type Pending = { resolve: (answer: Checked<unknown>) => void; timer: ReturnType<typeof setTimeout> }
type Figures = { version: string | null; watts: FleetWatts | null; nodes: NodeCounts | null; profit: FleetRigProfit | null; openAlerts: number | null }

/**
 * One watched agent, spoken to through the contract over its /ws: asks app.info, the newest
 * sample, nodes, alerts and profit on connect, then follows their events; reconnects with
 * jittered backoff. Its status is recomputed on a tick, and `onChange` is told of every change.
 */
export class RigClient {
  readonly rig: FleetRig
  readonly #token: string | undefined
  readonly #timing: RigTiming
  readonly #log: Logger
  readonly #onChange: () => void
  readonly #now: () => number
  readonly #pending = new Map<number, Pending>()
  #figures: Figures = { version: null, watts: null, nodes: null, profit: null, openAlerts: null }
  #socket: WebSocket | undefined
  #open = false
  #closed = false
  #nextId = 1
  #failures = 0
  #startedAt: number
  #lastSeenAt: number | null = null
  #lastError: string | null = null
  #refused: string | null = null
  #problem: string | null = null
  #status: { status: FleetRigStatus; reason: string | null; since: number }
  #timers: ReturnType<typeof setTimeout>[] = []
  #retry: ReturnType<typeof setTimeout> | undefined

  constructor(rig: FleetRig, token: string | undefined, options: { timing: RigTiming; log: Logger; onChange: () => void; now?: () => number }) {
    this.rig = rig
    this.#token = token
    this.#timing = options.timing
    this.#log = options.log
    this.#onChange = options.onChange
    this.#now = options.now ?? Date.now
    this.#startedAt = this.#now()
    this.#status = { status: 'connecting', reason: null, since: this.#startedAt }
  }

  start(): void {
    if (this.#timers.length > 0 || this.#closed) return
    this.#startedAt = this.#now()
    const tickMs = Math.max(50, Math.min(1000, Math.floor(this.#timing.staleAfterMs / 4)))
    this.#timers.push(setInterval(() => this.#tick(), tickMs), setInterval(() => this.#heartbeat(), this.#timing.heartbeatMs))
    this.#timers.push(setInterval(() => void this.#askProfit(), this.#timing.profitEveryMs))
    for (const timer of this.#timers) timer.unref()
    this.#connect()
  }

  stop(): void {
    this.#closed = true
    for (const timer of this.#timers) clearInterval(timer)
    clearTimeout(this.#retry)
    this.#settleAll('the rig was removed')
    this.#socket?.terminate()
    this.#socket = undefined
  }

  view(): FleetRigView {
    return { rig: this.rig, ...this.#status, lastSeenAt: this.#lastSeenAt, ...this.#figures, problem: this.#problem }
  }

  #connect(): void {
    if (this.#closed) return
    const ws = openRigSocket(this.rig.url, this.#token, this.#timing.callTimeoutMs)
    this.#socket = ws
    ws.on('unexpected-response', (request, response) => {
      const status = response.statusCode ?? 0
      if (status === 401 || status === 403) this.#refused = refusalWords(status, this.#token !== undefined)
      else this.#lastError = `the agent answered the handshake with HTTP ${String(status)}`
      request.destroy()
      this.#update()
    })
    ws.on('open', () => this.#opened(ws))
    ws.on('message', (data: Buffer, isBinary) => this.#receive(isBinary ? undefined : data.toString('utf8')))
    ws.on('pong', () => this.#seen())
    ws.on('error', (error) => {
      if (this.#refused === null) this.#lastError = errorWords(error)
    })
    ws.on('close', () => this.#closedSocket(ws))
  }

  #opened(ws: WebSocket): void {
    if (this.#socket !== ws) return
    this.#open = true
    this.#failures = 0
    this.#refused = null
    this.#lastError = null
    this.#seen()
    void this.#askAll()
  }

  #closedSocket(ws: WebSocket): void {
    if (this.#socket !== ws) return
    this.#socket = undefined
    this.#open = false
    this.#settleAll('the connection to the rig was lost before it answered')
    if (this.#lastError === null && this.#refused === null) this.#lastError = 'the connection closed'
    this.#update()
    if (this.#closed) return
    // A refused token will not start working by itself soon: ask again only now and then.
    this.#failures += 1
    const { initialMs, maxMs } = this.#timing.backoff
    const ceiling = this.#refused === null ? Math.min(maxMs, initialMs * 2 ** (this.#failures - 1)) : maxMs * 6
    this.#retry = setTimeout(() => this.#connect(), ceiling / 2 + Math.random() * (ceiling / 2))
    this.#retry.unref()
  }

  async #askAll(): Promise<void> {
    await Promise.all([
      this.#ask('app.info', (info) => (this.#figures.version = info.version)),
      this.#ask('hardware.latest', (sample) => (this.#figures.watts = sample === null ? null : wattsOf(sample))),
      this.#ask('nodes.list', (nodes) => (this.#figures.nodes = nodeCountsOf(nodes))),
      this.#ask('alerts.snapshot', (alerts) => (this.#figures.openAlerts = openAlertsOf(alerts))),
      this.#askProfit(),
    ])
  }

  #askProfit(): Promise<void> {
    return this.#ask('profit.summary', (profit) => (this.#figures.profit = profitOf(profit)))
  }

  async #ask<M extends MethodName>(method: M, apply: (value: MethodOutput<M>) => unknown): Promise<void> {
    if (!this.#open) return
    const answer = await this.call(method)
    if (answer.ok) apply(answer.value)
    else this.#log.debug(`fleet: ${this.rig.name}: ${method}: ${answer.problem}`)
    if (!answer.ok && answer.problem.includes('contract')) this.#problem = answer.problem
    this.#update(true)
  }

  /** One contract call on the rig, its answer checked against the contract; never throws. */
  call<M extends MethodName>(method: M, input: Record<string, unknown> = {}): Promise<Checked<MethodOutput<M>>> {
    const socket = this.#socket
    if (!this.#open || socket === undefined) return Promise.resolve({ ok: false, problem: 'the rig is not connected' })
    const id = this.#nextId++
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#settle(id, { ok: false, problem: `the rig did not answer ${method} in time` }), this.#timing.callTimeoutMs)
      timer.unref()
      this.#pending.set(id, {
        timer,
        resolve: (answer) => resolve(answer.ok ? checkAnswer(method, answer.value) : answer),
      })
      socket.send(JSON.stringify({ id, method, input }))
    })
  }

  #receive(text: string | undefined): void {
    this.#seen()
    const frame = parseRigFrame(text)
    if (frame.kind === 'garbage') this.#problem = frame.problem
    else if (frame.kind === 'answer') {
      if (typeof frame.id === 'number') this.#settle(frame.id, frame.ok ? { ok: true, value: frame.value } : { ok: false, problem: `refused: ${frame.error.message}` })
    } else this.#event(frame.event, frame.payload)
  }

  #event(event: string, payload: unknown): void {
    if (event === 'wallets.updated') return void this.#askProfit()
    let checked: Checked<unknown> | undefined
    if (event === 'hardware.sampled') checked = this.#apply(checkEvent(event, payload), (sample) => (this.#figures.watts = wattsOf(sample)))
    else if (event === 'nodes.changed') checked = this.#apply(checkEvent(event, payload), (nodes) => (this.#figures.nodes = nodeCountsOf(nodes)))
    else if (event === 'alerts.changed') checked = this.#apply(checkEvent(event, payload), (alerts) => (this.#figures.openAlerts = openAlertsOf(alerts)))
    if (checked === undefined) return
    if (!checked.ok) this.#problem = checked.problem
    this.#update(true)
  }

  #apply<T>(checked: Checked<T>, apply: (value: T) => unknown): Checked<T> {
    if (checked.ok) apply(checked.value)
    return checked
  }

  #settle(id: number, answer: Checked<unknown>): void {
    const pending = this.#pending.get(id)
    if (pending === undefined) return
    clearTimeout(pending.timer)
    this.#pending.delete(id)
    pending.resolve(answer)
  }

  #settleAll(problem: string): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, { ok: false, problem })
  }

  #seen(): void {
    const first = this.#lastSeenAt === null
    this.#lastSeenAt = this.#now()
    if (first || this.#status.status !== 'connected') this.#update()
  }

  #heartbeat(): void {
    if (this.#open) this.#socket?.ping()
  }

  #tick(): void {
    // An open socket that went silent (a hung agent, a dead route) is dropped and dialled again.
    if (this.#open && this.#lastSeenAt !== null && this.#now() - this.#lastSeenAt > this.#timing.staleAfterMs) {
      this.#lastError = 'the agent stopped answering on an open connection'
      this.#socket?.terminate()
    }
    this.#update()
  }

  /** Recomputes the status; tells the capability when it or (with `figures`) a figure changed. */
  #update(figures = false): void {
    const next = this.#computeStatus()
    const changed = next.status !== this.#status.status || next.reason !== this.#status.reason
    if (next.status !== this.#status.status) this.#status = { ...next, since: this.#now() }
    else if (changed) this.#status = { ...next, since: this.#status.since }
    if (changed || figures) this.#onChange()
  }

  #computeStatus(): { status: FleetRigStatus; reason: string | null } {
    if (this.#refused !== null) return { status: 'refused', reason: this.#refused }
    const now = this.#now()
    const fresh = this.#lastSeenAt !== null && now - this.#lastSeenAt <= this.#timing.staleAfterMs
    if (this.#open && fresh) return { status: 'connected', reason: null }
    const silentMs = now - (this.#lastSeenAt ?? this.#startedAt)
    if (silentMs <= this.#timing.staleAfterMs) return { status: 'connecting', reason: this.#lastError }
    // Words that stay the same while it stays silent (lastSeenAt carries for how long), so a stale rig is not news every tick.
    const heard = this.#lastSeenAt === null ? 'it has not answered since DePIN Desk started' : 'it stopped answering'
    return { status: 'stale', reason: this.#lastError === null ? heard : `${heard}: ${this.#lastError}` }
  }
}
