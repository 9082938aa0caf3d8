import { describe, expect, it } from 'vitest'
import { rewardsStopped } from '../../../../src/main/core/alerts/rules/rewards-stopped.ts'
import type { HardwareSample } from '../../../../src/shared/contract/hardware.ts'
import type { RewardEntry, WalletView } from '../../../../src/shared/contract/wallets.ts'
import { day, gpu, hour, minute, now, reward, sample, snapshot, state, thresholds, wallet, withRuleThresholds } from './state.ts'

/*
 * By cadence: Bittensor pays every 1.2 h, so 3 × that is 216 min. By rate: the last 24 h against
 * the 7-day daily average, for a wallet paid often and on most days.
 */

const miner = wallet('bittensor', { label: 'Miner', address: '5Fminer' })

function judged(view: WalletView, rewards: RewardEntry[], hardware: HardwareSample | null = sample()): ReturnType<typeof rewardsStopped.evaluate> {
  return rewardsStopped.evaluate(state({ wallets: snapshot([view]), rewards, hardware }), thresholds(rewardsStopped))
}

describe('rewards-stopped by cadence', () => {
  it.each([
    [215, 0],
    [216, 0],
    [217, 1],
  ])('last reward %i min ago against 3 × 1.2 h: %i finding', (minutes, count) => {
    expect(judged(miner, [reward(miner, now - minutes * minute, 5n)])).toHaveLength(count)
  })

  it('says "healthy but not earning" when the machine looks fine, with the cadence, the limit and the explorer', () => {
    const [finding] = judged(miner, [reward(miner, now - 5 * hour, 5n)])
    expect(finding).toMatchObject({ subject: miner.wallet.id, walletId: miner.wallet.id, network: 'bittensor', figure: '5 h without a reward', threshold: '3.6 h', view: 'wallets', link: 'https://taostats.io/account/5Fminer' })
    expect(finding?.title).toBe('Bittensor wallet “Miner” is healthy but not earning')
    expect(finding?.message).toMatch(/no reward for 5 h \(none since 2026-05-20 07:00 UTC\); Bittensor pays about every 1\.2 h, and your limit is 3 × that, 3\.6 h\. The machine looks fine/)
  })

  it('says "stopped earning" when the machine is not known to be fine (no sample, or a hot GPU)', () => {
    expect(judged(miner, [], null)[0]?.title).toBe('Bittensor wallet “Miner” stopped earning')
    const hot = sample({ gpus: [gpu({ temperatureCelsius: 95 })] })
    expect(judged(miner, [reward(miner, now - 5 * hour, 5n)], hot)[0]?.title).toBe('Bittensor wallet “Miner” stopped earning')
    // "Fine" is judged at the operator's own hardware limits: 80 °C is fine by default, not under a 75 °C limit.
    const warm = sample({ gpus: [gpu({ temperatureCelsius: 80 })] })
    const judgedWith = (settings: ReturnType<typeof state>['settings']): string | undefined =>
      rewardsStopped.evaluate(state({ settings, wallets: snapshot([miner]), rewards: [], hardware: warm }), thresholds(rewardsStopped))[0]?.title
    expect(judgedWith(state().settings)).toMatch(/healthy but not earning/)
    expect(judgedWith(withRuleThresholds('temperature', { gpuCelsius: 75 }))).toMatch(/stopped earning/)
  })

  it('counts from when a wallet was added if it never earned, ignores transfers, and judges only live wallets', () => {
    const fresh = wallet('bittensor', { addedAt: now - 3 * hour })
    expect(judged(fresh, [])).toEqual([])
    expect(judged(wallet('bittensor', { addedAt: now - 4 * hour }), [])[0]?.message).toMatch(/since it was added/)
    expect(judged(miner, [reward(miner, now - minute, 5n, { classification: 'transfer' })])).toHaveLength(1)
    expect(judged({ ...miner, freshness: 'stale' }, [])).toEqual([])
  })

  it('leaves networks with no cadence to the rate rule', () => {
    expect(judged(wallet('aethir', { addedAt: now - 30 * day }), [])).toEqual([])
  })
})

describe('rewards-stopped by rate', () => {
  const sp = wallet('filecoin', { label: 'SP', address: 'f01234' })
  /** 9000 base units a day on the 6 days before, `today` in the last 24 h: 25 % is today = 2000. */
  const week = (today: bigint, days = 6): RewardEntry[] => [
    reward(sp, now - hour, today, { token: 'FIL' }),
    ...Array.from({ length: days }, (_, i) => reward(sp, now - (i + 1) * day - hour, 9000n, { token: 'FIL' })),
  ]

  it.each([
    [1999n, 1],
    [2000n, 0],
    [2001n, 0],
  ])('%i today against 25 %% of the 7-day rate: %i finding', (today, count) => {
    expect(judged(sp, week(today))).toHaveLength(count)
  })

  it('names the unit, the share and the limit', () => {
    const [finding] = judged(sp, week(0n))
    expect(finding).toMatchObject({ subject: `${sp.wallet.id}:rate:FIL`, figure: '0 % of the 7-day rate', threshold: '25 %', link: 'https://filfox.info/en/address/f01234' })
    expect(finding?.message).toMatch(/Filecoin wallet “SP” earned 0 % of its usual daily FIL in the last 24 h.*below your 25 % limit/)
  })

  it('needs rewards on most days, a week of watching, and a cadence of a few hours at most; 0 turns it off', () => {
    expect(judged(sp, week(0n, 3))).toEqual([])
    expect(judged({ ...sp, wallet: { ...sp.wallet, addedAt: now - 6 * day } }, week(0n))).toEqual([])
    const provider = wallet('akash')
    expect(judged(provider, week(0n).map((entry) => ({ ...entry, walletId: provider.wallet.id, at: Math.max(entry.at, now - 2 * day) })))).toEqual([])
    expect(rewardsStopped.evaluate(state({ wallets: snapshot([sp]), rewards: week(0n) }), thresholds(rewardsStopped, { ratePercent: 0 }))).toEqual([])
  })

  it('reports how many wallets earn as expected', () => {
    expect(rewardsStopped.current(state({ wallets: snapshot([sp]), rewards: week(0n) }), thresholds(rewardsStopped))).toBe('0 of 1 live wallets earning as expected')
  })
})
