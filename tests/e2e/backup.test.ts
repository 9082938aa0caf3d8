import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { genesis, tokenAccount, tokenAccountsOwner, tokenAccountsResult } from '../fixtures/chains/solana.ts'
import { loopbackApi, rpcRoute, type LoopbackApi } from '../support/loopback-api.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { launchBrowser } from './browser.ts'

/*
 * "Export and backup" on the Wallets tab against the real agent: the earnings CSV a tax tool
 * imports, a settings backup that carries the wallet but not the operator's RPC key, a restore
 * that undoes a later change and says which secret it could not bring back, and a file that is
 * not a backup refused with nothing changed. Chains and price feeds are loopback stand-ins.
 */

const grassMint = 'Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs'
const walletLabel = 'Rig 1 rewards'
/** 1,234.567891234 GRASS (9 decimals): more digits than the ledger's cell shows, all of them in the CSV. */
const payoutBaseUnits = '1234567891234'
const payoutTokens = '1234.567891234'
/** A fixed past minute, so the CSV's date cell can be asserted exactly. */
const payoutAt = Date.UTC(2025, 0, 31, 14, 5, 0)
/** The key a provider puts in its RPC URL: a secret that must stay on this machine. */
const apiKey = 'k3y-5f1e0c9a7d2b4e6f'

let browser: Browser
let agent: SpawnedAgent
const call = <T>(method: string, input?: unknown): Promise<T> => callAgent<T>(agent, method, input)
let dataDir: string
let solana: LoopbackApi
/** Both price feeds: down, so no value is booked and no public feed is asked. */
let feeds: LoopbackApi

beforeAll(async () => {
  browser = await launchBrowser()
  const rpc = rpcRoute({
    getGenesisHash: () => ({ result: genesis.mainnet }),
    getTokenAccountsByOwner: (params) => {
      const [owner] = params as [string]
      return { result: tokenAccountsResult(owner === tokenAccountsOwner ? [tokenAccount(owner, grassMint, '5000000000', 9)] : []) }
    },
  })
  solana = await loopbackApi(rpc)
  feeds = await loopbackApi(() => ({ status: 503, json: { error: 'Service Unavailable' } }))
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-backup-'))
  const config = join(dataDir, 'agent.json')
  // Only loopback: the public endpoints are off, so nothing reaches a public host.
  writeFileSync(config, JSON.stringify({ priceFeeds: { coingecko: feeds.url, coinpaprika: feeds.url }, publicEndpoints: false }))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir, '--config', config], agentEntry.built)
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await Promise.all([solana.close(), feeds.close()])
})

type SettingsState = { settings: { currency: string; customEndpoints: string[]; wallets: { id: string; network: string; address: string; label: string }[] } }

/** Clicks `button` and answers the file the browser saved. */
async function downloaded(page: Page, button: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  const path = await download.path()
  return { download, text: readFileSync(path, 'utf8') }
}

describe('exporting earnings and backing up settings from the Wallets tab', () => {
  it('exports the earnings CSV, backs up settings without the RPC key, restores them, and refuses a file that is not a backup', async () => {
    const added = await call<SettingsState>('wallets.add', { network: 'grass', address: tokenAccountsOwner, label: walletLabel })
    const walletId = added.settings.wallets[0]?.id ?? ''
    expect(walletId).toMatch(/^wallet-[a-z0-9]{8}$/)
    await call('endpoints.set', { key: 'solana', url: `${solana.url}/?api-key=${apiKey}` })
    await call('rewards.addManual', { walletId, token: 'GRASS', amount: payoutBaseUnits, at: payoutAt })

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: 'light', acceptDownloads: true })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
    // A Blob download goes through the page's CSP: say so if it is ever blocked.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
    )
    await page.goto(agent.url)
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    await page.getByRole('tab', { name: 'Wallets' }).click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/wallets')
    const section = page.getByRole('region', { name: 'Export and backup' })
    const outcome = section.getByTestId('data-export-outcome')
    const today = new Date().toISOString().slice(0, 10)

    // Earnings for Koinly: its columns first, the payout in exact token units, tagged as income; no price, so no value.
    const csv = await downloaded(page, 'Earnings for Koinly (CSV)')
    expect(csv.download.suggestedFilename()).toBe(`depin-desk-earnings-${today}.csv`)
    const lines = csv.text.split('\r\n')
    expect(lines[0]).toMatch(/^Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Tag,/)
    expect(lines.slice(1)).toEqual([
      `2025-01-31 14:05:00 UTC,,,${payoutTokens},GRASS,,,,,reward,"grass reward, recorded by hand, price at receipt",,grass,,manual,${walletLabel},${tokenAccountsOwner}`,
      '',
    ])
    expect(await outcome.innerText()).toBe(`Earnings saved as depin-desk-earnings-${today}.csv.`)
    expect(await outcome.getAttribute('role')).toBe('status')

    // Earnings for CoinTracker: exactly its eight columns, its US date in UTC, eight places at most.
    const cointracker = await downloaded(page, 'Earnings for CoinTracker (CSV)')
    expect(cointracker.download.suggestedFilename()).toBe(`depin-desk-earnings-cointracker-${today}.csv`)
    expect(cointracker.text).toBe(
      ['Date,Received Quantity,Received Currency,Sent Quantity,Sent Currency,Fee Amount,Fee Currency,Tag', '01/31/2025 14:05:00,1234.56789123,GRASS,,,,,payment', ''].join('\r\n'),
    )
    expect(await outcome.innerText()).toBe(`Earnings saved as depin-desk-earnings-cointracker-${today}.csv.`)

    // The backup: the wallet and which endpoint has the operator's URL, never the URL or its key.
    const backup = await downloaded(page, 'Back up settings')
    const backupName = `depin-desk-settings-${today}.json`
    expect(backup.download.suggestedFilename()).toBe(backupName)
    const document = JSON.parse(backup.text) as { app: string; kind: string; notIncluded: string[] } & SettingsState
    expect(document).toMatchObject({ app: 'DePIN Desk', kind: 'settings-backup', settings: { currency: 'usd', customEndpoints: ['solana'] } })
    expect(document.settings.wallets).toEqual([expect.objectContaining({ id: walletId, network: 'grass', address: tokenAccountsOwner, label: walletLabel })])
    expect(document.notIncluded).toContain('your own URL for the solana endpoint (it may hold an API key): set it again after restoring on another machine')
    expect(backup.text).not.toContain(apiKey)
    expect(backup.text).not.toContain(solana.host)
    expect(await outcome.innerText()).toBe(`Settings backup saved as ${backupName}.`)

    // Later: another currency, and the RPC URL gone, as on another machine.
    await call('settings.update', { currency: 'eur' })
    await call('endpoints.set', { key: 'solana', url: null })
    const picker = section.getByLabel('Settings backup file')
    await picker.setInputFiles({ name: backupName, mimeType: 'application/json', buffer: Buffer.from(backup.text) })
    await expect.poll(() => outcome.innerText()).toBe(
      `Settings restored from ${backupName}. Your own URL for the solana endpoint is not on this machine (it is a secret and stays out of backups); set it again under Endpoints.`,
    )
    expect(await outcome.getAttribute('role')).toBe('status')
    const restored = await call<SettingsState>('settings.get')
    expect(restored.settings).toMatchObject({ currency: 'usd', customEndpoints: [] })
    expect(restored.settings.wallets.map((w) => [w.id, w.address, w.label])).toEqual([[walletId, tokenAccountsOwner, walletLabel]])

    // A file that is not a backup: core's reason, shown as an error, and nothing changed.
    await call('settings.update', { currency: 'gbp' })
    const before = readFileSync(join(dataDir, 'settings.json'), 'utf8')
    await picker.setInputFiles({ name: 'wallets.json', mimeType: 'application/json', buffer: Buffer.from('{"wallets":[]}') })
    await expect.poll(() => outcome.getAttribute('role')).toBe('alert')
    expect(await outcome.innerText()).toBe(
      'This backup was not restored, nothing was changed: the file is not a DePIN Desk settings backup (one made with "Back up settings" starts with "app": "DePIN Desk", "kind": "settings-backup").',
    )
    const after = await call<SettingsState>('settings.get')
    expect(after.settings.currency).toBe('gbp')
    expect(after.settings.wallets.map((w) => w.id)).toEqual([walletId])
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(before)

    // Nothing but loopback was asked, and the page logged nothing wrong.
    expect(problems).toEqual([])
    await page.close()
  })
})
