import { describe, expect, it } from 'vitest'
import { needingAttention, quietWords, safeLink, sinceWords, whereWords } from '../../../src/renderer/src/alerts/alert-words.ts'
import { viewFromHash } from '../../../src/renderer/src/app/route.ts'
import { alert, alertsSnapshot, networkInfo, walletSetting } from './fake-client.ts'

describe('what the header badge counts', () => {
  it("shows core's count of open alerts not acknowledged, less the snoozed ones, in the worst one's colour", () => {
    const now = 1_000_000
    const snapshot = alertsSnapshot(
      [
        alert({ id: 1, severity: 'critical', ackedAt: now - 1 }),
        alert({ id: 2, severity: 'warning' }),
        alert({ id: 3, severity: 'critical', snoozedUntil: now + 1 }),
        alert({ id: 4, severity: 'info' }),
      ],
      now,
    )
    expect(needingAttention(snapshot.counts)).toEqual({ count: 2, worst: 'warning' })
    expect(needingAttention(alertsSnapshot([alert({ ackedAt: now })], now).counts)).toEqual({ count: 0, worst: null })
    expect(needingAttention(alertsSnapshot([]).counts)).toEqual({ count: 0, worst: null })
  })
})

describe('alert words', () => {
  it('says where an alert is in the operator’s own names', () => {
    const wallet = walletSetting()
    expect(whereWords(alert({ network: 'grass', walletId: wallet.id, host: null }), [networkInfo()], [wallet])).toBe('Grass · wallet Rig 1')
    expect(whereWords(alert({ network: 'akash', walletId: 'wallet-gone', host: 'rig-2' }), [], null)).toBe('akash · wallet wallet-gone · rig-2')
    expect(whereWords(alert({ host: null }), [], null)).toBeNull()
  })

  it('says since when, and for how long', () => {
    const since = new Date(2026, 2, 3, 14, 5).getTime()
    expect(sinceWords(since, since + 130 * 60_000)).toMatch(/^since .*(14|02).05.* \(2 h 10 min\)$/)
    // Another day names the day.
    expect(sinceWords(since, since + 2 * 86_400_000)).toMatch(/^since .*3.*(14|02).05.* \(2 d\)$/)
  })

  it('opens only http(s) links; anything else stays text', () => {
    expect(safeLink('https://solscan.io/account/abc')).toBe('https://solscan.io/account/abc')
    for (const hostile of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 'data:text/html,hi']) expect(safeLink(hostile)).toBeNull()
    expect(safeLink(null)).toBeNull()
  })

  it('words quiet hours', () => {
    expect(quietWords(null)).toMatch(/^No quiet hours/)
    expect(quietWords({ fromHour: 22, toHour: 7 })).toMatch(/^Quiet from 22:00 to 07:00 local time/)
  })

  it('opens the Alerts view from its address', () => {
    expect(viewFromHash('#/alerts')).toBe('alerts')
  })
})
