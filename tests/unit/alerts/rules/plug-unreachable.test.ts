import { describe, expect, it } from 'vitest'
import type { PowerSourceStatus } from '../../../../src/shared/contract/power.ts'
import type { PlugSetting } from '../../../../src/shared/contract/plugs.ts'
import { defaultSettings } from '../../../../src/shared/contract/settings.ts'
import { plugUnreachable } from '../../../../src/main/core/alerts/rules/plug-unreachable.ts'
import { minute, now, sample, state, thresholds } from './state.ts'

/* A saved plug whose source fails; the grace is the engine's minimum duration. */

const plug: PlugSetting = { id: 'plug-aaaaaaaa', kind: 'shelly-gen2', address: '192.168.1.20:80', channel: 0, label: 'Rig plug', scope: 'wall', pollMs: 5000, hasSecret: false }
const settings = { ...defaultSettings, power: { plugs: [plug] } }

function withSource(error: PowerSourceStatus['error'], lastSuccessAt: number | null = now - 4 * minute): ReturnType<typeof state> {
  return state({ settings, hardware: sample({}, [{ source: plug.id, readings: [], error, lastSuccessAt, durationMs: 3000 }]) })
}

describe('plug-unreachable', () => {
  it('fires on a failing or refused plug, not on one that answers or has nothing to read', () => {
    expect(plugUnreachable.evaluate(withSource(null), thresholds(plugUnreachable))).toEqual([])
    expect(plugUnreachable.evaluate(withSource({ kind: 'unavailable', message: 'n/a' }), thresholds(plugUnreachable))).toEqual([])
    expect(plugUnreachable.evaluate(withSource({ kind: 'permission', message: '401' }), thresholds(plugUnreachable))).toHaveLength(1)
    const [finding] = plugUnreachable.evaluate(withSource({ kind: 'failed', message: 'timed out after 3 s' }), thresholds(plugUnreachable))
    expect(finding).toMatchObject({ subject: 'plug-aaaaaaaa', host: '192.168.1.20:80', view: 'hardware' })
    expect(finding?.message).toMatch(/“Rig plug” \(192\.168\.1\.20:80\) does not answer: timed out after 3 s; its last good reading was 4 min ago\..*powered/)
  })

  it('waits the operator’s grace minutes, at each edge', () => {
    expect(plugUnreachable.openAfterMs(thresholds(plugUnreachable))).toBe(3 * minute)
    expect(plugUnreachable.openAfterMs(thresholds(plugUnreachable, { graceMinutes: 0 }))).toBe(0)
  })

  it('ignores power sources that are not saved plugs, and a paused sampler', () => {
    const other = state({ settings, hardware: sample({}, [{ source: 'nvidia-smi', readings: [], error: { kind: 'failed', message: 'x' }, lastSuccessAt: null, durationMs: 1 }]) })
    expect(plugUnreachable.evaluate(other, thresholds(plugUnreachable))).toEqual([])
    expect(plugUnreachable.evaluate({ ...withSource({ kind: 'failed', message: 'x' }), paused: true }, thresholds(plugUnreachable))).toEqual([])
    expect(plugUnreachable.current(withSource(null), thresholds(plugUnreachable))).toBe('every plug answers')
  })
})
