import { describe, expect, it } from 'vitest'
import { helium } from '../../../../src/main/core/networks/helium.ts'
import { day, hour, holding, minute, now, reward, snapshot, state, thresholds, wallet } from './state.ts'

/* Helium's own rule: no growth of the oracle's lifetime HNT (booked as native rewards) for a day. */

const rule = helium.alertRules?.[0]
if (rule === undefined) throw new Error('helium declares its rewards rule')
const owner = wallet('helium', { label: 'Hotspots', address: 'HeliumOwner1', holdings: [holding('HNT', '0', { kind: 'pending-reward', decimals: 8 }), holding('HNT', '500000000', { kind: 'earned', decimals: 8 })] })
const lastGrowth = (ago: number): ReturnType<typeof state> => state({ wallets: snapshot([owner]), rewards: [reward(owner, now - ago, 1000n, { token: 'HNT', decimals: 8, source: 'native' })] })

describe('helium.rewards-flat', () => {
  it.each([
    [24 * hour - minute, 0],
    [24 * hour, 1],
    [24 * hour + minute, 1],
  ])('last growth %i ms ago against 24 h: %i finding', (ago, count) => {
    expect(rule.evaluate(lastGrowth(ago), thresholds(rule))).toHaveLength(count)
  })

  it('names the wallet, how long, the limit and what to check, with Solscan', () => {
    const [finding] = rule.evaluate(lastGrowth(30 * hour), thresholds(rule))
    expect(finding).toMatchObject({ subject: owner.wallet.id, network: 'helium', figure: '30 h without growth', threshold: '24 h', link: 'https://solscan.io/account/HeliumOwner1' })
    expect(finding?.message).toMatch(/Hotspot rewards of Helium wallet “Hotspots” have not grown for 30 h \(last at .*\), past your 24 h limit.*witnesses/)
  })

  it('judges only wallets whose Hotspots earned, watched for longer than the limit, read live', () => {
    const noHotspots = wallet('helium', { holdings: [holding('HNT', '0', { kind: 'earned', decimals: 8 })] })
    expect(rule.evaluate(state({ wallets: snapshot([noHotspots]) }), thresholds(rule))).toEqual([])
    expect(rule.evaluate(state({ wallets: snapshot([{ ...owner, wallet: { ...owner.wallet, addedAt: now - 20 * hour } }]) }), thresholds(rule))).toEqual([])
    expect(rule.evaluate(state({ wallets: snapshot([{ ...owner, freshness: 'stale' }]) }), thresholds(rule))).toEqual([])
    expect(rule.evaluate(state({ wallets: snapshot([owner]) }), thresholds(rule, { hours: 48 }))[0]?.message).toMatch(/30 days/)
    expect(rule.evaluate(lastGrowth(2 * day), thresholds(rule, { hours: 72 }))).toEqual([])
  })
})
