/**
 * The cost of a Prometheus scrape, in its own process: `node scripts/bench/metrics-probe.ts
 * [--json] [--scrapes N]`. In-process: the agent's real HTTP server (createAgentServer) and
 * /metrics endpoint (watcher, prom-client registry, every family) on loopback, over a real core
 * that is not started; the fleet's state is fixture data (tests/unit/metrics/fleet-state.ts)
 * delivered through core's event hub as its capabilities would: a sample with a wall plug, 4
 * GPUs and RAPL, 20 nodes on the 8 networks, a wallet on each network with its prices, open
 * alerts. Only the profit summary is answered from the fixture, for the 8 networks, in place of
 * core's (which would read the wallets' ledger and the power history).
 *
 * metrics_scrape_ms: p95 of a GET /metrics over a keep-alive loopback connection, from the
 *   request to the last byte of the body, the client's cost included. Before each scrape core
 *   delivers a new sample and a new node scan, as it would between two scrapes (every 1 s and
 *   5 s; Prometheus scrapes every 15 s or more); wallets, prices, profit and alerts stay, as they
 *   do between their refreshes (10 min, 5 min, on change). Those families' text is then reused
 *   (metrics-registry.ts), as in the agent.
 * metrics_scrape_p50_ms: the median of the same.
 * metrics_render_cold_ms: p95 of the registry's render alone with every input new, nothing reused:
 *   the whole cost of formatting every series.
 * metrics_series: samples in one scrape. metrics_body_bytes: its size.
 */
import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { parseArgs } from 'node:util'
import { createAgentServer } from '../../src/main/agent/http-server.ts'
import { createMetricsEndpoint } from '../../src/main/agent/metrics/metrics-endpoint.ts'
import { createMetricsRegistry } from '../../src/main/agent/metrics/metrics-registry.ts'
import { createDeskCore, type DeskCore } from '../../src/main/core/app.ts'
import { silentLogger } from '../../src/main/core/log.ts'
import { benchFleet, fleetState, hardwareSample, nodesSnapshot, profitSnapshot, walletsSnapshot } from '../../tests/unit/metrics/fleet-state.ts'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, scrapes: { type: 'string', default: '2000' } } })
const scrapes = Number(values.scrapes)
const warmup = 200

const percentile = (list: readonly number[], p: number): number => {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

const core = createDeskCore({ version: 'bench', shell: 'agent', log: silentLogger })
const profit = profitSnapshot(benchFleet.networks)
const face: Pick<DeskCore, 'events' | 'dispatch' | 'monitor' | 'info'> = {
  events: core.events,
  monitor: core.monitor,
  info: core.info,
  dispatch: (method, payload) => (method === 'profit.summary' ? Promise.resolve({ ok: true, value: profit }) : core.dispatch(method, payload)),
}
const metrics = createMetricsEndpoint(face, silentLogger)
const server = createAgentServer({
  core,
  policy: { requiredToken: undefined, loopbackOnly: true },
  uiRoot: tmpdir(),
  metrics,
  onUpgrade: (_request, socket) => socket.destroy(),
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const port = (server.address() as AddressInfo).port

core.events.emit('hardware.sampled', hardwareSample(benchFleet.gpus))
core.events.emit('nodes.changed', nodesSnapshot(benchFleet.nodes, benchFleet.networks))
core.events.emit('wallets.updated', walletsSnapshot(benchFleet.networks))
const fleet = fleetState(benchFleet)
if (fleet.alerts !== null) core.events.emit('alerts.changed', fleet.alerts)

const agent = new Agent({ keepAlive: true, maxSockets: 1 })
function scrape(): Promise<{ ms: number; body: string }> {
  const startedAt = performance.now()
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ ms: performance.now() - startedAt, body: Buffer.concat(chunks).toString() }))
      response.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

// The first scrape loads prom-client and asks for the profit summary; let it land.
await scrape()
await new Promise((resolve) => setTimeout(resolve, 50))
let body = ''
const times: number[] = []
for (let i = 0; i < warmup + scrapes; i++) {
  core.events.emit('hardware.sampled', hardwareSample(benchFleet.gpus))
  core.events.emit('nodes.changed', nodesSnapshot(benchFleet.nodes, benchFleet.networks))
  const result = await scrape()
  if (i >= warmup) times.push(result.ms)
  body = result.body
}

const registry = createMetricsRegistry()
const renders: number[] = []
for (let i = 0; i < warmup + scrapes; i++) {
  // New objects for every input: no family's text can be reused.
  const fresh = { ...fleet, hardware: hardwareSample(benchFleet.gpus), nodes: nodesSnapshot(benchFleet.nodes, benchFleet.networks), wallets: walletsSnapshot(benchFleet.networks), profit: { ...fleet.profit }, alerts: fleet.alerts && { ...fleet.alerts } }
  const startedAt = performance.now()
  await registry.render(fresh)
  if (i >= warmup) renders.push(performance.now() - startedAt)
}

agent.destroy()
server.closeAllConnections()
await new Promise((resolve) => server.close(resolve))
metrics.dispose()

const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#'))
if (!body.includes('depin_network_net_usd{network=')) throw new Error('the scrape has no profit series: the fleet state did not land')
const figures = {
  metrics_scrape_ms: percentile(times, 0.95),
  metrics_scrape_p50_ms: percentile(times, 0.5),
  metrics_render_cold_ms: percentile(renders, 0.95),
  metrics_series: series.length,
  metrics_body_bytes: Buffer.byteLength(body),
}
if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`)
else for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(24)} ${value.toFixed(3)}\n`)
