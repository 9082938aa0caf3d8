import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'


let agent: SpawnedAgent
let dataDir: string
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
})

/** Opens the dashboard and collects anything the page complains about. */
async function openDashboard(colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1200, height: 420 } })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(agent.url)
  return { page, problems }
}

const cpuText = (page: Page): Promise<string> => page.getByTestId('cpu-load').innerText()

describe('the dashboard in Chromium, served by the agent', () => {
  it('shows live figures that change every second, with their provenance', async () => {
    const { page, problems } = await openDashboard()
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    const first = await cpuText(page)
    expect(first).toMatch(/^\d+\.\d %$/)
    await expect.poll(() => cpuText(page), { timeout: 30_000, interval: 250 }).not.toBe(first)
    await expect.poll(() => page.getByTestId('network-rx').innerText()).toMatch(/^↓ [\d.]+ (B|kB|MB|GB)\/s$/)
    expect(await page.getByTestId('provenance').first().innerText()).toBe('measured · procfs · live')
    expect(await page.getByTestId('memory-used').innerText()).toMatch(/[\d.]+ (MiB|GiB)/)
    // A few seconds of trend make the screenshot say more.
    const trendPoints = async (): Promise<number> =>
      ((await page.locator('.sparkline polyline').first().getAttribute('points')) ?? '').split(' ').length
    await expect.poll(trendPoints, { timeout: 20_000 }).toBeGreaterThanOrEqual(15)
    await page.screenshot({ path: join(artifacts, 'dashboard.png') })
    // The same minute of trend in the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(artifacts, 'dashboard-dark.png') })
    expect(problems).toEqual([])
    await page.close()
  })

  it('opens in the dark theme when the OS prefers it', async () => {
    const { page, problems } = await openDashboard('dark')
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await expect.poll(() => page.getByTestId('network-rx').count()).toBe(1)
    const background = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')
    expect(background).toBe('rgb(15, 18, 23)')
    expect(problems).toEqual([])
    await page.close()
  })

  it('pauses and resumes monitoring, and says so', async () => {
    const { page, problems } = await openDashboard()
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.getByRole('button', { name: 'Pause monitoring' }).click()
    await expect.poll(() => page.getByTestId('provenance').first().innerText()).toBe('measured · procfs · paused')
    const frozen = await page.getByTestId('provenance').first().getAttribute('title')
    const frozenCpu = await cpuText(page)
    await page.waitForTimeout(2500)
    expect(await page.getByTestId('provenance').first().getAttribute('title')).toBe(frozen)
    expect(await cpuText(page)).toBe(frozenCpu)
    await page.getByRole('button', { name: 'Resume monitoring' }).click()
    await expect.poll(() => page.getByTestId('provenance').first().innerText()).toBe('measured · procfs · live')
    // A sample comes once a second: allow a few on a busy machine.
    await expect.poll(() => page.getByTestId('provenance').first().getAttribute('title'), { timeout: 5000 }).not.toBe(frozen)
    expect(problems).toEqual([])
    await page.close()
  })

  it('shows Reconnecting when the agent goes away and recovers when it is back', async () => {
    const { page } = await openDashboard()
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    const { port } = agent
    await agent.stop()
    await expect.poll(() => page.getByTestId('connection').innerText()).toMatch(/^Reconnecting…/)
    // Three missed intervals later the last figures say they are old.
    await expect.poll(() => page.getByTestId('provenance').first().innerText(), { timeout: 10_000 }).toMatch(/^measured · procfs · stale since /)
    agent = await spawnAgent(['--port', String(port), '--data-dir', dataDir], agentEntry.built)
    await expect.poll(() => page.getByTestId('connection').innerText(), { timeout: 20_000 }).toBe('Connected')
    const before = await page.getByTestId('provenance').first().getAttribute('title')
    await expect.poll(() => page.getByTestId('provenance').first().getAttribute('title'), { timeout: 5000 }).not.toBe(before)
    await page.close()
  })

  it('keeps the token a network-bound agent prints, and takes it off the address bar', async () => {
    const lanDir = mkdtempSync(join(tmpdir(), 'desk-e2e-lan-'))
    const lan = await spawnAgent(['--port', '0', '--host', '0.0.0.0', '--data-dir', lanDir], agentEntry.built)
    const context = await browser.newContext()
    try {
      const token = readFileSync(join(lanDir, 'agent-token'), 'utf8').trim()
      const page = await context.newPage()
      // Without the token the page cannot get in, and says why instead of retrying for ever.
      await page.goto(`http://127.0.0.1:${lan.port}/`)
      await expect.poll(() => page.getByTestId('connection').innerText()).toMatch(/^Needs the agent’s token/)
      await page.goto(`http://127.0.0.1:${lan.port}/#token=${token}`)
      await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
      expect(new URL(page.url()).hash).toBe('')
      expect(await page.evaluate('localStorage.getItem("depin-desk.agent-token")')).toBe(token)
      // Next visit, no token in the URL: the kept one is used.
      await page.reload()
      await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
      await expect.poll(() => page.getByTestId('cpu-load').count()).toBe(1)
    } finally {
      await context.close()
      await lan.stop()
    }
  })
})
