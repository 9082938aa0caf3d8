import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { axeViolations } from './axe.ts'
import { artifacts, docsPictures, launchBrowser } from './browser.ts'
import { grassOwner, grassWorld, type GrassWorld } from './grass-world.ts'

/*
 * The Settings tab against the real agent: one section at a time, each at its own address and
 * reached from the section list by pointer and by keyboard; the tabs' own forms, saving through
 * the contract so the change shows on their tab too; where the agent is and the token this
 * browser holds; and axe-core on every section in both themes. A Grass wallet on a loopback
 * Solana node gives the prices, costs and attribution sections something to show.
 */


const sections = ['wallets', 'endpoints', 'prices', 'tariff', 'costs', 'attribution', 'plugs', 'alerts', 'channels', 'remote', 'data', 'about'] as const
type Section = (typeof sections)[number]

/** Each section's link in the list, and the heading that takes the focus when it opens. */
const expected: Record<Section, { link: string; heading: string }> = {
  wallets: { link: 'Wallets', heading: 'Wallets' },
  endpoints: { link: 'Endpoints', heading: 'Endpoints' },
  prices: { link: 'Prices', heading: 'Prices' },
  tariff: { link: 'Electricity tariff', heading: 'Electricity tariff' },
  costs: { link: 'Hardware and running costs', heading: 'Hardware and running costs' },
  attribution: { link: 'Power attribution', heading: 'Power attribution' },
  plugs: { link: 'Smart plugs', heading: 'Smart plugs' },
  alerts: { link: 'Alert rules', heading: 'Alert rules' },
  channels: { link: 'Push channels', heading: 'Push channels' },
  remote: { link: 'Remote access', heading: 'Remote access' },
  data: { link: 'Export and backup', heading: 'Export and backup' },
  about: { link: 'About', heading: 'About' },
}

let browser: Browser
let agent: SpawnedAgent
let world: GrassWorld
let dataDir: string
const api = <T>(method: string, input?: unknown): Promise<T> => callAgent<T>(agent, method, input)

beforeAll(async () => {
  browser = await launchBrowser()
  world = await grassWorld({ held: () => '1234567891234', coinGeckoPrice: '2.345', priceUpdatedAt: Math.floor(Date.now() / 1000) - 120, coinPaprikaPrice: 2.351 })
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-settings-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', world.agentConfig(dataDir)], agentEntry.built)
  await api('endpoints.set', { key: 'solana', url: world.solana.url })
  await api('wallets.add', { network: 'grass', address: grassOwner, label: 'Rig 1' })
  // The first read, so the prices, costs and attribution sections have the wallet's network.
  await vi.waitFor(
    async () => {
      const { wallets } = await api<{ wallets: { fetchedAt: number | null }[] }>('wallets.snapshot')
      if (wallets[0]?.fetchedAt == null) throw new Error('the wallet is not read yet')
    },
    { timeout: 10_000, interval: 100 },
  )
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await world.close()
})

/** A page on `hash` that records anything the page complains about. */
async function open(hash: string, colorScheme: 'light' | 'dark' = 'light', base = agent.url): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme })
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(new URL(hash, base).href)
  await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
  return { page, problems }
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Settings sections' })
const hashOf = (page: Page): string => new URL(page.url()).hash
/** What has the focus: its tag, its text, and whether it shows a focus ring. */
const focused = (page: Page): Promise<{ tag: string; text: string; outline: string; inSettings: boolean }> =>
  page.evaluate(`(() => {
    const e = document.activeElement
    return { tag: e.tagName, text: e.textContent.trim(), outline: getComputedStyle(e).outlineStyle, inSettings: e.closest('.settings-view') !== null }
  })()`)

/** The heading of the shown section, with the focus on it. */
async function expectSectionFocused(page: Page, section: Section): Promise<void> {
  await expect.poll(() => page.getByTestId('settings-panel').getAttribute('data-section')).toBe(section)
  await expect.poll(async () => (await focused(page)).tag).toBe('H2')
  expect((await focused(page)).text).toBe(expected[section].heading)
  expect(await nav(page).getByRole('link', { name: expected[section].link, exact: true }).getAttribute('aria-current')).toBe('page')
  expect(await nav(page).locator('[aria-current]').count()).toBe(1)
}

describe('the Settings tab', () => {
  it('lists every section, and opens each from its link', async () => {
    const { page, problems } = await open('#/settings')
    // The tab alone shows the first section and leaves the focus where it was.
    await expect.poll(() => page.getByTestId('settings-panel').getAttribute('data-section')).toBe('wallets')
    expect(await nav(page).getByRole('link').allInnerTexts()).toEqual([...sections.map((s) => expected[s].link), 'Run the setup wizard again'])
    expect(await nav(page).getByRole('link', { name: 'Wallets', exact: true }).getAttribute('aria-current')).toBe('page')
    expect((await focused(page)).tag).not.toBe('H2')
    for (const section of sections) {
      await nav(page).getByRole('link', { name: expected[section].link, exact: true }).click()
      await expect.poll(() => hashOf(page)).toBe(`#/settings/${section}`)
      await expectSectionFocused(page, section)
    }
    // Back goes to the section before.
    await page.goBack()
    await expect.poll(() => hashOf(page)).toBe('#/settings/data')
    await expectSectionFocused(page, 'data')
    expect(await nav(page).getByRole('link', { name: 'Run the setup wizard again' }).getAttribute('href')).toBe('#/setup')
    expect(problems).toEqual([])
    await page.close()
  })

  it('opens each section from the keyboard alone, with a visible focus ring on every stop', async () => {
    const { page, problems } = await open('#/settings')
    for (const section of sections) {
      // From the Settings tab, Tab through the page to the section's link, then Enter.
      await page.getByRole('tab', { name: 'Settings' }).focus()
      for (let presses = 0; (await focused(page)).text !== expected[section].link; presses++) {
        expect(presses, `Tab never reached "${expected[section].link}"`).toBeLessThan(40)
        await page.keyboard.press('Tab')
        const stop = await focused(page)
        if (stop.inSettings) expect(stop.outline, `no focus ring on ${stop.tag} "${stop.text}"`).not.toBe('none')
      }
      await page.keyboard.press('Enter')
      await expect.poll(() => hashOf(page)).toBe(`#/settings/${section}`)
      await expectSectionFocused(page, section)
    }
    expect(problems).toEqual([])
    await page.close()
  })

  it('opens the section a deep link names with the focus on its heading, and says so of one it does not know', async () => {
    const { page, problems } = await open('#/settings/tariff')
    await expectSectionFocused(page, 'tariff')
    await page.goto(new URL('#/settings/nonsense', agent.url).href)
    await expect.poll(() => page.getByTestId('settings-panel').getAttribute('data-section')).toBe('wallets')
    expect(await page.getByTestId('settings-panel').getByRole('alert').first().innerText()).toBe('There is no “nonsense” section in Settings: here is Wallets.')
    expect(problems).toEqual([])
    await page.close()
  })

  it('saves the tariff and a price of your own by keyboard through the contract, and their tabs show them', async () => {
    const { page, problems } = await open('#/settings/tariff')
    await expectSectionFocused(page, 'tariff')
    // Tab from the heading to the flat rate, type it, and Enter submits.
    for (let presses = 0; !(await page.evaluate('document.activeElement.matches("form[aria-label=\'Flat rate\'] input")')); presses++) {
      expect(presses).toBeLessThan(20)
      await page.keyboard.press('Tab')
    }
    await page.keyboard.type('0.27')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toBe('Flat rate: $0.27/kWh, every day 00:00–24:00')
    const saved = await api<{ settings: { profit: { tariff: { pricePerKwh: string }[] }; prices: { overrides: Record<string, string> } } }>('settings.get')
    expect(saved.settings.profit.tariff.map((p) => p.pricePerKwh)).toEqual(['0.27'])
    await page.screenshot({ path: join(artifacts, 'settings-tariff-saved.png'), fullPage: true })
    copyFileSync(join(artifacts, 'settings-tariff-saved.png'), join(docsPictures, 'settings.png'))

    // The Profit tab's own form stands on the same saved tariff.
    await page.getByRole('tab', { name: 'Profit' }).click()
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toBe('Flat rate: $0.27/kWh, every day 00:00–24:00')

    // A price of your own, from the Prices section, by keyboard.
    await page.goto(new URL('#/settings/prices', agent.url).href)
    await expectSectionFocused(page, 'prices')
    await page.getByLabel('Your price for GRASS').focus()
    await page.keyboard.type('1.5')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await api<typeof saved>('settings.get')).settings.prices.overrides).toEqual({ GRASS: '1.5' })
    await page.getByRole('tab', { name: 'Wallets' }).click()
    await expect.poll(() => page.getByLabel('Your price for GRASS').getAttribute('placeholder')).toBe('1.5')
    await api('prices.setOverride', { token: 'GRASS', price: null })
    expect(problems).toEqual([])
    await page.close()
  })

  it('says where a loopback agent is and how another machine reaches it', async () => {
    const { page, problems } = await open('#/settings/remote')
    await expectSectionFocused(page, 'remote')
    expect(await page.getByTestId('remote-url').innerText()).toBe(agent.url)
    expect(await page.getByTestId('remote-listen').innerText()).toBe(`127.0.0.1:${agent.port}, this machine only`)
    expect(await page.getByTestId('remote-token-rule').innerText()).toBe('not asked: only this machine can call')
    expect(await page.getByLabel('SSH tunnel command').innerText()).toBe(`ssh -N -L ${agent.port}:127.0.0.1:${agent.port} you@this-machine`)
    expect(await page.getByLabel('Command to run the agent bound to the network').innerText()).toBe('npm run agent -- --host 0.0.0.0')
    expect(await page.getByTestId('held-token').count()).toBe(0)
    // About names what core told: this version, the agent, its data directory.
    await nav(page).getByRole('link', { name: 'About' }).click()
    await expectSectionFocused(page, 'about')
    expect(await page.getByTestId('about-data-dir').innerText()).toContain(dataDir)
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
    expect(await page.getByTestId('about-version').innerText()).toBe(pkg.version)
    expect(await page.getByTestId('about').getByRole('link', { name: 'Run the setup wizard again' }).count()).toBe(0)
    expect(await page.getByTestId('settings-panel').getByRole('link', { name: 'Run the setup wizard again' }).getAttribute('href')).toBe('#/setup')
    expect(problems).toEqual([])
    await page.close()
  })

  it('shows a network-bound agent’s token file and, masked until revealed, the token this browser holds', async () => {
    const lanDir = mkdtempSync(join(tmpdir(), 'desk-e2e-settings-lan-'))
    const lan = await spawnAgent(['--port', '0', '--host', '0.0.0.0', '--data-dir', lanDir], agentEntry.built)
    try {
      const token = readFileSync(join(lanDir, 'agent-token'), 'utf8').trim()
      const base = `http://127.0.0.1:${lan.port}/`
      const { page, problems } = await open(`#token=${token}`, 'light', base)
      await page.evaluate(`location.hash = '#/settings/remote'`)
      await expectSectionFocused(page, 'remote')
      expect(await page.getByTestId('remote-url').innerText()).toBe(base)
      expect(await page.getByTestId('remote-listen').innerText()).toBe(`0.0.0.0:${lan.port}, every network interface`)
      expect(await page.getByTestId('remote-token-rule').innerText()).toBe('required of every caller')
      expect(await page.getByTestId('remote-token-path').innerText()).toBe(join(lanDir, 'agent-token'))
      const shown = page.getByTestId('held-token')
      expect(await shown.innerText()).toBe(`••••••••••••${token.slice(-4)}`)
      expect(await page.getByTestId('held-token-link').innerText()).toBe(`${base}#token=••••••••••••${token.slice(-4)}`)
      expect(await page.locator('body').innerText()).not.toContain(token)
      await page.screenshot({ path: join(artifacts, 'settings-remote-token.png'), fullPage: true })
      const reveal = page.getByRole('button', { name: 'Reveal token' })
      expect(await reveal.getAttribute('aria-pressed')).toBe('false')
      await reveal.focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => shown.innerText()).toBe(token)
      expect(await page.getByTestId('held-token-link').innerText()).toBe(`${base}#token=${token}`)
      const hide = page.getByRole('button', { name: 'Hide token' })
      expect(await hide.getAttribute('aria-pressed')).toBe('true')
      await hide.click()
      await expect.poll(() => shown.innerText()).toBe(`••••••••••••${token.slice(-4)}`)
      expect(await page.getByRole('button', { name: 'Copy the token' }).count()).toBe(1)
      expect(await axeViolations(page)).toEqual([])
      expect(problems).toEqual([])
      await page.close()
    } finally {
      await lan.stop()
    }
  })

  it.each(['light', 'dark'] as const)('has no axe-core violation on any section in the %s theme', async (theme) => {
    const { page, problems } = await open('#/settings', theme)
    // Every section is checked before the test says which failed, and how.
    const found: Record<string, string[]> = {}
    for (const section of sections) {
      await page.evaluate(`location.hash = '#/settings/${section}'`)
      await expectSectionFocused(page, section)
      // Sections that read from core show what it answered, not "Reading…".
      await expect.poll(() => page.getByTestId('settings-panel').getByText(/^(Reading|Waiting for) /).count()).toBe(0)
      const violations = await axeViolations(page)
      if (violations.length > 0) found[section] = violations
      await page.screenshot({ path: join(artifacts, theme === 'light' ? `settings-${section}.png` : `settings-${section}-dark.png`), fullPage: true })
    }
    expect(found).toEqual({})
    expect(problems).toEqual([])
    await page.close()
  })
})
