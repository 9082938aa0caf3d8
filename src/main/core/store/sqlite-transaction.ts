import type { DatabaseSync } from 'node:sqlite'

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
