import { mkdtempSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessPolicy } from '../../../src/main/agent/agent.ts'
import { createAgentServer } from '../../../src/main/agent/http-server.ts'
import { createMetricsEndpoint, type MetricsEndpoint } from '../../../src/main/agent/metrics/metrics-endpoint.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../../support/spawn-agent.ts'
import { alert, alertsSnapshot, hardwareSample } from '../../unit/metrics/fleet-state.ts'
import { prometheusPath, startPrometheus, type RunningPrometheus } from './support/prometheus-tools.ts'

/*
 * A real Prometheus (Debian's) on a free loopback port, scraping every second with the shipped
 * alerting rules loaded:
 *   agent  the bundle `npm run agent` runs, on loopback: no token;
 *   fleet  an agent with the policy of a 0.0.0.0 bind (served on loopback), whose token
 *          Prometheus reads from the agent's own token file (credentials_file), and whose core
 *          is handed a known sample and an open alert through its event hub, so the figures
 *          Prometheus stores can be compared exactly;
 *   fleet-without-token  the same agent without the token: refused.
 */

const rules = join(import.meta.dirname, '../../../resources/prometheus/depin-alerts.yml')
const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version

let agent: SpawnedAgent
let core: DeskCore
let server: Server
let metrics: MetricsEndpoint
let prometheus: RunningPrometheus

beforeAll(async () => {
  prometheusPath()
  agent = await spawnAgent(['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'desk-prom-agent-'))], agentEntry.built)
  const access = accessPolicy('0.0.0.0', mkdtempSync(join(tmpdir(), 'desk-prom-fleet-')))
  core = createDeskCore({ version: 'fleet-1', shell: 'agent', log: silentLogger })
  metrics = createMetricsEndpoint(core, silentLogger)
  server = createAgentServer({ core, policy: access.policy, uiRoot: tmpdir(), metrics, onUpgrade: (_request, socket) => socket.destroy() })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const fleet = `127.0.0.1:${String((server.address() as AddressInfo).port)}`
  // Not started: no sampler overwrites the sample given here.
  core.events.emit('hardware.sampled', hardwareSample(4))
  core.events.emit('alerts.changed', alertsSnapshot([alert(1, 'node-down', { severity: 'critical', network: 'akash' })]))
  prometheus = await startPrometheus(`
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - ${JSON.stringify(rules)}
scrape_configs:
  - job_name: agent
    static_configs:
      - targets: ["127.0.0.1:${String(agent.port)}"]
  - job_name: fleet
    authorization:
      type: Bearer
      credentials_file: ${JSON.stringify(access.token?.path)}
    static_configs:
      - targets: ["${fleet}"]
  - job_name: fleet-without-token
    static_configs:
      - targets: ["${fleet}"]
`)
}, 60_000)

afterAll(async () => {
  await prometheus.stop()
  await agent.stop()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  metrics.dispose()
})

/** The query's vector once it has as many series as `count` (Prometheus scrapes every second). */
async function eventually(expr: string, count = 1): Promise<{ metric: Record<string, string>; value: number }[]> {
  for (let tries = 0; ; tries++) {
    const result = await prometheus.query(expr)
    if (result.length >= count || tries > 60) return result
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('a real Prometheus scraping agents', () => {
  it('stores the power figure the fleet agent exports, read with its token', async () => {
    const [machine] = await eventually('depin_machine_power_watts{job="fleet"}')
    expect(machine).toEqual({ metric: { __name__: 'depin_machine_power_watts', job: 'fleet', instance: expect.any(String) as unknown, basis: 'wall', measured: 'true' }, value: 1800 })
    const gpus = await eventually('depin_power_watts{job="fleet", scope="gpu"}', 4)
    expect(gpus.map((s) => s.value).sort()).toEqual([380, 381, 382, 383])
    expect((await eventually('sum(depin_power_watts{job="fleet", scope="gpu"})'))[0]?.value).toBe(1526)
  })

  it('scrapes the agent `npm run agent` runs, and its watts', async () => {
    expect((await eventually('up{job="agent"} == 1'))[0]?.value).toBe(1)
    expect((await eventually('depin_build_info{job="agent"}'))[0]?.metric.version).toBe(version)
    const [watts] = await eventually('depin_machine_power_watts{job="agent"}')
    expect(watts?.value).toBeGreaterThan(0)
  })

  it('is refused by the fleet agent without the token', async () => {
    expect((await eventually('up{job="fleet-without-token"} == 0'))[0]?.value).toBe(0)
    expect(await prometheus.query('depin_build_info{job="fleet-without-token"}')).toEqual([])
  })

  it('loads the shipped rules and fires DepinDeskAlert for the app’s open alert', async () => {
    for (let tries = 0; ; tries++) {
      const answer = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } }
      const firing = answer.data.alerts.find((a) => a.labels.alertname === 'DepinDeskAlert' && a.labels.job === 'fleet')
      if (firing !== undefined) {
        expect(firing).toMatchObject({ state: 'firing', labels: { rule: 'node-down', network: 'akash', severity: 'critical' } })
        break
      }
      expect(tries, 'DepinDeskAlert never fired').toBeLessThan(60)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const groups = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as { data: { groups: { name: string; rules: { health: string }[] }[] } }
    expect(groups.data.groups.map((g) => g.name).sort()).toEqual(['depin-desk-app', 'depin-desk-data', 'depin-desk-hardware', 'depin-desk-money', 'depin-desk-nodes'])
    // Every rule evaluates against what the agents export: none in error.
    expect(groups.data.groups.flatMap((g) => g.rules.map((r) => r.health)).filter((health) => health === 'err')).toEqual([])
  })
})
