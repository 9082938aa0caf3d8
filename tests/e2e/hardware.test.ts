import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqliteHistory } from '../../src/main/core/store/sqlite-history.ts'
import type { HistoryPoint } from '../../src/main/core/store/history-store.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'
import { installRigBridge } from './rig-bridge.ts'


let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser.close()
})

/** An agent on a fresh data dir, filled first by `seed` when given; stopped after the describe block. */
function useAgent(seed?: (dataDir: string) => void): () => SpawnedAgent {
  let agent: SpawnedAgent | undefined
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-hw-'))
    seed?.(dataDir)
    agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
  })
  afterAll(async () => {
    await agent?.stop()
  })
  return () => {
    if (!agent) throw new Error('agent not started')
    return agent
  }
}

/**
 * 55 minutes of power and CPU history ending a minute ago, with ten minutes missing (the
 * machine was off), written through core's own history store before the agent opens it.
 */
function seedHour(dataDir: string): void {
  const store = new SqliteHistory({ path: join(dataDir, 'history.sqlite') })
  const endSeconds = Math.floor(Date.now() / 1000) - 60
  const points: HistoryPoint[] = []
  for (let t = endSeconds - 55 * 60; t < endSeconds; t++) {
    if (t >= endSeconds - 30 * 60 && t < endSeconds - 20 * 60) continue
    const wave = Math.sin(t / 300)
    points.push({ series: { name: 'machine_power_watts', labels: {} }, tsSeconds: t, value: 95 + 40 * wave + 10 * Math.sin(t / 7) })
    points.push({ series: { name: 'cpu_load_percent', labels: {} }, tsSeconds: t, value: 50 + 30 * wave + 8 * Math.sin(t / 5) })
  }
  store.append(points)
  store.flush()
  store.rollup(endSeconds)
  store.close()
}

/** Opens a view and collects console errors, warnings and CSP violations; `bridge` stands in for the desktop preload. */
async function open(agent: SpawnedAgent, hash: string, bridge?: () => void): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ colorScheme: 'light', viewport: { width: 1200, height: 900 } })
  if (bridge) await page.addInitScript(bridge)
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  // uPlot styles its elements through the CSSOM, which `style-src 'self'` allows; say so if that changes.
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
  )
  await page.goto(agent.url + hash)
  await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
  return { page, problems }
}

const chart = (page: Page, testId: string) => page.getByTestId(testId)
const drawn = async (page: Page, testId: string): Promise<boolean> =>
  (await chart(page, testId).locator('canvas').count()) === 1 && (await chart(page, testId).getByText('no data yet').count()) === 0
const canvasWidth = async (page: Page, testId: string): Promise<number> => (await chart(page, testId).locator('canvas').boundingBox())?.width ?? 0

describe('the Hardware view of a freshly started agent', () => {
  const agent = useAgent()

  it('shows the power total with its provenance and every source with its state', async () => {
    const { page, problems } = await open(agent(), '#/hardware')
    expect(await page.getByRole('tab', { name: 'Hardware' }).getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => page.getByTestId('power-total').innerText()).toMatch(/^\d+(\.\d)? W$/)
    // No GPU and no plug here, and RAPL may be absent: the total is estimated, at least in part.
    expect(await page.getByTestId('power-provenance').innerText()).toMatch(/^estimated · .+ · live$/)
    const sources = page.getByTestId('power-source')
    const states = await Promise.all(
      (await sources.all()).map(async (source) => [await source.locator('.source-name').innerText(), await source.getAttribute('data-state')]),
    )
    expect(states).toContainEqual(['NVIDIA GPUs', 'unavailable'])
    expect(states).toContainEqual(['Estimate', 'reading'])
    for (const [, state] of states) expect(['reading', 'unavailable', 'failed', 'permission', 'waiting']).toContain(state)
    expect(await sources.filter({ hasText: 'NVIDIA GPUs' }).locator('.source-message').innerText()).not.toBe('')
    expect(await sources.filter({ hasText: 'Estimate' }).locator('.reading').first().innerText()).toMatch(/W\s+estimated$/)
    expect(await page.getByTestId('core-bars').locator('li').count()).toBeGreaterThan(0)
    expect(problems).toEqual([])
    await page.close()
  })

  it('draws the power and CPU it records within seconds, and follows the window width', async () => {
    const { page, problems } = await open(agent(), '#/hardware')
    // History is written every second and the last hour is asked for every 10 s.
    await expect.poll(() => drawn(page, 'power-chart'), { timeout: 30_000, interval: 500 }).toBe(true)
    await expect.poll(() => drawn(page, 'cpu-chart'), { timeout: 15_000, interval: 500 }).toBe(true)
    expect(await page.getByTestId('energy').innerText()).toMatch(/^[\d.]+ k?Wh in 1 h · from the recorded machine total · not measured for \d+ min of it$/)
    const wide = await canvasWidth(page, 'power-chart')
    await page.setViewportSize({ width: 800, height: 900 })
    await expect.poll(() => canvasWidth(page, 'power-chart')).toBeLessThan(wide - 200)
    expect(problems).toEqual([])
    await page.close()
  })

  it('switches views with the tabs, keyboard included, and lets go of the charts', async () => {
    const { page, problems } = await open(agent(), '')
    await page.getByRole('tab', { name: 'Hardware' }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/hardware')
    await expect.poll(() => page.locator('.uplot').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    await page.getByRole('tab', { name: 'Hardware' }).press('ArrowLeft')
    // The view follows the hash, which changes asynchronously (hashchange).
    await expect.poll(() => page.getByRole('tab', { name: 'Dashboard' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.evaluate('document.activeElement?.id')).toBe('tab-dashboard')
    await expect.poll(() => page.getByTestId('cpu-load').count()).toBe(1)
    expect(await page.locator('.uplot').count()).toBe(0)
    await page.goBack()
    await expect.poll(() => page.getByTestId('power-total').count()).toBe(1)
    expect(problems).toEqual([])
    await page.close()
  })
})

describe('the Hardware view with an hour of history', () => {
  const agent = useAgent(seedHour)

  it('draws the hour with its gap, says what was not measured, and switches to 24 h', async () => {
    const { page, problems } = await open(agent(), '#/hardware')
    await expect.poll(() => drawn(page, 'power-chart'), { timeout: 15_000 }).toBe(true)
    expect(await drawn(page, 'cpu-chart')).toBe(true)
    // Five minutes before the seeded stretch, ten inside it, and the minute before the agent started.
    await expect.poll(() => page.getByTestId('energy').innerText()).toMatch(/ Wh in 1 h · from the recorded machine total · not measured for 1\d min of it$/)
    await page.screenshot({ path: join(artifacts, 'hardware.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe('rgb(15, 18, 23)')
    // The charts are rebuilt in the dark palette on the next frame.
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(artifacts, 'hardware-dark.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })

    await page.getByRole('button', { name: '24 h' }).click()
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByTestId('energy').innerText()).toMatch(/ Wh in 24 h · from the recorded machine total · not measured for 2\d h \d+ min of it$/)
    await expect.poll(() => drawn(page, 'power-chart')).toBe(true)
    expect(await chart(page, 'power-chart').locator('.provenance').innerText()).toMatch(/^avg per \d+ min · /)
    expect(problems).toEqual([])
    await page.close()
  })
})

describe('the Hardware view of a GPU rig (desktop bridge stand-in)', () => {
  const agent = useAgent()

  it('shows the plug total, each GPU, every source state and its fix, and a line per sensor', async () => {
    const { page, problems } = await open(agent(), '#/hardware', installRigBridge)
    await expect.poll(() => page.getByTestId('power-total').innerText()).toBe('612 W')
    expect(await page.getByTestId('power-provenance').innerText()).toBe('measured · wall plug (Rig plug) · live')
    const source = (name: string) => page.getByTestId('power-source').filter({ hasText: name })
    expect(await source('Shelly plug').getAttribute('data-state')).toBe('reading')
    expect(await source('Shelly plug').innerText()).toContain('192.168.1.40#0')
    expect(await source('NVIDIA GPUs').locator('.reading').allInnerTexts()).toEqual([
      expect.stringMatching(/^RTX 4090\s+402 W\s+measured$/),
      expect.stringMatching(/^RTX 3090\s+no figure\s+measured$/),
    ])
    expect(await source('RAPL').getAttribute('data-state')).toBe('permission')
    expect(await source('RAPL').locator('pre').innerText()).toBe('sudo chmod 0444 /sys/class/powercap/intel-rapl:0/energy_uj')
    // Whether this browser lets the page write the clipboard or not, the button answers.
    await source('RAPL').getByRole('button', { name: 'Copy' }).click()
    await expect.poll(() => source('RAPL').getByRole('button').innerText()).toMatch(/^(Copied|Select to copy)$/)
    expect(await source('Tasmota plug').getAttribute('data-state')).toBe('failed')
    expect(await source('Tasmota plug').locator('.source-warning').innerText()).toMatch(/^timed out after 2000 ms · last read at /)
    expect(await source('AMD GPUs').getAttribute('data-state')).toBe('unavailable')

    const gpus = page.getByTestId('gpu')
    expect(await gpus.count()).toBe(2)
    const live = await gpus.first().innerText()
    for (const text of ['NVIDIA GeForce RTX 4090', '97.0 %', '78 °C', '402 W of 450 W', '20.0 GiB of 24.0 GiB', '2520 MHz', 'power cap', 'too hot (driver slowdown)']) {
      expect(live).toContain(text)
    }
    expect(await gpus.first().locator('.provenance').innerText()).toBe('measured · nvidia-smi · live')
    expect(await gpus.nth(1).getAttribute('class')).toContain('gpu-stale')
    expect(await gpus.nth(1).locator('.provenance').innerText()).toMatch(/^measured · nvidia-smi · stale since /)

    expect(await page.getByTestId('core-bars').locator('li').count()).toBe(8)
    expect(await page.getByTestId('temperatures').innerText()).toMatch(/Tctl cpu\s+71 °C/)
    expect(await page.getByTestId('disks').innerText()).toContain('/srv/filecoin')
    expect(await page.getByTestId('battery').innerText()).toContain('on mains power')
    await expect.poll(() => drawn(page, 'temperature-chart')).toBe(true)
    expect(await chart(page, 'temperature-chart').locator('.u-legend .u-series').allInnerTexts()).toEqual([
      expect.stringMatching(/^time/),
      expect.stringMatching(/^Tctl/),
      expect.stringMatching(/^Composite/),
    ])
    expect(await page.getByTestId('energy').innerText()).toBe('600 Wh in 1 h · from the recorded machine total')
    await page.screenshot({ path: join(artifacts, 'hardware-rig.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(300)
    await page.screenshot({ path: join(artifacts, 'hardware-rig-dark.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  })
})
