import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LoopbackApi } from '../support/loopback-api.ts'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'
import { grassOwner, grassWorld, type GrassWorld } from './grass-world.ts'
import { throwawayPhrase, wordRuns } from '../support/throwaway-secrets.ts'

/*
 * The Wallets tab against the real agent, whose Solana RPC and price feeds are loopback
 * stand-ins answering the documented bodies: add a Grass wallet the way an operator does
 * (secrets refused, another chain's address explained), see its balance valued, price it by
 * hand, see a balance increase booked as a reward at the price then, mark it as the operator's own
 * transfer, record a payout by hand, watch it go stale when the RPC fails, and stop watching it.
 */

/** 1,234.567891234 GRASS (9 decimals): more digits than the table shows, all of them in its title. */
const grassBaseUnits = '1234567891234'
/** CoinGecko's GRASS price in the fixture; CoinPaprika's is within the 10 % cross-check. */
const coinGeckoPrice = '2.345'
const coinPaprikaPrice = 2.351
/** CoinGecko's `last_updated_at` (seconds): two minutes before the run, as a live feed says. */
const priceUpdatedAt = Math.floor(Date.now() / 1000) - 120
// By hand: 1,234.567891234 × 2.345 = 2,895.06170494373 → $2,895.06; × 3 (the override) = 3,703.703673702 → $3,703.70.
const liveValue = '$2,895.06'
const manualValue = '$3,703.70'
/** What the wallet grows by before "Refresh now": 12.345678912 GRASS, more digits than the ledger's cell shows. */
const rewardBaseUnits = '12345678912'
const raisedBaseUnits = (BigInt(grassBaseUnits) + BigInt(rewardBaseUnits)).toString()
// By hand: 12.345678912 × 2.345 = 28.95061704864 → core keeps 8 places, 28.95061705 → $28.95; the wallet is now
// 1,246.913570146 × 2.345 = 2,924.01232199237 → $2,924.01. The payout: 2.5 × 2.345 = 5.8625 → $5.86.
const rewardFiat = '28.95061705'
const rewardValue = '$28.95'
const raisedValue = '$2,924.01'
const payoutValue = '$5.86'
/** What a seed phrase pasted by mistake looks like, made fresh for the run. */
const seedPhrase = throwawayPhrase()
/** A well-known Ethereum address (vitalik.eth), pasted into a Solana network by mistake. */
const ethereumAddress = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'

let browser: Browser
let agent: SpawnedAgent
let dataDir: string
let world: GrassWorld
let solana: LoopbackApi
let coinGecko: LoopbackApi
let coinPaprika: LoopbackApi
/** Set to make the Solana stand-in answer every request with HTTP 500. */
let solanaDown = false
/** What the Solana stand-in says the wallet holds, in base units. */
let heldBaseUnits = grassBaseUnits
/** Everything the agent printed, to show the refused seed phrase is not in it. */
let agentLog = ''

beforeAll(async () => {
  browser = await launchBrowser()
  world = await grassWorld({ held: () => heldBaseUnits, down: () => solanaDown, coinGeckoPrice, priceUpdatedAt, coinPaprikaPrice })
  ;({ solana, coinGecko, coinPaprika } = world)
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-wallets-'))
  const config = world.agentConfig(dataDir)
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', config], agentEntry.built)
  for (const stream of [agent.child.stdout, agent.child.stderr]) stream.on('data', (chunk: Buffer) => (agentLog += chunk.toString()))
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await world.close()
})

/** Puts `text` on the clipboard and pastes it into `field`, as an operator does from a wallet app. */
async function paste(page: Page, field: Locator, text: string): Promise<void> {
  await field.fill('')
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`)
  await field.focus()
  await page.keyboard.press('ControlOrMeta+V')
}

const settingsText = (): string => readFileSync(join(dataDir, 'settings.json'), 'utf8')

/** The ledger as the agent's HTTP API answers it, past the page. */
async function ledgerOverHttp(): Promise<{ id: number; classification: string; source: string; amount: string; price: string | null; fiat: string | null }[]> {
  const response = await fetch(new URL('/api/rewards.list', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  const envelope = (await response.json()) as { ok: true; value: Awaited<ReturnType<typeof ledgerOverHttp>> } | { ok: false; error: unknown }
  if (!envelope.ok) throw new Error(`rewards.list answered ${response.status}: ${JSON.stringify(envelope.error)}`)
  return envelope.value
}

describe('watching a Grass wallet from the Wallets tab', () => {
  let context: BrowserContext

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'light', permissions: ['clipboard-read', 'clipboard-write'] })
  })

  afterAll(async () => {
    await context.close()
  })

  it('refuses a seed phrase, explains a wrong chain, adds the wallet, values it, prices it by hand, books its rewards, shows it stale, removes it', async () => {
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(agent.url)
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.getByRole('tab', { name: 'Wallets' }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/wallets')
    await expect.poll(() => page.getByText('No wallet watched yet: add one below.').count()).toBe(1)

    // The operator's own RPC goes first: here, the loopback node.
    const endpoint = page.getByTestId('endpoint').and(page.locator('[data-key="solana"]'))
    await endpoint.getByLabel('Your own URL for Solana RPC').fill(solana.url)
    await endpoint.getByRole('button', { name: 'Save URL for Solana RPC' }).click()
    await expect.poll(() => endpoint.getByTestId('endpoint-custom').innerText()).toBe(`yours: ${solana.host} (used first)`)

    const form = page.getByRole('form', { name: 'Add a wallet' })
    await form.getByLabel('Network').selectOption('grass')
    const address = form.getByLabel('Address')
    const feedback = form.getByTestId('address-feedback')

    await paste(page, address, seedPhrase)
    await expect.poll(() => feedback.getAttribute('data-tone')).toBe('refused')
    expect(await feedback.innerText()).toMatch(/^This looks like a 12-word recovery \(seed\) phrase, not an address\. DePIN Desk is watch-only.* The field has been cleared; nothing was saved\.$/)
    expect(await address.inputValue()).toBe('')

    await paste(page, address, ethereumAddress)
    await expect.poll(() => feedback.getAttribute('data-tone')).toBe('error')
    expect(await feedback.innerText()).toMatch(/^This is an Ethereum \(EVM\) address; Grass wants your Solana wallet address \(base58, 32–44 characters\)/)
    expect(await form.getByRole('button', { name: 'Add wallet' }).isDisabled()).toBe(true)

    await paste(page, address, grassOwner)
    await expect.poll(() => feedback.getAttribute('data-tone')).toBe('ok')
    expect(await feedback.innerText()).toBe('Looks right.')
    await form.getByLabel('Name').fill('Rig 1 rewards')
    await form.getByRole('button', { name: 'Add wallet' }).click()
    await expect.poll(() => form.getByTestId('wallet-added').innerText()).toBe('Rig 1 rewards added: it is listed above, with its balances once core has read them.')
    expect(await address.inputValue()).toBe('')

    const wallet = page.getByRole('article', { name: 'Rig 1 rewards' })
    const grass = wallet.getByRole('table', { name: 'Holdings of Rig 1 rewards' }).getByRole('row').filter({ hasText: 'GRASS' })
    const amount = grass.locator('td').nth(1)
    await expect.poll(() => wallet.getAttribute('data-state'), { timeout: 10_000 }).toBe('live')
    expect(await amount.innerText()).toBe('1,234.567891')
    expect(await amount.getAttribute('title')).toBe('1,234.567891234 GRASS')
    expect(await grass.locator('td').nth(2).innerText()).toBe(liveValue)
    expect(await wallet.getByTestId('wallet-total').innerText()).toBe(liveValue)
    expect(await wallet.getByTestId('wallet-provenance').innerText()).toBe(`live · fetched just now · from ${solana.host}`)
    await expect.poll(() => page.getByTestId('wallets-refresh-state').innerText()).toBe('read every 10 min')
    expect(await wallet.locator('.wallet-notes').innerText()).toBe('prices: CoinGecko live')
    const priceRow = page.getByRole('table', { name: 'Prices' }).getByTestId('price-row').filter({ hasText: 'GRASS' })
    expect(await priceRow.getByTestId('price').innerText()).toBe('$2.35')
    expect(await priceRow.locator('td').nth(1).innerText()).toBe('CoinGecko')
    // Both feeds were asked: CoinGecko for the price, CoinPaprika to cross-check it; the refused seed phrase went nowhere.
    expect(coinGecko.requests.length).toBeGreaterThan(0)
    expect(coinPaprika.requests.map((r) => r.url.pathname)).toContain('/tickers/grass-grass')
    expect(JSON.parse(settingsText())).toMatchObject({ wallets: [{ network: 'grass', address: grassOwner, label: 'Rig 1 rewards' }] })
    for (const text of [settingsText(), agentLog, ...solana.requests.map((r) => JSON.stringify(r.body))]) {
      for (const run of wordRuns(seedPhrase, 3)) expect(text).not.toContain(run)
    }

    // The operator's own price wins over the feeds, and says so.
    await priceRow.getByLabel('Your price for GRASS').fill('3')
    await priceRow.getByRole('button', { name: 'Set GRASS price' }).click()
    await expect.poll(() => wallet.getByTestId('wallet-total').innerText()).toBe(manualValue)
    expect(await grass.locator('td').nth(2).innerText()).toBe(manualValue)
    expect(await priceRow.getByTestId('price').innerText()).toBe('$3.00')
    expect(await priceRow.locator('td').nth(1).innerText()).toBe('your price')
    expect(await priceRow.locator('td').nth(2).innerText()).toBe('manual · set just now')
    expect(await wallet.locator('.wallet-notes').innerText()).toBe('prices: your price')
    await priceRow.getByRole('button', { name: 'Clear GRASS price' }).click()
    await expect.poll(() => wallet.getByTestId('wallet-total').innerText()).toBe(liveValue)
    expect(await priceRow.locator('td').nth(2).innerText()).toBe('live · 2 min ago')

    // The first read is the baseline: nothing is a reward yet.
    const ledger = page.getByRole('region', { name: 'Rewards' })
    expect(await ledger.getByTestId('rewards-empty').innerText()).toMatch(/^No reward recorded yet\.\n.*first read is the baseline/s)
    // The wallet grows between two reads: core books the difference at the price of that read.
    heldBaseUnits = raisedBaseUnits
    await page.getByRole('button', { name: 'Refresh now' }).click()
    const rows = ledger.getByRole('table', { name: 'Rewards' }).getByTestId('reward-row')
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1)
    const found = rows.first()
    expect(await found.locator('td, th').allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`${new Date().getFullYear()}.*\\d{1,2}:\\d{2}`)),
      'Grass',
      'Rig 1 rewards',
      'GRASS',
      '12.345678',
      '$2.35\nprice at receipt',
      rewardValue,
      'balance increase\ngrowth of everything owned in GRASS',
      'income\nMark as my own transfer',
    ])
    expect(await found.getByTestId('reward-amount').getAttribute('title')).toBe('12.345678912 GRASS')
    expect(await wallet.getByTestId('wallet-total').innerText()).toBe(raisedValue)
    const id = Number(await found.getAttribute('data-id'))
    expect(await ledgerOverHttp()).toMatchObject([{ id, classification: 'reward', source: 'balance-delta', amount: rewardBaseUnits, price: coinGeckoPrice, fiat: rewardFiat }])
    const booked = rows.and(page.locator(`[data-id="${id}"]`))

    // It was the operator's own transfer in: it stays listed, struck through, as not income.
    await booked.getByRole('button', { name: `Mark as my own transfer (#${id})` }).click()
    await expect.poll(() => booked.getAttribute('data-classification')).toBe('transfer')
    expect(await booked.getByTestId('reward-class').innerText()).toBe('not income')
    const decoration = `getComputedStyle(document.querySelector('tr[data-id="${id}"] [data-testid="reward-value"]')).textDecorationLine`
    expect(await page.evaluate(decoration)).toBe('line-through')
    expect(await booked.getByRole('button', { name: `Count as reward (#${id})` }).isVisible()).toBe(true)
    expect(await ledgerOverHttp()).toMatchObject([{ id, classification: 'transfer' }])

    // A payout the chain cannot show, typed in tokens; a comma is refused with a hint.
    const payout = ledger.getByRole('form', { name: 'Record a payout' })
    expect(await payout.getByLabel('Wallet').locator('option:checked').innerText()).toBe('Rig 1 rewards (Grass)')
    expect(await payout.getByLabel('Token').locator('option:checked').innerText()).toBe('GRASS · Grass')
    await payout.getByLabel('Amount').fill('2,5')
    await payout.getByRole('button', { name: 'Record payout' }).click()
    await expect.poll(() => payout.getByRole('alert').innerText()).toBe('use a point for decimals: 2.5, not 2,5')
    await payout.getByLabel('Amount').fill('2.5')
    await payout.getByRole('button', { name: 'Record payout' }).click()
    await expect.poll(() => payout.getByTestId('payout-recorded').innerText()).toBe('Recorded 2.5 GRASS for Rig 1 rewards: it is listed above.')
    expect(await rows.count()).toBe(2)
    expect(await booked.getAttribute('data-classification')).toBe('transfer')
    const entered = rows.first()
    expect(await entered.locator('td, th').allInnerTexts()).toEqual([
      expect.any(String),
      'Grass',
      'Rig 1 rewards',
      'GRASS',
      '2.5',
      '$2.35\nprice at receipt',
      payoutValue,
      'entered by you',
      'income\nMark as my own transfer',
    ])
    expect((await ledgerOverHttp()).map((r) => [r.source, r.amount, r.classification])).toEqual([
      ['manual', '2500000000', 'reward'],
      ['balance-delta', rewardBaseUnits, 'transfer'],
    ])
    // The README's picture: the wallet, the form and the prices; the endpoint list below is cut off.
    await page.evaluate('window.scrollTo(0, 0)')
    const prices = await page.getByRole('region', { name: 'Prices' }).boundingBox()
    await page.screenshot({ path: join(artifacts, 'wallets.png'), fullPage: true, clip: { x: 0, y: 0, width: 1200, height: Math.ceil((prices?.y ?? 0) + (prices?.height ?? 900) + 24) } })

    // The dashboard shows core's total; a few seconds of hardware trend make its screenshot say more.
    await page.getByRole('tab', { name: 'Dashboard' }).click()
    const card = page.getByRole('article', { name: 'Wallet value' })
    await expect.poll(() => card.getByTestId('wallets-total').innerText()).toBe(raisedValue)
    expect(await card.getByTestId('network-value').innerText()).toMatch(new RegExp(`^Grass\\s+live · oldest read (just now|\\d+ s ago) · from ${world.solana.host}\\s+\\${raisedValue}$`))
    const trendPoints = async (): Promise<number> => ((await page.locator('.sparkline polyline').first().getAttribute('points')) ?? '').split(' ').length
    await expect.poll(trendPoints, { timeout: 20_000 }).toBeGreaterThanOrEqual(12)
    await page.setViewportSize({ width: 1200, height: 600 })
    await page.screenshot({ path: join(artifacts, 'dashboard-wallets.png') })
    await page.setViewportSize({ width: 1200, height: 900 })
    await page.getByRole('tab', { name: 'Wallets' }).click()

    // The node fails: the wallet is stale, says why, and keeps its last good balance.
    solanaDown = true
    await page.getByRole('button', { name: 'Refresh now' }).click()
    await expect.poll(() => wallet.getAttribute('data-state'), { timeout: 15_000 }).toBe('stale')
    expect(await wallet.getByTestId('wallet-provenance').innerText()).toMatch(
      new RegExp(`^stale · last read (just now|\\d+ s ago) · from ${solana.host} · ${solana.host} had an internal error \\(HTTP 500\\): Internal error`),
    )
    expect(await amount.innerText()).toBe('1,246.91357')
    expect(await wallet.getByTestId('wallet-total').innerText()).toBe(raisedValue)
    await expect.poll(() => page.getByTestId('wallets-refresh-state').innerText()).toBe('read every 10 min')
    // A failed read books nothing.
    expect(await rows.count()).toBe(2)

    await wallet.getByRole('button', { name: 'Remove Rig 1 rewards' }).click()
    await wallet.getByRole('button', { name: 'Remove', exact: true }).click()
    await expect.poll(() => page.getByText('No wallet watched yet: add one below.').count()).toBe(1)
    expect(JSON.parse(settingsText())).toMatchObject({ wallets: [] })
    // Its rewards stay in the ledger, under the address it had.
    expect(await rows.count()).toBe(2)
    expect(await rows.first().locator('td').nth(2).innerText()).toBe(`removed wallet ${grassOwner.slice(0, 6)}…${grassOwner.slice(-4)}`)
    expect(await ledger.getByText('Add a wallet first: a payout is recorded against one.').isVisible()).toBe(true)
    expect(problems).toEqual([])
    await page.close()
  })
})
