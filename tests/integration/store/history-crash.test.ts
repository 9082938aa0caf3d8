import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteHistory } from '../../../src/main/core/store/sqlite-history.ts'

const writer = join(import.meta.dirname, 'fixtures/history-writer.ts')
// As the writer makes them.
const startSeconds = 1_767_225_600
const valueAt = (tsSeconds: number, index: number): number => (tsSeconds % 1000) + index / 4
const dir = mkdtempSync(join(tmpdir(), 'desk-history-crash-'))
const children = new Set<ChildProcess>()
afterAll(() => {
  // A writer never stops by itself: end any a failed assertion left behind.
  for (const child of children) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the writer until it has confirmed `flushes` flushes plus a random few ms, then SIGKILLs it. */
function writeThenKill(path: string, run: number, flushes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, path, String(run)], { stdio: ['ignore', 'pipe', 'inherit'] })
    children.add(child)
    let out = ''
    let confirmedSeconds = startSeconds
    let killing = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n')
      out = lines.pop() ?? ''
      for (const line of lines) confirmedSeconds = Math.max(confirmedSeconds, Number(line))
      if (!killing && (confirmedSeconds - startSeconds) / 400 >= flushes) {
        killing = true
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 15)
      }
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      children.delete(child)
      if (signal === 'SIGKILL') resolve(confirmedSeconds)
      else reject(new Error(`the writer exited on its own (code ${String(code)})`))
    })
  })
}

describe('history under SIGKILL', () => {
  it('keeps the file sound and every confirmed flush, kill after kill', async () => {
    const path = join(dir, 'history.sqlite')
    for (const run of [1, 2, 3, 4]) {
      const confirmedSeconds = await writeThenKill(path, run, 10 + run * 3)
      expect(confirmedSeconds).toBeGreaterThan(startSeconds)

      const db = new DatabaseSync(path)
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
      db.close()

      // Reopening runs recovery and migrations; then every confirmed second is there, exactly.
      const store = new SqliteHistory({ path })
      const span = confirmedSeconds - startSeconds
      ;['gpu0', 'gpu1', 'cpu'].forEach((device, index) => {
        const series = { name: 'power_watts', labels: { device, run: String(run) } }
        const buckets = store.query({ series, fromSeconds: startSeconds, toSeconds: confirmedSeconds, maxPoints: span })
        expect(buckets).toHaveLength(span)
        const wrong = buckets.filter((b, i) => b.tsSeconds !== startSeconds + i || b.avg !== valueAt(b.tsSeconds, index) || b.count !== 1)
        expect(wrong).toEqual([])
        // The minute tier agrees with raw over the same confirmed range.
        const minutes = store.query({ series, fromSeconds: startSeconds, toSeconds: confirmedSeconds, maxPoints: Math.ceil(span / 60) })
        expect(minutes.reduce((sum, b) => sum + b.count, 0)).toBe(span)
      })
      store.close()
    }
  })
})
