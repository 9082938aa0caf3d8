import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite'
import { z } from 'zod'
import { Alert, type AlertsQuery } from '../../../shared/contract/alerts.ts'
import type { PrivateLog } from '../store/private-files.ts'
import { applyMigrations, type Migration } from '../store/sqlite-migrate.ts'
import { conditionKey, type ConditionRow, type LoggedAlert } from './engine.ts'
import type { PricePoint } from './rule.ts'
import { inTransaction, openWalDatabase } from '../store/sqlite-db.ts'

/*
 * The alert log in its own SQLite file (WAL): every alert, open and resolved, and what the
 * engine needs to carry on after a restart (conditions still pending, cooldowns, the price
 * points the price-crash rule compares). Rows are checked as they are read back: one that a
 * hand edit or a damaged page made invalid is skipped and counted, and the rest still load.
 */

/** v1: alerts, pending conditions and cooldowns, price points. */
function createLog(db: DatabaseSync): void {
  db.exec(`
    -- AUTOINCREMENT: ids go to the UI (ack, snooze), so one is never handed out twice, even after retention.
    CREATE TABLE alerts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      rule TEXT NOT NULL,
      subject TEXT NOT NULL,
      severity TEXT NOT NULL,
      title TEXT NOT NULL,
      message TEXT NOT NULL,
      network TEXT,
      wallet_id TEXT,
      host TEXT,
      figure TEXT NOT NULL,
      threshold TEXT NOT NULL,
      view TEXT NOT NULL,
      link TEXT,
      state TEXT NOT NULL,
      since INTEGER NOT NULL,
      opened_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      resolved_at INTEGER,
      acked_at INTEGER,
      snoozed_until INTEGER,
      notified_at INTEGER
    ) STRICT;
    CREATE INDEX alerts_by_opened ON alerts (opened_at, id);
    CREATE INDEX alerts_open ON alerts (state) WHERE state = 'open';
    CREATE INDEX alerts_by_rule ON alerts (rule, subject, opened_at);
    CREATE TABLE conditions (
      rule TEXT NOT NULL,
      subject TEXT NOT NULL,
      first_seen_at INTEGER,
      cooldown_until INTEGER,
      PRIMARY KEY (rule, subject)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE price_points (
      at INTEGER PRIMARY KEY,
      currency TEXT NOT NULL,
      prices TEXT NOT NULL
    ) STRICT;
  `)
}

/** Index i takes a file from version i to i + 1. Append only; never edit a shipped one. */
export const alertLogMigrations: readonly Migration[] = [createLog]

export class NewerAlertLogError extends Error {
  override readonly name = 'NewerAlertLogError'
}

type Row = Record<string, SQLOutputValue>

export const LoggedAlertRow = Alert.extend({ notifiedAt: z.number().int().nullable() })

function alertFromRow(row: Row): LoggedAlert | null {
  const parsed = LoggedAlertRow.safeParse({
    id: row.id,
    rule: row.rule,
    subject: row.subject,
    severity: row.severity,
    title: row.title,
    message: row.message,
    network: row.network,
    walletId: row.wallet_id,
    host: row.host,
    figure: row.figure,
    threshold: row.threshold,
    view: row.view,
    link: row.link,
    state: row.state,
    since: row.since,
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    resolvedAt: row.resolved_at,
    ackedAt: row.acked_at,
    snoozedUntil: row.snoozed_until,
    notifiedAt: row.notified_at,
  })
  return parsed.success ? parsed.data : null
}

const ConditionRowSchema = z.object({
  rule: z.string().min(1),
  subject: z.string(),
  first_seen_at: z.number().int().nullable(),
  cooldown_until: z.number().int().nullable(),
})
const PricesJson = z.record(z.string(), z.string())
const dayMs = 86_400_000

export type AlertLogQuery = z.output<typeof AlertsQuery>

export class AlertLog {
  readonly #db: DatabaseSync
  readonly #statements: Record<
    'upsert' | 'list' | 'open' | 'get' | 'conditions' | 'clearConditions' | 'insertCondition' | 'lastOpened' | 'nextId' | 'prune' | 'addPrice' | 'prunePrices' | 'prices',
    StatementSync
  >
  #skippedRows = 0

  private constructor(db: DatabaseSync) {
    this.#db = db
    const prepare = (sql: string): StatementSync => db.prepare(sql)
    this.#statements = {
      upsert: prepare(
        `INSERT INTO alerts (id, rule, subject, severity, title, message, network, wallet_id, host, figure, threshold, view, link, state,
           since, opened_at, last_seen_at, resolved_at, acked_at, snoozed_until, notified_at)
         VALUES (:id, :rule, :subject, :severity, :title, :message, :network, :walletId, :host, :figure, :threshold, :view, :link, :state,
           :since, :openedAt, :lastSeenAt, :resolvedAt, :ackedAt, :snoozedUntil, :notifiedAt)
         ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, title = excluded.title, message = excluded.message,
           network = excluded.network, wallet_id = excluded.wallet_id, host = excluded.host, figure = excluded.figure,
           threshold = excluded.threshold, view = excluded.view, link = excluded.link, state = excluded.state,
           last_seen_at = excluded.last_seen_at, resolved_at = excluded.resolved_at, acked_at = excluded.acked_at,
           snoozed_until = excluded.snoozed_until, notified_at = excluded.notified_at`,
      ),
      list: prepare(
        `SELECT * FROM alerts
         WHERE opened_at >= :from AND (:state = 'all' OR state = :state)
           AND (:network IS NULL OR network = :network) AND (:rule IS NULL OR rule = :rule)
         ORDER BY opened_at DESC, id DESC LIMIT :limit`,
      ),
      open: prepare(`SELECT * FROM alerts WHERE state = 'open' ORDER BY id`),
      get: prepare('SELECT * FROM alerts WHERE id = ?'),
      conditions: prepare('SELECT rule, subject, first_seen_at, cooldown_until FROM conditions'),
      clearConditions: prepare('DELETE FROM conditions'),
      insertCondition: prepare('INSERT INTO conditions (rule, subject, first_seen_at, cooldown_until) VALUES (?, ?, ?, ?)'),
      lastOpened: prepare('SELECT rule, subject, MAX(opened_at) AS at FROM alerts GROUP BY rule, subject'),
      nextId: prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'alerts'`),
      prune: prepare(`DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?`),
      addPrice: prepare('INSERT OR REPLACE INTO price_points (at, currency, prices) VALUES (?, ?, ?)'),
      prunePrices: prepare('DELETE FROM price_points WHERE at < ?'),
      prices: prepare('SELECT at, currency, prices FROM price_points ORDER BY at'),
    }
  }

  /** Opens (creating and migrating) the log at `path`, or ':memory:' for tests. */
  static open(path: string, log?: PrivateLog): AlertLog {
    // Power loss may drop the last change, which the next evaluation makes again from the same state.
    const db = openWalDatabase(path, log, (opened) =>
      applyMigrations(
        opened,
        alertLogMigrations,
        (fileVersion, known) =>
          new NewerAlertLogError(
            `The alert log ${path} has schema version ${String(fileVersion)}, but this build of DePIN Desk knows versions up to ` +
              `${String(known)}. Update DePIN Desk, or move the file aside to start a new log (past alerts would then no longer show).`,
          ),
      ),
    )
    return new AlertLog(db)
  }

  /** Rows found invalid when read back, since this log was opened. */
  get skippedRows(): number {
    return this.#skippedRows
  }

  /**
   * One evaluation's changes in one transaction: alerts opened or changed, and, when given,
   * the pending conditions and cooldowns as they now are (a small set, so replaced whole).
   */
  commit(alerts: readonly LoggedAlert[], conditions: readonly ConditionRow[] | null = null): void {
    if (alerts.length === 0 && conditions === null) return
    const rows = alerts.map((alert) => {
      const parsed = LoggedAlertRow.safeParse(alert)
      if (!parsed.success) throw new RangeError(`alert ${String(alert.id)} was not saved: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      return parsed.data
    })
    inTransaction(this.#db, () => {
      for (const row of rows) this.#statements.upsert.run(row)
      if (conditions !== null) {
        this.#statements.clearConditions.run()
        for (const c of conditions) this.#statements.insertCondition.run(c.rule, c.subject, c.firstSeenAt, c.cooldownUntil)
      }
    })
  }

  /** The log, newest first, filtered as the query says. */
  list(query: AlertLogQuery): LoggedAlert[] {
    const rows = this.#statements.list.all({
      from: query.fromMs,
      state: query.state,
      network: query.network ?? null,
      rule: query.rule ?? null,
      limit: query.limit,
    })
    return this.#valid(rows)
  }

  get(id: number): LoggedAlert | null {
    const row = this.#statements.get.get(id)
    return row === undefined ? null : (this.#valid([row])[0] ?? null)
  }

  openAlerts(): LoggedAlert[] {
    return this.#valid(this.#statements.open.all())
  }

  conditions(): ConditionRow[] {
    const rows: ConditionRow[] = []
    for (const row of this.#statements.conditions.all()) {
      const parsed = ConditionRowSchema.safeParse(row)
      if (!parsed.success) {
        this.#skippedRows++
        continue
      }
      rows.push({ rule: parsed.data.rule, subject: parsed.data.subject, firstSeenAt: parsed.data.first_seen_at, cooldownUntil: parsed.data.cooldown_until })
    }
    return rows
  }

  /** When each rule + subject last opened an alert (as far back as retention keeps). */
  lastOpened(): Map<string, number> {
    const map = new Map<string, number>()
    for (const row of this.#statements.lastOpened.all()) {
      if (typeof row.rule === 'string' && typeof row.subject === 'string' && typeof row.at === 'number') map.set(conditionKey(row.rule, row.subject), row.at)
    }
    return map
  }

  /** The next id never handed out, even for alerts retention has deleted since. */
  nextId(): number {
    const seq = this.#statements.nextId.get()?.seq
    return typeof seq === 'number' ? seq + 1 : 1
  }

  /** Deletes resolved alerts that resolved more than `retentionDays` before `now`; answers how many. */
  prune(now: number, retentionDays: number): number {
    return Number(this.#statements.prune.run(now - retentionDays * dayMs).changes)
  }

  addPricePoint(point: PricePoint, currency: string, keepFrom: number): void {
    inTransaction(this.#db, () => {
      this.#statements.addPrice.run(point.at, currency, JSON.stringify(point.prices))
      this.#statements.prunePrices.run(keepFrom)
    })
  }

  /** Price points from `fromMs` in `currency`, oldest first; points in another currency are not comparable and are left out. */
  pricePoints(fromMs: number, currency: string): PricePoint[] {
    const points: PricePoint[] = []
    for (const row of this.#statements.prices.all()) {
      if (typeof row.at !== 'number' || row.at < fromMs || row.currency !== currency || typeof row.prices !== 'string') continue
      try {
        const prices = PricesJson.safeParse(JSON.parse(row.prices))
        if (prices.success) points.push({ at: row.at, prices: prices.data })
        else this.#skippedRows++
      } catch {
        this.#skippedRows++
      }
    }
    return points
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close()
  }

  #valid(rows: readonly Row[]): LoggedAlert[] {
    const alerts: LoggedAlert[] = []
    for (const row of rows) {
      const alert = alertFromRow(row)
      if (alert) alerts.push(alert)
      else this.#skippedRows++
    }
    return alerts
  }
}
