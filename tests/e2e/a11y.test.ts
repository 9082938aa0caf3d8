import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryPoint } from '../../src/main/core/store/history-store.ts'
import { SqliteHistory } from '../../src/main/core/store/sqlite-history.ts'
import type { AlertsSnapshot } from '../../src/shared/contract/alerts.ts'
import type { ProfitSnapshot } from '../../src/shared/contract/profit.ts'
import type { NodesSnapshot } from '../../src/shared/contract/nodes.ts'
import { fixture, httpPlug, type LoopbackPlug } from '../integration/plugs/loopback.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { axeViolations } from './axe.ts'
import { artifacts, docsPictures, launchBrowser } from './browser.ts'
import { addDeskWallets, deskWorld, setDeskProfit, type DeskWorld } from './desk-world.ts'
import { installRigBridge } from './rig-bridge.ts'

/*
 * Accessibility, on every view and every Settings section, in the light and the dark theme:
 * axe-core finds nothing, each view's forms work from the keyboard alone with a visible focus
 * ring on every stop, and each chart's figures are there as a table too. The agent is given as
 * much to show as a test can: a wallet on each of the eight networks of the desk world (stake,
 * leases, a miner, Hotspots), a booked reward, a day of recorded power, a tariff and costs (so
 * Profit has figures and a chart), a smart plug that answers and one that stopped (so an alert
 * is open), a rule turned off, a node found and one watched, and a push channel; the views'
 * disclosures, confirmations and what-if are opened before axe reads them.
 */


const scanIntervalMs = 1000
const themes = ['light', 'dark'] as const
type Theme = (typeof themes)[number]

let browser: Browser
let agent: SpawnedAgent
let world: DeskWorld
let livePlug: LoopbackPlug
let deadPlug: LoopbackPlug
/** Where the push channel added by keyboard points: a webhook on loopback. */
let hook: LoopbackPlug
let work: string
const children: ChildProcess[] = []
const marker = `a11y-${process.pid}-${Date.now().toString(36)}`
const api = <T>(method: string, input?: unknown): Promise<T> => callAgent<T>(agent, method, input)

/** A day of machine power ending a minute ago, and the last hour of CPU load, as the agent would have recorded them. */
function seedHistory(path: string): void {
  const history = new SqliteHistory({ path })
  const end = Math.floor(Date.now() / 1000) - 60
  const points: HistoryPoint[] = []
  for (let t = end - 24 * 3600; t < end; t++) {
    const wave = Math.sin(t / 300)
    points.push({ series: { name: 'machine_power_watts', labels: {} }, tsSeconds: t, value: 250 + 40 * wave })
    if (t >= end - 3600) points.push({ series: { name: 'cpu_load_percent', labels: {} }, tsSeconds: t, value: 50 + 30 * wave })
  }
  history.append(points)
  history.flush()
  history.rollup(end)
  history.close()
}

/** `node <work>/<script> ...args`: a process whose command line a scan recognises, running until killed. */
function startFake(script: string, args: string[]): ChildProcess {
  const path = join(work, script)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, 'setInterval(() => {}, 1000)\n')
  const child = spawn(process.execPath, [path, ...args], { stdio: 'ignore' })
  children.push(child)
  return child
}

/** Polls `check` until it holds (expect.poll is for tests only, and this is the setup). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`setup: ${what} did not happen within ${String(timeoutMs)} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const shelly = () => httpPlug((request) => (request.url?.startsWith('/rpc/Switch.GetStatus') ? fixture('shelly-gen2-switch-status') : fixture('shelly-gen2-shelly')))

beforeAll(async () => {
  browser = await launchBrowser()
  world = await deskWorld()
  livePlug = await shelly()
  deadPlug = await shelly()
  hook = await httpPlug(() => ({ status: 200, body: { ok: true } }))
  work = mkdtempSync(join(tmpdir(), 'desk-e2e-a11y-'))
  const dataDir = join(work, 'data')
  mkdirSync(dataDir)
  seedHistory(join(dataDir, 'history.sqlite'))
  // Scans every second, and a plug that stops answering is an alert at once, not after minutes.
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ schemaVersion: 1, nodes: { scanIntervalMs }, alerts: { rules: { 'plug-unreachable': { thresholds: { graceMinutes: 0 } } } } }),
  )
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', world.agentConfig(dataDir)], agentEntry.built)

  // A wallet on each network, then a reward: the Grass balance grows once, booked at the price then.
  const call = (method: string, params: unknown): Promise<unknown> => api(method, params)
  await world.setEndpoints(call)
  await addDeskWallets(call)
  world.credit('grass', 12_345_678_912n)
  await api('wallets.refresh')
  await setDeskProfit(call)
  await until('a booked reward', async () => (await api<unknown[]>('rewards.list')).length > 0, 15_000)
  await until("core's daily net", async () => (await api<ProfitSnapshot>('profit.summary')).daily.some((d) => d.net !== null), 15_000)

  // Two plugs: one keeps answering, one stops (an open alert).
  await api('power.addPlug', { kind: 'shelly-gen2', address: livePlug.address.address, label: 'Rig plug', pollMs: 1000 })
  await api('power.addPlug', { kind: 'shelly-gen2', address: deadPlug.address.address, label: 'Old plug', pollMs: 1000 })
  await deadPlug.close()
  await until('an open alert', async () => (await api<AlertsSnapshot>('alerts.snapshot')).open.length > 0, 30_000)

  // A rule turned off, so its row shows that state too.
  await api('alerts.rules', { rules: { 'disk-full': { enabled: false } } })

  // A Bittensor miner the scan finds (offered, not confirmed), and one node watched by hand.
  startFake('neurons/miner.py', ['--netuid', '19', '--wallet.name', 'a11y', '--subtensor.network', 'finney'])
  startFake('hand-node.js', [`--${marker}`])
  await api('nodes.add', { name: 'Hand node', network: 'grass', match: { kind: 'process', pattern: `hand-node\\.js --${marker}` } })
  await until('a node found by the scan', async () => (await api<NodesSnapshot>('nodes.list')).nodes.some((n) => !n.confirmed), 20_000)
}, 120_000)

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await browser.close()
  await agent.stop()
  await world.close()
  await livePlug.close()
  await hook.close()
})

type Opened = { page: Page; problems: string[] }

async function open(hash: string, colorScheme: Theme = 'light', bridge?: () => void): Promise<Opened> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1200, height: 900 } })
  if (bridge) await page.addInitScript(bridge)
  await page.addInitScript(pageHelpers)
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(agent.url + hash)
  await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
  await expect.poll(() => page.locator('.view-loading').count()).toBe(0)
  return { page, problems }
}

/*
 * Page-side helpers, as source: the tests' TypeScript has no DOM types, and this runs in the page.
 *   focused(): the focused element in words, whether its focus shows (an outline or a ring of its
 *     own, or, for a see-through control drawn by its neighbour, the neighbour's), and its form;
 *   step(): after a Tab, 'new' for a stop not seen yet, 'same' for another stop inside the same
 *     element (a date input's day, month and year), 'end' back at the start or out of the page;
 *   unreached(): the controls a pointer can use that no Tab reached;
 *   reset(): forgets the stops seen.
 */
const pageHelpers = `window.__a11y = {
  shows(el) {
    if (!el) return false
    const style = getComputedStyle(el)
    if (style.opacity === '0') return false
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '')
  },
  describe(el) {
    const name = el.getAttribute('aria-label') || (el.innerText || '').trim().slice(0, 40) || el.name || el.className
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '[' + name + ']'
  },
  focused() {
    const el = document.activeElement
    if (!el || el === document.body) return null
    const seeThrough = getComputedStyle(el).opacity === '0'
    const visible = this.shows(el) || (seeThrough && (this.shows(el.nextElementSibling) || this.shows(el.closest('label'))))
    const form = el.closest('form, [role="form"]')
    // What a failure needs to be found: the element's opening tag and what its outline computes to.
    const style = getComputedStyle(el)
    const what = this.describe(el) + ' ' + el.outerHTML.slice(0, 120) + ' (outline ' + style.outlineStyle + ' ' + style.outlineWidth + ')'
    return { what, visible, inside: form ? form.getAttribute('aria-label') : null }
  },
  step() {
    const el = document.activeElement
    if (!el || el === document.body) return 'end'
    if (el.hasAttribute('data-a11y-last')) return 'same'
    document.querySelector('[data-a11y-last]')?.removeAttribute('data-a11y-last')
    el.setAttribute('data-a11y-last', '')
    if (el.hasAttribute('data-a11y-reached')) return 'end'
    el.setAttribute('data-a11y-reached', '')
    return 'new'
  },
  reset() {
    document.activeElement?.blur()
    for (const el of document.querySelectorAll('[data-a11y-reached], [data-a11y-last]')) {
      el.removeAttribute('data-a11y-reached')
      el.removeAttribute('data-a11y-last')
    }
    window.scrollTo(0, 0)
  },
  unreached() {
    const radioShadowed = (el) => el.type === 'radio' && !el.checked && document.querySelector('input[type=radio][name="' + el.name + '"]:checked')
    return [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .filter((el) => !el.disabled && el.tabIndex >= 0 && el.getAttribute('tabindex') !== '-1')
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => !el.hasAttribute('data-a11y-reached') && !radioShadowed(el))
      .map((el) => this.describe(el))
  },
  openDetails() {
    for (const details of document.querySelectorAll('details')) details.open = true
  },
}`

/** What the focused element is, whether its focus shows, and which form it is in; null on the page itself. */
type Focused = { what: string; visible: boolean; inside: string | null } | null

const focusedNow = (page: Page): Promise<Focused> => page.evaluate<Focused>('window.__a11y.focused()')

/** Presses Tab until `target` has the focus (at most `limit` times), each stop on the way showing its focus. */
async function tabTo(page: Page, target: Locator, limit = 250): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const focused = await focusedNow(page)
    if (focused && !focused.visible) throw new Error(`no visible focus on ${focused.what}`)
    if (await target.evaluate((el: unknown) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) return
  }
  throw new Error(`Tab never reached ${String(target)}`)
}

/**
 * Tabs from the top of the page through every stop until it comes round: each stop must show its
 * focus, and every control a pointer can use must be one of the stops.
 */
async function tabThrough(page: Page): Promise<{ stops: number; invisible: string[]; unreached: string[] }> {
  await page.evaluate('window.__a11y.reset()')
  // A click on the top bar's empty corner starts Tab from the top of the page.
  await page.mouse.click(2, 2)
  const invisible: string[] = []
  let stops = 0
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press('Tab')
    const focused = await focusedNow(page)
    const step = await page.evaluate<'new' | 'same' | 'end'>('window.__a11y.step()')
    if (step === 'end') break
    if (step === 'same') continue
    stops++
    if (focused && !focused.visible) invisible.push(focused.what)
  }
  return { stops, invisible, unreached: await page.evaluate<string[]>('window.__a11y.unreached()') }
}

/** Each failing element of axe's last run with why it fails (axeViolations names the elements only): for the report beside the screenshots. */
async function axeDetails(page: Page): Promise<string[]> {
  type Run = { violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }
  const run = await page.evaluate<Run>('window.axe.run(document, { resultTypes: ["violations"] })')
  return run.violations.flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`))
}

type ViewCase = {
  name: string
  hash: string
  /** Waits until the view shows what this test gave it. */
  ready?: (page: Page) => Promise<void>
  bridge?: () => void
  /** Also taken for the README (light): test-artifacts/docs/<name>.png. */
  doc?: boolean
  /** Opens what the view keeps closed until asked (a confirmation, a snooze's choices, a what-if), after the docs picture. */
  expand?: (page: Page) => Promise<void>
}

/** The README's picture of a view: the page from the top, cut at a height a reader scrolls past (eight networks make long pages). */
async function docPicture(page: Page, name: string): Promise<void> {
  const height = await page.evaluate<number>('document.documentElement.scrollHeight')
  await page.screenshot({ path: join(docsPictures, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.min(height, 2400) } })
}

/** Asks to remove the first thing that can be (the confirmation shows; nothing is removed). */
const askToRemove = async (page: Page): Promise<void> => {
  await page.locator('button[aria-label^="Remove "]').first().click()
  await shown(page, 'button:text-is("Keep")')
}

const shown = (page: Page, selector: string, timeout = 20_000): Promise<void> => expect.poll(() => page.locator(selector).count(), { timeout }).toBeGreaterThan(0)

/** The first-run wizard's steps (wizard/wizard-steps.ts), each its own address. */
const wizardStepIds = ['currency', 'networks', 'wallets', 'tariff', 'power', 'nodes', 'costs', 'alerts', 'done']

const settingsSections = ['wallets', 'endpoints', 'prices', 'tariff', 'costs', 'attribution', 'plugs', 'alerts', 'channels', 'remote', 'data', 'about']

const viewCases: ViewCase[] = [
  { name: 'dashboard', hash: '#/' },
  {
    name: 'hardware',
    hash: '#/hardware',
    doc: true,
    ready: async (page) => {
      await shown(page, '[data-testid="power-chart"] canvas')
      await shown(page, '[data-testid="cpu-chart"] canvas')
      await expect.poll(() => page.getByRole('list', { name: 'Smart plugs' }).innerText()).toContain('Old plug')
    },
    expand: askToRemove,
  },
  {
    name: 'hardware-rig',
    hash: '#/hardware',
    bridge: installRigBridge,
    ready: async (page) => {
      await shown(page, '[data-testid="gpu"]')
      await shown(page, '[data-testid="temperature-chart"] canvas')
    },
  },
  {
    name: 'nodes',
    hash: '#/nodes',
    doc: true,
    ready: async (page) => {
      await shown(page, '[data-testid="found-node"]')
      await shown(page, '[data-testid="node-card"][data-state="running"]')
    },
    expand: askToRemove,
  },
  {
    name: 'wallets',
    hash: '#/wallets',
    doc: true,
    ready: async (page) => {
      await expect.poll(() => page.getByTestId('wallet-total').first().innerText(), { timeout: 15_000 }).toContain('$')
      await shown(page, '[data-testid="price-row"]')
    },
    expand: askToRemove,
  },
  {
    name: 'profit',
    hash: '#/profit',
    doc: true,
    ready: async (page) => {
      await shown(page, '[data-testid="daily-net-chart"] canvas')
    },
    expand: async (page) => {
      // A what-if (its table and badge), and a monthly cost line opened in the first costs form.
      await page.getByRole('textbox', { name: 'Electricity price per kWh' }).fill('0.9')
      await shown(page, '[data-testid="what-if-badge"]')
      await page.getByRole('button', { name: 'Add monthly cost' }).first().click()
      await shown(page, '[role="group"][aria-label^="Monthly cost"]')
    },
  },
  {
    name: 'alerts',
    hash: '#/alerts',
    doc: true,
    ready: async (page) => {
      await shown(page, '[data-testid="open-alert"]')
      await shown(page, '[data-testid="rule-row"]')
    },
    expand: async (page) => {
      // The snooze's choices, opened on the first open alert.
      await page.getByTestId('open-alert').first().getByRole('button', { name: 'Snooze' }).click()
      await shown(page, '[role="group"][aria-label="Snooze"]')
    },
  },
  { name: 'fleet', hash: '#/fleet' },
  { name: 'settings', hash: '#/settings' },
  ...settingsSections.map((id): ViewCase => ({ name: `settings-${id}`, hash: `#/settings/${id}` })),
  { name: 'setup', hash: '#/setup' },
  ...wizardStepIds.map((id): ViewCase => ({ name: `setup-${id}`, hash: `#/setup/${id}` })),
]

describe('forms by keyboard alone, with the focus always visible', () => {
  it('adds a smart plug on Hardware', async () => {
    const { page, problems } = await open('#/hardware')
    const form = page.getByRole('form', { name: 'Add a smart plug' })
    await tabTo(page, form.getByLabel('Kind'))
    await page.keyboard.type('Shelly Gen2')
    await page.keyboard.press('Tab')
    await page.keyboard.type(livePlug.address.address)
    await tabTo(page, form.getByLabel('Name'))
    await page.keyboard.type('Keyboard plug')
    await tabTo(page, form.getByRole('button', { name: 'Test connection' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('plug-outcome').innerText()).toMatch(/^Found /)
    await page.keyboard.press('Tab')
    expect(await focusedNow(page)).toMatchObject({ what: expect.stringContaining('Add plug') as string, visible: true })
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('list', { name: 'Smart plugs' }).innerText()).toContain('Keyboard plug')
    // The range control is a row of toggle buttons: Tab reaches it, Space presses it.
    await tabTo(page, page.getByRole('button', { name: '24 h' }))
    await page.keyboard.press('Space')
    expect(await page.getByRole('button', { name: '24 h' }).getAttribute('aria-pressed')).toBe('true')
    expect(problems).toEqual([])
    await page.close()
  })

  it('sets a flat tariff on Profit', async () => {
    const { page, problems } = await open('#/profit')
    const flat = page.getByRole('form', { name: 'Flat rate' })
    await tabTo(page, flat.getByLabel(/^Flat rate per kWh/))
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('0.25')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toBe('Flat rate: $0.25/kWh, every day 00:00–24:00')
    // The window switch answers the keyboard too.
    await tabTo(page, page.getByRole('group', { name: 'Window' }).getByRole('button', { name: 'Today' }))
    await page.keyboard.press('Enter')
    expect(await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: 'Today' }).getAttribute('aria-pressed')).toBe('true')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    expect(await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: '30 d' }).getAttribute('aria-pressed')).toBe('true')
    expect(problems).toEqual([])
    await page.close()
  })

  it('adds a push channel on Alerts', async () => {
    const { page, problems } = await open('#/alerts')
    const form = page.getByRole('form', { name: 'Add a push channel' })
    await tabTo(page, form.getByLabel('Kind'))
    await page.keyboard.type('Webhook')
    await page.keyboard.press('Tab')
    await page.keyboard.type(`http://127.0.0.1:${String(hook.address.port)}/hook`)
    await page.keyboard.press('Tab')
    await page.keyboard.type('Keyboard hook')
    await tabTo(page, form.getByRole('button', { name: 'Add channel' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('channel-outcome').innerText()).toMatch(/^Keyboard hook added/)
    expect(problems).toEqual([])
    await page.close()
  })

  it('adds a node by hand on Nodes', async () => {
    const { page, problems } = await open('#/nodes')
    const form = page.getByRole('form', { name: 'Add a node by hand' })
    startFake('keyboard-node.js', [`--${marker}`])
    await tabTo(page, form.getByLabel('Name', { exact: true }))
    await page.keyboard.type('Keyboard node')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Grass')
    await tabTo(page, form.getByLabel('Command-line pattern'))
    await page.keyboard.type(`keyboard-node\\.js --${marker}`)
    await tabTo(page, form.getByRole('button', { name: 'Add node' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('node-added').count()).toBe(1)
    expect(problems).toEqual([])
    await page.close()
  })

  it('prices a token by hand on Wallets, and clears it again', async () => {
    const { page, problems } = await open('#/wallets')
    const row = page.getByTestId('price-row').filter({ has: page.getByRole('rowheader', { name: 'GRASS' }) })
    await shown(page, '[data-testid="price-row"]')
    await tabTo(page, row.getByRole('textbox', { name: 'Your price for GRASS' }))
    await page.keyboard.type('3')
    await page.keyboard.press('Enter')
    await expect.poll(() => row.getByTestId('price').innerText()).toBe('$3.00')
    await tabTo(page, row.getByRole('button', { name: 'Clear GRASS price' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => row.getByTestId('price').innerText()).toBe('$1.85')
    expect(problems).toEqual([])
    await page.close()
  })
})

describe('every view and Settings section, light and dark', () => {
  for (const view of viewCases) {
    it(`${view.name}: no axe violation, every control reachable by Tab with its focus shown`, async () => {
      const { page, problems } = await open(view.hash, 'light', view.bridge)
      await view.ready?.(page)
      if (view.doc === true) await docPicture(page, view.name)
      await view.expand?.(page)
      await page.evaluate('window.__a11y.openDetails()')
      const found: Record<Theme, string[]> = { light: [], dark: [] }
      const details: Partial<Record<Theme, string[]>> = {}
      for (const theme of themes) {
        await page.emulateMedia({ colorScheme: theme })
        // The charts are redrawn in the theme's palette on the next frame.
        await page.waitForTimeout(300)
        found[theme] = await axeViolations(page)
        if (found[theme].length > 0) details[theme] = await axeDetails(page)
        await page.screenshot({ path: join(artifacts, `a11y-${view.name}-${theme}.png`), fullPage: true })
      }
      await page.emulateMedia({ colorScheme: 'light' })
      const { stops, invisible, unreached } = await tabThrough(page)
      const report = { axe: found, invisible, unreached, problems }
      writeFileSync(join(artifacts, `a11y-${view.name}.json`), JSON.stringify({ stops, ...report, details }, null, 2))
      expect(stops).toBeGreaterThan(0)
      expect(report).toEqual({ axe: { light: [], dark: [] }, invisible: [], unreached: [], problems: [] })
      await page.close()
    })
  }
})

describe('charts in words and in tables', () => {
  it('gives each chart its figures as a table the keyboard opens, and names each canvas', async () => {
    for (const [hash, charts, bridge] of [
      ['#/hardware', ['power-chart', 'cpu-chart'], undefined],
      ['#/hardware', ['temperature-chart'], installRigBridge],
      ['#/profit', ['daily-net-chart'], undefined],
    ] as const) {
      const { page, problems } = await open(hash, 'light', bridge)
      for (const id of charts) {
        const card = page.getByTestId(id)
        await shown(page, `[data-testid="${id}"] canvas`)
        expect(await card.getByRole('img').getAttribute('aria-label')).toMatch(/, last .+: .+\d/)
        // A disclosure under the chart: Tab reaches its summary, Enter opens it, and it is a table with a row per span or day.
        const summary = card.getByText('Figures as a table')
        await tabTo(page, summary)
        await page.keyboard.press('Enter')
        // Its own table, not uPlot's legend (a table too).
        const table = card.getByTestId('chart-figures').getByRole('table')
        await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(1)
        expect(await table.getByRole('columnheader').count()).toBeGreaterThan(1)
        expect(await table.getByRole('rowheader').first().innerText()).toMatch(/\d/)
        expect(await table.getByRole('cell').first().innerText()).toMatch(/^(no data|no figure|-?\$?[\d.,]+( W| %| °C)?)$/)
      }
      expect(problems).toEqual([])
      await page.close()
    }
  })

  it("words each sparkline's minute, with its figures in a table a screen reader reaches", async () => {
    const { page, problems } = await open('#/')
    const sparklines = page.locator('svg.sparkline')
    // The dashboard's machine cards each draw their last minute (dashboard/hardware-cards.tsx).
    await expect.poll(() => sparklines.count(), { timeout: 10_000 }).toBeGreaterThan(0)
    for (const sparkline of await sparklines.all()) {
      await expect.poll(() => sparkline.getAttribute('aria-describedby'), { timeout: 10_000 }).toMatch(/./)
      expect(await sparkline.getAttribute('aria-label')).toMatch(/: now .+, between .+ and .+/)
      const tableId = (await sparkline.getAttribute('aria-describedby')) ?? ''
      const table = page.locator(`table[id="${tableId}"]`)
      expect(await table.locator('tbody tr').count()).toBeGreaterThan(0)
      expect(await table.locator('tbody th').first().innerText()).toMatch(/^\d+–\d+ s ago$/)
    }
    expect(problems).toEqual([])
    await page.close()
  })
})
