import type { DatabaseSync } from 'node:sqlite'
import { applyMigrations, type Migration } from './sqlite-migrate.ts'

/** Brings a file from the version before it to its own; runs inside a transaction. */

function tierTable(table: string, columns: string): string {
  // WITHOUT ROWID: one B-tree clustered on (series_id, ts), about half the bytes per row here.
  return `CREATE TABLE ${table} (
    series_id INTEGER NOT NULL, ts INTEGER NOT NULL, ${columns},
    PRIMARY KEY (series_id, ts)
  ) STRICT, WITHOUT ROWID;`
}

const rollupColumns = 'avg REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, n INTEGER NOT NULL'

/** v1: series and the three tiers. */
function createTiers(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE series (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      labels TEXT NOT NULL
    ) STRICT;
    ${tierTable('samples_raw', 'v REAL NOT NULL')}
    ${tierTable('samples_1m', rollupColumns)}
    ${tierTable('samples_1h', rollupColumns)}
  `)
}

/**
 * v2: a time-major staging table, so the per-second flush writes one or two pages instead of
 * one page per series; and how far rollup and prune have got, so queries know which tier
 * holds complete data. A v1 file never pruned; its rollup tiers count as complete up to
 * their last bucket.
 */
function addStagingAndCoverage(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE samples_recent (
      ts INTEGER NOT NULL, series_id INTEGER NOT NULL, v REAL NOT NULL,
      PRIMARY KEY (ts, series_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE history_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    INSERT INTO history_meta (key, value) VALUES
      ('raw_up_to', coalesce((SELECT max(ts) + 1 FROM samples_raw), 0)),
      ('kept_from:raw', 0),
      ('kept_from:1m', 0),
      ('rolled_up_to:1m', coalesce((SELECT max(ts) + 60 FROM samples_1m), 0)),
      ('rolled_up_to:1h', coalesce((SELECT max(ts) + 3600 FROM samples_1h), 0));
  `)
}

/**
 * v3: whether each power sample's watts were measured or estimated, and by which source
 * (issue 9). `measured` is the part of `v` a source measured, the rest was estimated: in raw
 * rows the watts, in rollups their mean over the bucket's n samples, so measured energy adds
 * up through the tiers exactly as the total does. `origin` names a raw sample's basis and
 * sources. Rows written before v3 kept no provenance: measured = 0, so their energy counts as
 * estimated, the one claim nothing can contradict.
 */
function addProvenance(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE origins (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE) STRICT;
    ALTER TABLE samples_raw ADD COLUMN measured REAL NOT NULL DEFAULT 0;
    ALTER TABLE samples_raw ADD COLUMN origin INTEGER REFERENCES origins (id);
    ALTER TABLE samples_recent ADD COLUMN measured REAL NOT NULL DEFAULT 0;
    ALTER TABLE samples_recent ADD COLUMN origin INTEGER REFERENCES origins (id);
    ALTER TABLE samples_1m ADD COLUMN measured REAL NOT NULL DEFAULT 0;
    ALTER TABLE samples_1h ADD COLUMN measured REAL NOT NULL DEFAULT 0;
  `)
}

/** Index i takes a file from version i to i + 1. Append only; never edit a shipped one. */
export const migrations: readonly Migration[] = [createTiers, addStagingAndCoverage, addProvenance]

export class NewerHistoryError extends Error {
  override readonly name = 'NewerHistoryError'
}

/** Applies the pending migrations, each in its own transaction; answers the file's version. */
export function migrate(db: DatabaseSync, location: string, list: readonly Migration[] = migrations): number {
  return applyMigrations(
    db,
    list,
    (fileVersion, known) =>
      new NewerHistoryError(
        `The history file ${location} has schema version ${fileVersion}, but this build of DePIN Desk knows ` +
          `versions up to ${known}. Update DePIN Desk, or move the file aside to start a new history.`,
      ),
  )
}
