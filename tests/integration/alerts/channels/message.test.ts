import { describe, expect, it } from 'vitest'
import { alertMessage, summaryMessage } from '../../../../src/main/core/alerts/channels/index.ts'
import { duration } from '../../../../src/main/core/alerts/channels/message.ts'
import { alert, t0 } from './support.ts'

/* The words every channel sends: what, where, since when, figure against threshold, what to do, a link. */

describe('push message words', () => {
  it('says what happened, where, since when, the figure against its threshold, and what to do', () => {
    const message = alertMessage(alert({ network: 'grass', walletId: 'wallet-0a1b2c3d', link: 'https://solscan.io/tx/5h' }), t0)
    expect(message.title).toBe('Warning: Plug “Rig 1” is unreachable')
    expect(message.body.split('\n')).toEqual([
      'Shelly Gen2+ at 192.168.1.20:80 refused the connection. Check that the plug has power and is on the network.',
      '',
      'Where: network grass, wallet wallet-0a1b2c3d, host 192.168.1.20',
      'Since: 2025-03-04 11:54 UTC (6 min ago)',
      'Figure: no answer for 6 min (threshold: unreachable for 5 min)',
    ])
    expect(message.link).toBe('https://solscan.io/tx/5h')
    expect(message.tags).toEqual(['plug-unreachable', 'grass'])
  })

  it('passes on only http(s) links', () => {
    expect(alertMessage(alert({ link: 'javascript:alert(1)' }), t0).link).toBeNull()
    expect(alertMessage(alert({ link: 'not a url' }), t0).link).toBeNull()
  })

  it('lists ten alerts of a summary and counts the rest, those dropped from a full queue included', () => {
    const alerts = Array.from({ length: 12 }, (_, i) => alert({ id: i + 1, title: `Alert ${i + 1}`, severity: i === 5 ? 'critical' : 'warning' }))
    const message = summaryMessage(alerts, t0, 3)
    expect(message.title).toBe('DePIN Desk: 15 alerts')
    expect(message.severity).toBe('critical')
    expect(message.body).toContain('- Warning: Alert 10 (no answer for 6 min; threshold unreachable for 5 min)')
    expect(message.body).not.toContain('Alert 11')
    expect(message.body).toContain('…and 5 more.')
    expect(message.alerts).toHaveLength(12)
  })

  it('words durations', () => {
    expect([30_000, 12 * 60_000, 125 * 60_000, 120 * 60_000, 3 * 86_400_000 + 4 * 3_600_000].map(duration)).toEqual(['under a minute', '12 min', '2 h 5 min', '2 h', '3 d 4 h'])
  })
})
