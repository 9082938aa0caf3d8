/**
 * The SQL the SQLite history runs, built once from the tier table. Only constants go into
 * these strings; every value is a bound parameter.
 */
import { tiers, type Tier } from './history-tiers.ts'

/** What each table contributes to a bucket: sum, min, max and count of raw samples, and the sum of their measured parts. */
const aggregateColumns: Record<Tier['name'], string> = {
  raw: 'ts, v AS total, v AS lo, v AS hi, 1 AS n, measured AS measured_total',
  '1m': 'ts, avg * n AS total, min AS lo, max AS hi, n, measured * n AS measured_total',
  '1h': 'ts, avg * n AS total, min AS lo, max AS hi, n, measured * n AS measured_total',
}

/** Each tier's table, plus the staging table that holds raw samples until the next rollup. */
const querySources = [
  ...tiers.map((tier, i) => ({ table: tier.table, columns: aggregateColumns[tier.name], tierIndex: i })),
  { table: 'samples_recent', columns: aggregateColumns.raw, tierIndex: 0 },
]

/**
 * One series' buckets of `:width` seconds, each tier read over its own `[:fromN, :toN)`.
 * Parameters bind as REAL in node:sqlite, so the bucket needs the CAST to be a whole number.
 */
export const querySql = `
  SELECT CAST(ts / :width AS INTEGER) * :width AS bucket,
    min(lo) AS min, sum(total) / sum(n) AS avg, max(hi) AS max, sum(n) AS count, sum(measured_total) / sum(n) AS measured
  FROM (${querySources
    .map(
      ({ table, columns, tierIndex }) =>
        `SELECT ${columns} FROM ${table} WHERE series_id = :series AND ts >= :from${String(tierIndex)} AND ts < :to${String(tierIndex)}`,
    )
    .join(' UNION ALL ')})
  GROUP BY bucket ORDER BY bucket`

/**
 * Folds `source` rows in `[:from, :to)` into `target` buckets. Starting from `series` makes
 * SQLite seek each series' primary-key range instead of scanning the table.
 */
export function rollupSql(source: Tier, target: Tier): string {
  const step = String(target.stepSeconds)
  return `
    INSERT OR REPLACE INTO ${target.table} (series_id, ts, avg, min, max, n, measured)
    SELECT t.series_id, t.ts / ${step} * ${step} AS bucket, sum(t.total) / sum(t.n), min(t.lo), max(t.hi), sum(t.n),
      sum(t.measured_total) / sum(t.n)
    FROM series s CROSS JOIN (SELECT series_id, ${aggregateColumns[source.name]} FROM ${source.table}) t ON t.series_id = s.id
    WHERE t.ts >= :from AND t.ts < :to
    GROUP BY t.series_id, bucket`
}

/** Up to `:limit` rows of one series older than `:cutoff`: each call is a short transaction. */
export function pruneSql(tier: Tier): string {
  return `DELETE FROM ${tier.table} WHERE series_id = :series AND ts IN
    (SELECT ts FROM ${tier.table} WHERE series_id = :series AND ts < :cutoff ORDER BY ts LIMIT :limit)`
}

export const moveRecentSql = `
  INSERT OR REPLACE INTO samples_raw (series_id, ts, v, measured, origin) SELECT series_id, ts, v, measured, origin FROM samples_recent;
  DELETE FROM samples_recent;`
