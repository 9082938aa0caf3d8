import type { PowerSourceStatus } from '../../../../shared/contract/power.ts'
import type { PlugSetting } from '../../../../shared/contract/plugs.ts'
import type { AlertRule, AlertState } from '../rule.ts'
import { minuteMs, sampleOf, span, threshold } from './rule-kit.ts'

/*
 * A smart plug that stopped answering: the watts fall back to components or an estimate, so
 * profit is less sure. The grace is the engine's minimum duration, so a plug that misses one
 * poll on a busy Wi-Fi says nothing. 'unavailable' is not a fault (nothing to read), so only
 * failures and refused credentials count.
 */

type FailingPlug = { plug: PlugSetting; status: PowerSourceStatus & { error: NonNullable<PowerSourceStatus['error']> } }

function failing(state: AlertState): FailingPlug[] {
  const sample = sampleOf(state)
  if (sample === null) return []
  // A plug's power source has the plug's settings id as its name.
  const plugs = new Map(state.settings.power.plugs.map((plug) => [plug.id, plug]))
  return sample.power.sources.flatMap((status): FailingPlug[] => {
    const plug = plugs.get(status.source)
    const error = status.error
    return plug === undefined || error === null || error.kind === 'unavailable' ? [] : [{ plug, status: { ...status, error } }]
  })
}

export const plugUnreachable: AlertRule = {
  id: 'plug-unreachable',
  name: 'Smart plug unreachable',
  explanation: 'A smart plug that stopped answering for some minutes: the machine’s watts fall back to an estimate.',
  severity: 'warning',
  thresholds: [{ key: 'graceMinutes', label: 'Failing for at least', unit: 'min', default: 3, min: 0, max: 240 }],
  openAfterMs: (thresholds) => threshold(thresholds, 'graceMinutes') * minuteMs,
  resolveAfterMs: 2 * minuteMs,
  cooldownMs: 15 * minuteMs,
  evaluate(state) {
    return failing(state).map(({ plug, status }) => {
      const last = status.lastSuccessAt === null ? 'it has not answered since DePIN Desk started' : `its last good reading was ${span(state.now - status.lastSuccessAt)} ago`
      const fix = status.error.fix ?? (status.error.kind === 'permission' ? 'Check the plug’s password or token in Settings → Power.' : 'Check that the plug is powered and on the network, and that its address in Settings → Power is right.')
      return {
        subject: plug.id,
        title: `Plug “${plug.label}” is unreachable`,
        message: `Smart plug “${plug.label}” (${plug.address}) does not answer: ${status.error.message}; ${last}. Watts fall back to the components or an estimate meanwhile. ${fix}`,
        figure: status.error.message,
        threshold: 'answers every poll',
        view: 'hardware' as const,
        host: plug.address,
      }
    })
  },
  current(state) {
    if (state.settings.power.plugs.length === 0 || sampleOf(state) === null) return null
    const down = failing(state)
    return down.length === 0 ? 'every plug answers' : `${down.map((d) => `“${d.plug.label}”`).join(', ')} not answering`
  },
}
