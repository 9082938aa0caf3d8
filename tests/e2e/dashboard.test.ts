import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simplePriceText } from '../fixtures/prices/coingecko.ts'
import { loopbackApi, type ApiAnswer, type LoopbackApi } from '../support/loopback-api.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { axeViolations } from './axe.ts'
import { artifacts, docsPictures, launchBrowser } from './browser.ts'
import { addDeskWallets, deskNetworks, deskPrice, deskWorld, type DeskWorld } from './desk-world.ts'

/*
 * The dashboard in Chromium against the real agent: first on a machine with nothing set up (the
 * live machine figures, and the empty state naming the next step), then in the desk world, a
 * wallet on each of the eight networks on loopback chains, a tariff set and a reward booked:
 * the answer first (net today and over 30 days, watts now, open alerts), then a row per network
 * with its last reward, next payout and its price's 24-hour change.
 */


let agent: SpawnedAgent
let dataDir: string
let browser: Browser

/**
 * The operator skipped the first-run wizard: with no wallet saved the app would otherwise open it
 * instead of the dashboard. `token` for an agent bound beyond loopback.
 */
async function skipSetup(url: string, token?: string): Promise<void> {
  const response = await fetch(new URL('/api/settings.update', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ onboarding: { finishedAt: Date.now() } }),
  })
  if (!response.ok) throw new Error(`settings.update answered ${response.status}`)
}

beforeAll(async () => {
  browser = await launchBrowser()
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
  await skipSetup(agent.url)
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
    await page.screenshot({ path: join(artifacts, 'dashboard-empty.png') })
    // The same minute of trend in the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(artifacts, 'dashboard-empty-dark.png') })
    expect(problems).toEqual([])
    await page.close()
  })

  it('with no wallet, names the next step, and still says what the machine draws and where that came from', async () => {
    const { page, problems } = await openDashboard()
    await expect.poll(() => page.getByTestId('dashboard-empty').count(), { timeout: 10_000 }).toBe(1)
    expect(await page.getByTestId('dashboard-setup').getAttribute('href')).toBe('#/setup')
    expect(await page.getByTestId('dashboard-add-wallet').getAttribute('href')).toBe('#/settings/wallets')
    // Nothing to add up: no net figure that would read as a real $0.00, and no empty network table.
    expect(await page.getByTestId('dashboard-net-today').count()).toBe(0)
    expect(await page.getByTestId('dashboard-networks').count()).toBe(0)
    await expect.poll(() => page.getByTestId('dashboard-watts').innerText()).toMatch(/^[\d.]+ W$/)
    expect(await page.getByTestId('dashboard-watts-provenance').innerText()).toMatch(/^(measured|estimated) · .+ · live · Hardware$/)
    await expect.poll(() => page.getByTestId('dashboard-alert-count').innerText()).toMatch(/none open|\d+ open/)
    await page.getByTestId('dashboard-setup').click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/setup')
    expect(problems).toEqual([])
    await page.close()
  })

  it('has no axe violations in the light and the dark theme, empty', async () => {
    const { page } = await openDashboard()
    await expect.poll(() => page.getByTestId('dashboard-empty').count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('cpu-load').count()).toBe(1)
    const light = await axeViolations(page)
    await page.emulateMedia({ colorScheme: 'dark' })
    expect({ light, dark: await axeViolations(page) }).toEqual({ light: [], dark: [] })
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
    // A first sample on screen (the view is its own chunk, the sample its own event), so there are figures to go stale.
    await expect.poll(() => page.getByTestId('provenance').count()).toBeGreaterThan(0)
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
      await skipSetup(`http://127.0.0.1:${lan.port}/`, token)
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

/** Each coin's 24-hour change as CoinGecko writes it (`usd_24h_change`); NOS's "null" is what a stale coin answers. */
const changes: Record<string, string> = {
  grass: '3.2518',
  bittensor: '-1.84',
  aethir: '0.02',
  'akash-network': '-4.1',
  helium: '7.25',
  filecoin: '-0.6',
  'render-token': '12.4',
  nosana: 'null',
}

/** CoinGecko as the desk world serves it, each coin with its 24-hour change too. */
function coinGeckoWithChanges(): Promise<LoopbackApi> {
  return loopbackApi((request): ApiAnswer => {
    if (request.url.pathname !== '/simple/price') return { status: 404, json: { error: 'Not found' } }
    const ids = request.url.searchParams.get('ids')?.split(',') ?? []
    const currency = request.url.searchParams.get('vs_currencies') ?? 'usd'
    const updated = Math.floor(Date.now() / 1000)
    const entries = Object.fromEntries(
      ids.flatMap((id) => {
        const price = deskPrice(id, currency)
        const change = changes[id]
        return price === undefined ? [] : [[id, { price, updated, ...(change === undefined ? {} : { change }) }]]
      }),
    )
    return { headers: { 'content-type': 'application/json' }, raw: simplePriceText(currency, entries) }
  })
}

describe('the dashboard of an operator on eight networks', () => {
  let world: DeskWorld
  let gecko: LoopbackApi
  let desk: SpawnedAgent
  const rewardAt = Date.now() - 3 * 3_600_000

  beforeAll(async () => {
    world = await deskWorld()
    gecko = await coinGeckoWithChanges()
    const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-dashboard-'))
    const config = join(dir, 'agent.json')
    writeFileSync(config, JSON.stringify({ priceFeeds: { coingecko: gecko.url, coinpaprika: world.servers.coinPaprika?.url }, publicEndpoints: false, logLevel: 'error' }))
    desk = await spawnAgent(['--port', '0', '--data-dir', dir, '--config', config], agentEntry.built)
    const call = (method: string, params: unknown): Promise<unknown> => callAgent(desk, method, params)
    await world.setEndpoints(call)
    const snapshot = (await addDeskWallets(call)) as { wallets: { wallet: { id: string; network: string } }[] }
    const grassWallet = snapshot.wallets.find((view) => view.wallet.network === 'grass')?.wallet.id
    await call('profit.setTariff', { tariff: [{ label: 'Flat', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }], timeZone: null })
    // A payout the chain does not show: 12.345678912 GRASS three hours ago.
    await call('rewards.addManual', { walletId: grassWallet, token: 'GRASS', amount: '12345678912', at: rewardAt })
  }, 60_000)

  afterAll(async () => {
    await desk.stop()
    await Promise.all([world.close(), gecko.close()])
  })

  async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ colorScheme, viewport: { width: 1280, height: 1000 } })
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(desk.url)
    return { page, problems }
  }

  const row = (page: Page, network: string): ReturnType<Page['locator']> => page.locator(`[data-testid="dashboard-network"][data-network="${network}"]`)

  it('leads with net today and over 30 days, partial and why, the watts now and the alerts', async () => {
    const { page, problems } = await open('light')
    await expect.poll(() => page.getByTestId('dashboard-net-today').innerText(), { timeout: 15_000 }).toMatch(/^-?\$[\d,]+\.\d\d$/)
    expect(await page.getByTestId('dashboard-net-30d').innerText()).toMatch(/^-?\$[\d,]+\.\d\d$/)
    // No hardware cost is given for any network, and the power history is minutes old: partial, and the reasons say so.
    expect(await page.getByTestId('dashboard-net-today-partial').innerText()).toBe('partial')
    const reasons = await page.getByTestId('dashboard-partial-reasons').innerText()
    expect(reasons).toMatch(/no hardware cost given/)
    expect(reasons).toMatch(/every network/)
    expect(await page.getByTestId('dashboard-net-provenance').innerText()).toMatch(/^USD · rewards at their price when received · .+ · computed \d/)
    // The tariff is set; no cost and no node is: those are the next steps, each a link to where it is done.
    const steps = page.getByTestId('dashboard-next-steps')
    const items = steps.locator('li')
    const stepIds = await Promise.all(Array.from({ length: await items.count() }, (_, i) => items.nth(i).getAttribute('data-step')))
    expect(stepIds).toEqual(['costs', 'nodes'])
    expect(await steps.getByRole('link', { name: 'Add your hardware costs' }).getAttribute('href')).toBe('#/settings/costs')

    expect(await page.getByTestId('dashboard-watts').innerText()).toMatch(/^[\d.]+ W$/)
    expect(await page.getByTestId('dashboard-watts-provenance').innerText()).toMatch(/^(measured|estimated) · .+ · live/)
    await expect.poll(() => page.getByTestId('dashboard-alert-count').innerText()).toMatch(/^(✓ none open|\d+ open)$/)
    expect(problems).toEqual([])
    await page.close()
  })

  it('has a row per network: net, node, last reward and next, price and its 24-hour change in words and shapes', async () => {
    const { page, problems } = await open('light')
    await expect.poll(() => page.getByTestId('dashboard-network').count(), { timeout: 15_000 }).toBe(deskNetworks.length)
    const grass = row(page, 'grass')
    expect(await grass.locator('th').innerText()).toBe('Grass')
    expect(await grass.getByTestId('network-net-today').innerText()).toMatch(/^-?\$[\d,]+\.\d\d( \(partial\))?$/)
    expect(await grass.getByTestId('network-last-reward').innerText()).toMatch(/^12\.3456 GRASS · 3 h( \d+ min)? ago · \$[\d.]+$/)
    // Grass pays on no schedule; Akash about daily, and nothing came yet since the wallet was added.
    expect(await grass.getByTestId('network-next-due').innerText()).toBe('no fixed schedule')
    expect(await row(page, 'akash').getByTestId('network-last-reward').innerText()).toBe('none yet')
    expect(await row(page, 'akash').getByTestId('network-next-due').innerText()).toMatch(/^due in 2[34] h/)
    // No node software is watched on this machine.
    expect(await grass.getByTestId('network-node').innerText()).toBe('no node watched')

    const change = async (network: string): Promise<[string | null, string]> => {
      const cell = row(page, network).getByTestId('network-price-change')
      return [await cell.getAttribute('data-tone'), (await cell.locator('[aria-hidden="true"]').innerText()).trim()]
    }
    await expect.poll(() => change('grass'), { timeout: 15_000 }).toEqual(['up', '▲ +3.3 %'])
    expect(await change('akash')).toEqual(['down', '▼ −4.1 %'])
    expect(await change('aethir')).toEqual(['flat', '● 0.0 %'])
    expect(await change('nosana')).toEqual(['unknown', '24 h change not given'])
    const grassPrice = await grass.getByTestId('network-price').innerText()
    expect(grassPrice).toContain('$1.85')
    expect(grassPrice).toContain('live · CoinGecko')
    // The words a screen reader hears carry the direction too.
    expect(await row(page, 'akash').getByTestId('network-price-change').textContent()).toContain('down 4.1 % in 24 hours')
    expect(problems).toEqual([])
    await page.close()
  })

  it('has no axe violations in the light and the dark theme, and is pictured for the README', async () => {
    const { page } = await open('light')
    await expect.poll(() => page.getByTestId('dashboard-network').count(), { timeout: 15_000 }).toBe(deskNetworks.length)
    await expect.poll(() => row(page, 'grass').getByTestId('network-price-change').getAttribute('data-tone'), { timeout: 15_000 }).toBe('up')
    await expect.poll(() => page.getByTestId('cpu-load').count()).toBe(1)
    // A few seconds of trend on the machine cards.
    await expect.poll(async () => ((await page.locator('.sparkline polyline').first().getAttribute('points')) ?? '').split(' ').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(8)
    const light = await axeViolations(page)
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true })
    copyFileSync(join(artifacts, 'dashboard.png'), join(docsPictures, 'dashboard.png'))
    await page.emulateMedia({ colorScheme: 'dark' })
    const dark = await axeViolations(page)
    await page.screenshot({ path: join(artifacts, 'dashboard-dark.png'), fullPage: true })
    expect({ light, dark }).toEqual({ light: [], dark: [] })
    await page.close()
  })
})
