import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type MethodHandlers } from '../../../src/main/core/contract/dispatcher.ts'
import { DeskError } from '../../../src/main/core/errors.ts'
import { defaultSettings } from '../../../src/shared/contract/settings.ts'

const noFleet = {
  rigs: [],
  totals: { rigs: 0, reporting: 0, watts: null, wattsKind: 'none' as const, wattsProvenance: '', nodes: { running: 0, restarting: 0, stopped: 0, missing: 0 }, openAlerts: 0, currency: null, networks: [], today: null, last30d: null, partial: false, missing: [] },
  at: 1,
}
const noNodes = { nodes: [], scannedAt: null, machine: { kind: 'unknown' as const, evidence: '' }, problems: [] }

function handlers(overrides: Partial<MethodHandlers> = {}): MethodHandlers {
  return {
    'app.info': () => ({ name: 'DePIN Desk', version: '1.2.3', shell: 'agent', platform: 'linux', startedAt: 1 }),
    'hardware.latest': () => null,
    'monitoring.get': () => ({ paused: false, sampleIntervalMs: 1000 }),
    'monitoring.setPaused': ({ paused }) => ({ paused, sampleIntervalMs: 1000 }),
    'history.query': () => ({ buckets: [], bucketMs: 1000 }),
    'energy.summary': () => ({ kwh: 0, hours: [], gaps: [] }),
    'power.plugKinds': () => [],
    'power.testPlug': () => ({ model: 'SNPL-00112EU', name: null, watts: 1 }),
    'power.addPlug': () => ({ settings: defaultSettings, problem: null }),
    'power.removePlug': () => ({ settings: defaultSettings, problem: null }),
    'settings.get': () => ({ settings: defaultSettings, problem: null }),
    'settings.update': () => ({ settings: defaultSettings, problem: null }),
    'networks.list': () => [],
    'wallets.check': () => ({ ok: false, message: 'no', secretRefused: false }),
    'wallets.add': () => ({ settings: defaultSettings, problem: null }),
    'wallets.rename': () => ({ settings: defaultSettings, problem: null }),
    'wallets.remove': () => ({ settings: defaultSettings, problem: null }),
    'wallets.snapshot': () => ({ currency: 'usd', wallets: [], total: { fiat: null, partial: false }, networks: [], prices: [], refreshing: false, at: 1 }),
    'wallets.refresh': () => ({ currency: 'usd', wallets: [], total: { fiat: null, partial: false }, networks: [], prices: [], refreshing: false, at: 1 }),
    'prices.setOverride': () => ({ settings: defaultSettings, problem: null }),
    'rewards.list': () => [],
    'rewards.reclassify': () => Promise.reject(new DeskError('not-found', 'No reward with id 1.')),
    'rewards.addManual': () => Promise.reject(new DeskError('not-found', 'No wallet.')),
    'endpoints.list': () => [],
    'endpoints.set': () => [],
    'profit.summary': () => Promise.reject(new DeskError('upstream', 'no history')),
    'profit.whatIf': () => Promise.reject(new DeskError('upstream', 'no history')),
    'profit.setTariff': () => ({ settings: defaultSettings, problem: null }),
    'profit.setCosts': () => ({ settings: defaultSettings, problem: null }),
    'profit.setAttribution': () => ({ settings: defaultSettings, problem: null }),
    'rewards.exportCsv': () => ({ filename: 'e.csv', csv: '' }),
    'settings.exportBackup': () => ({ filename: 'b.json', json: '{}' }),
    'settings.importBackup': () => ({ settings: defaultSettings, problem: null, notes: [] }),
    'alerts.snapshot': () => ({ open: [], counts: { open: 0, snoozed: 0, worst: null }, quiet: false, fresh: [], at: 1 }),
    'alerts.list': () => [],
    'alerts.ack': () => Promise.reject(new DeskError('not-found', 'No alert with id 1.')),
    'alerts.snooze': () => ({ open: [], counts: { open: 0, snoozed: 0, worst: null }, quiet: false, fresh: [], at: 1 }),
    'alerts.rules': () => [],
    'alerts.channels': () => [],
    'alerts.addChannel': () => [],
    'alerts.removeChannel': () => [],
    'alerts.testChannel': () => ({ ok: true, message: 'sent' }),
    'history.backfill': () => [],
    'nodes.list': () => noNodes,
    'nodes.confirm': () => noNodes,
    'nodes.add': () => noNodes,
    'nodes.remove': () => noNodes,
    'nodes.trustBinary': () => noNodes,
    'fleet.list': () => noFleet,
    'fleet.add': () => noFleet,
    'fleet.remove': () => noFleet,
    ...overrides,
  }
}

describe('dispatcher', () => {
  it('runs a known method with its validated input', async () => {
    const dispatch = createDispatcher(handlers(), vi.fn())
    await expect(dispatch('monitoring.setPaused', { paused: true })).resolves.toEqual({
      ok: true,
      value: { paused: true, sampleIntervalMs: 1000 },
    })
  })

  it('treats a missing payload as an empty object', async () => {
    const dispatch = createDispatcher(handlers(), vi.fn())
    const result = await dispatch('app.info', undefined)
    expect(result.ok).toBe(true)
  })

  it.each([
    [{ paused: 'yes' }, 'paused', /paused: .*expected boolean/],
    [{}, 'paused', /paused: .*expected boolean, received undefined/],
    [{ paused: true, extra: 1 }, 'extra', /extra: unknown field/],
    [[true], undefined, /input: .*expected object/],
    ['paused', undefined, /input: .*expected object/],
  ])('refuses %j naming the field', async (payload, field, message) => {
    const impl = vi.fn()
    const dispatch = createDispatcher(handlers({ 'monitoring.setPaused': impl }), vi.fn())
    const result = await dispatch('monitoring.setPaused', payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', retryable: false } })
    if (result.ok) return
    expect(result.error.message).toMatch(message)
    expect(result.error.field).toBe(field)
    expect(impl).not.toHaveBeenCalled()
  })

  it.each(['nope', '__proto__', 'constructor', 'toString', ''])('answers not-found for method %j', async (name) => {
    const dispatch = createDispatcher(handlers(), vi.fn())
    await expect(dispatch(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('passes a DeskError through with its code', async () => {
    const onUnexpected = vi.fn()
    const dispatch = createDispatcher(
      handlers({
        'monitoring.get': () => {
          throw new DeskError('upstream', 'sampler unavailable', { retryable: true })
        },
      }),
      onUnexpected,
    )
    await expect(dispatch('monitoring.get', {})).resolves.toEqual({
      ok: false,
      error: { code: 'upstream', message: 'sampler unavailable', retryable: true },
    })
    expect(onUnexpected).not.toHaveBeenCalled()
  })

  it('hides an unexpected throw behind an internal error and reports it', async () => {
    const onUnexpected = vi.fn()
    const dispatch = createDispatcher(
      handlers({
        'monitoring.get': () => Promise.reject(new TypeError('secret detail at /home/op/.config')),
      }),
      onUnexpected,
    )
    const result = await dispatch('monitoring.get', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('secret detail')
    expect(onUnexpected).toHaveBeenCalledWith('monitoring.get', expect.any(TypeError))
  })
})
