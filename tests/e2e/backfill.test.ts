import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenAccountsOwner } from '../fixtures/chains/solana.ts'
import { fakeKey, solanaHistoryMethods, type FakeTransaction } from '../fixtures/chains/solana-history.ts'
import { simplePriceText } from '../fixtures/prices/coingecko.ts'
import { ticker } from '../fixtures/prices/coinpaprika.ts'
import { marketChartRangeText } from '../fixtures/prices/price-history.ts'
import { loopbackApi, rpcRoute, type LoopbackApi } from '../support/loopback-api.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'

/*
 * A Grass wallet's past from the Wallets tab, against the real agent, whose Solana RPC and price
 * feeds are loopback stand-ins answering the documented bodies: the wallet's first read is its
 * baseline, core then reads what it received before on its own, and its card shows the read to
 * done; the ledger lists what was found at the day's price, a reward and an inflow to mark. Then,
 * by keyboard only: read again 30 days back, pause while a page is in flight, resume to done.
 */

const dayMs = 86_400_000
const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
/** Grass's airdrop claim program, as grass.ts names it: GRASS from it is a reward. */
const claimProgram = 'Eohp5jrnGQgP74oD7ij9EuCSYnQDLLHgsuAmtSTuxABk'
const owner = tokenAccountsOwner
const ownAccount = fakeKey('backfill e2e GRASS account')
/** An older GRASS account of the owner's with nothing in it: a second page of the read, so a pause has a page to stop after. */
const emptyAccount = fakeKey('backfill e2e empty GRASS account')
const stranger = fakeKey('sender of stranger')
/** GRASS on every past day; today's live price (2.345) differs, so each entry shows which it got. */
const dayPrice = '2.1'

let browser: Browser
let agent: SpawnedAgent
let solana: LoopbackApi
let coinGecko: LoopbackApi
let coinPaprika: LoopbackApi
/** While set, the Solana stand-in holds getSignaturesForAddress until it is called: a page in flight. */
let holdPage: (() => void) | null = null
let pageHeld: Promise<void> | null = null

/** `amount` GRASS into the owner's account `daysAgo` days before now, from `sender`, through `programs`. */
function received(daysAgo: number, amount: bigint, sender: string, programs: string[] = []): FakeTransaction {
  const atMs = Date.now() - daysAgo * dayMs
  return {
    signature: fakeKey(`backfill e2e ${sender} ${String(daysAgo)}`, 64),
    slot: 300_000_000 + Math.floor(atMs / 400),
    blockTime: Math.floor(atMs / 1000),
    signer: sender,
    programs,
    balances: [
      { account: fakeKey(`${sender} GRASS`), owner: sender, mint: grassMint, decimals: 9, pre: 1_000_000_000_000n, post: 1_000_000_000_000n - amount },
      { account: ownAccount, owner, mint: grassMint, decimals: 9, pre: 5n, post: 5n + amount },
    ],
  }
}

/** Holds the next getSignaturesForAddress until `release` is called. */
function holdNextPage(): () => void {
  let release = (): void => undefined
  pageHeld = new Promise((resolve) => (release = resolve))
  holdPage = release
  return () => {
    holdPage = null
    release()
  }
}

beforeAll(async () => {
  browser = await launchBrowser()
  // 3.5 GRASS claimed from the airdrop 10 days ago; 1.25 GRASS from a stranger 40 days ago.
  const transactions = [received(10, 3_500_000_000n, fakeKey('sender of claim'), [claimProgram]), received(40, 1_250_000_000n, stranger)]
  const rpc = rpcRoute(solanaHistoryMethods({ owner, accounts: [ownAccount, emptyAccount].map((pubkey) => ({ pubkey, mint: grassMint, decimals: 9 })), transactions }))
  solana = await loopbackApi(async (request) => {
    const asks = Array.isArray(request.body) ? (request.body as { method?: string }[]) : [request.body as { method?: string }]
    if (holdPage !== null && pageHeld !== null && asks.some((ask) => ask.method === 'getSignaturesForAddress')) await pageHeld
    return rpc(request)
  })
  coinGecko = await loopbackApi((request) => {
    const path = request.url.pathname
    if (path === '/simple/price') return { raw: simplePriceText('usd', { grass: { price: '2.345', updated: Math.floor(Date.now() / 1000) - 60 } }) }
    if (path !== '/coins/grass/market_chart/range') return { status: 404, json: { error: 'coin not found' } }
    const points: [number, string][] = []
    const to = Number(request.url.searchParams.get('to')) * 1000
    for (let at = Math.ceil((Number(request.url.searchParams.get('from')) * 1000) / dayMs) * dayMs; at <= to; at += dayMs) points.push([at, dayPrice])
    return { raw: marketChartRangeText(points) }
  })
  coinPaprika = await loopbackApi((request) =>
    request.url.pathname === '/tickers/grass-grass' ? { json: ticker('grass-grass', 'USD', 2.35) } : { status: 404, json: { error: 'id not found' } },
  )
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-backfill-'))
  const config = join(dataDir, 'agent.json')
  // Only loopback: the public endpoints are off, so no real host is ever asked.
  writeFileSync(config, JSON.stringify({ priceFeeds: { coingecko: coinGecko.url, coinpaprika: coinPaprika.url }, publicEndpoints: false }))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', config], agentEntry.built)
})

afterAll(async () => {
  holdPage?.()
  await browser.close()
  await agent.stop()
  await Promise.all([solana.close(), coinGecko.close(), coinPaprika.close()])
})

/** The data-testid of what has the keyboard focus. */
function focused(page: Page): Promise<unknown> {
  return page.evaluate("document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName")
}

/** Adds the Grass wallet the way an operator does: their own RPC first, then the form. */
async function addGrassWallet(page: Page): Promise<Locator> {
  const endpoint = page.getByTestId('endpoint').and(page.locator('[data-key="solana"]'))
  await endpoint.getByLabel('Your own URL for Solana RPC').fill(solana.url)
  await endpoint.getByRole('button', { name: 'Save URL for Solana RPC' }).click()
  await expect.poll(() => endpoint.getByTestId('endpoint-custom').innerText()).toBe(`yours: ${solana.host} (used first)`)
  const form = page.getByRole('form', { name: 'Add a wallet' })
  await form.getByLabel('Network').selectOption('grass')
  await form.getByLabel('Address').fill(owner)
  await expect.poll(() => form.getByTestId('address-feedback').getAttribute('data-tone')).toBe('ok')
  await form.getByLabel('Name').fill('Rig 1')
  await form.getByRole('button', { name: 'Add wallet' }).click()
  return page.getByRole('article', { name: 'Rig 1' })
}

describe("a wallet's past from the Wallets tab", () => {
  let context: BrowserContext

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' })
  })

  afterAll(async () => {
    await context.close()
  })

  it('reads a new wallet’s past to done on its own, and lists what it found at the day’s price, a reward and an inflow to mark', async () => {
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(agent.url)
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.getByRole('tab', { name: 'Wallets' }).click()
    const wallet = await addGrassWallet(page)

    const history = wallet.getByTestId('backfill')
    await expect.poll(() => history.getAttribute('data-state'), { timeout: 15_000 }).toBe('done')
    const baseline = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(Date.now())
    expect(await history.getByRole('heading', { level: 5 }).innerText()).toBe(`History before ${baseline}`)
    // The state is a word with a shape, not a colour alone.
    expect(await history.getByTestId('backfill-state').textContent()).toBe('✓Done')
    const bar = history.getByRole('progressbar', { name: 'History read of Rig 1' })
    expect([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')]).toEqual(['365', '365'])
    const progress = await history.getByTestId('backfill-progress').innerText()
    expect(progress).toMatch(/^365 of 365 days · \d+ requests · 1 reward, 1 inflow to mark$/)
    expect(await bar.getAttribute('aria-valuetext')).toBe(progress)
    expect(await history.getByTestId('backfill-remaining').innerText()).toMatch(/^every day back to \d{4}-\d{2}-\d{2} read$/)
    expect(await history.getByTestId('backfill-problem').count()).toBe(0)
    expect(await history.getByRole('button', { name: 'Read again (history of Rig 1)' }).isVisible()).toBe(true)
    expect(await history.getByLabel('Days back').inputValue()).toBe('365')

    // The ledger: both at the day's price, the stranger's GRASS not income until marked.
    const rows = page.getByRole('table', { name: 'Rewards' }).getByTestId('reward-row')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2)
    const [claim, inflow] = [rows.nth(0), rows.nth(1)]
    for (const row of [claim, inflow]) {
      expect(await row.getByTestId('reward-price').innerText()).toBe('$2.10\ndaily price')
      expect(await row.getByTestId('reward-source').innerText()).toMatch(/^from the chain's past\n/)
    }
    expect(await claim.getByTestId('reward-value').innerText()).toBe('$7.35')
    expect(await claim.getByTestId('reward-class').innerText()).toBe('income')
    expect(await inflow.getByTestId('reward-value').innerText()).toBe('$2.63')
    expect(await inflow.getByTestId('reward-class').innerText()).toBe('inflow, not yet income')
    expect(await inflow.getByTestId('reward-rule').innerText()).toBe(`received from ${stranger}, not a known distributor`)
    expect(await page.getByRole('region', { name: 'Rewards' }).innerText()).toMatch(/an entry read from the chain's past is valued at its day's price.*An inflow is a receipt from no known reward source/s)
    const id = await inflow.getAttribute('data-id')
    await inflow.getByRole('button', { name: `Mark as my own transfer (#${id ?? ''})` }).click()
    await expect.poll(() => inflow.getByTestId('reward-class').innerText()).toBe('not income')

    await page.screenshot({ path: join(artifacts, 'backfill.png'), fullPage: true })
    expect(problems).toEqual([])
  })

  it('reads again 30 days back, pauses while a page is in flight and resumes to done, by keyboard only', async () => {
    const page = await context.newPage()
    await page.goto(new URL('/#/wallets', agent.url).href)
    const history = page.getByRole('article', { name: 'Rig 1' }).getByTestId('backfill')
    await expect.poll(() => history.getAttribute('data-state'), { timeout: 10_000 }).toBe('done')
    // "What it reads" opens from the keyboard.
    const reach = history.locator('summary')
    await reach.focus()
    await page.keyboard.press('Enter')
    expect(await history.getByTestId('backfill-reach').innerText()).toMatch(/GRASS claimed from Grass’s airdrop program counts as a reward/)

    const days = history.getByLabel('Days back')
    await days.focus()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('0')
    await page.keyboard.press('Enter')
    expect(await history.getByRole('alert').innerText()).toBe('a whole number of days from 1 to 3650')
    expect(await days.getAttribute('aria-invalid')).toBe('true')

    const release = holdNextPage()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('30')
    await page.keyboard.press('Enter')
    await expect.poll(() => history.getAttribute('data-state')).toBe('running')
    expect(await days.getAttribute('readonly')).not.toBeNull()
    expect(await history.getByTestId('backfill-progress').innerText()).toMatch(/^0 of 30 days · /)
    await page.keyboard.press('Tab')
    const action = history.getByTestId('backfill-action')
    expect(await focused(page)).toBe('backfill-action')
    expect(await action.getAttribute('aria-label')).toBe('Pause (history of Rig 1)')
    await page.keyboard.press('Enter')
    await expect.poll(() => history.getByRole('status').innerText()).toBe('Pausing after the page in flight…')
    release()
    await expect.poll(() => history.getAttribute('data-state'), { timeout: 10_000 }).toBe('paused')
    expect(await history.getByTestId('backfill-state').textContent()).toBe('‖Paused')
    // The same button, still focused, now resumes.
    expect(await focused(page)).toBe('backfill-action')
    expect(await action.getAttribute('aria-label')).toBe('Resume (history of Rig 1)')
    await page.keyboard.press('Enter')
    await expect.poll(() => history.getAttribute('data-state'), { timeout: 10_000 }).toBe('done')
    expect(await history.getByTestId('backfill-progress').innerText()).toMatch(/^30 of 30 days · \d+ requests · /)
    expect(await days.inputValue()).toBe('30')
    // Nothing booked twice: the claim 10 days ago was booked already.
    expect(await page.getByRole('table', { name: 'Rewards' }).getByTestId('reward-row').count()).toBe(2)
  })
})
