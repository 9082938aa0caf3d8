import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Logger } from '../../../src/main/core/log.ts'
import { sweepStaleTemporaries } from '../../../src/main/core/store/atomic-file.ts'
import { createFileSecretStore } from '../../../src/main/core/store/file-secret-store.ts'
import { HistoryService } from '../../../src/main/core/store/history-service.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { ensurePrivateDir, tightenPrivateFile } from '../../../src/main/core/store/private-files.ts'
import { SettingsStore } from '../../../src/main/core/store/settings-store.ts'

const root = mkdtempSync(join(tmpdir(), 'desk-private-'))
const freshDir = (): string => mkdtempSync(join(root, 'case-'))
const modeOf = (path: string): number => statSync(path).mode & 0o777

/** Why a mode check here would prove nothing, or null when it means something. */
function modesUnmeaningful(): string | null {
  if (process.platform === 'win32') return 'Windows has no POSIX modes'
  // Root still gets the modes it creates, so running as root (CI) is fine; a filesystem
  // that ignores modes (vfat, some network or WSL mounts) is not.
  const probe = join(root, 'probe')
  writeFileSync(probe, '')
  chmodSync(probe, 0o640)
  const kept = modeOf(probe) === 0o640
  rmSync(probe)
  return kept ? null : `${tmpdir()} does not keep POSIX modes`
}
const skipModes = modesUnmeaningful()
if (skipModes !== null) process.stderr.write(`private-files: mode checks skipped: ${skipModes}\n`)

const recording = (): Logger & { lines: string[] } => {
  const lines: string[] = []
  const push = (message: string): void => void lines.push(message)
  return { lines, debug: push, info: push, warn: push, error: push }
}

// SQLite makes a new file 0644 less the umask: with the usual 022 a missed chmod shows.
let previousUmask: number | undefined
beforeAll(() => {
  try {
    previousUmask = process.umask(0o022)
  } catch {
    // A worker thread cannot set it; the inherited one stays.
  }
})
afterAll(() => {
  if (previousUmask !== undefined) process.umask(previousUmask)
  rmSync(root, { recursive: true, force: true })
})

async function writeEveryStore(dir: string, log: Logger): Promise<void> {
  const settings = SettingsStore.open(join(dir, 'settings.json'), undefined, log)
  settings.update({ monitoring: { paused: true } })
  settings.update({ monitoring: { paused: false } })
  await createFileSecretStore(join(dir, 'secrets.json'), undefined, log).set('rpc:solana:key', 'k-1')
  const ledger = LedgerStore.open(join(dir, 'ledger.sqlite'), log)
  ledger.savePrices([{ symbol: 'GRASS', currency: 'usd', price: '1.5', source: 'coingecko', at: 1, fetchedAt: 1 }])
  const history = new HistoryService({ path: join(dir, 'history.sqlite'), log })
  history.append([{ series: { name: 'power_watts', labels: { device: 'gpu0' } }, tsSeconds: 1_767_225_600, value: 90 }])
  await history.flush()
  // Files are checked while open: -wal and -shm exist only then.
  expect(readdirSync(dir).sort()).toEqual(
    ['history.sqlite', 'history.sqlite-shm', 'history.sqlite-wal', 'ledger.sqlite', 'ledger.sqlite-shm', 'ledger.sqlite-wal', 'secrets.json', 'settings.json', 'settings.json.bak'],
  )
  expect(readdirSync(dir).filter((name) => modeOf(join(dir, name)) !== 0o600)).toEqual([])
  ledger.close()
  await history.close()
}

describe.skipIf(skipModes !== null)('data dir modes', () => {
  it('creates the dir 0700 and every file core writes 0600, SQLite companions included', async () => {
    const dir = join(freshDir(), 'nested', 'data')
    const log = recording()
    await writeEveryStore(dir, log)
    expect(modeOf(dir)).toBe(0o700)
    expect(log.lines).toEqual([])
  })

  it('tightens a data dir and files an older version left readable by others, and says so', async () => {
    const dir = freshDir()
    await writeEveryStore(dir, recording())
    // What an older version left: all of it 0644, the dir 0755, the databases open elsewhere
    // (a second connection keeps their -wal and -shm).
    const holders = ['ledger.sqlite', 'history.sqlite'].map((name) => {
      const db = new DatabaseSync(join(dir, name))
      db.prepare('SELECT count(*) FROM sqlite_schema').get()
      return db
    })
    for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644)
    chmodSync(dir, 0o755)
    const log = recording()
    SettingsStore.open(join(dir, 'settings.json'), undefined, log)
    await createFileSecretStore(join(dir, 'secrets.json'), undefined, log).names()
    LedgerStore.open(join(dir, 'ledger.sqlite'), log).close()
    await new HistoryService({ path: join(dir, 'history.sqlite'), log }).close()
    for (const db of holders) db.close()
    expect(modeOf(dir)).toBe(0o700)
    expect(readdirSync(dir).filter((name) => modeOf(join(dir, name)) !== 0o600)).toEqual([])
    const tightened = (name: string, from: string, to: string): string => `tightened ${join(dir, name)} from ${from} to ${to}: other users could read it`
    expect(log.lines).toEqual([
      tightened('', '0755', '0700'),
      ...['settings.json', 'settings.json.bak', 'secrets.json'].map((name) => tightened(name, '0644', '0600')),
      ...['ledger', 'history'].flatMap((db) => ['', '-wal', '-shm'].map((end) => tightened(`${db}.sqlite${end}`, '0644', '0600'))),
    ])
  })

  it('leaves a private dir and an owner-only file as they are', () => {
    const dir = freshDir()
    chmodSync(dir, 0o700)
    const readOnly = join(dir, 'settings.json.bak')
    writeFileSync(readOnly, JSON.stringify({ schemaVersion: 1 }), { mode: 0o400 })
    const log = recording()
    expect(ensurePrivateDir(dir, log)).toBe(false)
    expect(tightenPrivateFile(readOnly, log)).toBe(false)
    expect(modeOf(readOnly)).toBe(0o400)
    expect(log.lines).toEqual([])
  })
})

describe('stale temporaries', () => {
  const longAgo = new Date('2020-01-01T00:00:00Z')
  const touch = (path: string, at?: Date): void => {
    closeSync(openSync(path, 'w'))
    if (at !== undefined) utimesSync(path, at, at)
  }

  it('sweeps those a killed write left, on settings open, and only ours', () => {
    const dir = freshDir()
    const stale = ['settings.json.0badc0de.tmp', 'settings.json.bak.deadbeef.tmp']
    // Another program's files, or names merely like ours, stay.
    const foreign = ['settings.json.tmp', 'notes.json.0badc0de.tmp', 'settings.json.0BADC0DE.tmp', 'settings.json.0badc0de.tmp.keep']
    for (const name of [...stale, ...foreign]) touch(join(dir, name), longAgo)
    const log = recording()
    SettingsStore.open(join(dir, 'settings.json'), undefined, log)
    expect(readdirSync(dir).sort()).toEqual([...foreign].sort())
    expect(log.lines).toEqual(stale.map((name) => `removed ${join(dir, name)}, left by a write that was interrupted`))
  })

  it('leaves one written since this process started: another live writer may be renaming it', () => {
    const dir = freshDir()
    const live = join(dir, 'settings.json.cafebabe.tmp')
    touch(live)
    SettingsStore.open(join(dir, 'settings.json'), undefined, recording())
    expect(readdirSync(dir)).toEqual(['settings.json.cafebabe.tmp'])
    // The same file, seen by a process started after it was written, is stale.
    expect(sweepStaleTemporaries(live.replace(/\.cafebabe\.tmp$/, ''), recording(), Date.now() + 1000)).toEqual([live])
  })

  it('sweeps the secrets file\'s too, when its store is made', () => {
    const dir = freshDir()
    touch(join(dir, 'secrets.json.00ff00ff.tmp'), longAgo)
    createFileSecretStore(join(dir, 'secrets.json'), undefined, recording())
    expect(readdirSync(dir)).toEqual([])
  })

  it('treats a missing dir as nothing to sweep', () => {
    expect(sweepStaleTemporaries(join(root, 'absent', 'settings.json'), recording())).toEqual([])
  })
})
