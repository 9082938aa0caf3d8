import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import type { ProfitSnapshot } from '../../../src/shared/contract/profit.ts'
import { Fiat } from '../../../src/main/core/prices/token-value.ts'

/*
 * The profit methods through core's dispatcher on real files, seconds after the first sample:
 * what core cannot know must say so, never show 0.
 */

const owner = 'A1TMhSGzQxMr1TboBKtgixKz1sS6REASMxPo1qsyTSJd'
const day = 86_400_000

const cores: DeskCore[] = []
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()))
})

async function started() {
  const desk = createDeskCore({ version: 't', shell: 'agent', log: silentLogger, dataDir: mkdtempSync(join(tmpdir(), 'desk-profit-')), publicEndpoints: false })
  cores.push(desk)
  await desk.start()
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const answer = await desk.dispatch(method, input)
    if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`)
    return answer.value as T
  }
  return { desk, call }
}

describe('the profit methods', () => {
  it('values rewards, charges costs, and says electricity is unknown when no power was measured', async () => {
    const { call } = await started()
    const { settings } = await call<{ settings: { wallets: { id: string }[] } }>('wallets.add', { network: 'grass', address: owner, label: 'Rig' })
    const walletId = settings.wallets[0]?.id
    await call('prices.setOverride', { token: 'GRASS', price: '2' })
    await call('rewards.addManual', { walletId, token: 'GRASS', amount: '3000000000', at: Date.now() - 2 * day })
    await call('profit.setTariff', { tariff: [{ label: 'Flat', pricePerKwh: '0.30', days: [0, 1, 2, 3, 4, 5, 6], fromHour: 0, toHour: 24 }], timeZone: 'UTC' })
    await call('profit.setCosts', { network: 'grass', costs: { hardwareCost: '300', purchasedAt: Date.now() - 10 * day, lifetimeMonths: 12, monthlyCosts: [{ label: 'Internet share', amount: '5' }] } })

    const snapshot = await call<ProfitSnapshot>('profit.summary')
    expect(snapshot.currency).toBe('usd')
    const grass = snapshot.networks.find((n) => n.network === 'grass')
    const month = grass?.windows.find((w) => w.window === '30d')
    expect(month?.revenue).toBe('6')
    // Only the seconds since start() were sampled: the rest of the window is said to be missing, not counted as 0 kWh.
    expect(month?.missing.join(' ')).toMatch(/no power data for \d+ h of this window/)
    const net = new Fiat(month?.revenue ?? 'NaN').minus(month?.electricity ?? 'NaN').minus(month?.amortization ?? 'NaN').minus(month?.otherCosts ?? 'NaN')
    expect(month?.net).toBe(net.toDecimalPlaces(8).toString())
    expect(Number(month?.amortization)).toBeGreaterThan(0)
    expect(snapshot.total.find((w) => w.window === '30d')?.missing.join(' ')).toMatch(/Grass/)
    expect(grass?.currentPrice).toBe('2')
  })

  it('answers a what-if without saving it', async () => {
    const { call } = await started()
    await call('wallets.add', { network: 'grass', address: owner, label: 'Rig' })
    const whatIf = await call<ProfitSnapshot>('profit.whatIf', { pricePerKwh: '0.10', tokenPrices: { GRASS: '5' } })
    expect(whatIf.whatIf).toEqual({ pricePerKwh: '0.10', tokenPrices: { GRASS: '5' } })
    const settings = await call<{ settings: { profit: { tariff: unknown[] }; prices: { overrides: object } } }>('settings.get')
    expect(settings.settings.profit.tariff).toEqual([])
    expect(settings.settings.prices.overrides).toEqual({})
  })

  it('refuses a tariff that leaves hours unpriced, naming the field', async () => {
    const { desk } = await started()
    const answer = await desk.dispatch('profit.setTariff', { tariff: [{ label: 'Day', pricePerKwh: '0.3', days: [1, 2, 3, 4, 5], fromHour: 7, toHour: 22 }], timeZone: null })
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'tariff' } })
  })
})
