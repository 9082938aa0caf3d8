import { mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, migrations, NewerHistoryError } from '../../../src/main/core/store/history-migrations.ts'
import type { Migration } from '../../../src/main/core/store/sqlite-migrate.ts'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-migrations-'))
  dirs.push(dir)
  return join(dir, 'history.sqlite')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const version = (db: DatabaseSync): number => Number(db.prepare('PRAGMA user_version').get()?.user_version)
const tables = (db: DatabaseSync): string[] =>
  db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => String(row.name))
const meta = (db: DatabaseSync): Record<string, number> =>
  Object.fromEntries(db.prepare('SELECT key, value FROM history_meta').all().map((row) => [String(row.key), Number(row.value)]))

describe('history migrations', () => {
  it('brings an empty file to the latest version', () => {
    const db = new DatabaseSync(tempFile())
    expect(migrate(db, 'history.sqlite')).toBe(migrations.length)
    expect(version(db)).toBe(migrations.length)
    expect(tables(db)).toEqual(['history_meta', 'origins', 'samples_1h', 'samples_1m', 'samples_raw', 'samples_recent', 'series'])
    expect(meta(db)).toEqual({ raw_up_to: 0, 'kept_from:raw': 0, 'kept_from:1m': 0, 'rolled_up_to:1m': 0, 'rolled_up_to:1h': 0 })
    db.close()
  })

  it('migrates a v1 file, deriving rollup progress from the buckets it holds', () => {
    const path = tempFile()
    const v1 = new DatabaseSync(path)
    migrate(v1, path, migrations.slice(0, 1))
    expect(version(v1)).toBe(1)
    v1.exec(`
      INSERT INTO series (id, key, name, labels) VALUES (1, 'power_watts', 'power_watts', '{}');
      INSERT INTO samples_raw VALUES (1, 7200, 5.0);
      INSERT INTO samples_1m VALUES (1, 3540, 4.0, 3.0, 5.0, 60), (1, 3480, 4.0, 3.0, 5.0, 60);
      INSERT INTO samples_1h VALUES (1, 0, 4.0, 3.0, 5.0, 3600);
    `)
    v1.close()

    const db = new DatabaseSync(path)
    migrate(db, path)
    expect(version(db)).toBe(migrations.length)
    expect(meta(db)).toEqual({
      raw_up_to: 7201,
      'kept_from:raw': 0,
      'kept_from:1m': 0,
      'rolled_up_to:1m': 3600,
      'rolled_up_to:1h': 3600,
    })
    expect(db.prepare('SELECT count(*) AS n FROM samples_1m').get()?.n).toBe(2)
    // Running it again changes nothing.
    expect(migrate(db, path)).toBe(migrations.length)
    db.close()
  })

  it('adds provenance to a v2 file: its rows count as not measured and name no source', () => {
    const path = tempFile()
    const v2 = new DatabaseSync(path)
    migrate(v2, path, migrations.slice(0, 2))
    v2.exec(`
      INSERT INTO series (id, key, name, labels) VALUES (1, 'machine_power_watts', 'machine_power_watts', '{}');
      INSERT INTO samples_recent VALUES (7201, 1, 300.0);
      INSERT INTO samples_raw VALUES (1, 7200, 300.0);
      INSERT INTO samples_1m VALUES (1, 3540, 300.0, 290.0, 310.0, 60);
      INSERT INTO samples_1h VALUES (1, 0, 300.0, 290.0, 310.0, 3600);
    `)
    v2.close()

    const db = new DatabaseSync(path)
    expect(migrate(db, path)).toBe(3)
    expect(db.prepare('SELECT v, measured, origin FROM samples_raw').all()).toEqual([{ v: 300, measured: 0, origin: null }])
    expect(db.prepare('SELECT v, measured, origin FROM samples_recent').all()).toEqual([{ v: 300, measured: 0, origin: null }])
    expect(db.prepare('SELECT avg, n, measured FROM samples_1m').all()).toEqual([{ avg: 300, n: 60, measured: 0 }])
    expect(db.prepare('SELECT avg, n, measured FROM samples_1h').all()).toEqual([{ avg: 300, n: 3600, measured: 0 }])
    expect(db.prepare('SELECT count(*) AS n FROM origins').get()?.n).toBe(0)
    db.close()
  })

  it('refuses a file from a newer build, saying what to do, and leaves it alone', () => {
    const path = tempFile()
    const db = new DatabaseSync(path)
    db.exec('PRAGMA user_version = 99')
    expect(() => migrate(db, path)).toThrow(NewerHistoryError)
    expect(() => migrate(db, path)).toThrow(
      `The history file ${path} has schema version 99, but this build of DePIN Desk knows versions up to ${migrations.length}. ` +
        'Update DePIN Desk, or move the file aside to start a new history.',
    )
    expect(version(db)).toBe(99)
    db.close()
  })

  it('rolls a failing migration back and keeps the version it had', () => {
    const db = new DatabaseSync(':memory:')
    const broken: Migration = (d) => {
      d.exec('CREATE TABLE half_done (x INTEGER)')
      throw new Error('disk on fire')
    }
    expect(() => migrate(db, ':memory:', [migrations[0]!, broken])).toThrow('disk on fire')
    expect(version(db)).toBe(1)
    expect(tables(db)).not.toContain('half_done')
    db.close()
  })
})
