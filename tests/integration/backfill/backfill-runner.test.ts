import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackfillStatus } from '../../../src/shared/contract/backfill.ts'
import { defaultSettings, type Settings } from '../../../src/shared/contract/settings.ts'
import type { WalletSetting } from '../../../src/shared/contract/wallets.ts'
import type { HistorySource, PastInflow } from '../../../src/main/core/holdings/history-source.ts'
import type { ReadContext, TokenSpec } from '../../../src/main/core/holdings/holding.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { FetchFault } from '../../../src/main/core/net/chain-http.ts'
import type { NetworkModule } from '../../../src/main/core/networks/network-module.ts'
import { LedgerStore } from '../../../src/main/core/store/ledger-store.ts'
import { BackfillRunner, dayMs, type DayPrices } from '../../../src/main/core/wallets/backfill/backfill-runner.ts'

/*
 * The runner over a real ledger file and a source that pages through a scripted past, as a
 * chain's would: newest first, a cursor per page, faults where the test puts them. What it must
 * hold: every inflow in the window booked once, at its day's price, across pauses, faults and
 * a restart in the middle; nothing at or after the baseline, nothing before the window.
 */

const baseline = Date.UTC(2026, 10, 30, 12)
const wallet: WalletSetting = { id: 'w-grass', network: 'grass', address: 'GrassOwner1111111111111111111111111111111111', label: 'Rig', addedAt: baseline - 60_000 }
const grassToken: TokenSpec = { symbol: 'GRASS', name: 'Grass', decimals: 6, where: 'Solana SPL', priceIds: { coingecko: 'grass' } }
const settings: Settings = { ...defaultSettings, wallets: [wallet] }

/** 30 inflows, one a day, newest first; every fifth from no known reward program. */
const past: PastInflow[] = Array.from({ length: 30 }, (_, i) => ({
  id: `sig:S${String(i)}:mint`,
  token: 'GRASS',
  amount: BigInt(1_000_000 + i),
  decimals: 6,
  at: baseline - (i + 1) * dayMs + 3_600_000,
  classification: i % 5 === 0 ? 'inflow' : 'reward',
  rule: i % 5 === 0 ? 'from an address that is no reward program' : "from Grass's reward program",
}))

/** Pages of 4, newest first; `fail(page)` makes that page throw a retryable fault once. */
function scriptedSource(fail: (cursor: string | null, tries: number) => boolean = () => false): HistorySource & { calls: (string | null)[] } {
  const tries = new Map<string | null, number>()
  const calls: (string | null)[] = []
  return {
    calls,
    reach: 'scripted',
    page(_ctx, _address, window, cursor) {
      calls.push(cursor)
      const n = (tries.get(cursor) ?? 0) + 1
      tries.set(cursor, n)
      if (fail(cursor, n)) return Promise.reject(new FetchFault('rate-limited', 'rpc.test', 'HTTP 429 from rpc.test'))
      const start = cursor === null ? 0 : Number(cursor)
      // A source may hand back a little outside the window; the runner keeps to it.
      const slice = past.slice(start, start + 4).concat(start === 0 ? [{ ...past[0]!, id: 'sig:late:mint', at: window.toMs + 1 }] : [])
      const next = start + 4 < past.length ? String(start + 4) : null
      const oldest = past[Math.min(start + 3, past.length - 1)]!.at
      return Promise.resolve({ inflows: slice, cursor: next, reachedMs: next === null ? window.fromMs : oldest, requests: 2 })
    },
  }
}

const prices: DayPrices = {
  priceOn: (_token, _currency, at) => Promise.resolve({ price: String(1 + Math.floor((at - baseline + 40 * dayMs) / dayMs) / 100), source: 'coingecko' }),
  prefetch: () => Promise.resolve({ requests: 1 }),
}

const runners: BackfillRunner[] = []
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()))
})

function runner(ledger: LedgerStore, source: HistorySource, seen: BackfillStatus[] = []): BackfillRunner {
  const module = { info: { id: 'grass', name: 'Grass', tokens: [grassToken] }, history: source } as unknown as NetworkModule
  const created = new BackfillRunner({
    ledger,
    networks: new Map([['grass', module]]),
    settings: () => settings,
    context: () => Promise.resolve({} as ReadContext),
    prices,
    emit: (status) => seen.push(status),
    booked: () => undefined,
    log: silentLogger,
    retry: { initialMs: 1, maxMs: 4, attempts: 3 },
  })
  runners.push(created)
  return created
}

function ledgerAt(dir: string): LedgerStore {
  const ledger = LedgerStore.open(join(dir, 'ledger.sqlite'))
  ledger.backfill.noteBaseline(wallet.id, baseline)
  return ledger
}

const waitFor = async (check: () => boolean): Promise<void> => {
  await expect.poll(check, { timeout: 5000, interval: 5 }).toBe(true)
}

describe('the backfill runner', () => {
  it('books every inflow in the window once, at its day price, up to the baseline and no further', async () => {
    const ledger = ledgerAt(mkdtempSync(join(tmpdir(), 'desk-backfill-')))
    const seen: BackfillStatus[] = []
    const run = runner(ledger, scriptedSource(), seen)
    expect(run.status(wallet.id)).toMatchObject({ state: 'idle', daysTotal: 365, toMs: baseline })
    run.start(wallet.id, 20)
    await waitFor(() => run.status(wallet.id).state === 'done')
    const entries = ledger.rewards({ walletId: wallet.id, limit: 100 })
    // Only the 20 days of the window: the inflows older than it and the one after the baseline are left out.
    expect(entries.map((e) => e.at).sort((a, b) => b - a)).toEqual(past.slice(0, 20).map((p) => p.at))
    expect(entries.every((e) => e.source === 'backfill' && e.pricing === 'daily' && e.at < baseline)).toBe(true)
    const newest = entries.find((e) => e.at === past[1]!.at)
    expect(newest).toMatchObject({ classification: 'reward', price: '1.38', fiat: '1.38000138', token: 'GRASS' })
    expect(entries.filter((e) => e.classification === 'inflow')).toHaveLength(4)
    const status = run.status(wallet.id)
    expect(status).toMatchObject({ state: 'done', daysDone: 20, daysTotal: 20, rewards: 16, inflows: 4, problem: null })
    expect(status.requests).toBeGreaterThan(0)
    expect(seen.some((s) => s.state === 'running' && s.daysDone > 0 && s.daysDone < 20)).toBe(true)

    // Run again, deeper: the older days are added, the 20 already booked are not booked twice.
    run.start(wallet.id, 30)
    await waitFor(() => run.status(wallet.id).state === 'done' && run.status(wallet.id).depthDays === 30)
    expect(ledger.rewards({ walletId: wallet.id, limit: 100 })).toHaveLength(30)
    expect(run.status(wallet.id)).toMatchObject({ rewards: 24, inflows: 6 })
  })

  it('tries a failing page again from the same cursor, and fails with the reason after its tries', async () => {
    const ledger = ledgerAt(mkdtempSync(join(tmpdir(), 'desk-backfill-')))
    const flaky = scriptedSource((cursor, tries) => cursor === '8' && tries === 1)
    const run = runner(ledger, flaky)
    run.start(wallet.id, 30)
    await waitFor(() => run.status(wallet.id).state === 'done')
    expect(flaky.calls.filter((c) => c === '8')).toHaveLength(2)
    expect(ledger.rewards({ walletId: wallet.id, limit: 100 })).toHaveLength(30)

    const ledger2 = ledgerAt(mkdtempSync(join(tmpdir(), 'desk-backfill-')))
    const broken = runner(ledger2, scriptedSource((cursor) => cursor === '12'))
    broken.start(wallet.id, 30)
    await waitFor(() => broken.status(wallet.id).state === 'failed')
    expect(broken.status(wallet.id).problem).toMatch(/HTTP 429 from rpc\.test \(gave up after 3 tries; start it again to resume\)/)
    expect(ledger2.rewards({ walletId: wallet.id, limit: 100 })).toHaveLength(12)
  })

  it('pauses after the page in flight, resumes where it stopped, and a restart in the middle books nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-backfill-'))
    const ledger = ledgerAt(dir)
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const source = scriptedSource()
    const slow: HistorySource = { reach: 'scripted', page: async (...args) => (args[3] === '8' ? gate.then(() => source.page(...args)) : source.page(...args)) }
    const first = runner(ledger, slow)
    first.start(wallet.id, 30)
    try {
      await waitFor(() => source.calls.length === 2)
      // The page in flight would save the old window over a new one: another depth waits for the pause.
      expect(() => first.start(wallet.id, 10)).toThrow(/depthDays: the backfill is reading 30 days back; pause it before choosing another depth/)
      first.pause(wallet.id)
    } finally {
      release()
    }
    await waitFor(() => first.status(wallet.id).state === 'paused')
    const booked = ledger.rewards({ walletId: wallet.id, limit: 100 }).length
    expect(booked).toBe(12)
    expect(first.status(wallet.id).remaining).toMatch(/^paused at \d{4}-\d{2}-\d{2}; 19 days left/)

    // A crash now: the job says "running" with its cursor; a new runner on the same file resumes it.
    ledger.backfill.saveJob({ ...ledger.backfill.job(wallet.id)!, state: 'running' })
    await first.stop()
    ledger.close()
    const reopened = ledgerAt(dir)
    const again = scriptedSource()
    const second = runner(reopened, again)
    second.resume()
    await waitFor(() => second.status(wallet.id).state === 'done')
    expect(again.calls[0]).toBe('12')
    const entries = reopened.rewards({ walletId: wallet.id, limit: 100 })
    expect(entries).toHaveLength(30)
    expect(new Set(entries.map((e) => e.at)).size).toBe(30)
    reopened.close()
  })

  it('books a lifetime total as what was earned before the baseline: less what live reads booked of it since', async () => {
    const ledger = ledgerAt(mkdtempSync(join(tmpdir(), 'desk-backfill-')))
    const live = { network: 'grass', walletId: wallet.id, address: wallet.address, token: 'GRASS', decimals: 6, price: null, fiat: null, currency: 'usd' as const, source: 'native' as const, classification: 'reward' as const, rule: 'lifetime counter rose' }
    ledger.addReward({ ...live, amount: '300', at: baseline + dayMs })
    ledger.addReward({ ...live, amount: '50', at: baseline + 2 * dayMs, classification: 'transfer' })
    // Before the baseline: not part of the counter's growth since.
    ledger.addReward({ ...live, amount: '7', at: baseline - dayMs })
    const opening: HistorySource = {
      reach: 'lifetime',
      page: (_ctx, _address, window) => Promise.resolve({ inflows: [{ id: 'opening:GRASS', token: 'GRASS', amount: 1000n, decimals: 6, at: window.toMs - 1, classification: 'reward', rule: 'opening balance', opening: true }], cursor: null, reachedMs: window.fromMs, requests: 1 }),
    }
    const run = runner(ledger, opening)
    run.start(wallet.id)
    await waitFor(() => run.status(wallet.id).state === 'done')
    expect(ledger.rewards({ walletId: wallet.id, limit: 10 }).find((e) => e.source === 'backfill')).toMatchObject({ amount: '700', at: baseline - 1, rule: 'opening balance' })
  })

  it('says a network without a history source has none', () => {
    const ledger = ledgerAt(mkdtempSync(join(tmpdir(), 'desk-backfill-')))
    const module = { info: { id: 'grass', name: 'Grass', tokens: [grassToken] } } as unknown as NetworkModule
    const run = new BackfillRunner({ ledger, networks: new Map([['grass', module]]), settings: () => settings, context: () => Promise.resolve({} as ReadContext), prices, emit: () => undefined, booked: () => undefined, log: silentLogger })
    expect(run.start(wallet.id)).toMatchObject({ state: 'unsupported', reach: 'no public history source is known for this network' })
    expect(() => run.start('nope')).toThrow(/No wallet "nope"/)
  })
})
