/**
 * The agent beside Debian's Prometheus node exporter (issue 13, item 7), each in its own process:
 * `node scripts/bench/node-exporter-probe.ts [--json] [--seconds N] [--warmup-seconds N]`, run by
 * `npm run bench` after `npm run build:agent`. It starts the bundled agent (out/agent/main.js, a
 * fresh data dir, loopback, sampling at its default 1 s) and /usr/bin/prometheus-node-exporter
 * (its default collectors, on a free loopback port), lets both settle for --warmup-seconds (5)
 * while scraping them, then scrapes each `GET /metrics` once a second for --seconds (60), the two
 * scrapes of a second side by side, reading every body to its end.
 *
 * agent_cpu_pct, node_exporter_cpu_pct: each process's CPU over the window, from /proc/<pid>/stat
 *   (utime + stime, plus cutime + cstime of children it reaped in the window: the agent's
 *   nvidia-smi or the like, none on a machine without them), over the window's wall time, in %
 *   of one core. Sampling, scrapes and whatever else each does in that time are all in it; the
 *   probe's own scraping is in neither.
 * agent_vs_node_exporter_cpu_ratio (goal <= 0.6): the first over the second.
 * agent_scrape_p50_ms, node_exporter_scrape_p50_ms: median scrape, request to last byte.
 * agent_metrics_series, node_exporter_metrics_series: samples in the last scrape of each.
 *
 * Without the exporter (Debian's `prometheus-node-exporter` package; DESK_NODE_EXPORTER names
 * another binary) it says so on one line, prints no figure (`{}` with --json) and exits 3, as a
 * probe that could not measure does (scripts/bench.ts leaves the figures out).
 */
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { agentEntry, spawnAgent } from '../../tests/support/spawn-agent.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '60' },
    'warmup-seconds': { type: 'string', default: '5' },
  },
})
const seconds = Math.max(1, Number(values.seconds))
const warmupSeconds = Math.max(0, Number(values['warmup-seconds']))
const say = (line: string): void => void process.stderr.write(`node-exporter-probe: ${line}\n`)

const exporter = process.env.DESK_NODE_EXPORTER ?? '/usr/bin/prometheus-node-exporter'
try {
  accessSync(exporter, constants.X_OK)
} catch {
  say(`${exporter} not found: install Debian's \`prometheus-node-exporter\` package (apt-get install prometheus-node-exporter), or set DESK_NODE_EXPORTER to a node_exporter binary; agent_vs_node_exporter_cpu_ratio left out`)
  if (values.json) process.stdout.write('{}\n')
  process.exit(3)
}

/** Clock ticks per second, the unit of /proc/<pid>/stat's times (100 on every Linux we run). */
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** utime + stime + cutime + cstime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
  // Fields after the command name in parentheses (which may hold spaces): state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]))
  return ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / ticksPerSecond
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

type Scrape = { ms: number; series: number }

/** One GET /metrics read to its end; throws on a status other than 200. */
async function scrape(url: string): Promise<Scrape> {
  const started = performance.now()
  const response = await fetch(url)
  const body = await response.text()
  if (response.status !== 200) throw new Error(`${url} answered ${String(response.status)}`)
  return { ms: performance.now() - started, series: body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length }
}

async function waitFor(url: string, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (await fetch(url).then((r) => r.ok, () => false)) return
    if (performance.now() > deadline) throw new Error(`${what} did not answer ${url} within ${String(timeoutMs / 1000)} s`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const median = (list: readonly number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN
const round = (value: number, places = 3): number => Number(value.toFixed(places))

const dataDir = mkdtempSync(join(tmpdir(), 'desk-node-exporter-'))
const agent = await spawnAgent(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], agentEntry.built)
const exporterPort = await freeLoopbackPort()
const exporterChild = spawn(exporter, [`--web.listen-address=127.0.0.1:${String(exporterPort)}`], { stdio: ['ignore', 'ignore', 'pipe'] })
let exporterLog = ''
exporterChild.stderr.on('data', (chunk: Buffer) => (exporterLog = (exporterLog + chunk.toString()).slice(-4000)))
const exporterExited = new Promise<number | null>((resolve) => exporterChild.on('exit', resolve))

try {
  const agentUrl = `${agent.url}metrics`
  const exporterUrl = `http://127.0.0.1:${String(exporterPort)}/metrics`
  await waitFor(agentUrl, 'the agent')
  await waitFor(exporterUrl, `${exporter} (its log: ${exporterLog.trim().split('\n').at(-1) ?? ''})`)
  const agentPid = agent.child.pid ?? Number.NaN
  const exporterPid = exporterChild.pid ?? Number.NaN

  /** Scrapes both once a second for `count` seconds, on the wall clock. */
  const scrapeFor = async (count: number): Promise<{ agent: Scrape[]; exporter: Scrape[] }> => {
    const result = { agent: [] as Scrape[], exporter: [] as Scrape[] }
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      const [a, e] = await Promise.all([scrape(agentUrl), scrape(exporterUrl)])
      result.agent.push(a)
      result.exporter.push(e)
      const next = start + (i + 1) * 1000
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())))
    }
    return result
  }

  if (warmupSeconds > 0) await scrapeFor(warmupSeconds)
  const startedAt = performance.now()
  const agentBefore = cpuSeconds(agentPid)
  const exporterBefore = cpuSeconds(exporterPid)
  const scrapes = await scrapeFor(seconds)
  const agentCpu = cpuSeconds(agentPid) - agentBefore
  const exporterCpu = cpuSeconds(exporterPid) - exporterBefore
  const elapsed = (performance.now() - startedAt) / 1000

  const agentPct = (agentCpu / elapsed) * 100
  const exporterPct = (exporterCpu / elapsed) * 100
  const figures = {
    agent_cpu_pct: round(agentPct),
    node_exporter_cpu_pct: round(exporterPct),
    agent_vs_node_exporter_cpu_ratio: round(agentPct / exporterPct),
    agent_scrape_p50_ms: round(median(scrapes.agent.map((s) => s.ms))),
    node_exporter_scrape_p50_ms: round(median(scrapes.exporter.map((s) => s.ms))),
    agent_metrics_series: scrapes.agent.at(-1)?.series ?? Number.NaN,
    node_exporter_metrics_series: scrapes.exporter.at(-1)?.series ?? Number.NaN,
  }
  say(`${String(seconds)} s window, ${String(scrapes.agent.length)} scrapes each, ${String(availableParallelism())} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`)
  } else {
    const goals: Record<string, string> = { agent_vs_node_exporter_cpu_ratio: 'goal <= 0.6' }
    for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(34)} ${value.toFixed(3).padStart(10)}  ${goals[name] ?? ''}\n`)
  }
} finally {
  exporterChild.kill('SIGTERM')
  await exporterExited
  await agent.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
