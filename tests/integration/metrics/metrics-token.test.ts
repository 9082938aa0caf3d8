import { mkdtempSync } from 'node:fs'
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

/*
 * An agent bound off loopback wants the same bearer token on /metrics as on /api. Served on
 * loopback for the test, with the policy a 0.0.0.0 bind gets (as token-policy.test.ts does).
 */

let core: DeskCore
let server: Server
let metrics: MetricsEndpoint
let base: string
let token: string

beforeAll(async () => {
  const access = accessPolicy('0.0.0.0', mkdtempSync(join(tmpdir(), 'desk-metrics-token-')))
  token = access.token?.token ?? ''
  core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, sampleIntervalMs: 250 })
  metrics = createMetricsEndpoint(core, silentLogger)
  server = createAgentServer({ core, policy: access.policy, uiRoot: tmpdir(), metrics, onUpgrade: (_request, socket) => socket.destroy() })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  await core.start()
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  metrics.dispose()
  await core.stop()
})

const scrape = (headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}/metrics`, { headers })

describe('GET /metrics off loopback', () => {
  it('answers 401 with the scheme it wants, without a token or with a wrong one', async () => {
    const wrong: Record<string, string>[] = [{}, { Authorization: `Bearer ${'0'.repeat(64)}` }, { Authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` }]
    for (const headers of wrong) {
      const refused = await scrape(headers)
      expect(refused.status).toBe(401)
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="depin-desk"')
      expect(await refused.text()).toBe('a valid bearer token is required\n')
    }
  })

  it('answers the metrics with the token', async () => {
    const allowed = await scrape({ Authorization: `Bearer ${token}` })
    expect(allowed.status).toBe(200)
    expect(await allowed.text()).toContain('depin_build_info{version="t"} 1')
  })

  it('keeps /healthz open, as it was', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })
})
