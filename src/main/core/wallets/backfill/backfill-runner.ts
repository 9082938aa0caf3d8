import type { BackfillStatus } from '../../../../shared/contract/backfill.ts'
import type { Settings } from '../../../../shared/contract/settings.ts'
import type { Currency, RewardEntry, WalletSetting } from '../../../../shared/contract/wallets.ts'
import { DeskError } from '../../errors.ts'
import type { HistoryPage, PastInflow } from '../../holdings/history-source.ts'
import type { ReadContext, TokenSpec } from '../../holdings/holding.ts'
import type { Logger } from '../../log.ts'
import type { NetworkRegistry } from '../../networks/index.ts'
import { fiatValue } from '../../prices/token-value.ts'
import type { BackfilledEntry, BackfillJob } from '../../store/backfill-ledger.ts'
import type { LedgerStore } from '../../store/ledger-store.ts'
import { statusOf } from './backfill-status.ts'

/*
 * Drives each wallet's history source page by page, one wallet at a time, through the same HTTP
 * client and host limits as live reads. After every page the entries it found (valued at their
 * day's price) and the job's new cursor are saved in one transaction, so a restart resumes at
 * the next page and books nothing twice. The window ends at the wallet's baseline read, where
 * live reads take over.
 */

export const dayMs = 86_400_000
export const defaultDepthDays = 365

/** A day's price of a token, or null when none is known (a unit with no market, a feed that has none). */
export type DayPrices = {
  /** Throws when a source that may have the price failed in a way that may pass: the page is then read again later. */
  priceOn(token: TokenSpec, currency: Currency, at: number, signal?: AbortSignal): Promise<{ price: string; source: string } | null>
  /** Fetches a whole range at once (one request per source for a year), so each day after is a cache hit. */
  prefetch(token: TokenSpec, currency: Currency, fromMs: number, toMs: number, signal?: AbortSignal): Promise<{ requests: number }>
}

export type BackfillRunnerOptions = {
  ledger: LedgerStore
  networks: NetworkRegistry
  settings: () => Settings
  /** The read context of live reads (HTTP client, host limits, endpoint pools). */
  context: (signal: AbortSignal) => Promise<ReadContext>
  prices: DayPrices
  emit: (status: BackfillStatus) => void
  /** Entries were booked: the wallets' figures changed. */
  booked: () => void
  log: Logger
  now?: () => number
  /** A page that fails is asked again from the same cursor after a backoff, this many times before the job fails. */
  retry?: { initialMs: number; maxMs: number; attempts: number }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export class BackfillRunner {
  readonly #options: BackfillRunnerOptions
  readonly #now: () => number
  readonly #stop = new AbortController()
  readonly #pauseAsked = new Set<string>()
  #wake: (() => void) | null = null
  #loop: Promise<void> | null = null

  constructor(options: BackfillRunnerOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /** Every watched wallet's backfill, as the UI shows it. */
  statuses(): BackfillStatus[] {
    return this.#options.settings().wallets.map((wallet) => this.status(wallet.id))
  }

  status(walletId: string): BackfillStatus {
    const wallet = this.#wallet(walletId)
    const module = this.#options.networks.get(wallet.network)
    const job = this.#options.ledger.backfill.job(walletId)
    return statusOf(wallet, job, module?.history?.reach ?? null, this.#window(wallet, job?.depthDays ?? defaultDepthDays), this.#now())
  }

  /** Starts (or restarts, deeper or again) a wallet's backfill; it runs in the background. */
  start(walletId: string, depthDays?: number): BackfillStatus {
    const wallet = this.#wallet(walletId)
    const history = this.#options.networks.get(wallet.network)?.history
    if (history === undefined) return this.status(walletId)
    const existing = this.#options.ledger.backfill.job(walletId)
    const depth = depthDays ?? existing?.depthDays ?? defaultDepthDays
    // The page in flight would save the old window over a new one: a new depth waits for a pause.
    if (existing?.state === 'running' && depth !== existing.depthDays) {
      throw new DeskError('invalid-input', `depthDays: the backfill is reading ${String(existing.depthDays)} days back; pause it before choosing another depth`, { field: 'depthDays' })
    }
    const window = this.#window(wallet, depth)
    this.#pauseAsked.delete(walletId)
    const resumes = existing !== null && existing.depthDays === depth && (existing.state === 'paused' || existing.state === 'failed' || existing.state === 'queued' || existing.state === 'running')
    // Anything else reads the window from its newest end again: entries already booked are not booked twice.
    const job: BackfillJob = resumes
      ? { ...existing, state: 'queued', problem: null, updatedAt: this.#now() }
      : {
          walletId,
          network: wallet.network,
          state: 'queued',
          depthDays: depth,
          ...window,
          reachedMs: window.toMs,
          cursor: null,
          requests: existing?.requests ?? 0,
          rewards: existing?.rewards ?? 0,
          inflows: existing?.inflows ?? 0,
          problem: null,
          outOfReach: null,
          updatedAt: this.#now(),
        }
    this.#save(job)
    this.#ensureLoop()
    return this.status(walletId)
  }

  /** Holds a wallet's backfill after the page in flight; `start` resumes it where it stopped. */
  pause(walletId: string): BackfillStatus {
    this.#wallet(walletId)
    const job = this.#options.ledger.backfill.job(walletId)
    if (job === null || (job.state !== 'queued' && job.state !== 'running')) return this.status(walletId)
    if (job.state === 'queued') this.#save({ ...job, state: 'paused', updatedAt: this.#now() })
    else this.#pauseAsked.add(walletId)
    return this.status(walletId)
  }

  /** A removed wallet's job goes with it; its booked entries stay, as income stays income. */
  forget(walletId: string): void {
    this.#pauseAsked.add(walletId)
    this.#options.ledger.backfill.forgetJob(walletId)
  }

  /** Picks up jobs a restart interrupted. */
  resume(): void {
    if (this.#options.ledger.backfill.jobs().some((job) => job.state === 'queued' || job.state === 'running')) this.#ensureLoop()
  }

  async stop(): Promise<void> {
    this.#stop.abort()
    this.#wake?.()
    await this.#loop?.catch(() => undefined)
  }

  #wallet(walletId: string): WalletSetting {
    const wallet = this.#options.settings().wallets.find((w) => w.id === walletId)
    if (wallet === undefined) throw new DeskError('not-found', `No wallet "${walletId}"`, { field: 'walletId' })
    return wallet
  }

  /** From `depth` days before the baseline read up to it; a wallet older than baselines ends at when it was added. */
  #window(wallet: WalletSetting, depthDays: number): { fromMs: number; toMs: number } {
    const toMs = this.#options.ledger.backfill.baseline(wallet.id) ?? wallet.addedAt
    return { fromMs: toMs - depthDays * dayMs, toMs }
  }

  #save(job: BackfillJob): void {
    this.#options.ledger.backfill.saveJob(job)
    const wallet = this.#options.settings().wallets.find((w) => w.id === job.walletId)
    if (wallet !== undefined) this.#options.emit(this.status(job.walletId))
  }

  #ensureLoop(): void {
    if (this.#loop !== null) {
      this.#wake?.()
      return
    }
    this.#loop = this.#run().finally(() => {
      this.#loop = null
    })
  }

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      const next = this.#options.ledger.backfill
        .jobs()
        .filter((job) => job.state === 'queued' || job.state === 'running')
        .sort((a, b) => a.updatedAt - b.updatedAt)[0]
      if (next === undefined) return
      await this.#work(next).catch((error: unknown) => {
        this.#options.log.error(`backfill of wallet ${next.walletId} stopped`, error)
        this.#save({ ...next, state: 'failed', problem: errorText(error), updatedAt: this.#now() })
      })
    }
  }

  async #work(started: BackfillJob): Promise<void> {
    const { ledger, networks, settings } = this.#options
    const wallet = settings().wallets.find((w) => w.id === started.walletId)
    const module = networks.get(started.network)
    if (wallet === undefined || module?.history === undefined) {
      ledger.backfill.forgetJob(started.walletId)
      return
    }
    const retry = this.#options.retry ?? { initialMs: 2000, maxMs: 60_000, attempts: 6 }
    const context = await this.#options.context(this.#stop.signal)
    let job: BackfillJob = { ...started, state: 'running', updatedAt: this.#now() }
    this.#save(job)
    // The window's prices first, in a request or two per token, rather than one per day later.
    for (const token of module.info.tokens) {
      const report = await this.#options.prices.prefetch(token, settings().currency, job.fromMs, job.toMs, this.#stop.signal).catch((error: unknown) => {
        this.#options.log.warn(`backfill: ${token.symbol} prices of the window could not be fetched at once: ${errorText(error)}`)
        return { requests: 0 }
      })
      job = { ...job, requests: job.requests + report.requests }
    }
    let failures = 0
    while (!this.#stop.signal.aborted) {
      if (this.#pauseAsked.delete(job.walletId)) {
        this.#save({ ...job, state: 'paused', updatedAt: this.#now() })
        return
      }
      let page: HistoryPage
      try {
        page = await module.history.page(context, wallet.address, { fromMs: job.fromMs, toMs: job.toMs }, job.cursor)
      } catch (error) {
        if (this.#stopped()) return
        failures += 1
        const next = await this.#backoff(job, errorText(error), failures, retry)
        if (next === null) return
        job = next
        continue
      }
      let entries: BackfilledEntry[]
      try {
        entries = await this.#valued(wallet, module.info.tokens, page.inflows.filter((inflow) => inflow.at >= job.fromMs && inflow.at < job.toMs))
      } catch (error) {
        if (this.#stopped()) return
        failures += 1
        const next = await this.#backoff(job, `prices of the day could not be read (${errorText(error)})`, failures, retry)
        if (next === null) return
        job = next
        continue
      }
      failures = 0
      job = {
        ...job,
        cursor: page.cursor,
        reachedMs: page.cursor === null ? Math.min(job.reachedMs, Math.max(job.fromMs, page.reachedMs)) : Math.min(job.reachedMs, page.reachedMs),
        requests: job.requests + page.requests,
        outOfReach: page.outOfReach ?? job.outOfReach,
        state: page.cursor === null ? 'done' : 'running',
        problem: null,
        updatedAt: this.#now(),
      }
      const booked = ledger.backfill.recordPage(job, entries)
      job = ledger.backfill.job(job.walletId) ?? job
      this.#options.emit(this.status(job.walletId))
      if (booked.length > 0) this.#options.booked()
      if (job.state === 'done') return
    }
  }

  /** Each inflow at its day's price, in the operator's currency; a unit with no market stays unpriced. */
  async #valued(wallet: WalletSetting, tokens: readonly TokenSpec[], inflows: readonly PastInflow[]): Promise<BackfilledEntry[]> {
    const currency = this.#options.settings().currency
    const entries: BackfilledEntry[] = []
    for (const read of inflows) {
      const inflow = read.opening === true ? this.#beforeBaseline(wallet, read) : read
      if (inflow.amount <= 0n) continue
      const token = tokens.find((spec) => spec.symbol === inflow.token)
      // A price that failed to come is not booked as none: the throw makes the page be read again later.
      const quote = token === undefined ? null : await this.#options.prices.priceOn(token, currency, inflow.at, this.#stop.signal)
      const entry: Omit<RewardEntry, 'id'> = {
        network: wallet.network,
        walletId: wallet.id,
        address: wallet.address,
        token: inflow.token,
        amount: inflow.amount.toString(),
        decimals: inflow.decimals,
        at: inflow.at,
        price: quote?.price ?? null,
        fiat: quote === null ? null : fiatValue(inflow.amount, inflow.decimals, quote.price),
        currency,
        source: 'backfill',
        classification: inflow.classification,
        rule: inflow.rule,
      }
      entries.push({ ...entry, source: 'backfill', pricing: 'daily', externalId: inflow.id })
    }
    return entries
  }

  /**
   * A lifetime total read now, less what live reads booked of it since the baseline (the same
   * counter's growth): what was earned before tracking began.
   */
  #beforeBaseline(wallet: WalletSetting, inflow: PastInflow): PastInflow {
    const toMs = this.#options.ledger.backfill.baseline(wallet.id) ?? wallet.addedAt
    const sinceBaseline = this.#options.ledger
      .rewards({ walletId: wallet.id, fromMs: toMs, limit: Number.MAX_SAFE_INTEGER })
      .filter((entry) => entry.token === inflow.token && entry.source !== 'backfill' && entry.source !== 'manual' && entry.classification === 'reward')
      .reduce((sum, entry) => sum + BigInt(entry.amount), 0n)
    return { ...inflow, amount: inflow.amount - sinceBaseline }
  }

  /** After a failed page: waits and answers the job to go on with, or saves it failed and answers null. */
  async #backoff(job: BackfillJob, problem: string, failures: number, retry: { initialMs: number; maxMs: number; attempts: number }): Promise<BackfillJob | null> {
    if (failures >= retry.attempts) {
      this.#save({ ...job, state: 'failed', problem: `${problem} (gave up after ${String(failures)} tries; start it again to resume)`, updatedAt: this.#now() })
      return null
    }
    const delay = Math.min(retry.maxMs, retry.initialMs * 2 ** (failures - 1))
    const waiting = { ...job, problem: `${problem}; trying again in ${String(Math.ceil(delay / 1000))} s`, updatedAt: this.#now() }
    this.#save(waiting)
    await this.#sleep(delay)
    return waiting
  }

  /** A method, not the field: the page awaited in between may have stopped the runner. */
  #stopped(): boolean {
    return this.#stop.signal.aborted
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null
        resolve()
      }, ms)
      timer.unref()
      this.#wake = () => {
        clearTimeout(timer)
        this.#wake = null
        resolve()
      }
    })
  }
}
