import type { DatabaseSync, StatementSync } from 'node:sqlite'
import {
  assertValidPoint,
  seriesKey,
  type HistoryBucket,
  type HistoryPoint,
  type HistoryQuery,
  type HistoryStore,
  type RollupResult,
  type Series,
} from './history-store.ts'
import { moveRecentSql, pruneSql, querySql, rollupSql } from './history-sql.ts'
import { floorTo, planQuery, pruneCutoffSeconds, tiers, type Tier, type TierCoverage } from './history-tiers.ts'
import { migrate } from './history-migrations.ts'
import type { PrivateLog } from './private-files.ts'
import { inTransaction, openWalDatabase } from './sqlite-db.ts'

export type SqliteHistoryOptions = {
  /** A file path, or ':memory:' for tests. */
  path: string
  /** Points kept for the next flush when the disk refuses them; the oldest go first. */
  maxBufferedPoints?: number
  /** Rows per retention delete: each batch is its own short transaction. */
  pruneBatchRows?: number
  /** Where a looser file made private is reported; stderr when absent. */
  log?: PrivateLog
}

type Buffered = { key: string; series: Series; tsSeconds: number; value: number; measured: number; origin: string | null }

/**
 * History in one SQLite file (WAL). Each flush lands in a time-major staging table, so a
 * second's samples share one page; rollup moves them into the per-series raw tier and
 * folds complete minutes and hours into the rollup tiers.
 */
export class SqliteHistory implements HistoryStore {
  readonly #db: DatabaseSync
  readonly #maxBufferedPoints: number
  readonly #pruneBatchRows: number
  readonly #seriesIds = new Map<string, number>()
  readonly #originIds = new Map<string, number>()
  readonly #statements: Record<
    'insertRecent' | 'deleteRaw' | 'newestRecent' | 'insertSeries' | 'insertOrigin' | 'setMeta' | 'query',
    StatementSync
  > & {
    rollups: StatementSync[]
    prunes: StatementSync[]
  }
  #coverage: TierCoverage[] = []
  /** samples_raw holds nothing at or after this second, so a newer sample needs no dedupe there. */
  #rawUpToSeconds = 0
  #buffer: Buffered[] = []

  constructor(options: SqliteHistoryOptions) {
    this.#maxBufferedPoints = options.maxBufferedPoints ?? 100_000
    this.#pruneBatchRows = options.pruneBatchRows ?? 5_000
    this.#db = openWalDatabase(options.path, options.log, (db) => migrate(db, options.path), ' PRAGMA journal_size_limit = 67108864;')
    this.#readState()
    this.#reloadSeriesIds()
    this.#statements = {
      insertRecent: this.#db.prepare('INSERT OR REPLACE INTO samples_recent (ts, series_id, v, measured, origin) VALUES (?, ?, ?, ?, ?)'),
      deleteRaw: this.#db.prepare('DELETE FROM samples_raw WHERE series_id = ? AND ts = ?'),
      newestRecent: this.#db.prepare('SELECT max(ts) AS ts FROM samples_recent'),
      insertSeries: this.#db.prepare('INSERT INTO series (key, name, labels) VALUES (?, ?, ?) RETURNING id'),
      insertOrigin: this.#db.prepare('INSERT INTO origins (label) VALUES (?) RETURNING id'),
      setMeta: this.#db.prepare('INSERT OR REPLACE INTO history_meta (key, value) VALUES (?, ?)'),
      query: this.#db.prepare(querySql),
      rollups: tiers.slice(1).map((target, i) => this.#db.prepare(rollupSql(tiers[i] as Tier, target))),
      prunes: tiers.map((tier) => this.#db.prepare(pruneSql(tier))),
    }
  }

  append(points: readonly HistoryPoint[]): void {
    for (const point of points) {
      assertValidPoint(point)
      this.#buffer.push({
        key: seriesKey(point.series),
        series: point.series,
        tsSeconds: point.tsSeconds,
        value: point.value,
        measured: point.provenance?.measured ?? 0,
        origin: point.provenance?.origin ?? null,
      })
    }
    const overflow = this.#buffer.length - this.#maxBufferedPoints
    if (overflow > 0) this.#buffer.splice(0, overflow)
  }

  /** A second sample for the same series and second replaces the first. */
  flush(): number {
    if (this.#buffer.length === 0) return 0
    const points = this.#buffer
    this.#buffer = []
    // Older than what prune keeps: it would re-roll a minute whose raw rows are gone.
    const keptFromSeconds = this.#coverage[0]?.keptFromSeconds ?? 0
    const rolledUpToSeconds = this.#coverage[1]?.rolledUpToSeconds ?? 0
    let written = 0
    let lateSeconds = Number.POSITIVE_INFINITY
    try {
      inTransaction(this.#db, () => {
        for (const point of points) {
          if (point.tsSeconds < keptFromSeconds) continue
          const id = this.#seriesId(point)
          if (point.tsSeconds < this.#rawUpToSeconds) this.#statements.deleteRaw.run(id, point.tsSeconds)
          const origin = point.origin === null ? null : this.#originId(point.origin)
          this.#statements.insertRecent.run(point.tsSeconds, id, point.value, point.measured, origin)
          lateSeconds = Math.min(lateSeconds, point.tsSeconds)
          written++
        }
        if (lateSeconds < rolledUpToSeconds) this.#reopenRollup(lateSeconds)
      })
    } catch (error) {
      // The rolled-back transaction may have taken new series and origin ids with it.
      this.#reloadSeriesIds()
      this.#buffer = points.concat(this.#buffer).slice(-this.#maxBufferedPoints)
      throw error
    }
    if (lateSeconds < rolledUpToSeconds) this.#readState()
    return written
  }

  /**
   * Re-reads what another connection may have changed (series, rollup and prune progress):
   * a reader beside the writer calls it before each query.
   */
  refresh(): void {
    this.#readState()
    this.#reloadSeriesIds()
  }

  /** Rows a query would scan: what decides whether it may run on the sampling thread. */
  estimateRows(query: HistoryQuery): number {
    const plan = planQuery(Math.floor(query.fromSeconds), Math.ceil(query.toSeconds), query.maxPoints, this.#coverage)
    return plan.segments.reduce((rows, s) => rows + (s.toSeconds - s.fromSeconds) / (tiers[s.tierIndex]?.stepSeconds ?? 1), 0)
  }

  query(query: HistoryQuery): HistoryBucket[] {
    const { fromSeconds, toSeconds, maxPoints } = query
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 1) {
      throw new RangeError(`maxPoints must be a whole number >= 1, got ${String(maxPoints)}`)
    }
    if (!Number.isFinite(fromSeconds) || !Number.isFinite(toSeconds) || fromSeconds < 0) {
      throw new RangeError(`invalid range ${String(fromSeconds)}..${String(toSeconds)}`)
    }
    const id = this.#seriesIds.get(seriesKey(query.series))
    const from = Math.floor(fromSeconds)
    const to = Math.ceil(toSeconds)
    if (id === undefined || from >= to) return []
    const plan = planQuery(from, to, maxPoints, this.#coverage)
    const params: Record<string, number> = { width: plan.widthSeconds, series: id }
    tiers.forEach((_, i) => {
      const segment = plan.segments.find((s) => s.tierIndex === i)
      params[`from${String(i)}`] = segment?.fromSeconds ?? 0
      params[`to${String(i)}`] = segment?.toSeconds ?? 0
    })
    return this.#statements.query.all(params).map((row) => ({
      tsSeconds: Number(row.bucket),
      min: Number(row.min),
      avg: Number(row.avg),
      max: Number(row.max),
      count: Number(row.count),
      measuredAvg: Number(row.measured),
    }))
  }

  rollup(nowSeconds: number): RollupResult {
    const [minute, hour] = [this.#coverage[1], this.#coverage[2]]
    if (!minute || !hour) throw new Error('tier coverage is missing')
    const minuteTo = Math.max(minute.rolledUpToSeconds, floorTo(nowSeconds, 60))
    const hourTo = Math.max(hour.rolledUpToSeconds, floorTo(minuteTo, 3600))
    const result = { minuteRows: 0, hourRows: 0 }
    inTransaction(this.#db, () => {
      this.#moveRecent()
      result.minuteRows = this.#rollupRange(0, minute.rolledUpToSeconds, minuteTo)
      result.hourRows = this.#rollupRange(1, hour.rolledUpToSeconds, hourTo)
    })
    this.#readState()
    return result
  }

  prune(nowSeconds: number): number {
    let deleted = 0
    tiers.forEach((tier, i) => {
      const coverage = this.#coverage[i]
      if (!coverage) return
      const cutoffSeconds = Math.max(coverage.keptFromSeconds, pruneCutoffSeconds(nowSeconds, i, this.#coverage))
      if (cutoffSeconds > coverage.keptFromSeconds) {
        // Recorded first, so queries stop relying on rows that are about to go.
        this.#statements.setMeta.run(`kept_from:${tier.name}`, cutoffSeconds)
        coverage.keptFromSeconds = cutoffSeconds
      }
      if (cutoffSeconds === 0) return
      for (const id of this.#seriesIds.values()) deleted += this.#pruneSeries(i, id, cutoffSeconds)
    })
    return deleted
  }

  /** Flushes what is buffered, then closes the file. */
  close(): void {
    if (!this.#db.isOpen) return
    try {
      this.flush()
    } finally {
      this.#db.close()
    }
  }

  /** Once a minute, each series' raw page is written once instead of once a second. */
  #moveRecent(): void {
    const newest = this.#statements.newestRecent.get()?.ts
    if (newest === null || newest === undefined) return
    this.#db.exec(moveRecentSql)
    this.#statements.setMeta.run('raw_up_to', Math.max(this.#rawUpToSeconds, Number(newest) + 1))
  }

  #rollupRange(sourceIndex: number, fromSeconds: number, toSeconds: number): number {
    const target = tiers[sourceIndex + 1]
    const statement = this.#statements.rollups[sourceIndex]
    if (!target || !statement || fromSeconds >= toSeconds) return 0
    this.#statements.setMeta.run(`rolled_up_to:${target.name}`, toSeconds)
    return Number(statement.run({ from: fromSeconds, to: toSeconds }).changes)
  }

  /**
   * A sample landed in a minute (and hour) already rolled up: those buckets are stale until
   * the next rollup redoes them, so queries read the finer tiers there meanwhile. Saved in
   * the sample's transaction, so a restart in between forgets nothing.
   */
  #reopenRollup(lateSeconds: number): void {
    tiers.forEach((tier, i) => {
      const coverage = this.#coverage[i]
      if (i === 0 || !coverage) return
      const reopened = Math.min(coverage.rolledUpToSeconds, floorTo(lateSeconds, tier.stepSeconds))
      this.#statements.setMeta.run(`rolled_up_to:${tier.name}`, reopened)
    })
  }

  #pruneSeries(tierIndex: number, seriesId: number, cutoffSeconds: number): number {
    const statement = this.#statements.prunes[tierIndex]
    if (!statement) return 0
    let deleted = 0
    for (;;) {
      const changes = Number(statement.run({ series: seriesId, cutoff: cutoffSeconds, limit: this.#pruneBatchRows }).changes)
      deleted += changes
      if (changes < this.#pruneBatchRows) return deleted
    }
  }

  #seriesId(point: Buffered): number {
    const known = this.#seriesIds.get(point.key)
    if (known !== undefined) return known
    const labels = JSON.stringify(Object.fromEntries(Object.entries(point.series.labels).sort(([a], [b]) => (a < b ? -1 : 1))))
    const id = Number(this.#statements.insertSeries.get(point.key, point.series.name, labels)?.id)
    this.#seriesIds.set(point.key, id)
    return id
  }

  #originId(label: string): number {
    const known = this.#originIds.get(label)
    if (known !== undefined) return known
    const id = Number(this.#statements.insertOrigin.get(label)?.id)
    this.#originIds.set(label, id)
    return id
  }

  #reloadSeriesIds(): void {
    this.#seriesIds.clear()
    for (const row of this.#db.prepare('SELECT id, key FROM series').all()) this.#seriesIds.set(String(row.key), Number(row.id))
    this.#originIds.clear()
    for (const row of this.#db.prepare('SELECT id, label FROM origins').all()) this.#originIds.set(String(row.label), Number(row.id))
  }

  /** Loads the bookkeeping the file keeps in history_meta; called after every change to it. */
  #readState(): void {
    const meta = new Map<string, number>()
    for (const row of this.#db.prepare('SELECT key, value FROM history_meta').all()) meta.set(String(row.key), Number(row.value))
    this.#rawUpToSeconds = meta.get('raw_up_to') ?? 0
    this.#coverage = tiers.map((tier, i) => ({
      keptFromSeconds: meta.get(`kept_from:${tier.name}`) ?? 0,
      // Raw is complete up to now; the finest tier has nothing to wait for.
      rolledUpToSeconds: i === 0 ? Number.POSITIVE_INFINITY : (meta.get(`rolled_up_to:${tier.name}`) ?? 0),
    }))
  }
}
