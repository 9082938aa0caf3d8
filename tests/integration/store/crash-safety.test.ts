import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/core/log.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { SettingsStore } from '../../../src/main/core/store/settings-store.ts'
import { SqliteHistory } from '../../../src/main/core/store/sqlite-history.ts'
import { historyBatchSeconds, historyStartSeconds, historyValue, ledgerBase, mulberry32, runSeries, settingsOffset } from './fixtures/all-stores-shape.ts'

/**
 * kill -9 at random moments while settings, ledger and history are all being written, 32
 * times over one data dir. After each kill: both databases pass integrity_check, every
 * write the child confirmed is there (plus at most the one in flight), and the next start
 * removes the temporaries the killed settings writer left. Replay a failure with the seed
 * printed on stderr: CRASH_SEED=<seed> npx vitest run tests/integration/store/crash-safety.test.ts
 */
const kills = 32
const maxKillDelayMs = 200
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32))
process.stderr.write(`crash-safety: seed ${String(seed)}\n`)

const writer = join(import.meta.dirname, 'fixtures/all-stores-writer.ts')
const dir = join(mkdtempSync(join(tmpdir(), 'desk-crash-safety-')), 'data')
const children = new Set<ChildProcess>()
afterAll(() => {
  // A writer never stops by itself: end any a failed assertion left behind.
  for (const child of children) child.kill('SIGKILL')
  rmSync(join(dir, '..'), { recursive: true, force: true })
})

type Confirmed = { settings: number | undefined; ledger: number; historyEnd: number }
type RunResult = { confirmed: Confirmed; leftoversAfterStart: string[] }

const temporaries = (): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.tmp')) : [])

/** Starts the writer; once it says `ready`, checks `leftovers` were swept, then kills it `delayMs` later. */
function writeThenKill(run: number, delayMs: number, leftovers: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, dir, String(run), String(seed + run)], { stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    const confirmed: Confirmed = { settings: undefined, ledger: 0, historyEnd: historyStartSeconds }
    let leftoversAfterStart: string[] = []
    let out = ''
    let errors = ''
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n')
      out = lines.pop() ?? ''
      for (const line of lines) {
        const [kind, value] = line.split(' ')
        if (kind === 'ready') {
          leftoversAfterStart = leftovers.filter((name) => existsSync(join(dir, name)))
          setTimeout(() => child.kill('SIGKILL'), delayMs)
        }
        if (kind === 's') confirmed.settings = Number(value)
        if (kind === 'l') confirmed.ledger = Number(value)
        if (kind === 'h') confirmed.historyEnd = Number(value)
      }
    })
    child.on('error', reject)
    // 'close', not 'exit': every line the writer printed has been read by then.
    child.on('close', (code, signal) => {
      children.delete(child)
      if (signal === 'SIGKILL') resolve({ confirmed, leftoversAfterStart })
      else reject(new Error(`the writer exited on its own (code ${String(code)}): ${errors}`))
    })
  })
}

function expectSound(file: string): void {
  const db = new DatabaseSync(join(dir, file))
  try {
    expect(db.prepare('PRAGMA integrity_check').all(), file).toEqual([{ integrity_check: 'ok' }])
  } finally {
    db.close()
  }
}

/** The settings value on disk: the last confirmed one, or the one in flight when killed. */
function checkSettings(before: number, confirmed: number | undefined): number {
  const store = SettingsStore.open(join(dir, 'settings.json'), undefined, silentLogger)
  expect(store.problem).toBeNull()
  const onDisk = store.current.monitoring.sampleIntervalMs - settingsOffset
  const last = confirmed ?? before
  expect([last, last + 1]).toContain(onDisk)
  return onDisk
}

/** Every confirmed read of `run` with its reward, in order, plus at most the one in flight. */
function checkLedger(ledger: LedgerStore, run: number, confirmed: number): number {
  const walletId = `wallet-run${String(run)}`
  const rewards = ledger.rewards({ walletId, limit: 100_000 })
  const committed = rewards.length
  expect([confirmed, confirmed + 1]).toContain(committed)
  expect(rewards.filter((r, i) => r.at !== committed - i || r.amount !== String(committed - i))).toEqual([])
  if (committed > 0) {
    expect(ledger.lastHoldings(walletId)).toEqual([
      { token: 'GRASS', kind: 'liquid', key: '', amount: ledgerBase + BigInt(committed), decimals: 9, part: 'main', at: committed },
    ])
  }
  return committed
}

/** Every confirmed second of `run`'s three series, exactly once, with its value. */
function checkHistory(history: SqliteHistory, run: number, endSeconds: number): void {
  const span = endSeconds - historyStartSeconds
  if (span === 0) return
  runSeries(run).forEach((series, index) => {
    const buckets = history.query({ series, fromSeconds: historyStartSeconds, toSeconds: endSeconds, maxPoints: span })
    expect(buckets).toHaveLength(span)
    expect(buckets.filter((b, i) => b.tsSeconds !== historyStartSeconds + i || b.avg !== historyValue(b.tsSeconds, index) || b.count !== 1)).toEqual([])
  })
}

describe('all stores under kill -9', () => {
  it(`keep every confirmed write and leave no temporaries, ${String(kills)} random kills`, { timeout: 180_000 }, async () => {
    const started = Date.now()
    const random = mulberry32(seed)
    const ledgerByRun = new Map<number, number>()
    const historyByRun = new Map<number, number>()
    let settingsOnDisk = 1000 - settingsOffset
    const figures = { settings: 0, ledger: 0, history: 0, leftovers: 0 }

    for (let run = 1; run <= kills; run++) {
      const leftovers = temporaries()
      figures.leftovers += leftovers.length
      const { confirmed, leftoversAfterStart } = await writeThenKill(run, Math.floor(random() * maxKillDelayMs), leftovers)
      expect(leftoversAfterStart, `run ${String(run)}: the next start swept what the kill left`).toEqual([])

      expectSound('ledger.sqlite')
      expectSound('history.sqlite')
      figures.settings += (confirmed.settings ?? settingsOnDisk) - settingsOnDisk
      settingsOnDisk = checkSettings(settingsOnDisk, confirmed.settings)

      const ledger = LedgerStore.open(join(dir, 'ledger.sqlite'), silentLogger)
      ledgerByRun.set(run, checkLedger(ledger, run, confirmed.ledger))
      figures.ledger += confirmed.ledger
      // Earlier runs' reads are all still there.
      for (const [earlier, committed] of ledgerByRun) expect(ledger.lastRead(`wallet-run${String(earlier)}`)?.fetchedAt ?? 0).toBe(committed)
      ledger.close()

      const history = new SqliteHistory({ path: join(dir, 'history.sqlite'), log: silentLogger })
      checkHistory(history, run, confirmed.historyEnd)
      historyByRun.set(run, confirmed.historyEnd)
      figures.history += (confirmed.historyEnd - historyStartSeconds) / historyBatchSeconds
      history.close()
    }

    // One more start, which only opens: the last kill's temporaries go too.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [writer, dir, String(kills + 1), String(seed), '--open-only'], { stdio: ['ignore', 'ignore', 'pipe'] })
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`the last start failed (code ${String(code)})`))))
    })
    expect(temporaries()).toEqual([])
    const history = new SqliteHistory({ path: join(dir, 'history.sqlite'), log: silentLogger })
    for (const [run, end] of historyByRun) checkHistory(history, run, end)
    history.close()
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      expect(readdirSync(dir).filter((name) => (statSync(join(dir, name)).mode & 0o777) !== 0o600)).toEqual([])
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    process.stderr.write(
      `crash-safety: seed ${String(seed)}, ${String(kills)} kills in ${seconds} s; confirmed writes: ` +
        `${String(figures.settings)} settings, ${String(figures.ledger)} ledger reads, ${String(figures.history)} history flushes; ` +
        `${String(figures.leftovers)} temporaries left by kills, all swept on the next start\n`,
    )
    expect(figures.settings * figures.ledger * figures.history).toBeGreaterThan(0)
  })
})
