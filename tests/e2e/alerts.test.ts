import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HardwareSample } from '../../src/shared/contract/hardware.ts'
import type { PlugSetting } from '../../src/shared/contract/plugs.ts'
import type { SettingsState } from '../../src/shared/contract/app.ts'
import { agentEntry, callAgent, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'
import { fixture, httpPlug, type LoopbackPlug } from '../integration/plugs/loopback.ts'

let browser: Browser
let agent: SpawnedAgent
let plug: LoopbackPlug

beforeAll(async () => {
  browser = await launchBrowser()
  // A Shelly Gen2 stand-in on loopback answering the documented bodies, until the test closes it.
  plug = await httpPlug((request) =>
    request.url?.startsWith('/rpc/Switch.GetStatus') ? fixture('shelly-gen2-switch-status') : fixture('shelly-gen2-shelly'),
  )
  agent = await spawnAgent(['--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'desk-e2e-alerts-'))], agentEntry.built)
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await plug.close()
})

const badgeCount = async (page: Page): Promise<number> => Number(await page.getByTestId('alert-count').innerText())

/** The plug's power source as core last sampled it: reading, or failing. */
async function plugState(id: string): Promise<'reading' | 'failing' | 'unknown'> {
  const sample = await callAgent<HardwareSample | null>(agent, 'hardware.latest')
  const source = sample?.power.sources.find((s) => s.source === id)
  if (!source) return 'unknown'
  return source.error === null && source.readings.length > 0 ? 'reading' : source.error !== null ? 'failing' : 'unknown'
}

describe('an alert in Chromium, from a smart plug that stops answering', () => {
  it('appears in the Alerts view and on the header badge, and acknowledging takes it off the badge', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    // The rule's grace set to nothing from its row in the view, so the test waits for one poll, not minutes.
    await page.goto(`${agent.url}#/alerts`)
    const row = page.locator('[data-testid="rule-row"][data-rule="plug-unreachable"]')
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1)
    const grace = row.getByRole('spinbutton').first()
    await grace.fill('0')
    await row.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => row.getByRole('spinbutton').first().inputValue()).toBe('0')
    await expect.poll(async () => (await callAgent<SettingsState>(agent, 'settings.get')).settings.alerts.rules['plug-unreachable']?.thresholds).toEqual({ graceMinutes: 0 })

    // A plug that answers, then stops (its server closed: connection refused).
    const { settings } = await callAgent<SettingsState>(agent, 'power.addPlug', { kind: 'shelly-gen2', address: plug.address.address, label: 'Rig plug', pollMs: 1000 })
    const rigPlug = settings.power.plugs.find((p: PlugSetting) => p.label === 'Rig plug')
    expect(rigPlug).toBeDefined()
    await expect.poll(() => plugState(rigPlug?.id ?? ''), { timeout: 15_000 }).toBe('reading')

    await page.goto(agent.url)
    await expect.poll(() => page.getByTestId('connection').innerText()).toBe('Connected')
    const before = await badgeCount(page)
    await plug.close()
    await expect.poll(() => plugState(rigPlug?.id ?? ''), { timeout: 20_000 }).toBe('failing')

    // The badge counts it, coloured as a warning, and opens the view that explains it.
    await expect.poll(() => badgeCount(page), { timeout: 30_000 }).toBe(before + 1)
    expect(await page.getByTestId('alert-badge').getAttribute('data-severity')).toMatch(/^(warning|critical)$/)
    await page.getByTestId('alert-badge').click()
    await expect.poll(() => new URL(page.url()).hash).toBe('#/alerts')
    const card = page.locator('[data-testid="open-alert"][data-rule="plug-unreachable"]')
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1)
    expect(await card.innerText()).toContain('Rig plug')
    expect(await card.innerText()).toMatch(/since .* \(\d+ (s|min)\)/)
    await expect.poll(() => page.getByTestId('alert-history').innerText(), { timeout: 10_000 }).toContain('Rig plug')
    await page.screenshot({ path: join(artifacts, 'alerts.png'), fullPage: true })

    await card.getByRole('button', { name: /^Acknowledge / }).click()
    await expect.poll(() => badgeCount(page)).toBe(before)
    // Still open (the plug still does not answer), shown as seen, and no longer counted.
    await expect.poll(() => card.innerText()).toMatch(/Acknowledged/)
    expect(await card.getByRole('button', { name: /^Acknowledge / }).count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })
})
