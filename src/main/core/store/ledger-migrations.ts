import type { DatabaseSync } from 'node:sqlite'
import { applyMigrations, type Migration } from './sqlite-migrate.ts'

/**
 * v1: the last good read of each wallet (holdings and read state), the rewards ledger and
 * the price cache. Amounts, prices and fiat are TEXT decimal strings: base units pass 2^64
 * and money is never a float.
 */
function createLedger(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE wallet_reads (
      wallet_id TEXT PRIMARY KEY,
      fetched_at INTEGER,
      hosts TEXT NOT NULL,
      error TEXT,
      error_at INTEGER
    ) STRICT;
    CREATE TABLE holdings (
      wallet_id TEXT NOT NULL,
      position INTEGER NOT NULL,
      token TEXT NOT NULL,
      kind TEXT NOT NULL,
      amount TEXT NOT NULL,
      decimals INTEGER NOT NULL,
      detail TEXT,
      at INTEGER NOT NULL,
      PRIMARY KEY (wallet_id, position)
    ) STRICT, WITHOUT ROWID;
    -- AUTOINCREMENT: ids go to the UI (reclassify), so one is never handed out twice.
    CREATE TABLE rewards (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      network TEXT NOT NULL,
      wallet_id TEXT NOT NULL,
      address TEXT NOT NULL,
      token TEXT NOT NULL,
      amount TEXT NOT NULL,
      decimals INTEGER NOT NULL,
      at INTEGER NOT NULL,
      price TEXT,
      fiat TEXT,
      currency TEXT NOT NULL,
      source TEXT NOT NULL,
      classification TEXT NOT NULL
    ) STRICT;
    CREATE INDEX rewards_by_at ON rewards (at, id);
    CREATE INDEX rewards_by_wallet ON rewards (wallet_id, at, id);
    CREATE TABLE prices (
      symbol TEXT NOT NULL,
      currency TEXT NOT NULL,
      price TEXT NOT NULL,
      source TEXT NOT NULL,
      at INTEGER NOT NULL,
      fetched_at INTEGER NOT NULL,
      PRIMARY KEY (symbol, currency)
    ) STRICT, WITHOUT ROWID;
  `)
}

/**
 * v2: a holding's identity is (token, kind, key), never its words: `detail` once held amounts
 * (Bittensor's alpha), so a read looked like a new holding. `part` is the read part a holding
 * comes from; each wallet remembers the parts it has read well and the chain's unit prices (a
 * subnet's alpha in TAO); every ledger entry says which rule decided it. Old holdings carry no
 * key, so every wallet's parts start empty: its next read is a fresh baseline, and nothing is
 * booked from a comparison of old identities with new ones.
 */
function stableHoldings(db: DatabaseSync): void {
  db.exec(`
    ALTER TABLE holdings ADD COLUMN key TEXT NOT NULL DEFAULT '';
    ALTER TABLE holdings ADD COLUMN part TEXT NOT NULL DEFAULT 'main';
    ALTER TABLE wallet_reads ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE wallet_reads ADD COLUMN unit_prices TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE rewards ADD COLUMN rule TEXT;
  `)
}

/**
 * v3: a holding the last read no longer returned is kept at zero and says so (`kept`: a miner's
 * UID deregistered is not a miner scored 0); each wallet keeps the facts of its last good read
 * (leases, power, fee debt) as JSON beside its read state, so they show after a restart as the
 * holdings do. NULL facts: never recorded, so the next read is their baseline, not a change.
 */
function keptAndFacts(db: DatabaseSync): void {
  db.exec(`
    ALTER TABLE holdings ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE wallet_reads ADD COLUMN facts TEXT;
  `)
}

/**
 * v4: backfill. An entry read from the chain's past carries its source's id (a signature, a log)
 * so a page read again books nothing twice, and says it was valued at its day's price. Each
 * wallet's backfill job keeps its window, cursor and counts, so a restart resumes it; each
 * wallet's first good read (its baseline, where the backfill ends and live reads begin) is kept;
 * prices of past days are kept once fetched.
 */
function backfill(db: DatabaseSync): void {
  db.exec(`
    ALTER TABLE rewards ADD COLUMN pricing TEXT NOT NULL DEFAULT 'at-receipt';
    ALTER TABLE rewards ADD COLUMN external_id TEXT;
    CREATE UNIQUE INDEX rewards_by_external_id ON rewards (wallet_id, external_id) WHERE external_id IS NOT NULL;
    CREATE TABLE backfill_jobs (
      wallet_id TEXT PRIMARY KEY,
      network TEXT NOT NULL,
      state TEXT NOT NULL,
      depth_days INTEGER NOT NULL,
      from_ms INTEGER NOT NULL,
      to_ms INTEGER NOT NULL,
      reached_ms INTEGER NOT NULL,
      cursor TEXT,
      requests INTEGER NOT NULL,
      rewards INTEGER NOT NULL,
      inflows INTEGER NOT NULL,
      problem TEXT,
      out_of_reach TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE wallet_baselines (
      wallet_id TEXT PRIMARY KEY,
      at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE daily_prices (
      symbol TEXT NOT NULL,
      currency TEXT NOT NULL,
      day TEXT NOT NULL,
      price TEXT NOT NULL,
      source TEXT NOT NULL,
      PRIMARY KEY (symbol, currency, day)
    ) STRICT, WITHOUT ROWID;
  `)
}

/** Index i takes a file from version i to i + 1. Append only; never edit a shipped one. */
export const ledgerMigrations: readonly Migration[] = [createLedger, stableHoldings, keptAndFacts, backfill]

export class NewerLedgerError extends Error {
  override readonly name = 'NewerLedgerError'
}

/** Applies the pending migrations, each in its own transaction; answers the file's version. */
export function migrateLedger(db: DatabaseSync, location: string, list: readonly Migration[] = ledgerMigrations): number {
  return applyMigrations(
    db,
    list,
    (fileVersion, known) =>
      new NewerLedgerError(
        `The rewards ledger ${location} has schema version ${String(fileVersion)}, but this build of DePIN Desk knows ` +
          `versions up to ${String(known)}. Update DePIN Desk, or move the file aside to start a new ledger ` +
          `(the rewards recorded in it would then no longer show).`,
      ),
  )
}
