import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { z } from 'zod'
import { BackfillState } from '../../../shared/contract/backfill.ts'
import { Currency, DecimalString, RewardEntry } from '../../../shared/contract/wallets.ts'
import { checked, rewardFromRow, type Row } from './ledger-rows.ts'
import { inTransaction } from './sqlite-db.ts'

/*
 * The backfill's part of the ledger file: each wallet's job (window, cursor, counts), the entries
 * it books, and the prices of past days. A page's entries and the job's new cursor are saved in
 * one transaction, and an entry carries its source's id under a unique index, so a page read
 * again after a crash books nothing twice.
 */

export const BackfillJob = z.object({
  walletId: z.string().min(1),
  network: z.string().min(1),
  state: BackfillState,
  depthDays: z.number().int().min(1),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  reachedMs: z.number().int(),
  cursor: z.string().nullable(),
  requests: z.number().int().min(0),
  rewards: z.number().int().min(0),
  inflows: z.number().int().min(0),
  problem: z.string().nullable(),
  outOfReach: z.string().nullable(),
  updatedAt: z.number().int(),
})
export type BackfillJob = z.infer<typeof BackfillJob>

/** An entry found in the chain's past: valued at its day's price, with its source's id. */
export const BackfilledEntry = RewardEntry.omit({ id: true }).extend({
  externalId: z.string().min(1).max(300),
  source: z.literal('backfill'),
  pricing: z.literal('daily'),
})
export type BackfilledEntry = z.infer<typeof BackfilledEntry>

export const DailyPrice = z.object({ symbol: z.string().min(1), currency: Currency, day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), price: DecimalString, source: z.string().min(1) })
export type DailyPrice = z.infer<typeof DailyPrice>

function jobFromRow(row: Row): BackfillJob | null {
  const parsed = BackfillJob.safeParse({
    walletId: row.wallet_id,
    network: row.network,
    state: row.state,
    depthDays: row.depth_days,
    fromMs: row.from_ms,
    toMs: row.to_ms,
    reachedMs: row.reached_ms,
    cursor: row.cursor,
    requests: row.requests,
    rewards: row.rewards,
    inflows: row.inflows,
    problem: row.problem,
    outOfReach: row.out_of_reach,
    updatedAt: row.updated_at,
  })
  return parsed.success ? parsed.data : null
}

export class BackfillLedger {
  readonly #db: DatabaseSync
  readonly #statements: Record<'job' | 'jobs' | 'saveJob' | 'deleteJob' | 'insertEntry' | 'dailyPrice' | 'saveDailyPrice' | 'baseline' | 'noteBaseline', StatementSync>

  constructor(db: DatabaseSync) {
    this.#db = db
    const prepare = (sql: string): StatementSync => db.prepare(sql)
    this.#statements = {
      job: prepare('SELECT * FROM backfill_jobs WHERE wallet_id = ?'),
      jobs: prepare('SELECT * FROM backfill_jobs ORDER BY wallet_id'),
      saveJob: prepare(
        `INSERT OR REPLACE INTO backfill_jobs (wallet_id, network, state, depth_days, from_ms, to_ms, reached_ms, cursor, requests, rewards, inflows, problem, out_of_reach, updated_at)
         VALUES (:walletId, :network, :state, :depthDays, :fromMs, :toMs, :reachedMs, :cursor, :requests, :rewards, :inflows, :problem, :outOfReach, :updatedAt)`,
      ),
      deleteJob: prepare('DELETE FROM backfill_jobs WHERE wallet_id = ?'),
      // The unique index on (wallet_id, external_id) makes a second insert of the same inflow a no-op.
      insertEntry: prepare(
        `INSERT OR IGNORE INTO rewards (network, wallet_id, address, token, amount, decimals, at, price, fiat, currency, source, classification, rule, pricing, external_id)
         VALUES (:network, :walletId, :address, :token, :amount, :decimals, :at, :price, :fiat, :currency, :source, :classification, :rule, :pricing, :externalId)
         RETURNING *`,
      ),
      dailyPrice: prepare('SELECT price, source FROM daily_prices WHERE symbol = ? AND currency = ? AND day = ?'),
      baseline: prepare('SELECT at FROM wallet_baselines WHERE wallet_id = ?'),
      noteBaseline: prepare('INSERT OR IGNORE INTO wallet_baselines (wallet_id, at) VALUES (?, ?)'),
      saveDailyPrice: prepare('INSERT OR REPLACE INTO daily_prices (symbol, currency, day, price, source) VALUES (:symbol, :currency, :day, :price, :source)'),
    }
  }

  /** The wallet's first good read: where the backfill ends and live reads take over; the first one noted stays. */
  noteBaseline(walletId: string, at: number): void {
    this.#statements.noteBaseline.run(walletId, checked(z.number().int(), at, `the baseline of wallet ${walletId}`))
  }

  baseline(walletId: string): number | null {
    const at = this.#statements.baseline.get(walletId)?.at
    return typeof at === 'number' ? at : null
  }

  job(walletId: string): BackfillJob | null {
    const row = this.#statements.job.get(walletId)
    return row === undefined ? null : jobFromRow(row)
  }

  /** Every job that reads back; one that does not is left out (its wallet can start it again). */
  jobs(): BackfillJob[] {
    return this.#statements.jobs.all().flatMap((row) => {
      const job = jobFromRow(row)
      return job === null ? [] : [job]
    })
  }

  saveJob(job: BackfillJob): void {
    this.#statements.saveJob.run(checked(BackfillJob, job, `the backfill of wallet ${job.walletId}`))
  }

  forgetJob(walletId: string): void {
    this.#statements.deleteJob.run(walletId)
  }

  /**
   * One page: the entries not booked before, then the job as it stands after the page, in one
   * transaction. Answers the entries booked now (an entry booked by an earlier try is not again).
   */
  recordPage(job: BackfillJob, entries: readonly BackfilledEntry[]): RewardEntry[] {
    const rows = entries.map((entry) => checked(BackfilledEntry, entry, `a backfilled entry of wallet ${job.walletId}`))
    const stray = rows.find((row) => row.walletId !== job.walletId)
    if (stray) throw new RangeError(`an entry of wallet ${stray.walletId} was passed with the backfill of wallet ${job.walletId}`)
    const checkedJob = checked(BackfillJob, job, `the backfill of wallet ${job.walletId}`)
    return inTransaction(this.#db, () => {
      const booked = rows.flatMap((row) => {
        const inserted = this.#statements.insertEntry.get(row)
        const entry = inserted === undefined ? null : rewardFromRow(inserted)
        return entry === null ? [] : [entry]
      })
      const rewards = booked.filter((entry) => entry.classification === 'reward').length
      this.#statements.saveJob.run({ ...checkedJob, rewards: checkedJob.rewards + rewards, inflows: checkedJob.inflows + booked.length - rewards })
      return booked
    })
  }

  dailyPrice(symbol: string, currency: string, day: string): { price: string; source: string } | undefined {
    const row = this.#statements.dailyPrice.get(symbol, currency, day)
    if (row === undefined) return undefined
    const parsed = z.object({ price: DecimalString, source: z.string() }).safeParse(row)
    return parsed.success ? parsed.data : undefined
  }

  saveDailyPrices(prices: readonly DailyPrice[]): void {
    const rows = prices.map((price) => checked(DailyPrice, price, `the ${price.symbol} price of ${price.day}`))
    inTransaction(this.#db, () => {
      for (const row of rows) this.#statements.saveDailyPrice.run(row)
    })
  }
}
