import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'

const storeUrl = pathToFileURL(join(import.meta.dirname, '../../../src/main/core/store/ledger-store.ts')).href
const base = 2n ** 70n

/**
 * The child: `node writer.mjs FILE WALLET`. Books read after read as fast as it can, each with
 * its reward, a price now and then, and prints the read's number once it is committed.
 * Pipes are written synchronously on Linux, so the parent sees a number only after its commit.
 */
const writerSource = `
import { LedgerStore } from ${JSON.stringify(storeUrl)}
const [path, walletId] = process.argv.slice(2)
const store = LedgerStore.open(path)
for (let n = 1; ; n++) {
  const holdings = [{ token: 'GRASS', kind: 'liquid', key: '', amount: ${String(base)}n + BigInt(n), decimals: 9 }]
  const reward = {
    network: 'grass', walletId, address: 'GRASSholder', token: 'GRASS', amount: String(n), decimals: 9, at: n,
    price: '1.5', fiat: null, currency: 'usd', source: 'balance-delta', classification: 'reward', rule: 'growth of everything owned in GRASS',
  }
  store.recordRead(walletId, { at: n, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings }, [reward])
  if (n % 7 === 0) store.savePrices([{ symbol: 'GRASS', currency: 'usd', price: String(n) + '.5', source: 'coingecko', at: n, fetchedAt: n }])
  process.stdout.write(String(n) + '\\n')
}
`

const dir = mkdtempSync(join(tmpdir(), 'desk-ledger-crash-'))
const writer = join(dir, 'writer.mjs')
writeFileSync(writer, writerSource)
const children = new Set<ChildProcess>()
afterAll(() => {
  // A writer never stops by itself: end any a failed assertion left behind.
  for (const child of children) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the writer until it has confirmed `reads` reads plus a random few ms, then SIGKILLs it. */
function writeThenKill(path: string, walletId: string, reads: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, path, walletId], { stdio: ['ignore', 'pipe', 'inherit'] })
    children.add(child)
    let out = ''
    let confirmed = 0
    let killing = false
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split('\n')
      out = lines.pop() ?? ''
      for (const line of lines) confirmed = Math.max(confirmed, Number(line))
      if (!killing && confirmed >= reads) {
        killing = true
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 15)
      }
    })
    child.on('error', reject)
    // 'close', not 'exit': every line the writer printed has been read by then.
    child.on('close', (code, signal) => {
      children.delete(child)
      if (signal === 'SIGKILL') resolve(confirmed)
      else reject(new Error(`the writer exited on its own (code ${String(code)})`))
    })
  })
}

describe('ledger under SIGKILL', () => {
  it('keeps the file sound and every confirmed read with its reward, kill after kill', async () => {
    const path = join(dir, 'ledger.sqlite')
    for (const run of [1, 2, 3, 4]) {
      const walletId = `wallet-crash00${String(run)}`
      const confirmed = await writeThenKill(path, walletId, 200 + run * 150)
      expect(confirmed).toBeGreaterThanOrEqual(200 + run * 150)

      const db = new DatabaseSync(path)
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
      db.close()

      const store = LedgerStore.open(path)
      const rewards = store.rewards({ walletId, limit: 5000 })
      // The kill may land after a commit and before its line: at most one read more than confirmed.
      const committed = rewards.length
      expect(committed === confirmed || committed === confirmed + 1).toBe(true)
      const wrong = rewards.filter((r, i) => r.at !== committed - i || r.amount !== String(committed - i))
      expect(wrong).toEqual([])
      // Holdings and rewards commit together: the baseline is the last booked read's, never another.
      expect(store.lastHoldings(walletId)).toEqual([{ token: 'GRASS', kind: 'liquid', key: '', amount: base + BigInt(committed), decimals: 9, part: 'main', at: committed }])
      expect(store.lastRead(walletId)).toEqual({ fetchedAt: committed, hosts: ['a.example'], error: null, errorAt: null, parts: ['main'], unitPrices: [] })
      // Earlier runs' wallets are all still there.
      for (let earlier = 1; earlier < run; earlier++) {
        expect(store.lastRead(`wallet-crash00${String(earlier)}`)?.fetchedAt).toBeGreaterThan(0)
      }
      expect(store.loadPrices()).toHaveLength(1)
      expect(store.skippedRows).toBe(0)
      store.close()
    }
  })
})
