import { afterEach, describe, expect, it, vi } from 'vitest'
import { watchDesk, type DeskWatcher } from '../../../src/main/agent/metrics/desk-watcher.ts'
import { createDeskCore, type DeskCore } from '../../../src/main/core/app.ts'
import { silentLogger } from '../../../src/main/core/log.ts'
import type { Envelope } from '../../../src/shared/contract/result.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'
import { alertsSnapshot, alert, hardwareSample, nodesSnapshot, profitSnapshot, walletsSnapshot } from './fleet-state.ts'

/*
 * The watcher on a real core that is not started: the test emits core's events itself, as the
 * capabilities would, and the contract calls go to core's real dispatcher, except the profit
 * summary, which a test answers (it would load the wallets' chain SDKs).
 */

let watcher: DeskWatcher | undefined
afterEach(() => {
  watcher?.dispose()
  vi.useRealTimers()
})

function setup(profit: () => Envelope<unknown> = () => ({ ok: true, value: profitSnapshot(2) })) {
  vi.useFakeTimers()
  const core = createDeskCore({ version: '4.5.6', shell: 'agent', log: silentLogger, sampleIntervalMs: 500 })
  const asked: string[] = []
  const face: Pick<DeskCore, 'events' | 'dispatch' | 'monitor' | 'info'> = {
    events: core.events,
    monitor: core.monitor,
    info: core.info,
    dispatch: async (method, payload) => {
      asked.push(method)
      return method === 'profit.summary' ? profit() : core.dispatch(method, payload)
    },
  }
  watcher = watchDesk(face, { log: silentLogger, profitSettleMs: 10, profitEveryMs: 60_000 })
  return { core, asked, watcher }
}

/** Past the watcher's 10 ms settle, with every answer in between delivered. */
const settled = () => vi.advanceTimersByTimeAsync(20)

describe('watchDesk', () => {
  it('reads core’s settings and alerts at start, and takes each event’s payload', async () => {
    const { core, watcher } = setup()
    await settled()
    expect(watcher.state()).toMatchObject({ version: '4.5.6', currency: 'usd', hardware: null, monitoring: { paused: false, sampleIntervalMs: 500 } })
    expect(watcher.state().alerts?.open).toEqual([])
    const nodes = nodesSnapshot(3, 2)
    const alerts = alertsSnapshot([alert(1, 'node-down')])
    core.events.emit('nodes.changed', nodes)
    core.events.emit('alerts.changed', alerts)
    core.events.emit('settings.changed', { settings: { ...defaultSettings, currency: 'chf' }, problem: null })
    expect(watcher.state()).toMatchObject({ nodes, alerts, currency: 'chf' })
  })

  it('adds up joules at each sample, measured apart from estimated, at the sampling interval', () => {
    const { core, watcher } = setup()
    const measured = hardwareSample(1)
    const estimated = hardwareSample(0, { power: { total: { ...measured.power.total, totalWatts: 100, kind: 'estimated', basis: 'estimate' }, sources: [] } })
    core.events.emit('hardware.sampled', measured)
    core.events.emit('hardware.sampled', measured)
    core.events.emit('hardware.sampled', estimated)
    // 1800 W twice and 100 W once, each for the 500 ms interval.
    expect(watcher.state().energy).toEqual({ measuredJoules: 1800, estimatedJoules: 50 })
    expect(watcher.state().hardware).toBe(estimated)
  })

  it('counts failed reads from the events', () => {
    const { core, watcher } = setup()
    const sample = hardwareSample(0)
    sample.power.sources = [{ source: 'rapl', readings: [], error: { kind: 'failed', message: 'EIO' }, lastSuccessAt: null, durationMs: 1 }]
    core.events.emit('hardware.sampled', sample)
    core.events.emit('nodes.changed', { ...nodesSnapshot(1, 1), problems: ['Docker: permission denied'] })
    expect([...watcher.state().collectorErrors]).toEqual([
      ['power:rapl', 1],
      ['nodes', 1],
    ])
  })

  it('asks for profit only once scraped, and only with wallets loaded', async () => {
    const { core, asked, watcher } = setup()
    core.events.emit('wallets.updated', walletsSnapshot(2))
    await settled()
    expect(asked).not.toContain('profit.summary')
    watcher.state()
    await settled()
    expect(asked.filter((m) => m === 'profit.summary')).toHaveLength(1)
    expect(watcher.state().profit.snapshot?.networks).toHaveLength(2)
    // A wallet update asks again once it settles.
    core.events.emit('wallets.updated', walletsSnapshot(2))
    core.events.emit('wallets.updated', walletsSnapshot(2))
    await settled()
    expect(asked.filter((m) => m === 'profit.summary')).toHaveLength(2)
  })

  it('never asks for profit while no wallet snapshot came (it would load the chain SDKs)', async () => {
    const { asked, watcher } = setup()
    watcher.state()
    await settled()
    expect(asked).not.toContain('profit.summary')
  })

  it('keeps the last summary when an ask fails, and counts the failure', async () => {
    let answer: Envelope<unknown> = { ok: true, value: profitSnapshot(1) }
    const { core, watcher } = setup(() => answer)
    core.events.emit('wallets.updated', walletsSnapshot(1))
    watcher.state()
    await settled()
    answer = { ok: false, error: { code: 'upstream', message: 'History is unavailable', retryable: true } }
    core.events.emit('settings.changed', { settings: defaultSettings, problem: null })
    await settled()
    const state = watcher.state()
    expect(state.profit.snapshot?.networks).toHaveLength(1)
    expect(state.profit.failedAt).not.toBeNull()
    expect(state.collectorErrors.get('profit')).toBe(1)
  })
})
