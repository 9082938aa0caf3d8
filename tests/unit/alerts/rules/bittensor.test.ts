import { describe, expect, it } from 'vitest'
import { bittensor, minerOf } from '../../../../src/main/core/networks/bittensor.ts'
import type { AlertRule } from '../../../../src/main/core/alerts/rule.ts'
import { holding, minute, snapshot, state, thresholds, wallet } from './state.ts'

/*
 * Bittensor's own rules over its miner holdings: a UID the last read returned at 0 emission for
 * N epochs of ~72 min (emission-zero), and a UID the last read no longer returned, kept at 0 by
 * the read step (uid-lost). The two never fire on the same holding.
 */

function ruleNamed(id: string): AlertRule {
  const rule = bittensor.alertRules?.find((r) => r.id === id)
  if (rule === undefined) throw new Error(`bittensor declares ${id}`)
  return rule
}
const emissionZero = ruleNamed('bittensor.emission-zero')
const uidLost = ruleNamed('bittensor.uid-lost')

const detail = (uid: number): string => `miner UID ${uid} on subnet 19, hotkey 5F3s…x2Ab, per epoch`
const coldkey = (emission: string, options: { freshness?: 'live' | 'stale'; kept?: boolean } = {}): ReturnType<typeof wallet> =>
  wallet('bittensor', {
    label: 'Coldkey',
    address: '5Fcold',
    freshness: options.freshness ?? 'live',
    holdings: [
      holding('SN19α', '400', { kind: 'staked', detail: 'hotkey 5F3s…x2Ab, subnet 19' }),
      holding('SN19α', emission, { kind: 'emission', detail: detail(12), ...(options.kept === true ? { kept: true as const } : {}) }),
    ],
  })

describe('bittensor.emission-zero', () => {
  it('reads back the miner from its holding’s words', () => {
    expect(minerOf(detail(12))).toEqual({ uid: 12, netuid: 19, hotkey: '5F3s…x2Ab' })
    expect(minerOf(`${detail(3)}; incentive auto-staked to hotkey 5Gxx…yyyy, subnet 19`)).toEqual({ uid: 3, netuid: 19, hotkey: '5F3s…x2Ab' })
    expect(minerOf('hotkey 5F3s…x2Ab, subnet 19')).toBeNull()
    expect(minerOf(null)).toBeNull()
  })

  it.each([
    ['0', 1],
    ['1', 0],
  ])('emission %s per epoch, returned by the read: %i finding', (emission, count) => {
    expect(emissionZero.evaluate(state({ wallets: snapshot([coldkey(emission)]) }), thresholds(emissionZero))).toHaveLength(count)
  })

  it('says nothing of a UID the read no longer returned: that is uid-lost’s', () => {
    expect(emissionZero.evaluate(state({ wallets: snapshot([coldkey('0', { kept: true })]) }), thresholds(emissionZero))).toEqual([])
  })

  it('waits N epochs of 72 min, the operator’s N', () => {
    expect(emissionZero.openAfterMs(thresholds(emissionZero))).toBe(5 * 72 * minute)
    expect(emissionZero.openAfterMs(thresholds(emissionZero, { epochs: 1 }))).toBe(72 * minute)
  })

  it('names the miner, the wallet, the cause and what to do, with Taostats', () => {
    const [finding] = emissionZero.evaluate(state({ wallets: snapshot([coldkey('0')]) }), thresholds(emissionZero))
    expect(emissionZero.network).toBe('bittensor')
    expect(finding).toMatchObject({ network: 'bittensor', figure: '0 emission per epoch', threshold: '5 epochs', link: 'https://taostats.io/account/5Fcold' })
    expect(finding?.message).toMatch(/Miner UID 12 on subnet 19 \(hotkey 5F3s…x2Ab\) of Bittensor wallet “Coldkey” is still registered but has had 0 emission.*6 h.*validators score it 0/)
    expect(finding?.message).not.toMatch(/deregistered/)
  })

  it('does not judge a wallet that cannot be read', () => {
    expect(emissionZero.evaluate(state({ wallets: snapshot([coldkey('0', { freshness: 'stale' })]) }), thresholds(emissionZero))).toEqual([])
    expect(emissionZero.current(state({ wallets: snapshot([coldkey('7')]) }), thresholds(emissionZero))).toBe('1 of 1 registered miners earning')
  })
})

describe('bittensor.uid-lost', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('a miner holding kept at 0 (not returned: %s): %i finding', (kept, count) => {
    expect(uidLost.evaluate(state({ wallets: snapshot([coldkey('0', { kept })]) }), thresholds(uidLost))).toHaveLength(count)
  })

  it('holds the condition the operator’s minutes first, within its bounds', () => {
    expect(uidLost.openAfterMs(thresholds(uidLost))).toBe(15 * minute)
    expect(uidLost.openAfterMs(thresholds(uidLost, { minutes: 0 }))).toBe(0)
    const [spec] = uidLost.thresholds
    expect(spec).toMatchObject({ key: 'minutes', min: 0, max: 1440 })
  })

  it('is critical and says deregistered, where, the limit and how to register again', () => {
    const [finding] = uidLost.evaluate(state({ wallets: snapshot([coldkey('0', { kept: true })]) }), thresholds(uidLost, { minutes: 30 }))
    expect(uidLost.severity).toBe('critical')
    expect(finding).toMatchObject({ subject: expect.stringMatching(/:19:5F3s…x2Ab$/), figure: 'UID not listed', threshold: '30 min', link: 'https://taostats.io/account/5Fcold' })
    expect(finding?.message).toMatch(/Miner UID 12 on subnet 19 .* of Bittensor wallet “Coldkey” is no longer registered.*at least 30 min.*deregistered.*btcli subnets register/)
  })

  it('shares its subject with emission-zero for the same miner, so one miner is one line in each', () => {
    const lost = uidLost.evaluate(state({ wallets: snapshot([coldkey('0', { kept: true })]) }), thresholds(uidLost))[0]
    const idle = emissionZero.evaluate(state({ wallets: snapshot([coldkey('0')]) }), thresholds(emissionZero))[0]
    expect(lost?.subject.split(':').slice(1)).toEqual(idle?.subject.split(':').slice(1))
  })

  it('does not judge a stale wallet; current counts the miners gone', () => {
    expect(uidLost.evaluate(state({ wallets: snapshot([coldkey('0', { kept: true, freshness: 'stale' })]) }), thresholds(uidLost))).toEqual([])
    expect(uidLost.current(state({ wallets: snapshot([coldkey('0', { kept: true })]) }), thresholds(uidLost))).toBe('1 of 1 miners no longer registered')
    expect(uidLost.current(state({ wallets: snapshot([coldkey('3')]) }), thresholds(uidLost))).toBe('1 of 1 miners registered')
    expect(uidLost.current(state({ wallets: null }), thresholds(uidLost))).toBeNull()
  })
})
