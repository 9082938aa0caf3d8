import { describe, expect, it } from 'vitest'
import { takeProfit } from '../../../../src/main/core/alerts/rules/take-profit.ts'
import { day, hour, now, quote, reward, snapshot, state, thresholds, wallet } from './state.ts'

/* Rewards since the last reminder, at today's price, reaching the amount: a reminder to convert a share. */

const grass = 10n ** 9n
const rig = wallet('grass', { label: 'Rig 1' })
const prices = [quote('GRASS', '2')]

function at(amounts: bigint[], lastOpened: number | null = null): ReturnType<typeof state> {
  return state({
    wallets: snapshot([rig], prices),
    rewards: amounts.map((amount, i) => reward(rig, now - (i + 1) * day, amount, { token: 'GRASS' })),
    lastOpened: (rule, subject) => (rule === 'take-profit' && subject === rig.wallet.id ? lastOpened : null),
  })
}

describe('take-profit', () => {
  it.each([
    [249_999_990_000n, 0],
    [250n * grass, 1],
    [250_000_010_000n, 1],
  ])('%i base units of GRASS at 2 USD against the 500 USD default: %i finding', (amount, count) => {
    expect(takeProfit.evaluate(at([amount]), thresholds(takeProfit))).toHaveLength(count)
  })

  it('suggests the chosen share, says the app never trades, and is info', () => {
    const [finding] = takeProfit.evaluate(at([150n * grass, 150n * grass]), thresholds(takeProfit, { sharePercent: 40 }))
    expect(takeProfit.severity).toBe('info')
    expect(finding).toMatchObject({ subject: rig.wallet.id, walletId: rig.wallet.id, network: 'grass', figure: '600.00 USD', threshold: '500.00 USD', view: 'wallets' })
    expect(finding?.message).toMatch(/Grass wallet “Rig 1” has earned GRASS worth 600\.00 USD at today's prices since 2026-05-18 12:00 UTC, reaching your 500\.00 USD reminder.*convert 40 % of it \(about 240\.00 USD\) to a stablecoin yourself.*never trades and holds no keys/)
  })

  it('counts only what came after the last reminder, and rewards, not transfers', () => {
    expect(takeProfit.evaluate(at([100n * grass, 400n * grass], now - 1.5 * day), thresholds(takeProfit))).toEqual([])
    const transfer = state({ wallets: snapshot([rig], prices), rewards: [reward(rig, now - hour, 1000n * grass, { token: 'GRASS', classification: 'transfer' })] })
    expect(takeProfit.evaluate(transfer, thresholds(takeProfit))).toEqual([])
  })

  it('values a token without a price today at the price when it came, and says when some have none', () => {
    const atReceipt = state({ wallets: snapshot([rig]), rewards: [reward(rig, now - hour, 1n, { token: 'GRASS', fiat: '510' }), reward(rig, now - hour, 1n, { token: 'X' })] })
    expect(takeProfit.evaluate(atReceipt, thresholds(takeProfit))[0]?.message).toMatch(/510\.00 USD.*some rewards have no price/)
    expect(takeProfit.current(at([100n * grass]), thresholds(takeProfit))).toBe('Grass wallet “Rig 1” 200.00 USD of 500.00 USD')
  })
})
