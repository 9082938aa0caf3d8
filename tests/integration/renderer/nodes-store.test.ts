import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startAgent, type RunningAgent } from '../../../src/main/agent/agent.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import type { DeskClient } from '../../../src/renderer/src/api/client.ts'
import { createWsClient } from '../../../src/renderer/src/api/client-ws.ts'
import { createDeskStore, type DeskStore } from '../../../src/renderer/src/store/store.ts'

/*
 * The page's store over the WebSocket client against a real agent scanning this machine: the
 * nodes are read on connect, core's refusal of a hand-added node names its field, and the
 * snapshots core pushes (nodes.changed) keep the store current without it asking.
 */

let agent: RunningAgent | undefined
let client: DeskClient | undefined
let store: DeskStore | undefined
const children: ChildProcess[] = []

afterEach(async () => {
  store?.dispose()
  client?.close()
  children.splice(0).forEach((child) => child.kill('SIGKILL'))
  await agent?.stop().catch(() => undefined)
})

async function connectedStore(): Promise<DeskStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-nodes-store-'))
  // One scan a second, so pushed snapshots come within the test's wait.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 1, nodes: { scanIntervalMs: 1000 } }))
  agent = await startAgent({ port: 0, host: '127.0.0.1', dataDir, sampleIntervalMs: 1000, logLevel: 'error' }, silentLogger)
  client = createWsClient({ url: `ws://127.0.0.1:${agent.port}/ws`, backoff: { initialMs: 50, maxMs: 200 } })
  store = createDeskStore(client)
  return store
}

/** `node <dir>/hand-node.js --<marker>`: a process that runs until killed, with a command line no other has. */
function startMarked(marker: string): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'desk-nodes-child-'))
  writeFileSync(join(dir, 'hand-node.js'), 'setInterval(() => {}, 1000)\n')
  const child = spawn(process.execPath, [join(dir, 'hand-node.js'), `--${marker}`], { stdio: 'ignore' })
  children.push(child)
  return child
}

describe("the page's nodes over a real agent", () => {
  it('reads the nodes on connect and shows the scan settings core keeps', async () => {
    const desk = await connectedStore()
    await expect.poll(() => desk.getState().nodes, { timeout: 10_000 }).not.toBeNull()
    expect(desk.getState().nodesError).toBeNull()
    // Settings come in their own answer, beside the nodes.
    await expect.poll(() => desk.getState().nodesScanIntervalMs, { timeout: 10_000 }).toBe(1000)
    expect(['vm', 'container', 'dedicated', 'everyday', 'unknown']).toContain(desk.getState().nodes?.machine.kind)
  })

  it("hands back core's refusal of a hand-added node with the field it names", async () => {
    const desk = await connectedStore()
    const failure = await desk.getState().addNode({ name: 'Hand node', network: 'grass', match: { kind: 'process', pattern: 'x' } })
    expect(failure).toMatchObject({ code: 'invalid-input', field: 'match.pattern' })
    const badName = await desk.getState().addNode({ name: ' ', network: 'grass', match: { kind: 'process', pattern: 'hand-node' } })
    expect(badName).toMatchObject({ code: 'invalid-input', field: 'name' })
  })

  it('adds a node by hand and follows it through the snapshots core pushes: running, then stopped', async () => {
    const desk = await connectedStore()
    const marker = `nodes-store-${process.pid}-${Date.now().toString(36)}`
    const child = startMarked(marker)
    expect(await desk.getState().addNode({ name: 'Hand node', network: 'grass', match: { kind: 'process', pattern: `hand-node\\.js --${marker}` } })).toBeNull()
    const hand = () => desk.getState().nodes?.nodes.find((n) => n.name === 'Hand node')
    expect(hand()).toMatchObject({ confirmed: true, network: 'grass' })
    const scannedAt = () => desk.getState().nodes?.scannedAt ?? 0
    // Nothing here asks core again after the add: what moves the store is nodes.changed.
    await expect.poll(() => hand()?.state, { timeout: 15_000 }).toBe('running')
    expect(hand()?.pids).toContain(child.pid)
    const runningAt = scannedAt()
    child.kill('SIGTERM')
    await expect.poll(() => hand()?.state, { timeout: 15_000 }).toBe('stopped')
    expect(scannedAt()).toBeGreaterThan(runningAt)
  })
})
