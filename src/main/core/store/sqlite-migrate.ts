import type { DatabaseSync } from 'node:sqlite'

/** One schema step; index i of a list takes a file from version i to i + 1. */
export type Migration = (db: DatabaseSync) => void

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get()
  return Number(row?.user_version ?? 0)
}

/**
 * Applies the pending migrations, each in its own transaction, tracked in `PRAGMA user_version`;
 * answers the file's version. A file newer than `list` is never touched: `tooNew` says why.
 */
export function applyMigrations(db: DatabaseSync, list: readonly Migration[], tooNew: (fileVersion: number, known: number) => Error): number {
  const fileVersion = userVersion(db)
  if (fileVersion > list.length) throw tooNew(fileVersion, list.length)
  for (let version = fileVersion; version < list.length; version++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      list[version]?.(db)
      db.exec(`PRAGMA user_version = ${String(version + 1)}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  return list.length
}
