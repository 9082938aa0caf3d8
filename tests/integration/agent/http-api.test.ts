import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from '../../../src/main/agent/agent.ts'
import { contentSecurityPolicyHeader } from '../../../src/main/content-security-policy.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { eventNames, methodNames } from '../../../src/shared/contract/names.ts'

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A raw HTTP request, so tests can send the Host and Origin headers fetch() would not let them. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const json = { 'Content-Type': 'application/json' }

function uiFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'desk-ui-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>DePIN Desk</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  return root
}

describe('agent HTTP API on loopback', () => {
  let agent: RunningAgent
  let port: number

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-agent-'))
    agent = await startAgent(
      { port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 250, logLevel: 'error' },
      silentLogger,
      uiFixture(),
    )
    port = agent.port
  })
  afterAll(() => agent.stop())

  it('answers /healthz with version and uptime', async () => {
    const reply = await send(port, 'GET', '/healthz')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok', version: expect.any(String), uptimeSeconds: expect.any(Number) })
  })

  it('lists every contract method with its input schema', async () => {
    const reply = await send(port, 'GET', '/api')
    const listing = JSON.parse(reply.body) as { methods: { name: string; input: { type: string } }[]; events: string[] }
    expect(listing.methods.map((m) => m.name)).toEqual([...methodNames])
    expect(listing.methods.find((m) => m.name === 'monitoring.setPaused')?.input).toMatchObject({
      type: 'object',
      properties: { paused: { type: 'boolean' } },
      required: ['paused'],
    })
    expect(listing.events).toEqual([...eventNames])
  })

  it('lists the input side of each schema: a field with a default is not required', async () => {
    const listing = JSON.parse((await send(port, 'GET', '/api')).body) as { methods: { name: string; input: { required?: string[] } }[] }
    const exportCsv = listing.methods.find((m) => m.name === 'rewards.exportCsv')?.input
    expect(exportCsv).toMatchObject({ properties: { fromMs: { default: 0 }, format: { default: 'koinly' } } })
    expect(exportCsv?.required ?? []).toEqual([])
    expect(listing.methods.find((m) => m.name === 'profit.setTariff')?.input.required).toEqual(['tariff'])
  })

  it('runs a method posted as JSON', async () => {
    const reply = await send(port, 'POST', '/api/app.info', json, '{}')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { name: 'DePIN Desk', shell: 'agent' } })
    const empty = await send(port, 'POST', '/api/monitoring.get')
    expect(JSON.parse(empty.body)).toEqual({ ok: true, value: { paused: false, sampleIntervalMs: 250 } })
  })

  it.each([
    ['a wrong type', '/api/monitoring.setPaused', json, '{"paused":"yes"}', 400, { code: 'invalid-input', field: 'paused', message: expect.stringMatching(/^paused: /) }],
    ['an unknown field', '/api/monitoring.setPaused', json, '{"paused":true,"force":1}', 400, { code: 'invalid-input', field: 'force' }],
    ['broken JSON', '/api/monitoring.setPaused', json, '{"paused":', 400, { code: 'invalid-input', message: 'body is not valid JSON' }],
    ['a form post', '/api/monitoring.setPaused', { 'Content-Type': 'text/plain' }, '{"paused":true}', 415, { code: 'invalid-input' }],
    ['an unknown method', '/api/wallets.drain', json, '{}', 404, { code: 'not-found', message: 'Unknown method "wallets.drain".' }],
    ['a prototype key', '/api/__proto__', json, '{}', 404, { code: 'not-found' }],
    ['a broken percent-escape', '/api/%', json, '{}', 400, { code: 'invalid-input', message: 'method name is not valid percent-encoding' }],
    ['an invalid UTF-8 escape', '/api/app.info%E0%A4%A', json, '{}', 400, { code: 'invalid-input' }],
    ['a target no URL parser accepts', '//[', json, '{}', 400, { code: 'invalid-input', message: 'request target is not a valid URL path' }],
  ])('answers %s with a typed error', async (_what, path, headers, body, status, error) => {
    const reply = await send(port, 'POST', path, headers, body)
    expect(reply.status).toBe(status)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error })
  })

  it('refuses a body over 1 MiB', async () => {
    const reply = await send(port, 'POST', '/api/app.info', json, `{"x":"${'a'.repeat(1024 * 1024)}"}`)
    expect(reply.status).toBe(413)
  })

  it('refuses other origins and other host names, and wrong verbs', async () => {
    expect((await send(port, 'POST', '/api/app.info', { ...json, Origin: 'https://evil.example' }, '{}')).status).toBe(403)
    expect((await send(port, 'GET', '/api', { Host: 'rebind.evil.example:7420' })).status).toBe(403)
    expect((await send(port, 'GET', '/api/app.info')).status).toBe(405)
    expect((await send(port, 'DELETE', '/healthz')).status).toBe(405)
    const sameOrigin = await send(port, 'POST', '/api/app.info', { ...json, Origin: `http://127.0.0.1:${port}` }, '{}')
    expect(sameOrigin.status).toBe(200)
  })

  it('answers a WebSocket upgrade with a malformed target 400 rather than throwing', async () => {
    const socket = connect(port, '127.0.0.1')
    let seen = ''
    socket.on('data', (chunk: Buffer) => (seen += chunk.toString()))
    socket.write('GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n')
    await new Promise((resolve) => socket.once('close', resolve))
    expect(seen).toMatch(/^HTTP\/1\.1 400 /)
  })

  it('keeps serving after all of that', async () => {
    expect((await send(port, 'GET', '/healthz')).status).toBe(200)
  })

  it('serves the UI with its CSP, app routes as index.html, and nothing outside it', async () => {
    const index = await send(port, 'GET', '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toBe(contentSecurityPolicyHeader)
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    expect((await send(port, 'GET', '/hardware')).body).toContain('<title>DePIN Desk</title>')
    const asset = await send(port, 'GET', '/assets/index-abc.js')
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['cache-control']).toContain('immutable')
    expect((await send(port, 'GET', '/assets/missing.js')).status).toBe(404)
    expect((await send(port, 'GET', '/..%2f..%2fetc%2fpasswd.txt')).status).toBe(404)
    expect((await send(port, 'GET', '/%.js')).status).toBe(404)
  })
})

