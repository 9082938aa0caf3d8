import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { machinePowerSeries } from '../../src/main/core/hardware/history-points.ts'
import { SqliteHistory } from '../../src/main/core/store/sqlite-history.ts'
import type { ProfitSnapshot } from '../../src/shared/contract/profit.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'
import { grassOwner, grassWorld, type GrassWorld } from './grass-world.ts'

/*
 * The Profit tab against the real agent: a Grass wallet on a loopback Solana node whose balance
 * grows once (a reward booked at CoinGecko's price), a day of recorded machine power written to
 * the history file before the agent starts, and the tariff and hardware costs entered through
 * the forms. Every figure the page shows is core's; the test works the same figures out by hand
 * from the fixture numbers and checks the page against them.
 */

const grassBaseUnits = '1234567891234'
/** The balance increase core books as a reward: 12.345678912 GRASS. */
const rewardBaseUnits = '12345678912'
const rewardTokens = 12.345678912
const coinGeckoPrice = '2.345'
const priceUpdatedAt = Math.floor(Date.now() / 1000) - 120
// By hand: 12.345678912 × 2.345 = 28.95061704864 → core keeps 8 places: 28.95061705 → $28.95.
const revenue = 28.95061705
/** A day of recorded power at 300 W, ending ten minutes before the run: 7.2 kWh in the 7- and 30-day windows. */
const seededWatts = 300
const seededKwh = 7.2
/** The flat rate entered in the form; the what-if slider moves to three times it, its top. */
const flatRate = 0.3
const whatIfRate = 0.9
const hardwareCost = 600
const lifetimeMonths = 60
const monthly = 5
const dayMs = 86_400_000
/** Core's average month: 365.2425 / 12 days. */
const averageMonthMs = 2_629_746_000

let browser: Browser
let agent: SpawnedAgent
const api = <T>(method: string, input?: unknown): Promise<T> => callAgent<T>(agent, method, input)
let world: GrassWorld
let heldBaseUnits = grassBaseUnits

/** The purchase: 400 days ago, on a day every month has, so "60 months later" is the same day of the month. */
const purchase = (() => {
  const day = new Date(Date.now() - 400 * dayMs)
  day.setDate(Math.min(day.getDate(), 28))
  day.setHours(0, 0, 0, 0)
  return day
})()
const purchaseText = `${purchase.getFullYear()}-${String(purchase.getMonth() + 1).padStart(2, '0')}-${String(purchase.getDate()).padStart(2, '0')}`
// By hand: straight line over 60 calendar months from local midnight of that day, in UTC months.
const lifetimeMs = (() => {
  const end = new Date(purchase.getTime())
  end.setUTCFullYear(end.getUTCFullYear() + lifetimeMonths / 12)
  return end.getTime() - purchase.getTime()
})()
const amortization30d = (hardwareCost * 30 * dayMs) / lifetimeMs
const other30d = (monthly * 30 * dayMs) / averageMonthMs
const electricity30d = seededKwh * flatRate
const net30d = revenue - electricity30d - amortization30d - other30d

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', signDisplay: 'negative' })
const dollars = (value: number): string => usd.format(value)
/** A shown figure back to a number, to compare with one worked out here (electricity moves by the seconds the agent itself records). */
const amountOf = (text: string): number => Number(text.replace(/[^\d.-]/g, ''))

/**
 * Writes a day of machine watts into the history file the agent will open, rolled up as the agent
 * would: the first 12 hours as history kept before provenance was (it counts as estimated), the
 * last 12 measured by a wall plug. Half of the seeded kWh are estimated.
 */
function seedHistory(path: string): void {
  const history = new SqliteHistory({ path })
  const nowSeconds = Math.floor(Date.now() / 1000)
  const fromSeconds = nowSeconds - 24 * 3600 - 600
  const plugged = { measured: seededWatts, origin: 'wall: shelly-gen2' }
  history.append(
    Array.from({ length: 24 * 3600 }, (_, i) => ({
      series: machinePowerSeries,
      tsSeconds: fromSeconds + i,
      value: seededWatts,
      ...(i < 12 * 3600 ? {} : { provenance: plugged }),
    })),
  )
  history.flush()
  history.rollup(nowSeconds)
  history.close()
}

beforeAll(async () => {
  browser = await launchBrowser()
  world = await grassWorld({ held: () => heldBaseUnits, coinGeckoPrice, priceUpdatedAt, coinPaprikaPrice: 2.351 })
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-profit-'))
  seedHistory(join(dataDir, 'history.sqlite'))
  const config = world.agentConfig(dataDir)
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', config], agentEntry.built)
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await world.close()
})

const notes = async (scope: Locator): Promise<string[]> => scope.getByTestId('missing-notes').getByRole('listitem').allInnerTexts()

describe('the Profit tab', () => {
  it("shows core's figures per network and in total, takes a tariff and costs, and answers a what-if", async () => {
    // The wallet and its one reward, through the agent's API: the Wallets tab has its own test.
    await api('endpoints.set', { key: 'solana', url: world.solana.url })
    await api('wallets.add', { network: 'grass', address: grassOwner, label: 'Rig 1' })
    const firstRead = async (): Promise<number | null> => (await api<{ wallets: { fetchedAt: number | null }[] }>('wallets.snapshot')).wallets[0]?.fetchedAt ?? null
    await expect.poll(firstRead, { timeout: 10_000 }).not.toBeNull()
    heldBaseUnits = (BigInt(grassBaseUnits) + BigInt(rewardBaseUnits)).toString()
    await api('wallets.refresh')
    expect(await api<{ amount: string; fiat: string }[]>('rewards.list')).toMatchObject([{ amount: rewardBaseUnits, fiat: '28.95061705' }])

    const page: Page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: 'light' })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(agent.url)
    await page.getByRole('tab', { name: 'Profit' }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/profit')

    const grass = page.getByRole('article', { name: 'Grass' })
    const total = page.getByRole('article', { name: 'Total' })
    await expect.poll(() => grass.getByTestId('fig-revenue').innerText(), { timeout: 10_000 }).toBe(dollars(revenue))
    // No tariff yet: electricity, and so net, are unknown, never $0.00, and both say why.
    expect(await grass.getByTestId('fig-revenue-today').innerText()).toBe(dollars(revenue))
    expect(await grass.getByTestId('fig-electricity').innerText()).toBe('electricity unknown')
    expect(await grass.getByTestId('fig-net').innerText()).toBe('unknown')
    expect(await total.getByTestId('fig-electricity').innerText()).toBe('electricity unknown')
    expect(await total.getByTestId('net-30d').innerText()).toBe('unknown')
    // The notes follow core's next summary (the wallet's backfill may book and reload it): waited for, not read once.
    await expect.poll(() => notes(grass), { timeout: 10_000 }).toContain('electricity unknown: no electricity price is set')
    await expect.poll(() => notes(total), { timeout: 10_000 }).toContain('Grass: electricity unknown: no electricity price is set')
    expect(await grass.getByTestId('payback').innerText()).toBe('payback unknown: no hardware cost given')

    // A flat rate through its shortcut.
    const flat = page.getByRole('form', { name: 'Flat rate' })
    await flat.getByLabel('Flat rate per kWh (USD)').fill('0,30')
    await flat.getByRole('button', { name: 'Use flat rate' }).click()
    await expect.poll(() => flat.getByRole('alert').innerText()).toBe('a decimal number like 1.25')
    await flat.getByLabel('Flat rate per kWh (USD)').fill(String(flatRate))
    await flat.getByRole('button', { name: 'Use flat rate' }).click()
    await expect.poll(() => page.getByTestId('tariff-now').innerText()).toBe('Flat rate: $0.30/kWh, every day 00:00–24:00')
    expect(await page.getByRole('group', { name: 'Period 1' }).getByLabel('Price per kWh (USD)').inputValue()).toBe('0.3')

    // The hardware and a monthly cost; core refuses a cost without its purchase date, at that field.
    const costs = page.getByRole('form', { name: 'Costs of Grass' })
    await costs.getByLabel('Hardware cost (USD)').fill(String(hardwareCost))
    await costs.getByLabel('Lifetime (months)').fill(String(lifetimeMonths))
    await costs.getByRole('button', { name: 'Save costs of Grass' }).click()
    await expect.poll(() => costs.getByRole('alert').innerText()).toBe('give the purchase date with the hardware cost: amortization and payback start there')
    expect(await costs.getByLabel('Purchase date').getAttribute('aria-invalid')).toBe('true')
    await costs.getByLabel('Purchase date').fill(purchaseText)
    await costs.getByRole('button', { name: 'Add monthly cost' }).click()
    const internet = costs.getByRole('group', { name: 'Monthly cost 1' })
    await internet.getByLabel('Label').fill('Internet share')
    await internet.getByLabel('Per month (USD)').fill(String(monthly))
    await costs.getByRole('button', { name: 'Save costs of Grass' }).click()
    await expect.poll(() => page.getByTestId('costs-saved').count()).toBe(1)

    // The 30-day figures, against the hand-worked ones.
    await expect.poll(() => grass.getByTestId('fig-amortization').innerText()).toBe(dollars(amortization30d))
    expect(await grass.getByTestId('fig-other').innerText()).toBe(dollars(other30d))
    expect(await grass.getByTestId('fig-revenue').innerText()).toBe(dollars(revenue))
    const electricity = await grass.getByTestId('fig-electricity').innerText()
    expect(electricity).toMatch(/^\$[\d.]+ · [\d.]+ kWh$/)
    expect(amountOf(electricity.split(' · ')[0] ?? '')).toBeCloseTo(electricity30d, 1)
    expect(Number(/([\d.]+) kWh/.exec(electricity)?.[1])).toBeCloseTo(seededKwh, 1)
    expect(amountOf(await grass.getByTestId('net-30d').innerText())).toBeCloseTo(net30d, 1)
    expect(await grass.getByTestId('net-30d').innerText()).toBe(await total.getByTestId('net-30d').innerText())
    expect(await notes(grass)).not.toContain('electricity unknown: no electricity price is set')
    expect((await notes(grass)).join('\n')).toMatch(/no power data for [\d.]+ h of this window/)

    // Break-even: the token price that nets the 30 days to 0, against today's.
    const breakEven = grass.getByTestId('break-even')
    expect(await breakEven.getAttribute('data-verdict')).toBe('covers')
    const [, shownBreakEven] = /^break-even \$([\d.]+) · now \$2\.35 ✓/.exec(await breakEven.innerText()) ?? []
    expect(Number(shownBreakEven)).toBeCloseTo((electricity30d + amortization30d + other30d) / rewardTokens, 1)
    const [, kwhBreakEven] = /^break-even at \$([\d.]+)\/kWh/.exec(await grass.getByTestId('break-even-kwh').innerText()) ?? []
    expect(Number(kwhBreakEven)).toBeCloseTo((revenue - amortization30d - other30d) / seededKwh, 1)
    expect(await grass.getByTestId('payback').innerText()).toMatch(/^pays back by [A-Z][a-z]{2} \d{1,2}, \d{4}$/)

    // What core answers is what the page shows, notes and attribution included.
    const snapshot = await api<ProfitSnapshot>('profit.summary')
    const coreGrass = snapshot.networks.find((n) => n.network === 'grass')
    expect(await grass.getByTestId('attribution').innerText()).toBe(`power: ${coreGrass?.attribution ?? ''}`)
    expect(await page.getByTestId('profit-power').innerText()).toContain(snapshot.power.reason)
    // Half the seeded day's kWh rest on estimated watts, whatever the watts are now: the 30 days say so.
    const share = (await notes(total)).find((note) => note.startsWith('Grass: electricity 50 % estimated'))
    expect(share).toMatch(/^Grass: electricity 50 % estimated: [\d.]+ of [\d.]+ kWh were drawn while the machine's watts were estimated, not measured$/)
    expect(await page.getByTestId('profit-estimated-share').innerText()).toContain('electricity 50 % estimated')
    expect(snapshot.total.find((w) => w.window === '30d')?.estimatedKwh).toBeCloseTo(seededKwh / 2, 1)

    // The window switch: today's revenue is the same reward; the figures say which window they are.
    await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: 'Today' }).click()
    expect(await grass.locator('dl[aria-label="Grass, Today"]').count()).toBe(1)
    expect(await grass.getByTestId('fig-revenue').innerText()).toBe(dollars(revenue))
    await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: '30 d' }).click()

    // The 30-day chart is drawn.
    await expect.poll(() => page.getByTestId('daily-net-chart').locator('.uplot canvas').count()).toBe(1)

    // What if electricity cost three times as much: core recomputes, the page says it is not real.
    const realNet = await grass.getByTestId('net-30d').innerText()
    const slider = page.getByRole('slider', { name: 'Electricity price per kWh' })
    await slider.fill(String(whatIfRate))
    const row = page.getByRole('table', { name: 'What-if figures' }).getByTestId('what-if-row').and(page.locator('[data-network="grass"]'))
    await expect.poll(() => row.getByTestId('what-if-net').innerText(), { timeout: 5_000 }).not.toBe(realNet)
    expect(await page.getByTestId('what-if-badge').innerText()).toBe('what-if — not your real figures')
    expect(await page.getByRole('textbox', { name: 'Electricity price per kWh' }).inputValue()).toBe(String(whatIfRate))
    const whatIfNet = amountOf(await row.getByTestId('what-if-net').innerText())
    expect(amountOf(realNet) - whatIfNet).toBeCloseTo(seededKwh * (whatIfRate - flatRate), 1)
    // The real figures stay as they are.
    expect(await grass.getByTestId('net-30d').innerText()).toBe(realNet)
    // The README's picture: the total, the card, the chart and the what-if; the settings forms below are cut off.
    await page.evaluate('window.scrollTo(0, 0)')
    const whatIf = await page.getByRole('region', { name: 'What if' }).boundingBox()
    await page.screenshot({ path: join(artifacts, 'profit.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil((whatIf?.y ?? 0) + (whatIf?.height ?? 900) + 24) } })

    await page.getByRole('button', { name: 'Reset what-if' }).click()
    await expect.poll(() => page.getByTestId('what-if-badge').count()).toBe(0)
    expect(await page.getByRole('table', { name: 'What-if figures' }).count()).toBe(0)
    expect(await page.getByRole('textbox', { name: 'Electricity price per kWh' }).inputValue()).toBe('')
    expect(await slider.inputValue()).toBe(String(flatRate))
    expect(problems).toEqual([])
    await page.close()
  })
})
