import { mkdtempSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessPolicy } from '../../../src/main/agent/agent.ts'
import { createAgentServer } from '../../../src/main/agent/http-server.ts'
import { WsTransport } from '../../../src/main/agent/ws-transport.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'

describe('accessPolicy', () => {
  it.each(['0.0.0.0', '::', '192.168.1.50', 'rig-01.lan'])('wants a token when bound to %s', (host) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-policy-'))
    const { policy, token } = accessPolicy(host, dataDir)
    expect(token?.created).toBe(true)
    expect(policy).toEqual({ requiredToken: token?.token, loopbackOnly: false })
    expect(accessPolicy(host, dataDir).token?.token).toBe(token?.token)
  })

  it.each(['127.0.0.1', 'localhost', '::1'])('needs none on %s', (host) => {
    expect(accessPolicy(host, mkdtempSync(join(tmpdir(), 'desk-policy-')))).toEqual({
      policy: { requiredToken: undefined, loopbackOnly: true },
      token: undefined,
    })
  })
})

describe('a network-bound agent (served on loopback for the test)', () => {
  let core: DeskCore
  let server: Server
  let ws: WsTransport
  let base: string
  let token: string

  beforeAll(async () => {
    const access = accessPolicy('0.0.0.0', mkdtempSync(join(tmpdir(), 'desk-policy-')))
    token = access.token?.token ?? ''
    core = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, sampleIntervalMs: 250 })
    ws = new WsTransport(core, silentLogger)
    server = createAgentServer({
      core,
      policy: access.policy,
      uiRoot: tmpdir(),
      onUpgrade: (request, socket, head) => ws.handleUpgrade(request, socket, head),
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`
    await core.start()
  })
  afterAll(async () => {
    await ws.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await core.stop()
  })

  it('answers 401 over HTTP without the token and runs the call with it', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(`http://${base}/api/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })
    const refused = await call({})
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect((await call({ Authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401)
    const allowed = await call({ Authorization: `Bearer ${token}` })
    expect(allowed.status).toBe(200)
    expect((await fetch(`http://${base}/healthz`)).status).toBe(200)
  })

  it('refuses a WebSocket without the token', async () => {
    const socket = new WebSocket(`ws://${base}/ws`, ['desk.v1'])
    const outcome = await new Promise<string>((resolve) => {
      socket.onopen = () => resolve('open')
      socket.onerror = () => resolve('refused')
    })
    expect(outcome).toBe('refused')
  })

  it('speaks the contract over a WebSocket that carries the token', async () => {
    const socket = new WebSocket(`ws://${base}/ws`, ['desk.v1', `bearer.${token}`])
    const frames: { id?: unknown; result?: unknown; event?: string }[] = []
    socket.onmessage = (m) => frames.push(JSON.parse(String(m.data)) as (typeof frames)[number])
    await new Promise((resolve, reject) => {
      socket.onopen = resolve
      socket.onerror = reject
    })
    expect(socket.protocol).toBe('desk.v1')
    socket.send(JSON.stringify({ id: 1, method: 'monitoring.setPaused', input: { paused: 'yes' } }))
    socket.send('not json')
    socket.send(JSON.stringify({ id: 2, method: 'app.info' }))
    await expect.poll(() => frames.find((f) => f.event === 'hardware.sampled'), { timeout: 5000 }).toBeDefined()
    await expect.poll(() => frames.filter((f) => 'result' in f).length).toBe(3)
    expect(frames.find((f) => f.id === 1)?.result).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'paused' } })
    expect(frames.find((f) => f.id === null)?.result).toMatchObject({ ok: false, error: { message: 'frame is not valid JSON' } })
    expect(frames.find((f) => f.id === 2)?.result).toMatchObject({ ok: true, value: { name: 'DePIN Desk' } })
    socket.close()
  })
})
