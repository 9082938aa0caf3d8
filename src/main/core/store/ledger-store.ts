import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { z } from 'zod'
import { partOf, type FactRecord, type Holding, type UnitPrice } from '../holdings/holding.ts'
import { BaseUnits, Currency, DecimalString, HoldingKind, RewardEntry, type NetworkId } from '../../../shared/contract/wallets.ts'
import { migrateLedger } from './ledger-migrations.ts'
import type { PrivateLog } from './private-files.ts'
import { inTransaction, openWalDatabase } from './sqlite-db.ts'
import { BackfillLedger } from './backfill-ledger.ts'
import { checked, rewardFromRow, type Row } from './ledger-rows.ts'

export type NewReward = Omit<RewardEntry, 'id'>

/**
 * The state of a wallet's reads: the last good one (when and from where), the last failure since,
 * the parts read well at least once, the chain's unit prices and the facts as of the last good
 * read.
 */
export type LastRead = {
  fetchedAt: number | null
  hosts: string[]
  error: string | null
  errorAt: number | null
  parts: string[]
  unitPrices: UnitPrice[]
  /** Absent: facts were never recorded for this wallet (a read by a build that kept none, or unreadable). */
  facts?: FactRecord[]
}

/** A holding as the ledger last saw it, with the time of that read (ms). */
export type StoredHolding = Holding & { at: number }

/** One good read; `facts` absent: this caller keeps none (stored as never recorded). */
export type WalletRead = { at: number; hosts: string[]; holdings: Holding[]; parts: string[]; unitPrices: UnitPrice[]; facts?: FactRecord[] }

export type RewardsFilter = { network?: NetworkId; walletId?: string; fromMs?: number; toMs?: number; limit: number }

export const CachedPrice = z.object({
  symbol: z.string().min(1),
  currency: Currency,
  price: DecimalString,
  source: z.string().min(1),
  at: z.number().int(),
  fetchedAt: z.number().int(),
})
export type CachedPrice = z.infer<typeof CachedPrice>

const NewRewardSchema = RewardEntry.omit({ id: true })
const Hosts = z.array(z.string())
const UnitPriceRow = z.object({ unit: z.string().min(1), quote: z.string().min(1), price: BaseUnits, decimals: z.number().int().min(0).max(36) })
const UnitPrices = z.array(UnitPriceRow)
const Figures = z.record(z.string(), z.number())
const FactRow = z.object({
  kind: z.string().min(1),
  key: z.string(),
  status: z.string(),
  words: z.string(),
  summary: z.boolean().optional(),
  figures: Figures,
  amount: z.object({ token: z.string().min(1), amount: BaseUnits, decimals: z.number().int().min(0).max(36) }).optional(),
  part: z.string().min(1).optional(),
  at: z.number().int(),
  since: z.number().int(),
  sinceFirstRead: z.boolean(),
  previous: z.object({ at: z.number().int(), figures: Figures }).nullable(),
})
const FactRows = z.array(FactRow)
const StoredHoldingRow = z.object({
  token: z.string().min(1),
  kind: HoldingKind,
  key: z.string(),
  amount: BaseUnits,
  decimals: z.number().int().min(0).max(36),
  detail: z.string().nullable(),
  part: z.string().min(1),
  kept: z.union([z.literal(0), z.literal(1)]),
  at: z.number().int(),
})



function checkedHolding(walletId: string, holding: Holding, at: number): z.infer<typeof StoredHoldingRow> {
  if (typeof holding.amount !== 'bigint' || holding.amount < 0n) {
    throw new RangeError(`a ${holding.token} holding of wallet ${walletId} was not saved: amount must be a bigint >= 0`)
  }
  const row = { ...holding, amount: holding.amount.toString(), detail: holding.detail ?? null, part: partOf(holding), kept: holding.kept === true ? 1 : 0, at }
  return checked(StoredHoldingRow, row, `a ${holding.token} holding of wallet ${walletId}`)
}


function parseJson<T>(schema: z.ZodType<T>, text: unknown): T | null {
  if (typeof text !== 'string') return null
  try {
    const result = schema.safeParse(JSON.parse(text))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

const nullableInt = z.number().int().nullable()

/** A fact as JSON: its amount as a decimal string, since JSON has no bigint. */
function factToRow(fact: FactRecord): z.input<typeof FactRow> {
  const { amount, ...rest } = fact
  return amount === undefined ? rest : { ...rest, amount: { ...amount, amount: amount.amount.toString() } }
}

function factFromRow(row: z.infer<typeof FactRow>): FactRecord {
  const { amount, summary, part, ...rest } = row
  return {
    ...rest,
    ...(summary === undefined ? {} : { summary }),
    ...(part === undefined ? {} : { part }),
    ...(amount === undefined ? {} : { amount: { ...amount, amount: BigInt(amount.amount) } }),
  }
}

/**
 * The rewards ledger in one SQLite file (WAL): each wallet's last good holdings, the state
 * of its reads, every reward detected or entered, and the last prices across restarts.
 *
 * Rows are checked as they are read back: one that a hand edit or a damaged page made
 * invalid is skipped and counted in `skippedRows`, and the rest still load.
 */
export class LedgerStore {
  readonly #db: DatabaseSync
  readonly #statements: Record<
    | 'holdings'
    | 'deleteHoldings'
    | 'insertHolding'
    | 'readState'
    | 'recordGood'
    | 'recordFailure'
    | 'deleteRead'
    | 'insertReward'
    | 'rewards'
    | 'reclassify'
    | 'savePrice'
    | 'prices',
    StatementSync
  >
  #skippedRows = 0
  /** The backfill's jobs, entries and past prices, in the same file. */
  readonly backfill: BackfillLedger

  private constructor(db: DatabaseSync) {
    this.#db = db
    this.backfill = new BackfillLedger(db)
    const prepare = (sql: string): StatementSync => db.prepare(sql)
    this.#statements = {
      holdings: prepare('SELECT token, kind, key, amount, decimals, detail, part, kept, at FROM holdings WHERE wallet_id = ? ORDER BY position'),
      deleteHoldings: prepare('DELETE FROM holdings WHERE wallet_id = ?'),
      insertHolding: prepare(
        'INSERT INTO holdings (wallet_id, position, token, kind, key, amount, decimals, detail, part, kept, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      readState: prepare('SELECT fetched_at, hosts, error, error_at, parts, unit_prices, facts FROM wallet_reads WHERE wallet_id = ?'),
      recordGood: prepare(
        `INSERT INTO wallet_reads (wallet_id, fetched_at, hosts, error, error_at, parts, unit_prices, facts) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)
         ON CONFLICT (wallet_id) DO UPDATE SET fetched_at = excluded.fetched_at, hosts = excluded.hosts, error = NULL, error_at = NULL,
           parts = excluded.parts, unit_prices = excluded.unit_prices, facts = excluded.facts`,
      ),
      // The last good read stays: the UI shows it as stale, and the next delta is taken from it.
      recordFailure: prepare(
        `INSERT INTO wallet_reads (wallet_id, fetched_at, hosts, error, error_at) VALUES (?, NULL, '[]', ?, ?)
         ON CONFLICT (wallet_id) DO UPDATE SET error = excluded.error, error_at = excluded.error_at`,
      ),
      deleteRead: prepare('DELETE FROM wallet_reads WHERE wallet_id = ?'),
      insertReward: prepare(
        `INSERT INTO rewards (network, wallet_id, address, token, amount, decimals, at, price, fiat, currency, source, classification, rule)
         VALUES (:network, :walletId, :address, :token, :amount, :decimals, :at, :price, :fiat, :currency, :source, :classification, :rule)
         RETURNING *`,
      ),
      rewards: prepare(
        `SELECT * FROM rewards
         WHERE at >= :from AND (:to IS NULL OR at < :to)
           AND (:network IS NULL OR network = :network) AND (:walletId IS NULL OR wallet_id = :walletId)
         ORDER BY at DESC, id DESC LIMIT :limit`,
      ),
      reclassify: prepare('UPDATE rewards SET classification = ? WHERE id = ? RETURNING *'),
      savePrice: prepare(
        `INSERT OR REPLACE INTO prices (symbol, currency, price, source, at, fetched_at)
         VALUES (:symbol, :currency, :price, :source, :at, :fetchedAt)`,
      ),
      prices: prepare('SELECT symbol, currency, price, source, at, fetched_at FROM prices ORDER BY symbol, currency'),
    }
  }

  /** Opens (creating and migrating) the ledger at `path`, or ':memory:' for tests. */
  static open(path: string, log?: PrivateLog): LedgerStore {
    // Power loss may drop the last read, but its holdings go with its rewards, so the next read detects those rewards again.
    return new LedgerStore(openWalDatabase(path, log, (db) => migrateLedger(db, path)))
  }

  /** Rows found invalid when read back, since this store was opened. */
  get skippedRows(): number {
    return this.#skippedRows
  }

  /** The holdings of the wallet's last good read, in the order the read gave them. */
  lastHoldings(walletId: string): StoredHolding[] {
    const holdings: StoredHolding[] = []
    for (const row of this.#statements.holdings.all(walletId)) {
      const parsed = StoredHoldingRow.safeParse(row)
      if (!parsed.success) {
        this.#skippedRows++
        continue
      }
      const { detail, amount, kept, ...rest } = parsed.data
      const holding: StoredHolding = { ...rest, amount: BigInt(amount), ...(detail === null ? {} : { detail }), ...(kept === 1 ? { kept: true as const } : {}) }
      holdings.push(holding)
    }
    return holdings
  }

  /** null when the wallet was never read (or its row is unreadable, counted in skippedRows). */
  lastRead(walletId: string): LastRead | null {
    const row = this.#statements.readState.get(walletId)
    if (row === undefined) return null
    const hosts = parseJson(Hosts, row.hosts)
    const parts = parseJson(Hosts, row.parts)
    const unitPrices = parseJson(UnitPrices, row.unit_prices)
    const facts = row.facts === null ? null : parseJson(FactRows, row.facts)
    const fetchedAt = nullableInt.safeParse(row.fetched_at)
    const errorAt = nullableInt.safeParse(row.error_at)
    const error = z.string().nullable().safeParse(row.error)
    // Facts that do not read back are dropped, not the read: the next read makes them anew.
    if (facts === null && row.facts !== null) this.#skippedRows++
    if (hosts === null || parts === null || unitPrices === null || !fetchedAt.success || !errorAt.success || !error.success) {
      this.#skippedRows++
      return null
    }
    return {
      fetchedAt: fetchedAt.data,
      hosts,
      error: error.data,
      errorAt: errorAt.data,
      parts,
      unitPrices: unitPrices.map((p) => ({ ...p, price: BigInt(p.price) })),
      ...(facts === null ? {} : { facts: facts.map(factFromRow) }),
    }
  }

  /**
   * One good read, in one transaction: the wallet's holdings become these, its error clears,
   * and the rewards found against the previous holdings are booked. A crash leaves either
   * all of it or none, so a reward is never booked twice nor lost with its baseline kept.
   */
  recordRead(walletId: string, read: WalletRead, rewards: readonly NewReward[]): RewardEntry[] {
    const at = checked(z.number().int(), read.at, `the read of wallet ${walletId}`)
    const hosts = JSON.stringify(checked(Hosts, read.hosts, `the read of wallet ${walletId}`))
    const parts = JSON.stringify(checked(Hosts, read.parts, `the read of wallet ${walletId}`))
    const unitPrices = JSON.stringify(
      checked(UnitPrices, read.unitPrices.map((p) => ({ ...p, price: p.price.toString() })), `the unit prices of wallet ${walletId}`),
    )
    const facts = read.facts === undefined ? null : JSON.stringify(checked(FactRows, read.facts.map(factToRow), `the facts of wallet ${walletId}`))
    const rows = read.holdings.map((holding) => checkedHolding(walletId, holding, at))
    const entries = rewards.map((reward) => this.#checkedReward(reward))
    const stray = entries.find((reward) => reward.walletId !== walletId)
    if (stray) throw new RangeError(`a reward for wallet ${stray.walletId} was passed with the read of wallet ${walletId}`)
    return inTransaction(this.#db, () => {
      this.#statements.deleteHoldings.run(walletId)
      rows.forEach((row, position) => {
        this.#statements.insertHolding.run(walletId, position, row.token, row.kind, row.key, row.amount, row.decimals, row.detail, row.part, row.kept, row.at)
      })
      this.#statements.recordGood.run(walletId, at, hosts, parts, unitPrices, facts)
      return entries.map((reward) => this.#insertReward(reward))
    })
  }

  /** A failed read: the error is kept; the last good holdings and fetchedAt stay as they were. */
  recordFailure(walletId: string, at: number, error: string): void {
    checked(z.number().int(), at, `the failure of wallet ${walletId}`)
    this.#statements.recordFailure.run(walletId, error, at)
  }

  /** A reward on its own, e.g. one the operator entered ('manual'). */
  addReward(reward: NewReward): RewardEntry {
    return this.#insertReward(this.#checkedReward(reward))
  }

  /** Newest first. `fromMs` is inclusive and `toMs` exclusive, so consecutive ranges never share an entry. */
  rewards(query: RewardsFilter): RewardEntry[] {
    if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`limit must be a whole number >= 1, got ${String(query.limit)}`)
    }
    const rows = this.#statements.rewards.all({
      from: query.fromMs ?? 0,
      to: query.toMs ?? null,
      network: query.network ?? null,
      walletId: query.walletId ?? null,
      limit: query.limit,
    })
    return this.#validRewards(rows)
  }

  /**
   * Marks an entry as income ('reward') or the operator's own transfer. Any source may be
   * reclassified, 'native' included: the operator knows their wallet, and the entry itself
   * is kept either way. null when there is no such entry.
   */
  reclassify(id: number, classification: 'reward' | 'transfer'): RewardEntry | null {
    const row = this.#statements.reclassify.get(checked(RewardEntry.shape.classification, classification, `entry ${id}`), id)
    return row === undefined ? null : (this.#validRewards([row])[0] ?? null)
  }

  /** The last price per (symbol, currency): a later save replaces an earlier one. */
  savePrices(entries: readonly CachedPrice[]): void {
    const rows = entries.map((entry) => checked(CachedPrice, entry, `the ${entry.symbol} price`))
    inTransaction(this.#db, () => {
      for (const row of rows) this.#statements.savePrice.run(row)
    })
  }

  loadPrices(): CachedPrice[] {
    const prices: CachedPrice[] = []
    for (const row of this.#statements.prices.all()) {
      const parsed = CachedPrice.safeParse({ ...row, fetchedAt: row.fetched_at })
      if (parsed.success) prices.push(parsed.data)
      else this.#skippedRows++
    }
    return prices
  }

  /** Drops the wallet's holdings and read state; its rewards stay, since income stays income. */
  forgetWallet(walletId: string): void {
    inTransaction(this.#db, () => {
      this.#statements.deleteHoldings.run(walletId)
      this.#statements.deleteRead.run(walletId)
    })
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close()
  }

  #checkedReward(reward: NewReward): NewReward {
    return checked(NewRewardSchema, reward, `a reward for wallet ${reward.walletId}`)
  }

  #insertReward(reward: NewReward): RewardEntry {
    const row = this.#statements.insertReward.get(reward)
    const entry = row === undefined ? null : rewardFromRow(row)
    // Checked before the insert, so only a broken schema lands here.
    if (entry === null) throw new Error(`the reward for wallet ${reward.walletId} was not read back after its insert`)
    return entry
  }

  #validRewards(rows: readonly Row[]): RewardEntry[] {
    const entries: RewardEntry[] = []
    for (const row of rows) {
      const entry = rewardFromRow(row)
      if (entry) entries.push(entry)
      else this.#skippedRows++
    }
    return entries
  }
}
