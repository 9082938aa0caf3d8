import { describe, expect, it } from 'vitest'
import { FailureTally } from '../../../src/main/agent/metrics/failure-tally.ts'
import type { PowerSourceStatus } from '../../../src/shared/contract/power.ts'
import type { WalletsSnapshot } from '../../../src/shared/contract/wallets.ts'
import { hardwareSample, nodesSnapshot, now, quote, walletsSnapshot } from './fleet-state.ts'

const failing = (source: string, kind: 'failed' | 'permission' | 'unavailable' = 'failed'): PowerSourceStatus => ({
  source,
  readings: [],
  error: { kind, message: 'no answer' },
  lastSuccessAt: null,
  durationMs: 3,
})

describe('FailureTally', () => {
  it('counts each failed status a power source produced once, however many samples carry it', () => {
    const tally = new FailureTally()
    const plug = failing('plug-0a1b2c3d')
    // The plug polls every 5 s: five 1 s samples carry its one failed poll.
    for (let i = 0; i < 5; i++) tally.sampled(hardwareSample(0, { power: { total: hardwareSample(0).power.total, sources: [plug] } }))
    expect(tally.counts.get('power:plug-0a1b2c3d')).toBe(1)
    tally.sampled(hardwareSample(0, { power: { total: hardwareSample(0).power.total, sources: [failing('plug-0a1b2c3d')] } }))
    expect(tally.counts.get('power:plug-0a1b2c3d')).toBe(2)
  })

  it('does not count a source with nothing to read, and counts a refused one', () => {
    const tally = new FailureTally()
    tally.sampled(hardwareSample(0, { power: { total: hardwareSample(0).power.total, sources: [failing('amdgpu-hwmon', 'unavailable'), failing('rapl', 'permission')] } }))
    expect([...tally.counts]).toEqual([['power:rapl', 1]])
  })

  it('counts a wallet once per refresh that ended with it failing', () => {
    const tally = new FailureTally()
    const base = walletsSnapshot(1)
    const broken = (refreshing: boolean, error: string | null): WalletsSnapshot => ({
      ...base,
      refreshing,
      wallets: base.wallets.map((view) => ({ ...view, error, freshness: error === null ? 'live' : 'stale' })),
    })
    const sequence = [broken(true, null), broken(false, 'HTTP 429'), broken(false, 'HTTP 429'), broken(true, 'HTTP 429'), broken(false, 'HTTP 429'), broken(false, 'timed out')]
    let previous: WalletsSnapshot | null = null
    for (const next of sequence) {
      tally.wallets(previous, next)
      previous = next
    }
    // The first failure, the second refresh's, and a new error between refreshes; not the re-emits.
    expect(tally.counts.get('wallet:wallet-00000000')).toBe(3)
  })

  it('counts the price feeds when a price turns cached or a refresh ends with one cached', () => {
    const tally = new FailureTally()
    const live = { ...walletsSnapshot(1), prices: [quote('GRASS', '2')] }
    const cached = { ...live, prices: [quote('GRASS', '2', { freshness: 'cached' })] }
    tally.wallets(null, live)
    tally.wallets(live, cached)
    tally.wallets(cached, cached)
    tally.wallets({ ...cached, refreshing: true }, cached)
    expect(tally.counts.get('prices')).toBe(2)
  })

  it('counts each node scan with a part it could not read', () => {
    const tally = new FailureTally()
    const scan = (at: number, problems: string[]) => ({ ...nodesSnapshot(1, 1), scannedAt: at, problems })
    tally.nodes(null, scan(now, ['Docker: permission denied']))
    tally.nodes(scan(now, ['Docker: permission denied']), scan(now, ['Docker: permission denied']))
    tally.nodes(scan(now, []), scan(now + 5000, ['Docker: permission denied']))
    tally.nodes(scan(now + 5000, []), scan(now + 10_000, []))
    expect(tally.counts.get('nodes')).toBe(2)
  })
})
