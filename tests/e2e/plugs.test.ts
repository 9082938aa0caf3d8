import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agentEntry, spawnAgent, type SpawnedAgent } from '../support/spawn-agent.ts'
import { artifacts, launchBrowser } from './browser.ts'
import { fixture, httpPlug, type LoopbackPlug } from '../integration/plugs/loopback.ts'

let browser: Browser
let agent: SpawnedAgent
let plug: LoopbackPlug
let dataDir: string

beforeAll(async () => {
  browser = await launchBrowser()
  // A Shelly Gen2 stand-in on loopback answering the documented bodies.
  plug = await httpPlug((request) =>
    request.url?.startsWith('/rpc/Switch.GetStatus') ? fixture('shelly-gen2-switch-status') : fixture('shelly-gen2-shelly'),
  )
  dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-plugs-'))
  agent = await spawnAgent(['--port', '0', '--data-dir', dataDir], agentEntry.built)
})

afterAll(async () => {
  await browser.close()
  await agent.stop()
  await plug.close()
})

describe('adding a smart plug from the Hardware view', () => {
  it('tests it, adds it, measures the machine at the wall with it, and removes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const problems: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
    })
    await page.goto(`${agent.url}#/hardware`)
    const form = page.getByRole('form', { name: 'Add a smart plug' })
    await form.getByLabel('Kind').selectOption('shelly-gen2')

    await form.getByLabel('Address').fill('http://admin:hunter2@192.168.1.20/')
    await form.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => page.getByTestId('plug-outcome').innerText()).toMatch(/./)
    expect(await form.getByLabel('Address').getAttribute('aria-invalid')).toBe('true')

    await form.getByLabel('Address').fill(plug.address.address)
    await form.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => page.getByTestId('plug-outcome').innerText()).toMatch(/^Found .+, drawing [\d.]+ W now\.$/)

    await form.getByLabel('Name').fill('Rig plug')
    await form.getByRole('button', { name: 'Add plug' }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Smart plugs' }).innerText()).toContain('Rig plug')
    await expect.poll(() => page.getByTestId('power-provenance').innerText(), { timeout: 15_000 }).toMatch(/^measured · .*Rig plug/)
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ power: { plugs: [{ label: 'Rig plug' }] } })
    await page.screenshot({ path: join(artifacts, 'hardware-plug.png'), fullPage: true })

    await page.getByRole('button', { name: 'Remove Rig plug' }).click()
    await page.getByRole('button', { name: 'Remove', exact: true }).click()
    await expect.poll(() => page.getByText('No smart plug yet').count()).toBe(1)
    await expect.poll(() => page.getByTestId('power-provenance').innerText(), { timeout: 15_000 }).toMatch(/^estimated/)
    expect(problems).toEqual([])
    await page.close()
  })
})
