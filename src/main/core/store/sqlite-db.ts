import { DatabaseSync } from 'node:sqlite'
import { preparePrivateDatabase, type PrivateLog } from './private-files.ts'

/**
 * Opens one of core's SQLite files (or ':memory:'): created private before SQLite touches it,
 * WAL with synchronous NORMAL (a commit survives a crash of this process; only power loss may
 * drop the last one), then migrated. A file that fails to open or migrate is closed again.
 */
export function openWalDatabase(path: string, log: PrivateLog | undefined, migrate: (db: DatabaseSync) => void, extraPragmas = ''): DatabaseSync {
  preparePrivateDatabase(path, log)
  const db = new DatabaseSync(path, { timeout: 5_000 })
  try {
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;${extraPragmas}`)
    migrate(db)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Runs `body` in one write transaction: all of it commits, or none of it (a throw rolls back and
 * is rethrown). IMMEDIATE takes the write lock up front, so two writers never deadlock midway.
 */
export function inTransaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = body()
    db.exec('COMMIT')
    return result
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}
