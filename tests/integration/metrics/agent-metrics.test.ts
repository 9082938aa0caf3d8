import { mkdtempSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMetricsRegistry } from '../../../src/main/agent/metrics/metrics-registry.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../../support/spawn-agent.ts'
import { parseExposition, samplesOf } from '../../unit/metrics/exposition.ts'
import { fleetState } from '../../unit/metrics/fleet-state.ts'
import { promtool, promtoolPath } from './support/prometheus-tools.ts'

/*
 * The bundle `npm run agent` runs, on loopback, scraped as Prometheus would; its body and a full
 * fleet's go through `promtool check metrics`, Prometheus' own linter of the text format and its
 * naming rules (it prints what it objects to, and exits non-zero).
 */

const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version
let agent: SpawnedAgent

beforeAll(async () => {
  promtoolPath()
  agent = await spawnAgent(['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'desk-metrics-'))], agentEntry.built)
}, 30_000)
afterAll(async () => {
  await agent.stop()
})

/** The agent's figures once its first sample is in (it samples every second). */
async function scrapeOnceSampled(): Promise<{ response: Response; text: string }> {
  for (let tries = 0; ; tries++) {
    const response = await fetch(`${agent.url}metrics`)
    const text = await response.text()
    if (text.includes('\ndepin_machine_power_watts{') || tries > 50) return { response, text }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** A request with a Host header of our choosing, which fetch() does not allow. */
function getWithHost(path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: agent.port, path, headers: { Host: host } }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('GET /metrics on a loopback agent', () => {
  it('answers the text format that promtool accepts, with the power figure', async () => {
    const { response, text } = await scrapeOnceSampled()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const lint = await promtool(['check', 'metrics'], { stdin: text })
    expect(`${lint.stdout}${lint.stderr}`).toBe('')
    expect(lint.code).toBe(0)
    const exposed = parseExposition(text)
    expect(samplesOf(exposed, 'depin_build_info')).toEqual([{ name: 'depin_build_info', labels: { version }, value: 1 }])
    const [watts] = samplesOf(exposed, 'depin_machine_power_watts')
    expect(watts?.value).toBeGreaterThan(0)
    expect(['true', 'false']).toContain(watts?.labels.measured)
    expect(samplesOf(exposed, 'depin_collector_up', { collector: 'hardware' })[0]?.value).toBe(1)
  })

  it('counts energy up from one scrape to the next', async () => {
    const joules = async (): Promise<number> => {
      const exposed = parseExposition(await (await fetch(`${agent.url}metrics`)).text())
      return samplesOf(exposed, 'depin_energy_joules_total').reduce((sum, s) => sum + s.value, 0)
    }
    const before = await joules()
    await new Promise((resolve) => setTimeout(resolve, 2_200))
    expect(await joules()).toBeGreaterThan(before)
  })

  it('answers HEAD without a body, and refuses other methods', async () => {
    const head = await fetch(`${agent.url}metrics`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await fetch(`${agent.url}metrics`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })

  it('refuses another host name and another site, as /api does', async () => {
    expect(await getWithHost('/metrics', 'evil.example:80')).toBe(403)
    expect(await getWithHost('/metrics', `localhost:${String(agent.port)}`)).toBe(200)
    const cross = await fetch(`${agent.url}metrics`, { headers: { Origin: 'https://evil.example' } })
    expect(cross.status).toBe(403)
  })
})

describe('a whole fleet’s metrics', () => {
  it('pass promtool check metrics too', async () => {
    const text = await createMetricsRegistry().render(fleetState())
    const lint = await promtool(['check', 'metrics'], { stdin: text })
    expect(`${lint.stdout}${lint.stderr}`).toBe('')
    expect(lint.code).toBe(0)
  })
})
