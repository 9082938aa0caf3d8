import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChannelTestResult, PushChannelStatus } from '../../../../src/shared/contract/alerts.ts'
import { callAgent, spawnAgent, type SpawnedAgent } from '../../../support/spawn-agent.ts'
import { servedPerTest } from '../../../support/loopback-api.ts'
import { ntfy } from './service-fixtures.ts'

/*
 * The headless agent pushes by itself: a process with no window and no browser, a plug that
 * stops answering, and the alert arrives at a loopback ntfy as the documented publish request
 * (https://docs.ntfy.sh/publish/). Everything goes through the agent's HTTP API.
 */

const { serve } = servedPerTest()
const topic = 'desk-agent-alerts-4k2p'
const token = 'tk_agentTestToken0123456789abcdef'

let agent: SpawnedAgent | null = null
afterEach(async () => {
  await agent?.stop()
  agent = null
})

/** ntfy's Title header, decoded from the RFC 2047 word non-ASCII titles are sent as. */
function titleOf(header: unknown): string {
  const title = String(header)
  return title.startsWith('=?UTF-8?B?') ? Buffer.from(title.slice(10, -2), 'base64').toString('utf8') : title
}

/** A loopback port nothing listens on: a plug there refuses every connection. */
async function closedPort(): Promise<number> {
  const server = await serve(() => ({ json: {} }))
  await server.close()
  return Number(server.host.split(':')[1])
}

describe('the agent pushes to a loopback ntfy with no browser open', () => {
  it('opens plug-unreachable for a plug on a closed port and publishes it to the ntfy channel', async () => {
    const ntfyServer = await serve((request) => ntfy.published(topic, String(request.body)))
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-push-'))
    const config = join(dataDir, 'agent.json')
    writeFileSync(config, JSON.stringify({ port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 250, logLevel: 'warn' }))
    agent = await spawnAgent(['--config', config])

    const channels = await callAgent<PushChannelStatus[]>(agent, 'alerts.addChannel', {
      label: 'Phone',
      minSeverity: 'warning',
      target: { kind: 'ntfy', topicUrl: `${ntfyServer.url}/${topic}`, token },
    })
    expect(channels).toHaveLength(1)
    const test = await callAgent<ChannelTestResult>(agent, 'alerts.testChannel', { id: channels[0]?.channel.id })
    expect(test.ok).toBe(true)

    // No grace: the alert opens on the first evaluation that sees the plug fail.
    await callAgent(agent, 'alerts.rules', { rules: { 'plug-unreachable': { thresholds: { graceMinutes: 0 } } } })
    await callAgent(agent, 'power.addPlug', { kind: 'shelly-gen2', address: `127.0.0.1:${await closedPort()}`, label: 'Rig 1', pollMs: 1000 })

    const pushed = (): typeof ntfyServer.requests => ntfyServer.requests.filter((request) => titleOf(request.headers.title).includes('unreachable'))
    await vi.waitFor(() => expect(pushed().length).toBeGreaterThan(0), { timeout: 15_000, interval: 100 })
    const [request] = pushed()
    expect(request?.method).toBe('POST')
    expect(request?.url.pathname).toBe(`/${topic}`)
    expect(request?.headers).toMatchObject({ authorization: `Bearer ${token}`, priority: 'high', tags: 'warning,plug-unreachable' })
    expect(titleOf(request?.headers.title)).toBe('Warning: Plug “Rig 1” is unreachable')
    expect(String(request?.body)).toContain('refused the connection')

    const status = await callAgent<PushChannelStatus[]>(agent, 'alerts.channels')
    expect(status[0]).toMatchObject({ lastError: null, lastSentAt: expect.any(Number) })
    // The topic and the token stay in the secret store, out of settings.
    const settingsFile = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    expect(settingsFile).not.toContain(topic)
    expect(settingsFile).not.toContain(token)
  })
})
