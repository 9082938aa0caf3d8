import { describe, expect, it } from 'vitest'
import type { HoldingView } from '../../../../src/shared/contract/wallets.ts'
import { balanceDropped } from '../../../../src/main/core/alerts/rules/balance-dropped.ts'
import type { AlertState } from '../../../../src/main/core/alerts/rule.ts'
import { holding, minute, now, reward, snapshot, state, thresholds, wallet } from './state.ts'

/* What a wallet owns in a unit fell between two reads with no move of its own booked. */

const tao = 10n ** 9n
const before = now - 11 * minute

function reads(network: string, was: HoldingView[], is: HoldingView[], rewards: AlertState['rewards'] = []): AlertState {
  const view = wallet(network, { label: 'Cold', address: '5Fcold', holdings: is })
  const base = state({ wallets: snapshot([view]), rewards: rewards.map((entry) => ({ ...entry, walletId: view.wallet.id })) })
  return { ...base, previousHoldings: new Map([[view.wallet.id, { fetchedAt: before, holdings: was }]]) }
}

describe('balance-dropped', () => {
  it.each([
    [9_801n, 0],
    [9_800n, 1],
    [9_799n, 1],
  ])('100 TAO owned, then %i hundredths: %i finding at the 2 %% default', (hundredths, count) => {
    const now_ = reads('bittensor', [holding('TAO', 100n * tao)], [holding('TAO', (hundredths * tao) / 100n)])
    expect(balanceDropped.evaluate(now_, thresholds(balanceDropped))).toHaveLength(count)
  })

  it('is critical, names the wallet, the amounts, the limit, what to do, and links the explorer', () => {
    const [finding] = balanceDropped.evaluate(reads('bittensor', [holding('TAO', 100n * tao)], [holding('TAO', 40n * tao)]), thresholds(balanceDropped))
    expect(balanceDropped.severity).toBe('critical')
    expect(finding).toMatchObject({ network: 'bittensor', figure: '−60 TAO (−60 %)', threshold: '−2 %', view: 'wallets', link: 'https://taostats.io/account/5Fcold' })
    expect(finding?.message).toMatch(/Bittensor wallet “Cold” owned 100 TAO at .* and 40 at .*: down 60 %, at or over your 2 % limit.*compromised.*acknowledge/)
  })

  it('links the chain the fall happened on', () => {
    const was = [holding('ATH', 5n * tao, { detail: 'Ethereum' }), holding('ATH', 5n * tao, { detail: 'Arbitrum One' })]
    const is = [holding('ATH', 5n * tao, { detail: 'Ethereum' }), holding('ATH', 0n, { detail: 'Arbitrum One' })]
    expect(balanceDropped.evaluate(reads('aethir', was, is), thresholds(balanceDropped))[0]?.link).toBe('https://arbiscan.io/address/5Fcold')
    expect(balanceDropped.evaluate(reads('grass', [holding('GRASS', 9n)], []), thresholds(balanceDropped))[0]?.link).toBe('https://solscan.io/account/5Fcold')
  })

  it('says nothing when stake moved within the wallet, a counter fell, or the read booked a move of the operator’s own', () => {
    const restaked = reads('bittensor', [holding('TAO', 100n * tao)], [holding('TAO', 50n * tao), holding('TAO', 50n * tao, { kind: 'staked' })])
    expect(balanceDropped.evaluate(restaked, thresholds(balanceDropped))).toEqual([])
    const emission = reads('bittensor', [holding('SN19α', 5n, { kind: 'emission' })], [holding('SN19α', 0n, { kind: 'emission' })])
    expect(balanceDropped.evaluate(emission, thresholds(balanceDropped))).toEqual([])
    const view = wallet('bittensor')
    const unstaked = reads('bittensor', [holding('SN19α', 100n * tao)], [holding('TAO', 3n * tao)], [reward(view, now - minute, 3n * tao, { classification: 'transfer' })])
    expect(balanceDropped.evaluate(unstaked, thresholds(balanceDropped))).toEqual([])
  })

  it('is quiet without a previous read (the first read since start) or when no new read came', () => {
    const plain = state({ wallets: snapshot([wallet('grass', { holdings: [] })]) })
    expect(balanceDropped.evaluate(plain, thresholds(balanceDropped))).toEqual([])
    expect(balanceDropped.current(plain, thresholds(balanceDropped))).toBe('no balance fell at the last read')
    const same = reads('grass', [holding('GRASS', 9n)], [])
    const previous = new Map([...same.previousHoldings].map(([id, read]) => [id, { ...read, fetchedAt: now - minute }]))
    const unchanged: AlertState = { ...same, previousHoldings: previous }
    expect(balanceDropped.evaluate(unchanged, thresholds(balanceDropped))).toEqual([])
  })
})
