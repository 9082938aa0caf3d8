/**
 * `node scripts/bench/backfill-probe.ts [--json] [--transactions N] [--days D]` (run by `npm run bench`):
 * how long the backfill of one Grass wallet takes, 90 days with 200 GRASS transactions by default,
 * against a loopback Solana RPC that answers each request after 100 ms, with the client held to
 * the public endpoint's documented limit (endpoint-defaults: 100 requests and 40 calls of one
 * method per 10 s, 20 in flight). It runs through the backfill runner and its ledger, as the app
 * does. The server counts for itself (requests, calls of each method per sliding 10 s), so the
 * check does not trust the limiter it checks. Figures on stdout, detail on stderr; exits non-zero
 * when the backfill did not book every transaction or a limit was broken.
 *
 * The floor: every transaction needs its own getTransaction call, and the endpoint allows 40 of
 * them per 10 s, so N transactions cannot take less than ⌈N / 40⌉ − 1 windows of 10 s (40 s for 200).
 */
import { parseArgs } from 'node:util'
import { defaultSettings, type Settings } from '../../src/shared/contract/settings.ts'
import type { BackfillStatus } from '../../src/shared/contract/backfill.ts'
import type { WalletSetting } from '../../src/shared/contract/wallets.ts'
import type { ReadContext } from '../../src/main/core/holdings/holding.ts'
import { silentLogger } from '../../src/main/core/log.ts'
import { ChainHttp } from '../../src/main/core/net/chain-http.ts'
import { EndpointPool } from '../../src/main/core/net/endpoint-pool.ts'
import type { HostLimit } from '../../src/main/core/net/host-limiter.ts'
import { endpointDefaults } from '../../src/main/core/networks/endpoint-defaults.ts'
import { networks } from '../../src/main/core/networks/index.ts'
import { LedgerStore } from '../../src/main/core/store/ledger-store.ts'
import { BackfillRunner, dayMs } from '../../src/main/core/wallets/backfill/backfill-runner.ts'
import { fakeKey, solanaHistoryMethods, type FakeTransaction } from '../../tests/fixtures/chains/solana-history.ts'
import { loopbackApi, rpcRoute, type ApiRequest } from '../../tests/support/loopback-api.ts'

type Figure = { name: string; value: number; goal: string; unit: string }

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, transactions: { type: 'string', default: '200' }, days: { type: 'string', default: '90' } },
})
const transactionCount = Number(values.transactions)
const days = Number(values.days)
const latencyMs = 100
const GRASS_MINT = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const airdropProgram = 'Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk'
const declared = endpointDefaults.solana.endpoints[0]?.limit
if (declared?.perMethod === undefined) throw new Error('the Solana public endpoint declares no per-method limit')
const publicLimit: HostLimit = declared
const perMethod = declared.perMethod

/** The wallet's baseline read: the backfill's window ends here. */
const toMs = 1_767_225_600_000
const owner = fakeKey('backfill-probe owner')
const account = fakeKey('backfill-probe GRASS account')

/** N inflows evenly over the window, every tenth a claim through Grass's airdrop program. */
function transactions(): FakeTransaction[] {
  const spacing = Math.floor((days * dayMs) / (transactionCount + 1))
  return Array.from({ length: transactionCount }, (_, i): FakeTransaction => {
    const atMs = toMs - (i + 1) * spacing
    const sender = fakeKey(`backfill-probe sender ${String(i % 7)}`)
    const amount = BigInt(i + 1) * 1_000_000n
    return {
      signature: fakeKey(`backfill-probe tx ${String(i)}`, 64),
      slot: 380_000_000 - i * 1000,
      blockTime: Math.floor(atMs / 1000),
      signer: sender,
      programs: i % 10 === 0 ? [airdropProgram] : [],
      balances: [
        { account: fakeKey(`${sender} GRASS`), owner: sender, mint: GRASS_MINT, decimals: 9, pre: 10n ** 15n, post: 10n ** 15n - amount },
        { account, owner, mint: GRASS_MINT, decimals: 9, pre: 1n, post: 1n + amount },
      ],
    }
  })
}

/** The most starts within any `perMs` of each other. */
function peakInWindow(starts: readonly number[], perMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b)
  let peak = 0
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && (sorted[last] ?? Infinity) < (sorted[first] ?? 0) + perMs) last++
    peak = Math.max(peak, last - first)
  }
  return peak
}

const methodsOf = (request: ApiRequest): string[] =>
  (Array.isArray(request.body) ? (request.body as unknown[]) : [request.body]).map((call) => {
    const method = typeof call === 'object' && call !== null ? (call as { method?: unknown }).method : undefined
    return typeof method === 'string' ? method : '?'
  })

async function measure(): Promise<void> {
  const route = rpcRoute(solanaHistoryMethods({ owner, accounts: [{ pubkey: account, mint: GRASS_MINT, decimals: 9 }], transactions: transactions() }))
  let inFlight = 0
  let peakInFlight = 0
  const server = await loopbackApi(
    (request) => {
      inFlight += 1
      peakInFlight = Math.max(peakInFlight, inFlight)
      // The answer leaves after the latency: count it in flight until then.
      setTimeout(() => (inFlight -= 1), latencyMs)
      return route(request)
    },
    { latencyMs },
  )
  const http = new ChainHttp()
  http.limiter.declare(server.host, publicLimit)
  const pool = new EndpointPool([server.url])
  const wallet: WalletSetting = { id: 'wallet-00000001', network: 'grass', address: owner, label: 'probe', addedAt: toMs }
  const settings: Settings = { ...defaultSettings, wallets: [wallet] }
  const ledger = LedgerStore.open(':memory:')
  let finished: (status: BackfillStatus) => void = () => undefined
  const done = new Promise<BackfillStatus>((resolve) => (finished = resolve))
  const runner = new BackfillRunner({
    ledger,
    networks,
    settings: () => settings,
    context: (signal): Promise<ReadContext> => Promise.resolve({ http, signal, pool: () => pool }),
    // Prices are not what is timed here: every day has one at hand.
    prices: { priceOn: () => Promise.resolve({ price: '0.61', source: 'probe' }), prefetch: () => Promise.resolve({ requests: 0 }) },
    emit: (status) => {
      if (status.state === 'done' || status.state === 'failed') finished(status)
    },
    booked: () => undefined,
    log: silentLogger,
    retry: { initialMs: 1000, maxMs: 1000, attempts: 3 },
  })
  try {
    const startedAt = performance.now()
    runner.start(wallet.id, days)
    const status = await done
    const ms = performance.now() - startedAt

    const starts = server.requests.map((r) => r.at)
    const byMethod = new Map<string, number[]>()
    for (const request of server.requests) for (const method of methodsOf(request)) byMethod.set(method, [...(byMethod.get(method) ?? []), request.at])
    const hostPeak = peakInWindow(starts, publicLimit.perMs)
    const methodPeaks = [...byMethod].map(([method, at]) => [method, at.length, peakInWindow(at, perMethod.perMs)] as const)
    const over = hostPeak > publicLimit.requests || peakInFlight > publicLimit.concurrency || methodPeaks.some(([, , peak]) => peak > perMethod.requests)
    const floorMs = (Math.ceil(transactionCount / perMethod.requests) - 1) * perMethod.perMs + 2 * latencyMs
    process.stderr.write(
      `backfill of ${String(transactionCount)} transactions over ${String(days)} days: ${status.state}, ${String(status.rewards)} rewards + ${String(status.inflows)} inflows booked, ${ms.toFixed(0)} ms, ` +
        `${String(server.requests.length)} requests (runner counted ${String(status.requests)}); floor at the documented limit ${String(floorMs)} ms\n` +
        `  host peak ${String(hostPeak)}/${String(publicLimit.requests)} per ${String(publicLimit.perMs)} ms, ${String(peakInFlight)}/${String(publicLimit.concurrency)} in flight; ` +
        methodPeaks.map(([m, n, peak]) => `${m} ×${String(n)} (peak ${String(peak)}/${String(perMethod.requests)})`).join(', ') +
        `${over ? '  OVER LIMIT' : ''}${status.problem === null ? '' : `\n  problem: ${status.problem}`}\n`,
    )
    if (status.state !== 'done' || status.rewards + status.inflows !== transactionCount || over) process.exitCode = 1

    const figures: Figure[] = [
      { name: 'backfill_90d_ms', value: ms, goal: '<= 30000', unit: 'ms' },
      { name: 'backfill_requests', value: server.requests.length, goal: 'reference', unit: 'requests' },
      { name: 'backfill_floor_ms', value: floorMs, goal: 'reference', unit: 'ms' },
    ]
    if (values.json) process.stdout.write(`${JSON.stringify(Object.fromEntries(figures.map((f) => [f.name, Number(f.value.toFixed(3))])))}\n`)
    else for (const f of figures) process.stdout.write(`${f.name.padEnd(28)} ${f.value.toFixed(3).padStart(12)} ${f.unit.padEnd(10)} goal ${f.goal}\n`)
  } finally {
    await runner.stop()
    ledger.close()
    await server.close()
  }
}

await measure()
