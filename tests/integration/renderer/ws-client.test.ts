import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from '../../../src/main/agent/agent.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { DeskCallError, type ConnectionState, type DeskClient } from '../../../src/renderer/src/api/client.ts'
import { createWsClient } from '../../../src/renderer/src/api/client-ws.ts'

const agents: RunningAgent[] = []
const clients: DeskClient[] = []

async function agentOn(port: number, dataDir = mkdtempSync(join(tmpdir(), 'desk-ws-'))): Promise<RunningAgent> {
  const agent = await startAgent({ port, host: '127.0.0.1', dataDir, sampleIntervalMs: 250, logLevel: 'error' }, silentLogger)
  agents.push(agent)
  return agent
}

function clientOf(agent: RunningAgent, options: Partial<Parameters<typeof createWsClient>[0]> = {}): DeskClient {
  const client = createWsClient({ url: `ws://127.0.0.1:${agent.port}/ws`, backoff: { initialMs: 50, maxMs: 200 }, ...options })
  clients.push(client)
  return client
}

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close())
  await Promise.all(agents.splice(0).map((a) => a.stop().catch(() => undefined)))
})

describe('the WebSocket client against a real agent', () => {
  it('calls methods, gets typed errors and receives events', async () => {
    const client = clientOf(await agentOn(0))
    await expect(client.call('app.info', {})).resolves.toMatchObject({ name: 'DePIN Desk', shell: 'agent' })
    expect(client.connection.status).toBe('connected')

    const error = await client.call('monitoring.setPaused', { paused: 'yes' as unknown as boolean }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeskCallError)
    expect((error as DeskCallError).info).toMatchObject({ code: 'invalid-input', field: 'paused' })

    const samples: number[] = []
    client.on('hardware.sampled', (sample) => samples.push(sample.provenance.at))
    await expect.poll(() => samples.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2)
  })

  it('queues calls made before the connection opens', async () => {
    const client = clientOf(await agentOn(0))
    const pending = client.call('monitoring.get', {})
    expect(client.connection.status).toBe('connecting')
    await expect(pending).resolves.toEqual({ paused: false, sampleIntervalMs: 250 })
  })

  it('reconnects to an agent that comes back on the same port, keeping its listeners', async () => {
    const first = await agentOn(0)
    const client = clientOf(first)
    const states: ConnectionState['status'][] = []
    client.onConnection((state) => states.push(state.status))
    let events = 0
    client.on('hardware.sampled', () => events++)
    await expect.poll(() => client.connection.status).toBe('connected')

    await first.stop()
    await expect.poll(() => client.connection.status).toBe('reconnecting')
    expect(client.connection.retryAt).not.toBeNull()
    const whileDown = client.call('app.info', {})

    await agentOn(first.port)
    await expect.poll(() => client.connection.status, { timeout: 5000 }).toBe('connected')
    await expect(whileDown).resolves.toMatchObject({ name: 'DePIN Desk' })
    const seen = events
    await expect.poll(() => events, { timeout: 5000 }).toBeGreaterThan(seen)
    expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'reconnecting']))
  })

  it('gives up on a call after its timeout with a retryable error', async () => {
    const agent = await agentOn(0)
    const { port } = agent
    await agent.stop()
    agents.length = 0
    const client = createWsClient({ url: `ws://127.0.0.1:${port}/ws`, callTimeoutMs: 300, backoff: { initialMs: 50, maxMs: 100 } })
    clients.push(client)
    await expect(client.callSafe('app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'upstream', retryable: true, message: expect.stringMatching(/did not answer app.info within/) },
    })
  })

  it('answers every waiting call when closed', async () => {
    const agent = await agentOn(0)
    const { port } = agent
    await agent.stop()
    agents.length = 0
    const client = createWsClient({ url: `ws://127.0.0.1:${port}/ws`, backoff: { initialMs: 50, maxMs: 100 } })
    const waiting = client.callSafe('app.info', {})
    client.close()
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { message: 'The client is closed.' } })
  })

  it('stops and says so when the agent wants a token it does not have', async () => {
    const agent = await agentOn(0)
    const { port } = agent
    await agent.stop()
    agents.length = 0
    let asked = 0
    const client = createWsClient({
      url: `ws://127.0.0.1:${port}/ws`,
      backoff: { initialMs: 50, maxMs: 100 },
      checkAccess: () => {
        asked += 1
        return Promise.resolve('unauthorized')
      },
    })
    clients.push(client)
    const waiting = client.callSafe('app.info', {})
    await expect.poll(() => client.connection.status).toBe('unauthorized')
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } })
    await new Promise((r) => setTimeout(r, 300))
    expect(asked).toBe(1)
  })
})
