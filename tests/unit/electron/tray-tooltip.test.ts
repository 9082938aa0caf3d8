import { describe, expect, it } from 'vitest'
import { alertMenuItems, menuLabel } from '../../../src/main/electron/tray-alert-menu.ts'
import { todayNetLine, tooltipMaxChars, trayTooltip, unknownNetLine } from '../../../src/main/electron/tray-tooltip.ts'
import { alert, at, profit, snapshot } from './alerts-fixture.ts'

describe('todayNetLine', () => {
  it.each([
    [profit('12.3456'), 'Net today: +$12.35'],
    [profit('-0.5'), 'Net today: -$0.50'],
    [profit('-0.001'), 'Net today: $0.00'],
    [profit('3', [], 'eur'), 'Net today: +€3.00'],
    [profit('1234.5', [], 'jpy'), 'Net today: +¥1,235'],
    [profit(null, ['no electricity price', 'no price for GRASS']), 'Net today unknown: no electricity price; no price for GRASS'],
    [profit(null), 'Net today unknown: not computed'],
  ])('%#: %s', (summary, line) => {
    expect(todayNetLine(summary)).toBe(line)
  })

  it('says so when there is no today window', () => {
    expect(todayNetLine({ ...profit('1'), total: [] })).toBe('Net today unknown: no figures for today')
  })
})

describe('trayTooltip', () => {
  it('names the app alone until anything is known', () => {
    expect(trayTooltip(undefined, undefined)).toBe('DePIN Desk')
  })

  it('puts the net before the worst alert not snoozed', () => {
    const alerts = snapshot([alert(1, 'critical', { snoozedUntil: at + 1 }), alert(2, 'warning', { title: 'GRASS down 31 % in 24 h' })])
    expect(trayTooltip('Net today: +$1.00', alerts)).toBe('DePIN Desk\nNet today: +$1.00\nWarning: GRASS down 31 % in 24 h')
  })

  it('counts open alerts that are all snoozed', () => {
    expect(trayTooltip(undefined, snapshot([alert(1, 'critical', { snoozedUntil: at + 1 })]))).toBe('DePIN Desk\n1 open alert, snoozed')
  })

  it('fits Windows\' 127 characters', () => {
    const text = trayTooltip(unknownNetLine('x'.repeat(40)), snapshot([alert(1, 'critical', { title: 'y'.repeat(200) })]))
    expect(text).toHaveLength(tooltipMaxChars)
    expect(text.endsWith('y…')).toBe(true)
  })
})

describe('alertMenuItems', () => {
  const actions = { snooze: () => undefined, show: () => undefined }

  it('adds nothing before the alerts are known', () => {
    expect(alertMenuItems(undefined, actions)).toEqual([])
  })

  it('doubles & so it is not taken for a mnemonic, and shortens long titles', () => {
    expect(menuLabel('Warning: R&D rig hot')).toBe('Warning: R&&D rig hot')
    const long = menuLabel(`Critical: ${'z'.repeat(100)}`)
    expect(long).toHaveLength(60)
    expect(long.endsWith('…')).toBe(true)
  })
})
