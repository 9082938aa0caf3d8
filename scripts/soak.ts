/**
 * `npm run soak [-- --minutes N] [-- --json]`: the agent at 1 s sampling, watching a Grass wallet
 * (refreshed every minute) and metering a Shelly Gen2 plug, for 10 minutes by default, with a
 * browser-like WebSocket client subscribed to its events. Every 10 s it collects garbage and
 * records the resident set and the heap; it prints the growth after a warm-up (the first fifth),
 * goal < 5 %. Not part of `npm test`: a leak shows over minutes, not in a test's seconds.
 *
 * The agent runs in this process (so its heap can be read after a forced GC), on a fresh data
 * dir, against loopback stand-ins: a Solana RPC, CoinGecko and the plug, answering documented
 * bodies (tests/fixtures). Run with --expose-gc, as the npm script does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { WebSocket } from 'ws'
import { startAgent } from '../src/main/agent/agent.ts'
import { silentLogger } from '../src/main/core/log.ts'
import { genesis, tokenAccount, tokenAccountsResult } from '../tests/fixtures/chains/solana.ts'
import { simplePriceText } from '../tests/fixtures/prices/coingecko.ts'

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } })
const minutes = Number(values.minutes)
if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError(`--minutes must be a positive number, not ${values.minutes}`)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc (npm run soak does)')

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'
const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'

/** A loopback server answering JSON from `route`. */
async function serve(route: (path: string, body: unknown) => unknown): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const body: unknown = text === '' ? undefined : JSON.parse(text)
      const answer = route(request.url ?? '/', body)
      response.writeHead(200, { 'content-type': 'application/json' }).end(typeof answer === 'string' ? answer : JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

let balance = 10n ** 12n
const solana = await serve((_, body) => {
  const { id, method } = body as { id: number; method: string }
  // The wallet earns a little between reads, so rewards are booked all along.
  if (method === 'getTokenAccountsByOwner') balance += 1_000_000n
  const result = method === 'getGenesisHash' ? genesis.mainnet : tokenAccountsResult([tokenAccount(owner, grassMint, balance.toString(), 9)])
  return { jsonrpc: '2.0', id, result }
})
const coingecko = await serve((path) => {
  const currency = new URL(path, 'http://x').searchParams.get('vs_currencies') ?? 'usd'
  return simplePriceText(currency, { grass: { price: '2.5', updated: Math.floor(Date.now() / 1000) } })
})
const shellyStatus = JSON.parse(readFileSync(join(import.meta.dirname, '../tests/fixtures/plugs/shelly-gen2-switch-status.json'), 'utf8')) as { body: object }
const plug = await serve(() => ({ ...shellyStatus.body, output: true, apower: 310.4 }))

const dataDir = mkdtempSync(join(tmpdir(), 'desk-soak-'))
const agent = await startAgent(
  { port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 1000, logLevel: 'warn', priceFeeds: { coingecko: coingecko.url, coinpaprika: coingecko.url }, publicEndpoints: false },
  silentLogger,
)
const call = (method: string, input: unknown): Promise<unknown> => agent.core.dispatch(method, input)
await call('endpoints.set', { key: 'solana', url: solana.url })
await call('settings.update', { walletRefreshMinutes: 1 })
await call('wallets.add', { network: 'grass', address: owner, label: 'Soak rig' })
await call('power.addPlug', { kind: 'shelly-gen2', address: new URL(plug.url).host, label: 'Soak plug' })
// A browser-like client: subscribed to every event, reading what it is sent.
const client = new WebSocket(`${agent.url.replace('http', 'ws')}ws`, 'desk.v1')
let received = 0
client.on('message', () => (received += 1))

type Point = { atSeconds: number; rssMiB: number; heapMiB: number }
const points: Point[] = []
const started = Date.now()
const mib = (bytes: number): number => bytes / 2 ** 20
while (Date.now() - started < minutes * 60_000) {
  await new Promise((resolve) => setTimeout(resolve, 10_000))
  gc()
  const memory = process.memoryUsage()
  points.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMiB: mib(memory.rss), heapMiB: mib(memory.heapUsed) })
  if (!values.json) console.error(`t=${points.at(-1)?.atSeconds ?? 0}s rss ${mib(memory.rss).toFixed(1)} MiB heap ${mib(memory.heapUsed).toFixed(1)} MiB`)
}

const warm = points[Math.floor(points.length / 5)] ?? points[0]
const last = points.at(-1)
if (warm === undefined || last === undefined) throw new Error('the soak ended before its first sample')
const growth = (from: number, to: number): number => ((to - from) / from) * 100
const rewards = (await call('rewards.list', { limit: 5000 })) as { ok: boolean; value?: unknown[] }
const figures = {
  soak_minutes: minutes,
  soak_rss_growth_pct: growth(warm.rssMiB, last.rssMiB),
  soak_heap_growth_pct: growth(warm.heapMiB, last.heapMiB),
  soak_rss_mb: last.rssMiB,
  soak_heap_mb: last.heapMiB,
  soak_events_received: received,
  soak_rewards_booked: rewards.value?.length ?? 0,
}
client.close()
await agent.stop()
for (const { server } of [solana, coingecko, plug]) server.close()
rmSync(dataDir, { recursive: true, force: true })

if (values.json) {
  console.log(JSON.stringify(figures))
} else {
  console.log(`after a warm-up of ${warm.atSeconds} s, to ${last.atSeconds} s (goal: growth < 5 %):`)
  console.log(`  resident set ${warm.rssMiB.toFixed(1)} → ${last.rssMiB.toFixed(1)} MiB (${figures.soak_rss_growth_pct.toFixed(2)} %)`)
  console.log(`  heap after GC ${warm.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB (${figures.soak_heap_growth_pct.toFixed(2)} %)`)
  console.log(`  ${received} events sent to the client, ${figures.soak_rewards_booked} rewards booked`)
}
