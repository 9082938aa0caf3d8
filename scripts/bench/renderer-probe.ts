/**
 * The renderer's budgets (issue 12, item 6), in their own process: `node scripts/bench/renderer-probe.ts
 * [--json] [--loads N] [--wizard-passes N]`, run by `npm run bench` after `npm run build`. It reads
 * out/renderer, starts the bundled agent (out/agent/main.js) against the desk world on loopback
 * (tests/e2e/desk-world.ts: a wallet on each of the eight networks, every token priced, nothing
 * public reached), and drives Chromium with playwright-core.
 *
 * renderer_initial_js_kb_gz (goal <= 120): the JS out/renderer/index.html loads before first paint,
 *   its entry `<script type="module">` plus its `<link rel="modulepreload">`s, each gzipped (zlib
 *   level 9), summed, in kB of 1000 bytes. Views fetched on demand (the dashboard's own chunk
 *   included) are not in it. Needs no browser.
 * dashboard_first_paint_ms (goal <= 400): navigation start to `first-contentful-paint`
 *   (performance.getEntriesByName) loading the dashboard (`/#/`) from the agent, each load in a
 *   fresh browser context (cold cache); median of --loads (7) after one load thrown away.
 * dashboard_figures_ms (goal <= 700): navigation start to today's net and the watts painted on the
 *   dashboard: `data-testid="dashboard-net-today"` and `data-testid="dashboard-watts"` both present
 *   with a digit in their text, as a MutationObserver installed before the page's scripts
 *   (page.addInitScript) sees them, timed at the next requestAnimationFrame (the frame that paints
 *   them). The eight wallets are added and read, and a flat tariff and each network's hardware cost
 *   set (desk-world.ts setDeskProfit), before the page loads. Same loads as above.
 * wizard_step_ms (goal <= 100): in the first-run wizard (`/#/setup/currency`), a click on the button
 *   named "Next" (timed in a capture listener on window) to the next step's container,
 *   `data-testid="wizard-step"` with the next `data-step`, present and a requestAnimationFrame
 *   after it. The agent is the same one, its wallets on all eight networks already saved, so the
 *   steps asking for networks and wallets pass without input. The wizard is walked from its first
 *   step until Next is gone (the last step) or a step does not go on (its notice is printed);
 *   median over every step passed in --wizard-passes (4) fresh pages, after one pass thrown away.
 *
 * A figure that cannot be measured (no dashboard figures on the page, no wizard step) is left out
 * of the output, its reason on stderr, and the probe exits 3 after printing the rest: never a
 * made-up number (a crash exits 1, as Node does). Without a Chromium-family browser it prints find-browser's one line and only
 * renderer_initial_js_kb_gz, and exits 0.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { browserExecutable, launchBrowser } from '../../tests/e2e/browser.ts'
import { addDeskWallets, deskWorld, setDeskProfit } from '../../tests/e2e/desk-world.ts'
import { BrowserNotFoundError } from '../../tests/support/find-browser.ts'
import { agentEntry, callAgent, spawnAgent } from '../../tests/support/spawn-agent.ts'

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    loads: { type: 'string', default: '7' },
    'wizard-passes': { type: 'string', default: '4' },
  },
})
const loads = Math.max(1, Number(values.loads))
const wizardPasses = Math.max(1, Number(values['wizard-passes']))
const rendererDir = join(import.meta.dirname, '../../out/renderer')

const figures: Record<string, number> = {}
const goals: Record<string, string> = {
  renderer_initial_js_kb_gz: '<= 120 kB',
  dashboard_first_paint_ms: '<= 400 ms',
  dashboard_figures_ms: '<= 700 ms',
  wizard_step_ms: '<= 100 ms',
}
/** The figures left out, each with its reason said on stderr. */
const unmeasured: string[] = []

const say = (line: string): boolean => process.stderr.write(`renderer-probe: ${line}\n`)
const notMeasured = (name: string, why: string): void => {
  unmeasured.push(name)
  say(`${name} not measured: ${why}`)
}
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
const round = (x: number): number => Number(x.toFixed(1))

/** The entry script and its modulepreloads, as index.html names them. */
function initialJsKbGz(): number {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? []
  const files = tags.flatMap((tag) => {
    const entry = /^<script\b/.test(tag) && /\btype="module"/.test(tag) ? /\bsrc="([^"]+)"/.exec(tag)?.[1] : undefined
    const preload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag) ? /\bhref="([^"]+)"/.exec(tag)?.[1] : undefined
    const path = entry ?? preload
    return path === undefined ? [] : [path]
  })
  if (files.length === 0) throw new Error('out/renderer/index.html names no module script')
  const bytes = files.map((file) => gzipSync(readFileSync(join(rendererDir, file)), { level: 9 }).length)
  say(`initial JS: ${files.map((file, i) => `${file} ${((bytes[i] ?? 0) / 1000).toFixed(1)} kB`).join(', ')}`)
  return bytes.reduce((sum, n) => sum + n, 0) / 1000
}

type WizardLog = { clicks: number[]; steps: { step: string; painted: number }[] }

/*
 * Page-side code is text: this project's Node typecheck has no DOM types, and the page runs it as
 * it is. Each init script runs before the page's own scripts.
 */

/** `window.deskFigures.at`: when both dashboard figures hold a digit, at the frame that paints them. */
const watchFigures = `(() => {
  const state = {}
  window.deskFigures = state
  const figure = (id) => /\\d/.test(document.querySelector('[data-testid="' + id + '"]')?.textContent ?? '')
  const observer = new MutationObserver(() => {
    if (!figure('dashboard-net-today') || !figure('dashboard-watts')) return
    observer.disconnect()
    requestAnimationFrame(() => { state.at = performance.now() })
  })
  observer.observe(document, { childList: true, subtree: true, characterData: true })
})()`

/** `window.deskWizard`: each click (capture, on window: the probe clicks only Next), and each wizard step at the frame that paints it. */
const watchWizard = `(() => {
  const log = { clicks: [], steps: [] }
  window.deskWizard = log
  window.addEventListener('click', () => log.clicks.push(performance.now()), true)
  let last = null
  new MutationObserver(() => {
    const step = document.querySelector('[data-testid="wizard-step"]')?.getAttribute('data-step') ?? null
    if (step === null || step === last) return
    last = step
    requestAnimationFrame(() => log.steps.push({ step, painted: performance.now() }))
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid', 'data-step'] })
})()`

/**
 * Polls `expression` in the page (page.evaluate: the page's CSP forbids the eval that
 * waitForFunction's text predicates need) until it is neither undefined, null nor false; throws
 * after `timeoutMs`. The times measured are taken in the page, so the polling does not bias them.
 */
async function pageValue(page: Page, expression: string, timeoutMs: number): Promise<unknown> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const value = await page.evaluate(expression)
    if (value !== undefined && value !== null && value !== false) return value
    if (performance.now() > deadline) throw new Error(`${expression} did not hold within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** One cold load of the dashboard: first contentful paint, and the figures' paint (null when they never show). */
async function loadDashboard(browser: Browser, url: string, figuresTimeoutMs: number): Promise<{ fcp: number; figures: number | null; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.addInitScript(watchFigures)
  await page.goto(`${url}#/`)
  const fcp = Number(await pageValue(page, "performance.getEntriesByName('first-contentful-paint')[0]?.startTime", 10_000))
  let figures: number | null = null
  if (figuresTimeoutMs > 0) {
    try {
      figures = Number(await pageValue(page, 'window.deskFigures.at', figuresTimeoutMs))
    } catch {
      figures = null
    }
  }
  return { fcp, figures, page }
}

/** What the dashboard shows of the two figures, for the reason when they never show. */
async function figuresSeen(page: Page): Promise<string> {
  const text = (id: string): Promise<string> => page.evaluate(`document.querySelector('[data-testid="${id}"]')?.textContent ?? '(absent)'`)
  return `dashboard-net-today: ${JSON.stringify(await text('dashboard-net-today'))}, dashboard-watts: ${JSON.stringify(await text('dashboard-watts'))}`
}

type StepTime = { from: string; to: string; ms: number }

/** One walk through the wizard from its first step; `stop` says why it ended before the last step, null when it reached it. */
async function walkWizard(browser: Browser, url: string): Promise<{ times: StepTime[]; stop: string | null }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.addInitScript(watchWizard)
  const log = (): Promise<WizardLog> => page.evaluate('window.deskWizard')
  const times: StepTime[] = []
  try {
    await page.goto(`${url}#/setup/currency`)
    try {
      await pageValue(page, 'window.deskWizard.steps.length > 0', 10_000)
    } catch {
      return { times, stop: 'no element with data-testid="wizard-step" and a data-step appeared at #/setup within 10 s (is the wizard built?)' }
    }
    for (;;) {
      const before = await log()
      const from = before.steps.at(-1)?.step ?? '?'
      const next = page.getByRole('button', { name: 'Next', exact: true })
      if ((await next.count()) === 0) return { times, stop: null }
      await next.click({ timeout: 5000 })
      try {
        await pageValue(page, `window.deskWizard.steps.length > ${before.steps.length}`, 5000)
      } catch {
        const notice = await page.getByTestId('wizard-notice').allInnerTexts()
        return { times, stop: `step "${from}" did not go on after Next${notice.length > 0 ? `: ${notice.join(' ')}` : ''}` }
      }
      const after = await log()
      const step = after.steps.at(-1)
      const click = after.clicks.at(-1)
      if (step === undefined || click === undefined) return { times, stop: `the click on Next at step "${from}" was not seen by the page` }
      times.push({ from, to: step.step, ms: step.painted - click })
    }
  } finally {
    await context.close()
  }
}

const [load = 0] = loadavg()
say(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores${load > availableParallelism() ? ': a busy machine, the times run long' : ''}`)
try {
  figures.renderer_initial_js_kb_gz = round(initialJsKbGz())
} catch (error) {
  notMeasured('renderer_initial_js_kb_gz', `${(error as Error).message} (run \`npm run build\`)`)
}

let browserMissing: string | null = null
try {
  browserExecutable()
} catch (error) {
  if (!(error instanceof BrowserNotFoundError)) throw error
  browserMissing = error.message
}

if (browserMissing !== null) {
  say(`${browserMissing}; dashboard_first_paint_ms, dashboard_figures_ms and wizard_step_ms are skipped`)
} else {
  const world = await deskWorld()
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-renderer-'))
  const agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', world.agentConfig(dataDir)], agentEntry.built)
  const browser = await launchBrowser()
  try {
    const call = (method: string, params: unknown): Promise<unknown> => callAgent(agent, method, params)
    await world.setEndpoints(call)
    await addDeskWallets(call)
    // A tariff and hardware costs: without them today's net is "unknown", not a figure.
    await setDeskProfit(call)
    const snapshot = await callAgent<{ wallets: { wallet: { network: string }; freshness: string; error: string | null }[] }>(agent, 'wallets.refresh')
    const unread = snapshot.wallets.filter((view) => view.freshness !== 'live')
    if (unread.length > 0) say(`wallets not live before the loads: ${unread.map((view) => `${view.wallet.network} (${view.error ?? view.freshness})`).join(', ')}`)

    // Dashboard: one load thrown away, then --loads; the figures are waited for until they fail once.
    const fcps: number[] = []
    const shown: number[] = []
    let figuresProblem: string | null = null
    for (let i = 0; i <= loads; i++) {
      const load = await loadDashboard(browser, agent.url, figuresProblem === null ? 10_000 : 0)
      if (figuresProblem === null && load.figures === null) {
        figuresProblem = `the dashboard did not show both figures within 10 s of loading (${await figuresSeen(load.page)}); it should carry data-testid="dashboard-net-today" and data-testid="dashboard-watts", each with a figure`
      }
      await load.page.context().close()
      if (i === 0) continue
      fcps.push(load.fcp)
      if (load.figures !== null) shown.push(load.figures)
    }
    figures.dashboard_first_paint_ms = round(median(fcps))
    say(`first contentful paint, ms: ${fcps.map(round).join(', ')}`)
    if (figuresProblem === null) {
      figures.dashboard_figures_ms = round(median(shown))
      say(`dashboard figures painted, ms: ${shown.map(round).join(', ')}`)
    } else {
      notMeasured('dashboard_figures_ms', figuresProblem)
    }

    // Wizard: one pass thrown away, then --wizard-passes.
    const steps: StepTime[] = []
    let stop: string | null = null
    for (let i = 0; i <= wizardPasses; i++) {
      const walk = await walkWizard(browser, agent.url)
      stop = walk.stop
      if (i > 0) steps.push(...walk.times)
      if (walk.times.length === 0) break
    }
    if (steps.length === 0) {
      notMeasured('wizard_step_ms', stop ?? 'no step could be passed')
    } else {
      figures.wizard_step_ms = round(median(steps.map((s) => s.ms)))
      const byStep = Map.groupBy(steps, (s) => `${s.from}→${s.to}`)
      say(`wizard Next to next step painted, median ms: ${[...byStep].map(([name, times]) => `${name} ${round(median(times.map((t) => t.ms)))}`).join(', ')}`)
      if (stop !== null) say(`the wizard walk stopped before its last step: ${stop}; wizard_step_ms is the median of the steps passed`)
    }
  } finally {
    await browser.close()
    await agent.stop()
    await world.close()
  }
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(figures)}\n`)
} else {
  for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(28)} ${value.toFixed(1).padStart(8)}  goal ${goals[name] ?? ''}\n`)
}
process.exitCode = unmeasured.length > 0 ? 3 : 0
