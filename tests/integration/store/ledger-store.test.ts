import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FactRecord, Holding } from '../../../src/main/core/holdings/holding.ts'
import { LedgerStore, type NewReward } from '../../../src/main/core/store/ledger-store.ts'
import { ledgerMigrations, migrateLedger, NewerLedgerError } from '../../../src/main/core/store/ledger-migrations.ts'

const t0 = 1_767_225_600_000 // 2026-01-01T00:00:00Z, in ms
const hour = 3_600_000
const grassWallet = 'wallet-grass001'
const heliumWallet = 'wallet-helium01'

const dirs: string[] = []
const stores: LedgerStore[] = []
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'desk-ledger-'))
  dirs.push(dir)
  return join(dir, 'ledger.sqlite')
}
function open(path: string): LedgerStore {
  const store = LedgerStore.open(path)
  stores.push(store)
  return store
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function reward(overrides: Partial<NewReward> = {}): NewReward {
  return {
    network: 'grass',
    walletId: grassWallet,
    address: 'GRASSholder1111111111111111111111111111111',
    token: 'GRASS',
    amount: '250000000',
    decimals: 9,
    at: t0,
    price: '1.25',
    fiat: '0.3125',
    currency: 'usd',
    source: 'balance-delta',
    classification: 'reward',
    rule: 'growth of everything owned in GRASS',
    ...overrides,
  }
}

const huge = 2n ** 200n + 12_345n
const grassHoldings: Holding[] = [
  { token: 'GRASS', kind: 'liquid', key: '', amount: huge, decimals: 9, part: 'main' },
  { token: 'GRASS', kind: 'staked', key: 'stake 7xKX', amount: 2n ** 64n + 1n, decimals: 9, detail: 'stake account 7xKX…', part: 'main' },
  { token: 'SOL', kind: 'liquid', key: '', amount: 0n, decimals: 9, part: 'main' },
]

/** A second connection on the same file, as a hand edit or another tool would be. */
function withRawDb<T>(path: string, body: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path)
  try {
    return body(db)
  } finally {
    db.close()
  }
}

describe('ledger schema', () => {
  it('brings an empty file to the latest version, in WAL mode', () => {
    const path = tempPath()
    open(path).close()
    withRawDb(path, (db) => {
      expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: ledgerMigrations.length })
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all()
      expect(tables.map((row) => row.name)).toEqual(['backfill_jobs', 'daily_prices', 'holdings', 'prices', 'rewards', 'sqlite_sequence', 'wallet_baselines', 'wallet_reads'])
    })
  })

  it('takes a v1 file to v2: old holdings get empty keys, old entries no rule, and no wallet remembers a part', () => {
    const path = tempPath()
    withRawDb(path, (db) => {
      migrateLedger(db, path, ledgerMigrations.slice(0, 1))
      db.exec(`INSERT INTO wallet_reads VALUES ('${grassWallet}', ${t0}, '["a.example"]', NULL, NULL)`)
      // v1 Bittensor details held amounts: the reason identities moved to keys.
      db.exec(`INSERT INTO holdings VALUES ('${grassWallet}', 0, 'TAO', 'staked', '5', 9, 'hotkey 5F3s…, subnet 19 (10.0 α)', ${t0})`)
      db.exec(`INSERT INTO rewards (network, wallet_id, address, token, amount, decimals, at, price, fiat, currency, source, classification)
               VALUES ('grass', '${grassWallet}', 'addr', 'GRASS', '1', 9, ${t0}, NULL, NULL, 'usd', 'balance-delta', 'reward')`)
    })
    const store = open(path)
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0, hosts: ['a.example'], error: null, errorAt: null, parts: [], unitPrices: [] })
    expect(store.lastHoldings(grassWallet)).toEqual([{ token: 'TAO', kind: 'staked', key: '', amount: 5n, decimals: 9, detail: 'hotkey 5F3s…, subnet 19 (10.0 α)', part: 'main', at: t0 }])
    expect(store.rewards({ limit: 5 })).toEqual([expect.objectContaining({ token: 'GRASS', rule: null })])
  })

  it('takes a v2 file to v3: its holdings are not kept, and its facts were never recorded', () => {
    const path = tempPath()
    withRawDb(path, (db) => {
      migrateLedger(db, path, ledgerMigrations.slice(0, 2))
      db.exec(`INSERT INTO wallet_reads VALUES ('${grassWallet}', ${t0}, '["a.example"]', NULL, NULL, '["main","miners"]', '[]')`)
      db.exec(`INSERT INTO holdings VALUES ('${grassWallet}', 0, 'SN19α', 'emission', 0, 9, 'miner UID 2 on subnet 19, hotkey 5HEo…P9M2, per epoch', ${t0}, '5HEo', 'miners')`)
    })
    const store = open(path)
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0, hosts: ['a.example'], error: null, errorAt: null, parts: ['main', 'miners'], unitPrices: [] })
    expect(store.lastRead(grassWallet)?.facts).toBeUndefined()
    expect(store.lastHoldings(grassWallet)[0]?.kept).toBeUndefined()
  })

  it('takes a v3 file to v4: old entries were priced at receipt, carry no source id, and no wallet has a baseline or a backfill', () => {
    const path = tempPath()
    withRawDb(path, (db) => {
      migrateLedger(db, path, ledgerMigrations.slice(0, 3))
      db.exec(`INSERT INTO rewards (network, wallet_id, address, token, amount, decimals, at, price, fiat, currency, source, classification, rule)
               VALUES ('grass', '${grassWallet}', 'addr', 'GRASS', '1', 9, ${t0}, '2', '0.000000002', 'usd', 'balance-delta', 'reward', 'growth')`)
    })
    const store = open(path)
    const [entry] = store.rewards({ limit: 5 })
    expect(entry).toMatchObject({ token: 'GRASS', rule: 'growth' })
    expect(entry?.pricing).toBeUndefined()
    expect(store.backfill.baseline(grassWallet)).toBeNull()
    expect(store.backfill.jobs()).toEqual([])
    // The first baseline noted stays: a later read is no baseline.
    store.backfill.noteBaseline(grassWallet, t0)
    store.backfill.noteBaseline(grassWallet, t0 + hour)
    expect(store.backfill.baseline(grassWallet)).toBe(t0)
    store.close()
  })

  it('keeps a kept holding’s flag and the read’s facts, amounts exact, across a reopen and a failure', () => {
    const path = tempPath()
    const store = open(path)
    const kept: Holding = { token: 'SN19α', kind: 'emission', key: '5HEo', amount: 0n, decimals: 9, detail: 'miner UID 2 on subnet 19, hotkey 5HEo…P9M2, per epoch', part: 'miners', kept: true }
    const facts: FactRecord[] = [
      { kind: 'filecoin.fee-debt', key: '', status: 'in-debt', words: 'fee debt: 0.25 FIL', summary: true, figures: {}, amount: { token: 'FIL', amount: 2n ** 70n + 3n, decimals: 18 }, at: t0, since: t0 - hour, sinceFirstRead: false, previous: { at: t0 - hour, figures: {} } },
      { kind: 'akash.leases', key: '', status: 'idle', words: '0 active leases', figures: { active: 0, total: 3 }, part: 'leases', at: t0, since: t0, sinceFirstRead: true, previous: null },
    ]
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main', 'miners'], unitPrices: [], holdings: [kept, grassHoldings[0] as Holding], facts }, [])
    store.recordFailure(grassWallet, t0 + hour, 'a.example did not answer')
    store.close()
    const again = open(path)
    expect(again.lastHoldings(grassWallet)).toEqual([{ ...kept, at: t0 }, { ...grassHoldings[0], at: t0 }])
    expect(again.lastRead(grassWallet)?.facts).toEqual(facts)
  })

  it('facts that do not read back are dropped and counted; the read itself stands', () => {
    const path = tempPath()
    const store = open(path)
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: [], facts: [] }, [])
    withRawDb(path, (db) => db.exec(`UPDATE wallet_reads SET facts = '[{"kind":""}]'`))
    expect(store.lastRead(grassWallet)).toMatchObject({ fetchedAt: t0 })
    expect(store.lastRead(grassWallet)?.facts).toBeUndefined()
    expect(store.skippedRows).toBeGreaterThan(0)
  })

  it('keeps the chain’s unit prices with the read, exactly', () => {
    const store = open(tempPath())
    const unitPrices = [{ unit: 'SN19α', quote: 'TAO', price: 2n ** 70n + 1n, decimals: 9 }]
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main', 'miners'], unitPrices, holdings: [] }, [])
    expect(store.lastRead(grassWallet)).toMatchObject({ parts: ['main', 'miners'], unitPrices })
  })

  it('refuses a file from a newer build with a clear error, and leaves it as it was', () => {
    const path = tempPath()
    withRawDb(path, (db) => {
      db.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept'); PRAGMA user_version = 7")
    })
    expect(() => LedgerStore.open(path)).toThrow(NewerLedgerError)
    expect(() => LedgerStore.open(path)).toThrow(
      `The rewards ledger ${path} has schema version 7, but this build of DePIN Desk knows versions up to 4. Update DePIN Desk`,
    )
    withRawDb(path, (db) => {
      expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 7 })
      expect(db.prepare('SELECT x FROM future').all()).toEqual([{ x: 'kept' }])
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'rewards'").get()).toEqual({ n: 0 })
    })
  })

  it('opens in memory for tests', () => {
    const store = open(':memory:')
    expect(store.lastRead(grassWallet)).toBeNull()
    expect(store.lastHoldings(grassWallet)).toEqual([])
    expect(existsSync(':memory:')).toBe(false)
  })
})

describe('LedgerStore reads', () => {
  it('round-trips amounts beyond 2^64 exactly, stored as TEXT', () => {
    const path = tempPath()
    const store = open(path)
    const [entry] = store.recordRead(grassWallet, { at: t0, hosts: ['api.mainnet-beta.solana.com'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [
      reward({ amount: (2n ** 130n).toString() }),
    ])
    expect(store.lastHoldings(grassWallet)).toEqual(grassHoldings.map((h) => ({ ...h, at: t0 })))
    expect(entry?.amount).toBe('1361129467683753853853498429727072845824')
    withRawDb(path, (db) => {
      expect(db.prepare('SELECT DISTINCT typeof(amount) AS t FROM holdings').all()).toEqual([{ t: 'text' }])
      expect(db.prepare('SELECT typeof(amount) AS a, typeof(price) AS p, typeof(fiat) AS f FROM rewards').all()).toEqual([
        { a: 'text', p: 'text', f: 'text' },
      ])
      expect(db.prepare("SELECT amount FROM holdings WHERE kind = 'liquid'").get()).toEqual({ amount: huge.toString() })
    })
  })

  it('replaces the holdings with each good read and answers the booked entries', () => {
    const store = open(tempPath())
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    const next: Holding[] = [{ token: 'GRASS', kind: 'liquid', key: '', amount: huge + 5n, decimals: 9, part: 'main' }]
    const entries = store.recordRead(grassWallet, { at: t0 + hour, hosts: ['b.example'], parts: ['main'], unitPrices: [], holdings: next }, [
      reward({ amount: '5', at: t0 + hour }),
    ])
    expect(entries).toEqual([{ ...reward({ amount: '5', at: t0 + hour }), id: 1 }])
    expect(store.lastHoldings(grassWallet)).toEqual([{ ...next[0], at: t0 + hour }])
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0 + hour, hosts: ['b.example'], error: null, errorAt: null, parts: ['main'], unitPrices: [] })
    expect(store.rewards({ limit: 10 })).toEqual(entries)
  })

  it('books a read all or nothing: a failing reward insert leaves the previous holdings and state', () => {
    const path = tempPath()
    const store = open(path)
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    withRawDb(path, (db) => {
      db.exec("CREATE TRIGGER refuse BEFORE INSERT ON rewards BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    })
    const next: Holding[] = [{ token: 'GRASS', kind: 'liquid', key: '', amount: 1n, decimals: 9 }]
    expect(() => store.recordRead(grassWallet, { at: t0 + hour, hosts: ['b.example'], parts: ['main'], unitPrices: [], holdings: next }, [reward()])).toThrow(
      'disk says no',
    )
    expect(store.lastHoldings(grassWallet)).toEqual(grassHoldings.map((h) => ({ ...h, at: t0 })))
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0, hosts: ['a.example'], error: null, errorAt: null, parts: ['main'], unitPrices: [] })
    expect(store.rewards({ limit: 10 })).toEqual([])
  })

  it('refuses invalid input before writing anything, with what was wrong', () => {
    const store = open(tempPath())
    store.recordRead(grassWallet, { at: t0, hosts: [], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    const negative: Holding[] = [{ token: 'GRASS', kind: 'liquid', key: '', amount: -1n, decimals: 9 }]
    expect(() => store.recordRead(grassWallet, { at: t0 + 1, hosts: [], parts: ['main'], unitPrices: [], holdings: negative }, [])).toThrow(
      'a GRASS holding of wallet wallet-grass001 was not saved: amount must be a bigint >= 0',
    )
    expect(() => store.recordRead(grassWallet, { at: t0 + 1, hosts: [], parts: ['main'], unitPrices: [], holdings: [] }, [reward({ amount: '1.5' })])).toThrow(
      'a reward for wallet wallet-grass001 was not saved: amount: a whole number of base units',
    )
    expect(() => store.recordRead(grassWallet, { at: t0 + 1, hosts: [], parts: ['main'], unitPrices: [], holdings: [] }, [reward({ walletId: heliumWallet })])).toThrow(
      'a reward for wallet wallet-helium01 was passed with the read of wallet wallet-grass001',
    )
    expect(() => store.addReward(reward({ price: '-3' }))).toThrow('price: a decimal number like 1.25')
    expect(store.lastHoldings(grassWallet)).toHaveLength(3)
    expect(store.rewards({ limit: 10 })).toEqual([])
  })

  it('keeps the last good read through failures, and clears the error on the next good one', () => {
    const store = open(tempPath())
    store.recordFailure(grassWallet, t0 - hour, 'api.mainnet-beta.solana.com timed out after 10 s')
    expect(store.lastRead(grassWallet)).toEqual({
      fetchedAt: null,
      hosts: [],
      error: 'api.mainnet-beta.solana.com timed out after 10 s',
      errorAt: t0 - hour,
      parts: [],
      unitPrices: [],
    })
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    store.recordFailure(grassWallet, t0 + hour, 'a.example answered 503')
    store.recordFailure(grassWallet, t0 + 2 * hour, 'a.example answered 429')
    expect(store.lastHoldings(grassWallet)).toEqual(grassHoldings.map((h) => ({ ...h, at: t0 })))
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0, hosts: ['a.example'], error: 'a.example answered 429', errorAt: t0 + 2 * hour, parts: ['main'], unitPrices: [] })
    store.recordRead(grassWallet, { at: t0 + 3 * hour, hosts: ['b.example'], parts: ['main'], unitPrices: [], holdings: [] }, [])
    expect(store.lastRead(grassWallet)).toEqual({ fetchedAt: t0 + 3 * hour, hosts: ['b.example'], error: null, errorAt: null, parts: ['main'], unitPrices: [] })
    expect(store.lastHoldings(grassWallet)).toEqual([])
  })

  it('forgets a wallet’s holdings and read state but keeps its rewards', () => {
    const store = open(tempPath())
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [reward()])
    store.recordRead(heliumWallet, { at: t0, hosts: ['h.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    store.forgetWallet(grassWallet)
    expect(store.lastRead(grassWallet)).toBeNull()
    expect(store.lastHoldings(grassWallet)).toEqual([])
    expect(store.rewards({ walletId: grassWallet, limit: 10 })).toHaveLength(1)
    expect(store.lastHoldings(heliumWallet)).toHaveLength(3)
  })
})

describe('LedgerStore rewards', () => {
  function seeded(): LedgerStore {
    const store = open(tempPath())
    store.addReward(reward({ at: t0 }))
    store.addReward(reward({ at: t0 + 2 * hour }))
    store.addReward(reward({ network: 'helium', walletId: heliumWallet, token: 'HNT', decimals: 8, at: t0 + hour, source: 'native' }))
    store.addReward(reward({ network: 'helium', walletId: heliumWallet, token: 'IOT', decimals: 6, at: t0 + hour, source: 'native' }))
    store.addReward(reward({ at: t0 + 3 * hour, source: 'manual', price: null, fiat: null }))
    return store
  }
  const ids = (entries: { id: number }[]): number[] => entries.map((e) => e.id)

  it('answers newest first, ties by the later entry first', () => {
    expect(ids(seeded().rewards({ limit: 100 }))).toEqual([5, 2, 4, 3, 1])
  })

  it('filters by network, wallet and a half-open time range, and honours the limit', () => {
    const store = seeded()
    expect(ids(store.rewards({ network: 'helium', limit: 100 }))).toEqual([4, 3])
    expect(ids(store.rewards({ walletId: grassWallet, limit: 100 }))).toEqual([5, 2, 1])
    expect(ids(store.rewards({ network: 'grass', walletId: heliumWallet, limit: 100 }))).toEqual([])
    expect(ids(store.rewards({ fromMs: t0 + hour, toMs: t0 + 3 * hour, limit: 100 }))).toEqual([2, 4, 3])
    expect(ids(store.rewards({ fromMs: t0 + 3 * hour, limit: 100 }))).toEqual([5])
    expect(ids(store.rewards({ limit: 2 }))).toEqual([5, 2])
    expect(() => store.rewards({ limit: 0 })).toThrow('limit must be a whole number >= 1, got 0')
  })

  it('reclassifies an entry and keeps it, whatever its source', () => {
    const store = seeded()
    expect(store.reclassify(2, 'transfer')).toEqual({ ...reward({ at: t0 + 2 * hour }), id: 2, classification: 'transfer' })
    expect(store.reclassify(3, 'transfer')?.classification).toBe('transfer')
    expect(store.reclassify(3, 'reward')?.classification).toBe('reward')
    expect(store.reclassify(999, 'transfer')).toBeNull()
    expect(store.rewards({ limit: 100 }).map((e) => e.classification)).toEqual(['reward', 'transfer', 'reward', 'reward', 'reward'])
  })

  it('skips and counts rows a hand edit made invalid, and loads the rest', () => {
    const path = tempPath()
    const store = open(path)
    for (const at of [t0, t0 + 1, t0 + 2, t0 + 3]) store.addReward(reward({ at }))
    store.recordRead(grassWallet, { at: t0, hosts: ['a.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [])
    store.recordRead(heliumWallet, { at: t0, hosts: ['h.example'], parts: ['main'], unitPrices: [], holdings: [] }, [])
    store.savePrices([
      { symbol: 'GRASS', currency: 'usd', price: '1.25', source: 'coingecko', at: t0, fetchedAt: t0 },
      { symbol: 'HNT', currency: 'usd', price: '3.5', source: 'coingecko', at: t0, fetchedAt: t0 },
    ])
    withRawDb(path, (db) => {
      db.exec(`
        UPDATE rewards SET amount = '-5' WHERE id = 1;
        UPDATE rewards SET network = 'Not an id!' WHERE id = 2;
        UPDATE rewards SET fiat = '1e5' WHERE id = 3;
        UPDATE holdings SET kind = 'borrowed' WHERE position = 1;
        UPDATE wallet_reads SET hosts = 'not json' WHERE wallet_id = '${heliumWallet}';
        UPDATE prices SET price = 'NaN' WHERE symbol = 'HNT';
      `)
    })
    expect(ids(store.rewards({ limit: 100 }))).toEqual([4])
    expect(store.skippedRows).toBe(3)
    expect(store.lastHoldings(grassWallet).map((h) => h.kind)).toEqual(['liquid', 'liquid'])
    expect(store.skippedRows).toBe(4)
    expect(store.lastRead(heliumWallet)).toBeNull()
    expect(store.lastRead(grassWallet)?.hosts).toEqual(['a.example'])
    expect(store.loadPrices().map((p) => p.symbol)).toEqual(['GRASS'])
    expect(store.skippedRows).toBe(6)
    expect(store.reclassify(1, 'transfer')).toBeNull()
  })
})

describe('LedgerStore prices and restarts', () => {
  it('keeps the last price per symbol and currency', () => {
    const store = open(tempPath())
    store.savePrices([
      { symbol: 'GRASS', currency: 'usd', price: '1.25', source: 'coingecko', at: t0, fetchedAt: t0 + 5 },
      { symbol: 'GRASS', currency: 'eur', price: '1.10', source: 'coingecko', at: t0, fetchedAt: t0 + 5 },
    ])
    store.savePrices([{ symbol: 'GRASS', currency: 'usd', price: '1.3', source: 'coinpaprika', at: t0 + hour, fetchedAt: t0 + hour }])
    expect(store.loadPrices()).toEqual([
      { symbol: 'GRASS', currency: 'eur', price: '1.10', source: 'coingecko', at: t0, fetchedAt: t0 + 5 },
      { symbol: 'GRASS', currency: 'usd', price: '1.3', source: 'coinpaprika', at: t0 + hour, fetchedAt: t0 + hour },
    ])
    expect(() => store.savePrices([{ symbol: 'HNT', currency: 'usd', price: '0.1e3', source: 'x', at: t0, fetchedAt: t0 }])).toThrow(
      'the HNT price was not saved: price: a decimal number like 1.25',
    )
  })

  it('keeps holdings, read state, rewards and prices across a reopen', () => {
    const path = tempPath()
    const first = open(path)
    const booked = first.recordRead(grassWallet, { at: t0, hosts: ['a.example', 'b.example'], parts: ['main'], unitPrices: [], holdings: grassHoldings }, [reward()])
    first.recordFailure(grassWallet, t0 + hour, 'b.example answered 502')
    first.reclassify(1, 'transfer')
    const manual = first.addReward(reward({ source: 'manual', at: t0 + hour, amount: (2n ** 100n).toString() }))
    const price = { symbol: 'GRASS', currency: 'usd' as const, price: '1.25', source: 'coingecko', at: t0, fetchedAt: t0 }
    first.savePrices([price])
    first.close()

    const second = open(path)
    expect(second.lastHoldings(grassWallet)).toEqual(grassHoldings.map((h) => ({ ...h, at: t0 })))
    expect(second.lastRead(grassWallet)).toEqual({
      fetchedAt: t0,
      hosts: ['a.example', 'b.example'],
      error: 'b.example answered 502',
      errorAt: t0 + hour,
      parts: ['main'],
      unitPrices: [],
    })
    expect(second.rewards({ limit: 10 })).toEqual([manual, { ...booked[0], classification: 'transfer' }])
    expect(second.loadPrices()).toEqual([price])
    expect(second.addReward(reward()).id).toBe(3)
    expect(second.skippedRows).toBe(0)
  })
})
