import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import { createMemorySecretStore } from '../../../src/main/core/store/memory-secret-store.ts'
import type { SecretStore } from '../../../src/main/core/store/secret-store.ts'
import type { FleetSnapshot } from '../../../src/shared/contract/fleet.ts'
import type { AlertsSnapshot } from '../../../src/shared/contract/alerts.ts'
import type { SettingsState } from '../../../src/shared/contract/app.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../../support/spawn-agent.ts'

/*
 * Issue 13, item 6: three real agents (the built bundle) bound to 0.0.0.0, so each wants its
 * token, watched by a core in this process through the contract over their /ws. One is killed:
 * it turns stale, leaves the totals, and fleet-rig-stale opens. A missing and a wrong token are
 * refused with their own words, and nothing is saved then.
 */

type Rig = { agent: SpawnedAgent; url: string; token: string }

const closed = 'http://127.0.0.1:9'
let rigs: Rig[]
let core: DeskCore
let secrets: SecretStore
let dataDir: string
let notAgent: Server

async function call<T>(method: string, input: unknown = {}): Promise<Envelope<T>> {
  return (await core.dispatch(method, input)) as Envelope<T>
}

async function value<T>(method: string, input: unknown = {}): Promise<T> {
  const answer = await call<T>(method, input)
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`)
  return answer.value
}

/** Polls the contract (no sleeping on the clock for a fixed time) until `check` holds. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last = await read()
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(last).slice(0, 2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    last = await read()
  }
  return last
}

async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-fleet-rig-'))
  const agent = await spawnAgent(['--host', '0.0.0.0', '--port', '0', '--data-dir', dir], agentEntry.built)
  return { agent, url: `http://127.0.0.1:${String(agent.port)}`, token: readFileSync(join(dir, 'agent-token'), 'utf8').trim() }
}

beforeAll(async () => {
  rigs = await Promise.all([startRig(), startRig(), startRig()])
  notAgent = createServer((_request, response) => response.writeHead(404).end('not here'))
  await new Promise<void>((resolve) => notAgent.listen(0, '127.0.0.1', resolve))
  dataDir = mkdtempSync(join(tmpdir(), 'desk-fleet-'))
  secrets = createMemorySecretStore()
  core = createDeskCore({
    version: 'fleet-test',
    shell: 'desktop',
    log: silentLogger,
    dataDir,
    secrets,
    sampleIntervalMs: 250,
    publicEndpoints: false,
    priceFeeds: { coingecko: closed, coinpaprika: closed },
    fleet: { staleAfterMs: 1500, heartbeatMs: 500, emitEveryMs: 100, backoff: { initialMs: 100, maxMs: 500 } },
  })
  await core.start()
}, 60_000)

afterAll(async () => {
  await core.stop()
  await Promise.all(rigs.map((rig) => rig.agent.stop()))
  await new Promise((resolve) => notAgent.close(resolve))
})

describe('fleet.add refuses what is not a reachable, authenticated agent, and saves nothing then', () => {
  const nothingSaved = async (): Promise<void> => {
    expect((await value<SettingsState>('settings.get')).settings.fleet.rigs).toEqual([])
    expect((await secrets.names()).filter((name) => name.startsWith('fleet:'))).toEqual([])
  }

  it('a missing token', async () => {
    const answer = await call('fleet.add', { name: 'a', url: rigs[0]?.url })
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized', field: 'token' } })
    expect(!answer.ok && answer.error.message).toMatch(/this agent needs a token/)
    await nothingSaved()
  })

  it('a wrong token', async () => {
    const answer = await call('fleet.add', { name: 'a', url: rigs[0]?.url, token: 'not-the-token' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized', field: 'token' } })
    expect(!answer.ok && answer.error.message).toMatch(/the token was refused/)
    await nothingSaved()
  })

  it('a server that is not a DePIN Desk agent, a closed port, and a non-http address', async () => {
    const other = await call('fleet.add', { name: 'a', url: `http://127.0.0.1:${String((notAgent.address() as AddressInfo).port)}`, token: 'x' })
    expect(!other.ok && other.error.message).toMatch(/is not a DePIN Desk agent/)
    const down = await call('fleet.add', { name: 'a', url: closed, token: 'x' })
    expect(down).toMatchObject({ ok: false, error: { code: 'upstream', retryable: true } })
    expect(!down.ok && down.error.message).toMatch(/could not reach .*ECONNREFUSED/)
    const ftp = await call('fleet.add', { name: 'a', url: 'ftp://127.0.0.1/', token: 'x' })
    expect(!ftp.ok && ftp.error.message).toMatch(/http:\/\/ or https:\/\/ only/)
    await nothingSaved()
  })

  it('an impostor that answers /healthz but garbage over /ws', async () => {
    const sockets = new WebSocketServer({ noServer: true })
    sockets.on('connection', (ws) => ws.on('message', () => ws.send('{"id":1,"result":{"ok":true,"value":{"name":"Not Desk"}}}')))
    const impostor = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","version":"9"}'))
    impostor.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request)))
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve))
    const answer = await call('fleet.add', { name: 'a', url: `http://127.0.0.1:${String((impostor.address() as AddressInfo).port)}`, token: 'x' })
    expect(!answer.ok && answer.error.message).toMatch(/is not a DePIN Desk agent \(app\.info: answered app\.info with a shape the contract does not allow/)
    for (const client of sockets.clients) client.terminate()
    await new Promise((resolve) => impostor.close(resolve))
    await nothingSaved()
  })
})

describe('three agents aggregated by the app', () => {
  it('adds each with its token (kept in the secret store, not in settings.json) and sums them with provenance', async () => {
    for (const [index, rig] of rigs.entries()) {
      // The third is pasted as the agent prints its address: the token in the fragment.
      const input = index === 2 ? { name: `rig ${String(index)}`, url: `${rig.url}/#token=${rig.token}` } : { name: `rig ${String(index)}`, url: rig.url, token: rig.token }
      await value<FleetSnapshot>('fleet.add', input)
    }
    const saved = (await value<SettingsState>('settings.get')).settings.fleet.rigs
    expect(saved.map((rig) => rig.url)).toEqual(rigs.map((rig) => rig.url))
    for (const [index, rig] of saved.entries()) expect(await secrets.get(`fleet:${rig.id}:token`)).toBe(rigs[index]?.token)
    const onDisk = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    for (const rig of rigs) expect(onDisk).not.toContain(rig.token)

    const fleet = await until(
      () => value<FleetSnapshot>('fleet.list'),
      (snapshot) => snapshot.rigs.length === 3 && snapshot.rigs.every((view) => view.status === 'connected' && view.watts !== null && view.nodes !== null && view.openAlerts !== null && view.version !== null && view.profit !== null),
    )
    for (const view of fleet.rigs) expect(view.problem).toBeNull()
    // Fresh agents watch no wallet: each nets 0 in its own summary, and so does the fleet.
    expect(fleet.totals).toMatchObject({ currency: 'usd', today: '0', last30d: '0', partial: false, missing: [], openAlerts: 0 })
    const watts = fleet.rigs.map((view) => view.watts?.watts ?? 0)
    expect(fleet.totals).toMatchObject({ rigs: 3, reporting: 3 })
    expect(fleet.totals.watts).toBeCloseTo(watts.reduce((a, b) => a + b, 0), 6)
    const kinds = fleet.rigs.map((view) => view.watts?.kind)
    expect(fleet.totals.wattsKind).toBe(kinds.includes('estimated') ? 'estimated' : 'measured')
    expect(fleet.totals.wattsProvenance).toMatch(new RegExp(`^measured on ${String(kinds.filter((kind) => kind === 'measured').length)} of 3 rigs`))
  })

  it('marks a killed agent stale, leaves it out of the totals, and raises fleet-rig-stale', async () => {
    await value('alerts.rules', { rules: { 'fleet-rig-stale': { thresholds: { graceSeconds: 0 } } } })
    const killed = (await value<FleetSnapshot>('fleet.list')).rigs[2]
    await rigs[2]?.agent.stop()
    const fleet = await until(
      () => value<FleetSnapshot>('fleet.list'),
      (snapshot) => snapshot.rigs[2]?.status === 'stale',
    )
    expect(fleet.totals).toMatchObject({ rigs: 3, reporting: 2, partial: true })
    expect(fleet.totals.missing[0]).toMatch(/rig “rig 2” is stale/)
    expect(fleet.totals.wattsProvenance).toMatch(/left out: “rig 2” stale/)
    expect(fleet.totals.watts).toBeCloseTo((fleet.rigs[0]?.watts?.watts ?? 0) + (fleet.rigs[1]?.watts?.watts ?? 0), 6)

    const alerts = await until(
      () => value<AlertsSnapshot>('alerts.snapshot'),
      (snapshot) => snapshot.open.some((alert) => alert.rule === 'fleet-rig-stale'),
    )
    const alert = alerts.open.find((open) => open.rule === 'fleet-rig-stale')
    expect(alert).toMatchObject({ subject: killed?.rig.id, severity: 'warning', title: 'Rig “rig 2” is not answering' })
  })

  it('forgets a removed rig and its token', async () => {
    const [first] = (await value<FleetSnapshot>('fleet.list')).rigs
    const after = await value<FleetSnapshot>('fleet.remove', { id: first?.rig.id })
    expect(after.rigs.map((view) => view.rig.name)).toEqual(['rig 1', 'rig 2'])
    expect(await secrets.get(`fleet:${String(first?.rig.id)}:token`)).toBeUndefined()
    expect(await call('fleet.remove', { id: first?.rig.id })).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })
})
