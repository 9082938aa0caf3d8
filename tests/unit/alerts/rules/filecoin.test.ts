import { describe, expect, it } from 'vitest'
import type { AlertRule } from '../../../../src/main/core/alerts/rule.ts'
import { filecoin } from '../../../../src/main/core/networks/filecoin.ts'
import type { FactView } from '../../../../src/shared/contract/wallets.ts'
import { fact, hour, now, snapshot, state, thresholds, wallet } from './state.ts'

/*
 * Filecoin's own rules over a storage provider's facts: faulty sectors or quality-adjusted power
 * down by X % since the read before (power-dropped), and fee debt above a limit (fee-debt).
 */

function ruleNamed(id: string): AlertRule {
  const rule = filecoin.alertRules?.find((r) => r.id === id)
  if (rule === undefined) throw new Error(`filecoin declares ${id}`)
  return rule
}
const powerDropped = ruleNamed('filecoin.power-dropped')
const feeDebt = ruleNamed('filecoin.fee-debt')

const TiB = 2 ** 40
const FIL = 10n ** 18n
const power = (qap: number, faulty = 0, previousQap: number | null = null): FactView =>
  fact('filecoin.power', {
    status: faulty > 0 ? 'faulty' : 'proving',
    summary: true,
    figures: { rawBytePower: qap, qualityAdjPower: qap, faultySectors: faulty, hasMinPower: 1 },
    previous: previousQap === null ? null : { at: now - hour, figures: { rawBytePower: previousQap, qualityAdjPower: previousQap, faultySectors: 0, hasMinPower: 1 } },
  })
const debt = (atto: bigint): FactView => fact('filecoin.fee-debt', { status: atto > 0n ? 'in-debt' : 'clear', amount: { token: 'FIL', amount: atto.toString(), decimals: 18 } })
const miner = (facts: FactView[], freshness: 'live' | 'stale' = 'live'): ReturnType<typeof wallet> => wallet('filecoin', { label: 'SP', address: 'f01234', facts, freshness })
const judge = (rule: AlertRule, facts: FactView[], changes: Record<string, number> = {}) => rule.evaluate(state({ wallets: snapshot([miner(facts)]) }), thresholds(rule, changes))

describe('filecoin.power-dropped', () => {
  it.each([
    [0, 1, 0],
    [1, 1, 1],
    [2, 3, 0],
    [3, 3, 1],
  ])('%i faulty sectors against a limit of %i: %i finding', (faulty, limit, count) => {
    expect(judge(powerDropped, [power(100 * TiB, faulty)], { faultySectors: limit })).toHaveLength(count)
  })

  it.each([
    [95 * TiB, 1],
    [95.1 * TiB, 0],
    [100 * TiB, 0],
    [120 * TiB, 0],
  ])('power from 100 TiB to %d bytes against the default 5 %: %i finding', (qap, count) => {
    expect(judge(powerDropped, [power(qap, 0, 100 * TiB)])).toHaveLength(count)
  })

  it('compares only with a read before: the first read of a miner has nothing to fall from', () => {
    expect(judge(powerDropped, [power(1 * TiB, 0, null)])).toEqual([])
    expect(judge(powerDropped, [power(0, 0, 0)])).toEqual([])
  })

  it('faults are critical and say what they cost and what to do', () => {
    const [finding] = judge(powerDropped, [power(2 * 1024 * TiB, 2)])
    expect(finding).toMatchObject({ severity: 'critical', figure: '2 faulty sectors', threshold: '1 sector', link: 'https://filfox.info/en/address/f01234', network: 'filecoin' })
    expect(finding?.message).toMatch(/storage provider f01234 \(Filecoin wallet “SP”\) has 2 PiB of quality-adjusted power\. It has 2 faulty sectors, at or over your limit of 1.*fault fee.*42 days.*lotus-miner proving faults/)
  })

  it('a fall says from what to what, when, against the limit', () => {
    const [finding] = judge(powerDropped, [power(80 * TiB, 0, 100 * TiB)])
    expect(finding?.severity).toBeUndefined()
    expect(finding).toMatchObject({ figure: 'power −20 %', threshold: '−5 %' })
    expect(finding?.message).toMatch(/fell from 100 TiB at .* UTC to 80 TiB \(−20 %\), at or over your 5 % limit: sectors faulted, were terminated or expired/)
  })

  it('a plain wallet (no power fact) or a stale one never fires', () => {
    expect(judge(powerDropped, [])).toEqual([])
    expect(powerDropped.evaluate(state({ wallets: snapshot([miner([power(1 * TiB, 9)], 'stale')]) }), thresholds(powerDropped))).toEqual([])
    expect(powerDropped.current(state({ wallets: snapshot([miner([power(1 * TiB, 9)])]) }), thresholds(powerDropped))).toBe('f01234: 1 TiB, 9 faulty')
  })
})

describe('filecoin.fee-debt', () => {
  it.each([
    [0n, 0, 0],
    [1n, 0, 1],
    [FIL / 2n, 0.5, 0],
    [FIL / 2n + 1n, 0.5, 1],
  ])('debt %s attoFIL against a limit of %d FIL: %i finding', (atto, limit, count) => {
    expect(judge(feeDebt, [debt(atto)], { minFil: limit })).toHaveLength(count)
  })

  it('is critical and says what is owed, what it blocks and how to repay', () => {
    const [finding] = judge(feeDebt, [debt(FIL / 4n)])
    expect(feeDebt.severity).toBe('critical')
    expect(finding).toMatchObject({ figure: '0.25 FIL fee debt', threshold: '0 FIL', link: 'https://filfox.info/en/address/f01234' })
    expect(finding?.message).toMatch(/owes 0\.25 FIL of fee debt, above your 0 FIL limit.*not eligible to win blocks.*lotus-miner actor repay-debt/)
  })

  it('a wallet without a fee-debt fact never fires; current says so', () => {
    expect(judge(feeDebt, [])).toEqual([])
    expect(feeDebt.current(state({ wallets: snapshot([miner([debt(0n)])]) }), thresholds(feeDebt))).toBe('no fee debt on 1 miner')
    expect(feeDebt.current(state({ wallets: snapshot([miner([debt(3n * FIL)])]) }), thresholds(feeDebt))).toBe('f01234 owes 3 FIL')
  })
})
