import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { axeViolations } from './axe.ts'
import { artifacts, docsPictures, launchBrowser } from './browser.ts'

/*
 * Issue 13, items 5 and 6, in Chromium: the page's own agent on loopback watches three
 * token-protected agents (bound to 0.0.0.0), added through the Fleet form by keyboard. A wrong
 * and a missing token are refused on the token field with what was typed kept; the three show
 * connected with their watts and the totals with their provenance. One is stopped: it turns
 * stale ("stale since …") and fleet-rig-stale opens in the Alerts badge and view. Then it is
 * removed.
 */

type Rig = { agent: SpawnedAgent; url: string; token: string }

let desk: SpawnedAgent
let rigs: Rig[]
let browser: Browser

async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-rig-'))
  const agent = await spawnAgent(['--host', '0.0.0.0', '--port', '0', '--data-dir', dir], agentEntry.built)
  return { agent, url: `http://127.0.0.1:${String(agent.port)}`, token: readFileSync(join(dir, 'agent-token'), 'utf8').trim() }
}

beforeAll(async () => {
  browser = await launchBrowser()
  desk = await spawnAgent(['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'desk-e2e-fleet-'))], agentEntry.built)
  // The operator skipped the first-run wizard (it would only take over from the dashboard, but the state is the one people have).
  await callAgent(desk, 'settings.update', { onboarding: { finishedAt: Date.now() } })
  // A stopped rig raises its alert as soon as it turns stale.
  await callAgent(desk, 'alerts.rules', { rules: { 'fleet-rig-stale': { thresholds: { graceSeconds: 0 } } } })
  rigs = await Promise.all([startRig(), startRig(), startRig()])
}, 60_000)

afterAll(async () => {
  await browser.close()
  await Promise.all([desk.stop(), ...rigs.map((rig) => rig.agent.stop())])
})

async function openFleet(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1200, height: 900 } })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(new URL('/#/fleet', desk.url).href)
  await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
  return { page, problems }
}

const form = (page: Page): Locator => page.getByRole('form', { name: 'Watch a rig' })
const field = (page: Page, label: string): Locator => form(page).getByLabel(label, { exact: true })
/** The error shown inside a field's own box. */
const fieldError = (page: Page, label: string): Locator => form(page).locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error')

/** Types into the form by keyboard only: the name field is focused, then Tab moves on. Enter submits. */
async function typeRig(page: Page, rig: { name: string; url: string; token?: string }): Promise<void> {
  await field(page, 'Name').focus()
  await page.keyboard.type(rig.name)
  await page.keyboard.press('Tab')
  await page.keyboard.type(rig.url)
  await page.keyboard.press('Tab')
  if (rig.token !== undefined) await page.keyboard.type(rig.token)
  await page.keyboard.press('Enter')
}

/** Replaces the token by keyboard and submits again. */
async function retypeToken(page: Page, token: string): Promise<void> {
  await field(page, 'Token').focus()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type(token)
  await page.keyboard.press('Enter')
}

async function added(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.getByTestId('rig-added').innerText(), { timeout: 15_000 }).toContain(`${name} added`)
  expect(await field(page, 'Name').inputValue()).toBe('')
}

const rigCard = (page: Page, name: string): Locator => page.getByTestId('fleet-rig').filter({ has: page.getByRole('heading', { name, exact: true }) })

describe('the Fleet view in Chromium', () => {
  it('explains the fleet while it is empty, and passes axe in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await openFleet(scheme)
      await expect.poll(() => page.getByTestId('fleet-empty').innerText()).toContain('npm run agent -- --host 0.0.0.0')
      expect(await page.getByTestId('fleet-empty').innerText()).toContain('<data-dir>/agent-token')
      expect(await page.getByRole('link', { name: 'Settings › Remote access' }).getAttribute('href')).toBe('#/settings/remote')
      expect(await page.getByRole('tab', { name: 'Fleet' }).getAttribute('aria-selected')).toBe('true')
      expect(await axeViolations(page)).toEqual([])
      expect(problems).toEqual([])
      await page.close()
    }
  })

  it('adds three rigs by keyboard, refusing a wrong and a missing token on the token field, and sums them with provenance', async () => {
    const { page, problems } = await openFleet('light')
    const [a, b, c] = rigs as [Rig, Rig, Rig]

    await typeRig(page, { name: 'rig-a', url: a.url, token: 'not-the-token' })
    await expect.poll(() => fieldError(page, 'Token').innerText(), { timeout: 15_000 }).toMatch(/the token was refused/)
    expect(await field(page, 'Agent address').inputValue()).toBe(a.url)
    expect(await field(page, 'Name').inputValue()).toBe('rig-a')
    expect(await field(page, 'Token').getAttribute('aria-invalid')).toBe('true')
    expect(await fieldError(page, 'Agent address').count()).toBe(0)
    await retypeToken(page, a.token)
    await added(page, 'rig-a')

    await typeRig(page, { name: 'rig-b', url: b.url })
    await expect.poll(() => fieldError(page, 'Token').innerText(), { timeout: 15_000 }).toMatch(/this agent needs a token/)
    expect(await field(page, 'Agent address').inputValue()).toBe(b.url)
    await retypeToken(page, b.token)
    await added(page, 'rig-b')

    // Pasted as the agent prints its address: the token moves to the hidden field.
    await field(page, 'Name').fill('rig-c')
    await field(page, 'Agent address').fill(`${c.url}/#token=${c.token}`)
    expect(await field(page, 'Agent address').inputValue()).toBe(`${c.url}/`)
    expect(await field(page, 'Token').inputValue()).toBe(c.token)
    expect(await field(page, 'Token').getAttribute('type')).toBe('password')
    await form(page).getByRole('button', { name: 'Show token' }).press('Enter')
    expect(await field(page, 'Token').getAttribute('type')).toBe('text')
    await field(page, 'Token').press('Enter')
    await added(page, 'rig-c')

    const connected = page.locator('[data-testid="fleet-rig"][data-status="connected"]')
    await expect.poll(() => connected.count(), { timeout: 30_000 }).toBe(3)
    for (const name of ['rig-a', 'rig-b', 'rig-c']) {
      const card = rigCard(page, name)
      await expect.poll(() => card.getByTestId('rig-watts').innerText(), { timeout: 20_000 }).toMatch(/^[\d.]+ W$/)
      expect(await card.getByTestId('rig-status').innerText()).toContain('Connected')
      await expect.poll(() => card.getByTestId('rig-nodes').innerText()).not.toBe('not answered yet')
    }
    await expect.poll(() => page.getByTestId('fleet-reporting').innerText()).toBe('3 of 3 rigs report')
    expect(await page.getByTestId('fleet-watts').innerText()).toMatch(/^[\d.]+ W$/)
    expect(await page.getByTestId('fleet-watts-provenance').innerText()).toMatch(/(measured|estimated) on \d of 3 rigs/)
    await expect.poll(() => page.getByTestId('fleet-net-today').innerText(), { timeout: 20_000 }).toMatch(/\$0\.00/)
    await page.screenshot({ path: join(artifacts, 'fleet.png'), fullPage: true })
    const height = await page.evaluate<number>('document.documentElement.scrollHeight')
    await page.screenshot({ path: join(docsPictures, 'fleet.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.min(height, 2400) } })
    expect(await axeViolations(page)).toEqual([])
    expect(problems).toEqual([])
    await page.close()

    const dark = await openFleet('dark')
    await expect.poll(() => dark.page.locator('[data-testid="fleet-rig"][data-status="connected"]').count(), { timeout: 20_000 }).toBe(3)
    expect(await axeViolations(dark.page)).toEqual([])
    await dark.page.close()
  }, 120_000)

  it('marks a stopped rig stale, raises its alert, and removes it', async () => {
    const { page, problems } = await openFleet('light')
    await expect.poll(() => page.locator('[data-testid="fleet-rig"][data-status="connected"]').count(), { timeout: 20_000 }).toBe(3)
    await rigs[2]?.agent.stop()
    const card = rigCard(page, 'rig-c')
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 45_000 }).toBe('stale')
    expect(await card.getByTestId('rig-status').innerText()).toContain('Stale')
    expect(await card.getByTestId('rig-status-line').innerText()).toMatch(/^stale since \d/)
    await expect.poll(() => page.getByTestId('fleet-reporting').innerText()).toBe('2 of 3 rigs report')
    expect(await page.getByTestId('fleet-watts-provenance').innerText()).toMatch(/left out: “rig-c” stale/)
    expect(await page.getByTestId('fleet-net-missing').innerText()).toMatch(/rig “rig-c” is stale/)

    await expect.poll(() => page.getByTestId('alert-count').innerText(), { timeout: 30_000 }).not.toBe('0')
    await page.screenshot({ path: join(artifacts, 'fleet-stale.png'), fullPage: true })
    expect(await axeViolations(page)).toEqual([])
    await page.getByTestId('alert-badge').click()
    const alert = page.locator('[data-testid="open-alert"][data-rule="fleet-rig-stale"]')
    await expect.poll(() => alert.count(), { timeout: 15_000 }).toBe(1)
    expect(await alert.innerText()).toContain('Rig “rig-c” is not answering')

    await page.getByRole('tab', { name: 'Fleet' }).click()
    await rigCard(page, 'rig-c').getByRole('button', { name: 'Remove rig-c' }).click()
    await rigCard(page, 'rig-c').getByRole('button', { name: 'Remove', exact: true }).click()
    await expect.poll(() => page.getByTestId('fleet-rig').count()).toBe(2)
    await expect.poll(() => page.getByTestId('fleet-reporting').innerText()).toBe('2 of 2 rigs report')
    expect(problems).toEqual([])
    await page.close()
  }, 120_000)
})
