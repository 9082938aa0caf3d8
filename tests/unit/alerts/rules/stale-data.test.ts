import { describe, expect, it } from 'vitest'
import { staleData } from '../../../../src/main/core/alerts/rules/stale-data.ts'
import { minute, now, quote, sample, snapshot, state, thresholds, wallet } from './state.ts'

/* Each kind of data past its own grace, measured from the data's timestamp: just under, at, over. */

describe('stale-data', () => {
  it.each([
    [59, 0],
    [60, 1],
    [61, 1],
  ])('a wallet last read well %i min ago, against the 60 min grace: %i finding', (minutes, count) => {
    const view = wallet('grass', { freshness: 'stale', fetchedAt: now - minutes * minute, error: 'api.mainnet-beta.solana.com answered 429' })
    expect(staleData.evaluate(state({ wallets: snapshot([view]) }), thresholds(staleData))).toHaveLength(count)
  })

  it('says which wallet, why, since when, and what to do; a wallet never read counts from when it was added', () => {
    const view = wallet('grass', { label: 'Rig 1', freshness: 'stale', fetchedAt: now - 90 * minute, error: 'rate limited' })
    const [finding] = staleData.evaluate(state({ wallets: snapshot([view]) }), thresholds(staleData))
    expect(finding).toMatchObject({ subject: `wallet:${view.wallet.id}`, network: 'grass', walletId: view.wallet.id, view: 'wallets', figure: '1.5 h old', threshold: '1 h' })
    expect(finding?.message).toMatch(/Grass wallet “Rig 1” cannot be read: rate limited; its last good read was 1\.5 h ago.*1 h grace.*Endpoints/)
    const never = wallet('grass', { freshness: 'stale', fetchedAt: null, addedAt: now - 2 * 60 * minute, error: 'x' })
    expect(staleData.evaluate(state({ wallets: snapshot([never]) }), thresholds(staleData))[0]?.message).toMatch(/never been read/)
  })

  it('a live or pending wallet is not stale', () => {
    const views = [wallet('grass', { fetchedAt: now - 600 * minute }), wallet('grass', { freshness: 'pending', fetchedAt: null, addedAt: 0 })]
    expect(staleData.evaluate(state({ wallets: snapshot(views) }), thresholds(staleData))).toEqual([])
  })

  it.each([
    [59, 0],
    [60, 1],
  ])('a price cached for %i min against the 60 min grace: %i finding; live and manual ones never', (minutes, count) => {
    const prices = [quote('GRASS', '1.2', { freshness: 'cached', at: now - minutes * minute }), quote('TAO', '400', { at: now - 900 * minute }), quote('ACT', '1', { freshness: 'manual', at: 0 })]
    const findings = staleData.evaluate(state({ wallets: snapshot([], prices) }), thresholds(staleData))
    expect(findings).toHaveLength(count)
    if (count === 1) expect(findings[0]?.message).toMatch(/not quoted GRASS for 1 h \(last 1\.2 USD from coingecko/)
  })

  it.each([
    [14, 0],
    [15, 1],
  ])('a power source failing %i min after its last reading, against 15 min: %i finding; plugs and never-worked sources are not this rule’s', (minutes, count) => {
    const failed = { kind: 'failed' as const, message: 'nvidia-smi exited' }
    const sources = [
      { source: 'nvidia-smi', readings: [], error: failed, lastSuccessAt: now - minutes * minute, durationMs: 1 },
      { source: 'rapl', readings: [], error: failed, lastSuccessAt: null, durationMs: 1 },
      { source: 'plug-aaaaaaaa', readings: [], error: failed, lastSuccessAt: 0, durationMs: 1 },
    ]
    const settings = { ...state().settings, power: { plugs: [{ id: 'plug-aaaaaaaa', kind: 'tasmota' as const, address: 'p:80', channel: 0, label: 'P', scope: 'wall' as const, pollMs: 5000, hasSecret: false }] } }
    expect(staleData.evaluate(state({ settings, hardware: sample({}, sources) }), thresholds(staleData))).toHaveLength(count)
  })

  it('history that cannot be written is critical at once', () => {
    const [finding] = staleData.evaluate(state({ historyProblem: 'SQLITE_FULL: database or disk is full' }), thresholds(staleData))
    expect(finding).toMatchObject({ subject: 'history', severity: 'critical' })
    expect(finding?.message).toMatch(/SQLITE_FULL.*Free disk space/)
    expect(staleData.openAfterMs(thresholds(staleData))).toBe(0)
  })
})
