import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'

const repoRoot = join(import.meta.dirname, '../..')
const artifacts = join(repoRoot, 'test-artifacts')
const chromiumPath = '/usr/bin/chromium'

let agent: SpawnedAgent
let dataDir: string
let browser: Browser

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'out/renderer/index.html')) || !existsSync(agentEntry.built)) {
    throw new Error('out/ is not built: run `npm run build` (npm test does it for you)')
  }
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium`)
  mkdirSync(artifacts, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-gpu'] })
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
    expect(problems).toEqual([])
    await page.close()
  })

  it('looks right in dark mode too', async () => {
    const { page, problems } = await openDashboard('dark')
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await expect.poll(() => page.getByTestId('network-rx').count()).toBe(1)
    const background = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')
    expect(background).toBe('rgb(15, 18, 23)')
    await page.screenshot({ path: join(artifacts, 'dashboard-dark.png') })
    expect(problems).toEqual([])
    await page.close()
  })

  it('pauses and resumes monitoring, and says so', async () => {
    const { page } = await openDashboard()
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.getByRole('button', { name: 'Pause monitoring' }).click()
    await expect.poll(() => page.getByTestId('provenance').first().innerText()).toBe('measured · procfs · paused')
    const frozen = await page.getByTestId('provenance').first().getAttribute('title')
    await page.waitForTimeout(2500)
    expect(await page.getByTestId('provenance').first().getAttribute('title')).toBe(frozen)
    await page.getByRole('button', { name: 'Resume monitoring' }).click()
    await expect.poll(() => page.getByTestId('provenance').first().innerText()).toBe('measured · procfs · live')
    await expect.poll(() => page.getByTestId('provenance').first().getAttribute('title')).not.toBe(frozen)
    await page.close()
  })

  it('shows Reconnecting when the agent goes away and recovers when it is back', async () => {
    const { page } = await openDashboard()
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    const { port } = agent
    await agent.stop()
    await expect.poll(() => page.getByTestId('connection').innerText()).toMatch(/^Reconnecting…/)
    agent = await spawnAgent(['--port', String(port), '--data-dir', dataDir], agentEntry.built)
    await expect.poll(() => page.getByTestId('connection').innerText(), { timeout: 20_000 }).toBe('Connected')
    const before = await page.getByTestId('provenance').first().getAttribute('title')
    await expect.poll(() => page.getByTestId('provenance').first().getAttribute('title')).not.toBe(before)
    await page.close()
  })
})
