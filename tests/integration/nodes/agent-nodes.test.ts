import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { NodesSnapshot, NodeView } from '../../../src/shared/contract/nodes.ts'
import { callAgent, spawnAgent, type SpawnedAgent } from '../../support/spawn-agent.ts'

/*
 * Nodes end to end through the headless agent, on this machine's real /proc: processes started
 * here with the command lines the projects document are found, confirmed, watched, and reported
 * stopped once killed. A Bittensor miner is `python neurons/miner.py --netuid … --wallet.name …`
 * (opentensor/bittensor-subnet-template, README "Running the miner"); here Node runs the script,
 * which keeps the command line the signature looks for.
 */

const running: ChildProcess[] = []
let agent: SpawnedAgent | undefined

afterEach(async () => {
  for (const child of running.splice(0)) child.kill('SIGKILL')
  await agent?.stop()
  agent = undefined
})

function startMiner(dir: string, netuid: number): ChildProcess {
  mkdirSync(join(dir, 'neurons'), { recursive: true })
  writeFileSync(join(dir, 'neurons', 'miner.py'), 'setInterval(() => {}, 1000)\n')
  const child = spawn(process.execPath, ['neurons/miner.py', '--netuid', String(netuid), '--wallet.name', 'itest', '--wallet.hotkey', 'default'], { cwd: dir, stdio: 'ignore' })
  running.push(child)
  return child
}

/** An agent scanning every second, its data in a fresh folder. */
async function agentScanningEverySecond(): Promise<SpawnedAgent> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-nodes-'))
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 1, nodes: { scanIntervalMs: 1000 } }))
  return spawnAgent(['--port', '0', '--data-dir', dataDir])
}

const byPid = (snapshot: NodesSnapshot, pid: number | undefined): NodeView | undefined => snapshot.nodes.find((node) => pid !== undefined && node.pids.includes(pid))

describe('nodes through the agent', () => {
  it('finds a miner by its documented command line, watches it once confirmed, and reports it stopped when killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-miner-'))
    const miner = startMiner(dir, 19)
    agent = await agentScanningEverySecond()
    const spawned = agent

    const found = await expect
      .poll(async () => byPid(await callAgent<NodesSnapshot>(spawned, 'nodes.list'), miner.pid), { timeout: 10_000, interval: 250 })
      .toMatchObject({ network: 'bittensor', confirmed: false, state: 'running', match: { kind: 'process' } })
      .then(async () => byPid(await callAgent<NodesSnapshot>(spawned, 'nodes.list'), miner.pid))
    expect(found?.where).toContain('neurons/miner.py --netuid 19')
    expect(found?.match).toEqual({ kind: 'process', pattern: expect.stringMatching(/neurons\/miner\\\.py/) })

    const confirmed = await callAgent<NodesSnapshot>(spawned, 'nodes.confirm', { id: found?.id, name: 'SN19 miner' })
    expect(confirmed.nodes.find((node) => node.id === found?.id)).toMatchObject({ name: 'SN19 miner', confirmed: true, state: 'running' })

    // Its CPU and memory come from /proc once two scans have passed.
    await expect.poll(async () => (await callAgent<NodesSnapshot>(spawned, 'nodes.list')).nodes.find((node) => node.id === found?.id)?.resources.cpuPercent, { timeout: 5000 }).not.toBeNull()
    const watched = (await callAgent<NodesSnapshot>(spawned, 'nodes.list')).nodes.find((node) => node.id === found?.id)
    expect(watched?.resources.memoryBytes).toBeGreaterThan(1_000_000)
    expect(watched?.watts?.how).toEqual(expect.any(String))

    miner.kill('SIGKILL')
    await expect.poll(async () => (await callAgent<NodesSnapshot>(spawned, 'nodes.list')).nodes.find((node) => node.id === found?.id)?.state, { timeout: 10_000, interval: 250 }).toBe('stopped')

    // Started again under a new pid: the same node, running, one restart counted.
    const again = startMiner(dir, 19)
    await expect
      .poll(async () => (await callAgent<NodesSnapshot>(spawned, 'nodes.list')).nodes.find((node) => node.id === found?.id), { timeout: 10_000, interval: 250 })
      .toMatchObject({ state: 'running', restarts: 1, pids: expect.arrayContaining([again.pid]) })
  }, 40_000)

  it('adds a node by hand, refuses bad matches with the field named, and never offers a dismissed one again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-miner-'))
    const miner = startMiner(dir, 7)
    agent = await agentScanningEverySecond()
    const spawned = agent

    const badPattern = await fetch(`${spawned.url}api/nodes.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'X', network: 'bittensor', match: { kind: 'process', pattern: 'miner.py (' } }) })
    expect(badPattern.status).toBe(400)
    expect(await badPattern.json()).toMatchObject({ error: { code: 'invalid-input', field: 'match.pattern' } })
    const remote = await fetch(`${spawned.url}api/nodes.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'X', network: 'akash', match: { kind: 'health', url: 'http://192.168.1.9:8443/status' } }) })
    expect(await remote.json()).toMatchObject({ error: { code: 'invalid-input', field: 'match.url' } })
    const unknownNetwork = await fetch(`${spawned.url}api/nodes.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'X', network: 'nonesuch', match: { kind: 'container', name: 'x' } }) })
    expect(await unknownNetwork.json()).toMatchObject({ error: { code: 'invalid-input', field: 'network' } })

    const found = await expect
      .poll(async () => byPid(await callAgent<NodesSnapshot>(spawned, 'nodes.list'), miner.pid)?.id, { timeout: 10_000, interval: 250 })
      .toEqual(expect.any(String))
      .then(async () => byPid(await callAgent<NodesSnapshot>(spawned, 'nodes.list'), miner.pid))
    const dismissed = await callAgent<NodesSnapshot>(spawned, 'nodes.confirm', { id: found?.id, mine: false })
    expect(dismissed.nodes.some((node) => node.id === found?.id)).toBe(false)

    // By hand, the same process is one node under the operator's pattern.
    const added = await callAgent<NodesSnapshot>(spawned, 'nodes.add', { name: 'SN7 by hand', network: 'bittensor', match: { kind: 'process', pattern: 'neurons/miner\\.py --netuid 7 ' } })
    expect(added.nodes.find((node) => node.name === 'SN7 by hand')).toMatchObject({ confirmed: true, state: 'running', software: 'added by hand', pids: [miner.pid] })

    const removed = await callAgent<NodesSnapshot>(spawned, 'nodes.remove', { id: 'manual:process:neurons/miner-.py---netuid-7' })
    expect(removed.nodes.some((node) => node.name === 'SN7 by hand')).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(byPid(await callAgent<NodesSnapshot>(spawned, 'nodes.list'), miner.pid)).toBeUndefined()
  }, 40_000)
})
