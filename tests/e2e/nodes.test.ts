import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NodesSnapshot } from '../../src/shared/contract/nodes.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'

/*
 * The Nodes tab against the real agent scanning this machine's real /proc: node software the
 * test starts itself, as child processes with recognisable command lines (a Bittensor miner's,
 * from the subnet template's docs), is found, confirmed by name, shown running, and shown
 * stopped once the test ends it. One more is added by hand by its command-line pattern.
 * The "software" is `setInterval` in a file named like the real script: node runs a .py file
 * as CommonJS, and the command line is all a scan looks at.
 */

let browser: Browser
let agent: SpawnedAgent
let work: string
const children: ChildProcess[] = []
/** Seen in no other command line on this machine, so the hand-added pattern matches only ours. */
const marker = `e2e-${process.pid}-${Date.now().toString(36)}`

/** Scans every second rather than five, so each step waits for seconds, not tens of them. */
const scanIntervalMs = 1000
const waitForScan = { timeout: 20_000 }

beforeAll(async () => {
  browser = await launchBrowser()
  work = mkdtempSync(join(tmpdir(), 'desk-e2e-nodes-'))
  const dataDir = join(work, 'data')
  mkdirSync(dataDir)
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ schemaVersion: 1, nodes: { scanIntervalMs } }))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
})

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await browser.close()
  await agent.stop()
})

/** Starts `node <work>/<script> ...args`, a process that runs until killed. */
function startFake(script: string, args: string[]): ChildProcess {
  const path = join(work, script)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, 'setInterval(() => {}, 1000)\n')
  const child = spawn(process.execPath, [path, ...args], { stdio: 'ignore' })
  children.push(child)
  return child
}

/** The id core gave the node holding `pid`, once a scan has found it. */
async function nodeIdOf(pid: number): Promise<string> {
  let id: string | undefined
  await expect
    .poll(async () => {
      const snapshot = await callAgent<NodesSnapshot>(agent, 'nodes.list')
      id = snapshot.nodes.find((n) => n.pids.includes(pid))?.id
      return id
    }, waitForScan)
    .toBeDefined()
  return id as string
}

async function openNodes(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } })
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(`${agent.url}#/nodes`)
  return { page, problems }
}

describe('the Nodes view, over node software running on this machine', () => {
  it('offers a Bittensor miner it found, confirms it by name, shows it running, and stopped once it ends', async () => {
    const miner = startFake('neurons/miner.py', ['--netuid', '19', '--wallet.name', 'e2e', '--subtensor.network', 'finney'])
    const { page, problems } = await openNodes()
    expect(await page.getByRole('tab', { name: 'Nodes' }).getAttribute('aria-selected')).toBe('true')
    const id = await nodeIdOf(miner.pid ?? -1)

    const found = page.locator(`[data-testid="found-node"][data-node="${id}"]`)
    await expect.poll(() => found.count(), waitForScan).toBe(1)
    expect(await found.innerText()).toContain('Bittensor')
    await found.getByLabel('Name', { exact: true }).fill('E2E miner')
    await found.getByRole('button', { name: 'Confirm' }).click()

    // Found by its heading, not its id: confirming may give the node the id settings keep.
    const card = page.getByTestId('node-card').filter({ has: page.getByRole('heading', { name: 'E2E miner' }) })
    await expect.poll(() => card.count()).toBe(1)
    expect(await found.count()).toBe(0)
    await expect.poll(() => card.getAttribute('data-state'), waitForScan).toBe('running')
    expect(await card.innerText()).toContain('Bittensor')
    // Confirmed, it is still the miner alone: not every process of the same interpreter.
    await expect.poll(async () => (await callAgent<NodesSnapshot>(agent, 'nodes.list')).nodes.find((n) => n.name === 'E2E miner')?.pids, waitForScan).toEqual([miner.pid])
    // The state is a word beside a shape, never colour alone.
    expect(await card.getByTestId('node-state').innerText()).toMatch(/Running/)
    expect(await card.getByTestId('node-since').innerText()).toMatch(/^up \d+ (s|min) · since /)
    await expect.poll(() => card.getByTestId('node-resources').innerText(), waitForScan).toMatch(/Memory\s+[\d.]+ MiB/)
    expect(JSON.parse(readFileSync(join(work, 'data', 'settings.json'), 'utf8'))).toMatchObject({ nodes: { nodes: [{ name: 'E2E miner', network: 'bittensor' }] } })
    await page.screenshot({ path: join(artifacts, 'nodes.png'), fullPage: true })

    miner.kill('SIGTERM')
    await expect.poll(() => card.getAttribute('data-state'), waitForScan).toBe('stopped')
    expect(await card.getByTestId('node-state').innerText()).toMatch(/Stopped/)
    expect(await card.getByTestId('node-since').innerText()).toMatch(/^since .+ \(\d+ (s|min)\)/)
    expect(problems).toEqual([])
    await page.close()
  })

  it("adds a node by hand by its command-line pattern, showing core's refusal beside the field first", async () => {
    const worker = startFake('hand-node.js', [`--${marker}`])
    const { page, problems } = await openNodes()
    const form = page.getByRole('form', { name: 'Add a node by hand' })
    await form.getByLabel('Name', { exact: true }).fill('Hand node')
    await form.getByLabel('Network').selectOption({ label: 'Grass' })
    await form.getByLabel('Recognise it by').selectOption('process')
    // One character is no pattern: core refuses it, and says so next to the field.
    await form.getByLabel('Command-line pattern').fill('x')
    await form.getByRole('button', { name: 'Add node' }).click()
    await expect.poll(() => form.getByLabel('Command-line pattern').getAttribute('aria-invalid')).toBe('true')
    expect(await form.getByRole('alert').count()).toBe(1)

    await form.getByLabel('Command-line pattern').fill(`hand-node\\.js --${marker}`)
    await form.getByRole('button', { name: 'Add node' }).click()
    await expect.poll(() => page.getByTestId('node-added').count()).toBe(1)
    const card = page.getByTestId('node-card').filter({ has: page.getByRole('heading', { name: 'Hand node' }) })
    await expect.poll(() => card.count()).toBe(1)
    await expect.poll(() => card.getAttribute('data-state'), waitForScan).toBe('running')
    expect(await card.innerText()).toContain('Grass')
    expect((await callAgent<NodesSnapshot>(agent, 'nodes.list')).nodes.find((n) => n.name === 'Hand node')?.pids).toContain(worker.pid)

    await card.getByRole('button', { name: 'Remove Hand node' }).click()
    await card.getByRole('button', { name: 'Remove', exact: true }).click()
    await expect.poll(() => card.count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })
})
