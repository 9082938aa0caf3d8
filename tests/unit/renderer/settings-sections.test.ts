import { describe, expect, it } from 'vitest'
import { routeFromHash } from '../../../src/renderer/src/app/route.ts'
import { sectionHash, sectionLabels, settingsSections, shownSection } from '../../../src/renderer/src/settings/settings-sections.ts'

describe('settings sections', () => {
  it('are addressed by the ids the issue names, in this order', () => {
    expect(settingsSections).toEqual(['wallets', 'endpoints', 'prices', 'tariff', 'costs', 'attribution', 'plugs', 'alerts', 'channels', 'remote', 'data', 'about'])
  })

  it('each has a label of its own', () => {
    const labels = settingsSections.map((s) => sectionLabels[s])
    expect(new Set(labels).size).toBe(settingsSections.length)
    for (const label of labels) expect(label.trim()).not.toBe('')
  })

  it.each(settingsSections)('%s: its hash routes back to Settings and to it', (section) => {
    expect(sectionHash(section)).toBe(`#/settings/${section}`)
    const route = routeFromHash(sectionHash(section))
    expect(route).toEqual({ page: 'settings', detail: section })
    expect(shownSection(route.detail)).toEqual({ section, named: true, unknown: null })
  })

  it('shows the first section, unnamed (no focus move), for #/settings alone', () => {
    expect(shownSection(routeFromHash('#/settings').detail)).toEqual({ section: 'wallets', named: false, unknown: null })
  })

  it.each([
    ['an unknown id', 'foo'],
    ['a case variant', 'Tariff'],
    ['a deeper path', 'tariff/extra'],
    ['a prototype key', 'constructor'],
    ['blank', ' '],
  ])('shows the first section for %s, and names what was asked', (_, detail) => {
    expect(shownSection(detail)).toEqual({ section: 'wallets', named: false, unknown: detail })
  })
})
