import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, httpPlug, type LoopbackPlug } from '../integration/plugs/loopback.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { throwawayPhrase, wordRuns } from '../support/throwaway-secrets.ts'
import { axeViolations } from './axe.ts'
import { artifacts, docsPictures, launchBrowser } from './browser.ts'
import { deskAddresses, deskWorld, seedNetworks, type DeskWorld } from './desk-world.ts'

/*
 * The first-run wizard against the real agent, its chains, price feeds and a smart plug on
 * loopback: a new user is sent to it, adds a wallet on each of the six seed networks, a flat
 * tariff, a plug, costs and a push channel, and lands on a dashboard with balances, net and watts.
 * Every step passes axe-core in both themes and is photographed (how fast Next paints the next step
 * is `npm run bench`'s `wizard_step_ms`); a pasted seed phrase is refused and cleared; and a second
 * new user runs the whole wizard from the keyboard alone, quitting half way and coming back to where
 * they stopped.
 */

const stepIds = ['currency', 'networks', 'wallets', 'tariff', 'power', 'nodes', 'costs', 'alerts', 'done'] as const
type StepId = (typeof stepIds)[number]
const stepTitles: Record<StepId, string> = {
  currency: 'Currency',
  networks: 'Networks',
  wallets: 'Wallets',
  tariff: 'Electricity',
  power: 'Power',
  nodes: 'Nodes',
  costs: 'Hardware cost',
  alerts: 'Alerts',
  done: 'Done',
}

let browser: Browser
let world: DeskWorld
let plug: LoopbackPlug
/** Receives the push channel's test message and its alerts. */
let hook: LoopbackPlug

beforeAll(async () => {
  browser = await launchBrowser()
  world = await deskWorld()
  // A Shelly Gen2 stand-in answering the documented bodies.
  plug = await httpPlug((request) => (request.url?.startsWith('/rpc/Switch.GetStatus') ? fixture('shelly-gen2-switch-status') : fixture('shelly-gen2-shelly')))
  hook = await httpPlug(() => ({ status: 200, body: { ok: true } }))
})

afterAll(async () => {
  await browser.close()
  await world.close()
  await plug.close()
  await hook.close()
})

/** A new user's agent: its own data dir, the world's loopback endpoints set (as the operator would in Settings). */
async function newUser(name: string): Promise<{ agent: SpawnedAgent; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `desk-e2e-wizard-${name}-`))
  const agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', world.agentConfig(dataDir)], agentEntry.built)
  await world.setEndpoints((method, params) => callAgent(agent, method, params))
  return { agent, dataDir }
}

type Opened = { page: Page; problems: string[] }

async function open(context: BrowserContext, agent: SpawnedAgent, hash = ''): Promise<Opened> {
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(agent.url + hash)
  await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
  return { page, problems }
}

const settingsOf = (dataDir: string): Record<string, unknown> & { onboarding: { finishedAt: number | null; step: string | null; networks: string[] } } =>
  JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as ReturnType<typeof settingsOf>

const step = (page: Page): Locator => page.getByTestId('wizard-step')

async function atStep(page: Page, id: StepId): Promise<void> {
  // The first time, the wizard's code is fetched.
  await expect.poll(() => step(page).getAttribute('data-step'), { timeout: 10_000 }).toBe(id)
  await expect.poll(() => new URL(page.url()).hash).toBe(`#/setup/${id}`)
  const number = stepIds.indexOf(id) + 1
  expect(await page.getByRole('navigation', { name: 'Setup steps' }).locator('[aria-current="step"]').innerText()).toContain(String(number))
  expect(await step(page).getByRole('heading', { level: 2 }).textContent()).toBe(`Step ${number} of 9: ${stepTitles[id]}`)
}

/** axe-core finds nothing in either theme; a screenshot of each for the record. */
async function checkStep(page: Page, id: StepId): Promise<void> {
  const name = `wizard-${String(stepIds.indexOf(id) + 1)}-${id}`
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    expect(await axeViolations(page), `${id}, ${theme}`).toEqual([])
    await page.screenshot({ path: join(artifacts, `${name}${theme === 'dark' ? '-dark' : ''}.png`), fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}


async function next(page: Page, to: StepId): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click()
  await atStep(page, to)
}

/** What has the focus: tag, id and name, and whether a ring (outline or box-shadow) shows it. */
type Focused = { what: string; visible: boolean } | null
const focusedNow = (page: Page): Promise<Focused> =>
  page.evaluate<Focused>(`(() => {
    const el = document.activeElement
    if (!el || el === document.body) return null
    const shows = (e) => {
      if (!e) return false
      const s = getComputedStyle(e)
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '')
    }
    const label = el.closest('label')
    const name = el.getAttribute('aria-label') || (el.innerText || '').trim().slice(0, 40) || el.name || (label ? label.innerText.trim().slice(0, 40) : '')
    return { what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.type ? ':' + el.type : '') + '[' + name + ']', visible: shows(el) }
  })()`)

/** Presses Tab until `target` has the focus, every stop on the way showing it. */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const focused = await focusedNow(page)
    if (focused && !focused.visible) throw new Error(`no visible focus on ${focused.what}`)
    // This tsconfig has no DOM types: the element is what the page hands over.
    if (await target.evaluate((el) => (el as unknown as { matches: (selector: string) => boolean }).matches(':focus'))) return
  }
  throw new Error(`Tab never reached ${String(target)}`)
}

/** Next by keyboard: Tab to it, Enter; the new step's heading then holds the focus. */
async function keyNext(page: Page, to: StepId): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }))
  await page.keyboard.press('Enter')
  await atStep(page, to)
  expect((await focusedNow(page))?.what).toMatch(new RegExp(`^h2#wizard-${to}-heading`))
}

describe('the first-run wizard', () => {
  let agent: SpawnedAgent
  let dataDir: string
  let context: BrowserContext

  beforeAll(async () => {
    ;({ agent, dataDir } = await newUser('pointer'))
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'light', permissions: ['clipboard-read', 'clipboard-write'] })
  })

  afterAll(async () => {
    await context.close()
    await agent.stop()
  })

  it('takes a new user through a wallet on each seed network, a flat tariff and a plug, to a dashboard with balances, net and watts', async () => {
    const { page, problems } = await open(context, agent)
    // Sent to the wizard, in place of the start page.
    await atStep(page, 'currency')
    await checkStep(page, 'currency')
    await next(page, 'networks')

    // Nothing chosen: Next says what is needed and stays.
    await page.getByRole('button', { name: 'Next', exact: true }).click()
    await expect.poll(() => page.getByTestId('wizard-notice').innerText()).toMatch(/^Choose at least one network/)
    expect(await step(page).getAttribute('data-step')).toBe('networks')
    for (const network of seedNetworks) await step(page).locator(`[data-network="${network}"] input`).check()
    // The warning goes once the step was changed.
    expect(await page.getByTestId('wizard-notice').count()).toBe(0)
    expect(await step(page).locator('[data-network="bittensor"]').innerText()).toMatch(/Needs: .*coldkey/i)
    await checkStep(page, 'networks')
    await next(page, 'wallets')
    // Saved in the order core lists them.
    await expect.poll(() => settingsOf(dataDir).onboarding.networks.toSorted()).toEqual(seedNetworks.toSorted())

    const form = page.getByRole('form', { name: 'Add a wallet' })
    // The form offers the chosen networks only.
    const offered = await form.getByLabel('Network').locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value))
    expect(offered.toSorted()).toEqual(seedNetworks.toSorted())
    for (const network of seedNetworks) {
      await step(page).getByRole('button', { name: `Add a wallet for ${networkName(network)}` }).click()
      expect(await form.getByLabel('Network').inputValue()).toBe(network)
      await form.getByLabel('Address').fill(deskAddresses[network])
      await expect.poll(() => form.getByTestId('address-feedback').getAttribute('data-tone')).toBe('ok')
      await form.getByLabel('Name').fill(`${network} rig`)
      await form.getByRole('button', { name: 'Add wallet' }).click()
      await expect.poll(() => step(page).locator(`[data-network="${network}"]`).getAttribute('data-done')).toBe('true')
    }
    await checkStep(page, 'wallets')
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: join(docsPictures, 'wizard.png') })
    await next(page, 'tariff')

    const flat = page.getByRole('form', { name: 'Flat rate' })
    await flat.getByLabel(/^Flat rate per kWh/).fill('0.30')
    await flat.getByRole('button', { name: 'Use flat rate' }).click()
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toMatch(/^Flat rate: \$0\.30\/kWh/)
    await checkStep(page, 'tariff')
    await next(page, 'power')

    await expect.poll(() => page.getByTestId('power-provenance').innerText()).toMatch(/^(estimated|measured)/)
    const plugForm = page.getByRole('form', { name: 'Add a smart plug' })
    await plugForm.getByLabel('Kind').selectOption('shelly-gen2')
    await plugForm.getByLabel('Address').fill(plug.address.address)
    await plugForm.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => page.getByTestId('plug-outcome').innerText()).toMatch(/^Found .+, drawing [\d.]+ W now\.$/)
    await plugForm.getByLabel('Name').fill('Rig plug')
    await plugForm.getByRole('button', { name: 'Add plug' }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Smart plugs' }).innerText()).toContain('Rig plug')
    await expect.poll(() => page.getByTestId('power-provenance').innerText(), { timeout: 15_000 }).toMatch(/^measured · .*Rig plug/)
    await checkStep(page, 'power')
    await next(page, 'nodes')

    await checkStep(page, 'nodes')
    await next(page, 'costs')

    // Typed and not saved: Next names the form; Back and Next keep what was typed.
    const grassCosts = page.getByRole('form', { name: 'Costs of Grass' })
    await grassCosts.getByLabel(/^Hardware cost/).fill('1800')
    await page.getByRole('button', { name: 'Next', exact: true }).click()
    await expect.poll(() => page.getByTestId('wizard-notice').innerText()).toMatch(/^Not saved yet: Costs of Grass\./)
    await page.getByRole('button', { name: 'Back', exact: true }).click()
    await atStep(page, 'nodes')
    await next(page, 'costs')
    expect(await grassCosts.getByLabel(/^Hardware cost/).inputValue()).toBe('1800')
    await grassCosts.getByLabel('Purchase date').fill('2025-01-15')
    await grassCosts.getByRole('button', { name: 'Save costs of Grass' }).click()
    await expect.poll(() => grassCosts.getByTestId('costs-saved').count()).toBe(1)
    for (const network of seedNetworks.filter((n) => n !== 'grass')) {
      const costs = page.getByRole('form', { name: `Costs of ${networkName(network)}` })
      await costs.getByLabel(/^Hardware cost/).fill('900')
      await costs.getByLabel('Purchase date').fill('2025-03-01')
      await costs.getByRole('button', { name: /^Save costs of/ }).click()
      await expect.poll(() => costs.getByTestId('costs-saved').count()).toBe(1)
    }
    await checkStep(page, 'costs')
    await next(page, 'alerts')

    const channel = page.getByRole('form', { name: 'Add a push channel' })
    await channel.getByLabel('Kind').selectOption('webhook')
    await channel.getByLabel('Webhook URL').fill(`http://127.0.0.1:${String(hook.address.port)}/hook`)
    await channel.getByRole('button', { name: 'Send test' }).click()
    await expect.poll(() => page.getByTestId('channel-outcome').innerText()).toMatch(/./)
    expect(await channel.getByTestId('channel-outcome').getAttribute('role')).toBe('status')
    expect(hook.requests.length).toBeGreaterThan(0)
    await channel.getByLabel('Name').fill('Ops hook')
    await channel.getByRole('button', { name: 'Add channel' }).click()
    await expect.poll(() => page.getByTestId('channel-outcome').innerText()).toMatch(/^Ops hook added/)
    await checkStep(page, 'alerts')
    await next(page, 'done')

    // The first figures, and nothing missing.
    await expect.poll(() => page.getByTestId('setup-balances').innerText(), { timeout: 20_000 }).toMatch(/^\$[\d,]+\.\d\d/)
    await expect.poll(() => page.getByTestId('setup-watts').innerText()).toMatch(/^[\d.]+ W, measured$/)
    await expect.poll(() => page.getByTestId('setup-net').innerText(), { timeout: 20_000 }).toMatch(/\$/)
    expect(await page.getByTestId('setup-missing-none').count()).toBe(1)
    await checkStep(page, 'done')

    await page.getByRole('button', { name: 'Finish', exact: true }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/')
    expect(settingsOf(dataDir).onboarding.finishedAt).toEqual(expect.any(Number))
    await expectDashboardFigures(page)
    await page.screenshot({ path: join(artifacts, 'wizard-dashboard.png'), fullPage: true })

    // Finished: the start page is the dashboard again; the wizard is still there when asked for.
    await page.goto(agent.url)
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.waitForTimeout(300)
    expect(new URL(page.url()).hash).toBe('')
    await page.goto(`${agent.url}#/setup`)
    await atStep(page, 'currency')
    expect(problems).toEqual([])
    await page.close()
  })

  it('refuses a pasted seed phrase in the wallets step and clears the field', async () => {
    const { page, problems } = await open(context, agent, '#/setup/wallets')
    await atStep(page, 'wallets')
    const phrase = throwawayPhrase()
    const address = page.getByRole('form', { name: 'Add a wallet' }).getByLabel('Address')
    await address.fill('')
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(phrase)})`)
    await address.focus()
    await page.keyboard.press('ControlOrMeta+V')
    const feedback = page.getByTestId('address-feedback')
    await expect.poll(() => feedback.getAttribute('data-tone')).toBe('refused')
    expect(await feedback.innerText()).toMatch(/seed\) phrase, not an address\..* The field has been cleared; nothing was saved\.$/)
    expect(await address.inputValue()).toBe('')
    await page.evaluate(`navigator.clipboard.writeText('')`)
    // Nowhere kept: not in settings, not in the page.
    const saved = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    for (const run of wordRuns(phrase)) expect(saved).not.toContain(run)
    expect(await page.content()).not.toContain(phrase)
    await page.screenshot({ path: join(artifacts, 'wizard-seed-refused.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  })
})

describe('the first-run wizard by keyboard alone', () => {
  let agent: SpawnedAgent
  let dataDir: string
  let context: BrowserContext

  beforeAll(async () => {
    ;({ agent, dataDir } = await newUser('keyboard'))
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'dark' })
  })

  afterAll(async () => {
    await context.close()
    await agent.stop()
  })

  it('runs every step with Tab, arrows, Space and Enter, resumes where it was quit, and finishes on the dashboard', async () => {
    let { page, problems } = await open(context, agent)
    await atStep(page, 'currency')
    // The chosen currency is the group's one stop; an arrow picks the next.
    await tabTo(page, page.getByRole('radio', { name: /^USD/ }))
    await page.keyboard.press('ArrowRight')
    expect(await page.getByRole('radio', { name: /^EUR/ }).isChecked()).toBe(true)
    await keyNext(page, 'networks')
    await expect.poll(() => settingsOf(dataDir).currency).toBe('eur')

    await tabTo(page, step(page).locator('[data-network="grass"] input'))
    await page.keyboard.press('Space')
    await keyNext(page, 'wallets')

    const form = page.getByRole('form', { name: 'Add a wallet' })
    await tabTo(page, form.getByLabel('Address'))
    await page.keyboard.type(deskAddresses.grass)
    await expect.poll(() => form.getByTestId('address-feedback').getAttribute('data-tone')).toBe('ok')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Rig 1')
    await page.keyboard.press('Enter')
    await expect.poll(() => step(page).locator('[data-network="grass"]').getAttribute('data-done')).toBe('true')
    await keyNext(page, 'tariff')

    await tabTo(page, page.getByRole('form', { name: 'Flat rate' }).getByLabel(/^Flat rate per kWh/))
    await page.keyboard.type('0.25')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toMatch(/^Flat rate: €0\.25\/kWh/)
    await keyNext(page, 'power')
    await keyNext(page, 'nodes')

    // Quit half way: what was saved stays, and the wizard opens again where it was left.
    await expect.poll(() => settingsOf(dataDir).onboarding.step).toBe('nodes')
    expect(problems).toEqual([])
    await page.close()
    ;({ page, problems } = await open(context, agent))
    await atStep(page, 'nodes')
    expect(settingsOf(dataDir)).toMatchObject({ currency: 'eur', onboarding: { finishedAt: null, networks: ['grass'] }, wallets: [{ network: 'grass', label: 'Rig 1' }] })
    // Back by keyboard, to a step left earlier: what it saved is shown.
    await tabTo(page, page.getByRole('button', { name: 'Back', exact: true }))
    await page.keyboard.press('Enter')
    await atStep(page, 'power')
    await keyNext(page, 'nodes')
    await keyNext(page, 'costs')

    const costs = page.getByRole('form', { name: 'Costs of Grass' })
    await tabTo(page, costs.getByLabel('Hardware I already own'))
    await page.keyboard.press('Space')
    await tabTo(page, costs.getByRole('button', { name: 'Save costs of Grass' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => costs.getByTestId('costs-saved').count()).toBe(1)
    await keyNext(page, 'alerts')
    await keyNext(page, 'done')

    // What is missing is named, each with a link to where it is given.
    const missing = page.getByTestId('setup-missing')
    const missingIds = async (): Promise<(string | null)[]> => Promise.all((await missing.all()).map((item) => item.getAttribute('data-missing')))
    // No plug (the watts of this machine are estimated here), grass already owned with no idle baseline, no channel.
    await expect.poll(missingIds).toEqual(expect.arrayContaining(['idle-baseline', 'channels']))
    expect(await missing.filter({ hasText: 'No alert channel' }).getByRole('link').getAttribute('href')).toBe('#/settings/channels')
    await tabTo(page, page.getByRole('button', { name: 'Finish', exact: true }))
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).hash).toBe('#/')
    expect(settingsOf(dataDir).onboarding.finishedAt).toEqual(expect.any(Number))
    expect(problems).toEqual([])
    await page.close()
  })
})

describe('skipping the wizard', () => {
  it('closes it for good: the start page is the dashboard from then on', async () => {
    const { agent, dataDir } = await newUser('skip')
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
    try {
      const { page, problems } = await open(context, agent)
      await atStep(page, 'currency')
      await page.getByRole('button', { name: 'Skip setup' }).click()
      await expect.poll(() => new URL(page.url()).hash).toBe('#/')
      expect(settingsOf(dataDir).onboarding).toMatchObject({ finishedAt: expect.any(Number), networks: [] })
      await page.reload()
      await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
      await page.waitForTimeout(300)
      expect(new URL(page.url()).hash).toBe('#/')
      expect(await page.getByTestId('wizard-step').count()).toBe(0)
      expect(problems).toEqual([])
    } finally {
      await context.close()
      await agent.stop()
    }
  })
})

/** The dashboard after the wizard: what the wallets hold, the net, the machine's watts. */
async function expectDashboardFigures(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('wallets-total').innerText(), { timeout: 20_000 }).toMatch(/\$[\d,]+\.\d\d/)
  await expect.poll(() => page.getByTestId('dashboard-net-today').innerText(), { timeout: 20_000 }).toMatch(/\$/)
  await expect.poll(() => page.getByTestId('dashboard-watts').innerText(), { timeout: 20_000 }).toMatch(/[\d.]+ W/)
}

function networkName(network: string): string {
  const names: Record<string, string> = { grass: 'Grass', bittensor: 'Bittensor', aethir: 'Aethir', akash: 'Akash', helium: 'Helium', filecoin: 'Filecoin' }
  return names[network] ?? network
}
