import { describe, expect, it } from 'vitest'
import { bittensor, minerOf } from '../../../../src/main/core/networks/bittensor.ts'
import { holding, minute, snapshot, state, thresholds, wallet } from './state.ts'

/* Bittensor's own rule: a miner of the operator's hotkeys at 0 emission for N epochs of ~72 min. */

const rule = bittensor.alertRules?.[0]
if (rule === undefined) throw new Error('bittensor declares its emission rule')
const detail = (uid: number): string => `miner UID ${uid} on subnet 19, hotkey 5F3s…x2Ab, per epoch`
const coldkey = (emission: string, freshness: 'live' | 'stale' = 'live'): ReturnType<typeof wallet> =>
  wallet('bittensor', { label: 'Coldkey', address: '5Fcold', freshness, holdings: [holding('SN19α', '400', { kind: 'staked', detail: 'hotkey 5F3s…x2Ab, subnet 19' }), holding('SN19α', emission, { kind: 'emission', detail: detail(12) })] })

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
  ])('emission %s per epoch: %i finding', (emission, count) => {
    expect(rule.evaluate(state({ wallets: snapshot([coldkey(emission)]) }), thresholds(rule))).toHaveLength(count)
  })

  it('waits N epochs of 72 min, the operator’s N', () => {
    expect(rule.openAfterMs(thresholds(rule))).toBe(5 * 72 * minute)
    expect(rule.openAfterMs(thresholds(rule, { epochs: 1 }))).toBe(72 * minute)
  })

  it('names the miner, the wallet, both causes and what to do, with Taostats', () => {
    const [finding] = rule.evaluate(state({ wallets: snapshot([coldkey('0')]) }), thresholds(rule))
    expect(rule.network).toBe('bittensor')
    expect(finding).toMatchObject({ network: 'bittensor', figure: '0 emission per epoch', threshold: '5 epochs', link: 'https://taostats.io/account/5Fcold' })
    expect(finding?.message).toMatch(/Miner UID 12 on subnet 19 \(hotkey 5F3s…x2Ab\) of Bittensor wallet “Coldkey” has had 0 emission.*6 h.*deregistered.*register again/)
  })

  it('does not judge a wallet that cannot be read', () => {
    expect(rule.evaluate(state({ wallets: snapshot([coldkey('0', 'stale')]) }), thresholds(rule))).toEqual([])
    expect(rule.current(state({ wallets: snapshot([coldkey('7')]) }), thresholds(rule))).toBe('1 of 1 miners earning')
  })
})
